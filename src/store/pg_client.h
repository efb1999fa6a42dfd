// A small layer over libpq for the PostgreSQL store: a pool of connections, parameterised
// statements (PQexecParams, text format; SQL text never carries a value) and transactions that
// are retried on serialisation failures and deadlocks. Internal to store/.
//
// Failure handling: a failed statement is an Error carrying the server's message (kIo when the
// connection is gone, kInternal otherwise) and its SQLSTATE (PgConn::sqlstate()). A connection
// found broken (server restarted, network cut) is reset before its next use. A transaction whose
// BEGIN fails on a broken connection is retried on the reset connection, since nothing of it can
// have run; once BEGIN has passed, a lost connection is an error (the commit may or may not have
// happened, so the caller is told instead of guessing).
#ifndef KAKUNIN_STORE_PG_CLIENT_H_
#define KAKUNIN_STORE_PG_CLIENT_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kakunin/result.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace kakunin::store::internal {

// SQLSTATEs (PostgreSQL documentation, appendix A "PostgreSQL Error Codes").
inline constexpr std::string_view kSqlStateUniqueViolation = "23505";
inline constexpr std::string_view kSqlStateSerializationFailure = "40001";
inline constexpr std::string_view kSqlStateDeadlockDetected = "40P01";

// Connection defaults, each overridden by the same keyword in the caller's conninfo: give up
// connecting after kConnectTimeoutSeconds, and drop a connection whose server stops answering
// (TCP keepalives after 30 s idle, 3 probes 10 s apart; unacknowledged data for
// kTcpUserTimeoutMs), so a vanished server fails a call with kIo instead of blocking it.
inline constexpr int kConnectTimeoutSeconds = 10;
inline constexpr int kTcpUserTimeoutMs = 30'000;

// How often a transaction is run again after a serialisation failure or a deadlock before the
// error is returned. Each retry backs off a little longer (kRetryBackoffMs * attempt).
inline constexpr int kMaxTransactionRetries = 5;
inline constexpr int kRetryBackoffMs = 5;

// One statement parameter in text form. Integers are written in decimal; strings are passed as
// they are and must not contain NUL (libpq's text parameters end at the first NUL, so a value
// with one is refused instead of being cut short). A value type.
class PgParam {
 public:
  PgParam(int64_t value) : text_(std::to_string(value)) {}  // NOLINT(runtime/explicit)
  PgParam(int value) : text_(std::to_string(value)) {}      // NOLINT(runtime/explicit)
  PgParam(std::string_view value) : text_(value) {}         // NOLINT(runtime/explicit)
  PgParam(const std::string& value) : text_(value) {}       // NOLINT(runtime/explicit)
  PgParam(const char* value) : text_(value) {}              // NOLINT(runtime/explicit)
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// A statement's result, freed with the object. Values come back in text form and are parsed
// strictly: a column that does not hold what the caller expects is an error, never a zero.
// Thread-safety: only read after construction; libpq allows reading one result from several threads.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  ~PgResult();
  PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PgResult& operator=(PgResult&&) = delete;

  int Rows() const;
  // Rows changed by INSERT/UPDATE/DELETE.
  int64_t Affected() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  // Errors: kInternal when the value is NULL or not a decimal integer in range.
  [[nodiscard]] Result<int64_t> Int(int row, int column) const;
  // Errors: kInternal when the value is not 't' or 'f'.
  [[nodiscard]] Result<bool> Bool(int row, int column) const;

 private:
  PGresult* result_;
};

// One connection. Not thread-safe: PgPool hands it to one caller at a time.
class PgConn {
 public:
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // Errors: kIo with libpq's message when the server cannot be reached or refuses the login.
  [[nodiscard]] static Result<std::unique_ptr<PgConn>> Connect(const std::string& conninfo);

  // Runs one statement with $1.. parameters. Errors: kIo (connection lost), kInternal (the server
  // refused the statement), kInvalidArgument (a parameter holds NUL); sqlstate() tells which.
  [[nodiscard]] Result<PgResult> Exec(std::string_view sql, const std::vector<PgParam>& params = {});

  // The SQLSTATE of the last failed Exec ("" when it succeeded or the server sent none).
  const std::string& sqlstate() const { return sqlstate_; }
  bool Broken() const;
  // Reconnects with the same parameters. Errors: kIo.
  [[nodiscard]] Result<void> Reset();

 private:
  explicit PgConn(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
  std::string sqlstate_;
};

// A fixed-size pool of connections, opened lazily up to `size`. Thread-safe: a caller waits for a
// free connection when all are in use.
class PgPool {
 public:
  // Connects the first connection now, so a wrong conninfo fails here (a size below 1 counts
  // as 1). Errors: kIo.
  [[nodiscard]] static Result<std::unique_ptr<PgPool>> Open(std::string conninfo, int size);

  // Runs `body` between BEGIN and COMMIT on one pooled connection. A serialisation failure or a
  // deadlock (in the body or at COMMIT) rolls back and runs the whole body again, up to
  // kMaxTransactionRetries times, so the body must have no effect outside the transaction. An
  // error from the body rolls back and is returned. Errors: as PgConn::Exec, or the body's.
  template <class T>
  [[nodiscard]] Result<T> Transaction(const std::function<Result<T>(PgConn&)>& body) {
    return WithValue<T>(&PgPool::Run, body);
  }
  // Transaction for a body with no value.
  [[nodiscard]] Result<void> Run(const std::function<Result<void>(PgConn&)>& body);

  // Runs `body`, which only reads, outside a transaction (no BEGIN/COMMIT round trips; each
  // statement sees its own snapshot, so use it for single statements). A read that meets a
  // broken connection runs once more on the reset one, as it changed nothing.
  template <class T>
  [[nodiscard]] Result<T> Read(const std::function<Result<T>(PgConn&)>& body) {
    return WithValue<T>(&PgPool::ReadVoid, body);
  }

 private:
  PgPool(std::string conninfo, int size) : conninfo_(std::move(conninfo)), size_(size) {}
  [[nodiscard]] Result<void> ReadVoid(const std::function<Result<void>(PgConn&)>& body);
  // Runs `use` on a pooled connection (opened if none is idle and the pool is not full, else
  // waited for), then gives the connection back.
  [[nodiscard]] Result<void> WithConnection(const std::function<Result<void>(PgConn&)>& use);
  // Adapts a body with a value to one of the Result<void> runners above.
  template <class T>
  Result<T> WithValue(Result<void> (PgPool::*runner)(const std::function<Result<void>(PgConn&)>&),
                      const std::function<Result<T>(PgConn&)>& body) {
    std::optional<T> value;
    auto ran = (this->*runner)([&](PgConn& conn) -> Result<void> {
      auto out = body(conn);
      if (!out) return tl::unexpected(out.error());
      value = std::move(*out);
      return {};
    });
    if (!ran) return tl::unexpected(ran.error());
    return std::move(*value);
  }

  const std::string conninfo_;
  const int size_;
  std::mutex mu_;
  std::condition_variable free_;
  std::vector<std::unique_ptr<PgConn>> idle_;  // Guarded by mu_.
  int open_ = 0;                               // Connections in existence. Guarded by mu_.
};

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_PG_CLIENT_H_
