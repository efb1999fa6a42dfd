// libpq connections, results and the pool (see pg_client.h).
#include "store/pg_client.h"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <thread>

namespace kakunin::store::internal {
namespace {

// libpq messages end in a newline; errors read better without it.
std::string Trimmed(const char* message) {
  std::string out = message == nullptr ? "" : message;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out.empty() ? "unknown error" : out;
}

bool Retryable(std::string_view sqlstate) {
  return sqlstate == kSqlStateSerializationFailure || sqlstate == kSqlStateDeadlockDetected;
}

}  // namespace

PgResult::~PgResult() {
  if (result_ != nullptr) PQclear(result_);
}

int PgResult::Rows() const { return PQntuples(result_); }

int64_t PgResult::Affected() const {
  const char* tuples = PQcmdTuples(result_);
  int64_t n = 0;
  const char* end = tuples + std::char_traits<char>::length(tuples);
  auto [ptr, ec] = std::from_chars(tuples, end, n);
  return ec == std::errc() && ptr == end ? n : 0;  // "" for commands that change no rows.
}

bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

Result<int64_t> PgResult::Int(int row, int column) const {
  if (row >= Rows() || column >= PQnfields(result_) || IsNull(row, column)) {
    return Fail(ErrorCode::kInternal, "postgres: expected an integer in column " + std::to_string(column));
  }
  const char* text = PQgetvalue(result_, row, column);
  const char* end = text + PQgetlength(result_, row, column);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end) {
    return Fail(ErrorCode::kInternal, "postgres: not an integer: '" + std::string(text, end) + "'");
  }
  return value;
}

Result<bool> PgResult::Bool(int row, int column) const {
  if (row < Rows() && column < PQnfields(result_) && !IsNull(row, column)) {
    const std::string text = Text(row, column);
    if (text == "t") return true;
    if (text == "f") return false;
  }
  return Fail(ErrorCode::kInternal, "postgres: expected a boolean in column " + std::to_string(column));
}

PgConn::~PgConn() { PQfinish(conn_); }

Result<std::unique_ptr<PgConn>> PgConn::Connect(const std::string& conninfo) {
  // Defaults first, then the caller's conninfo (expanded from "dbname"), whose settings win:
  // libpq uses the last value given for a keyword.
  const char* const keywords[] = {"connect_timeout", "keepalives_idle", "keepalives_interval",
                                  "keepalives_count", "tcp_user_timeout", "application_name",
                                  "dbname", nullptr};
  const std::string connect_timeout = std::to_string(kConnectTimeoutSeconds);
  const std::string user_timeout = std::to_string(kTcpUserTimeoutMs);
  const char* const values[] = {connect_timeout.c_str(), "30", "10", "3", user_timeout.c_str(),
                                "kakunind", conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Fail(ErrorCode::kIo, "postgres: out of memory");
  std::unique_ptr<PgConn> out(new PgConn(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    return Fail(ErrorCode::kIo, "postgres: cannot connect: " + Trimmed(PQerrorMessage(conn)));
  }
  // libpq prints server notices ("relation ... already exists, skipping") to stderr by default;
  // a library keeps quiet. Errors still come back through results.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return out;
}

bool PgConn::Broken() const { return PQstatus(conn_) != CONNECTION_OK; }

Result<void> PgConn::Reset() {
  PQreset(conn_);
  if (Broken()) return Fail(ErrorCode::kIo, "postgres: cannot reconnect: " + Trimmed(PQerrorMessage(conn_)));
  return {};
}

Result<PgResult> PgConn::Exec(std::string_view sql, const std::vector<PgParam>& params) {
  sqlstate_.clear();
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) {
    if (param.text().find('\0') != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "postgres: a text parameter holds a NUL byte");
    }
    values.push_back(param.text().c_str());
  }
  const std::string query(sql);
  PGresult* raw = PQexecParams(conn_, query.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
  // NULL only when libpq is out of memory or could not send the query at all.
  if (raw == nullptr) {
    return Fail(Broken() ? ErrorCode::kIo : ErrorCode::kInternal, "postgres: " + Trimmed(PQerrorMessage(conn_)));
  }
  PgResult result(raw);
  const ExecStatusType status = PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
  if (state != nullptr) sqlstate_ = state;
  const bool lost = Broken();
  std::string message = Trimmed(PQresultErrorMessage(raw));
  if (lost && message == "unknown error") message = Trimmed(PQerrorMessage(conn_));
  return Fail(lost ? ErrorCode::kIo : ErrorCode::kInternal, "postgres: " + message);
}

Result<std::unique_ptr<PgPool>> PgPool::Open(std::string conninfo, int size) {
  std::unique_ptr<PgPool> pool(new PgPool(std::move(conninfo), size < 1 ? 1 : size));
  auto first = PgConn::Connect(pool->conninfo_);
  if (!first) return tl::unexpected(first.error());
  pool->idle_.push_back(std::move(*first));
  pool->open_ = 1;
  return pool;
}

Result<void> PgPool::WithConnection(const std::function<Result<void>(PgConn&)>& use) {
  std::unique_ptr<PgConn> conn;
  {
    std::unique_lock lock(mu_);
    free_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;
    }
  }
  if (conn == nullptr) {
    auto opened = PgConn::Connect(conninfo_);  // Outside the lock: connecting takes round trips.
    if (!opened) {
      std::lock_guard lock(mu_);
      --open_;
      free_.notify_one();
      return tl::unexpected(opened.error());
    }
    conn = std::move(*opened);
  }
  Result<void> result = use(*conn);
  // Back to the pool even when broken: the next user resets it.
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(conn));
  free_.notify_one();
  return result;
}

Result<void> PgPool::ReadVoid(const std::function<Result<void>(PgConn&)>& body) {
  return WithConnection([&](PgConn& conn) -> Result<void> {
    for (int tries = 0;; ++tries) {
      // A connection found broken (by the last user or by the read below) is reset before use.
      if (conn.Broken()) {
        auto reset = conn.Reset();
        if (!reset) return reset;
      }
      Result<void> ran = body(conn);
      if (ran || !conn.Broken() || tries > 0) return ran;
    }
  });
}

Result<void> PgPool::Run(const std::function<Result<void>(PgConn&)>& body) {
  return WithConnection([&](PgConn& conn) -> Result<void> {
    bool begin_retried = false;
    for (int attempt = 0;; ++attempt) {
      // A connection found broken (by the last user or by BEGIN below) is reset before use.
      if (conn.Broken()) {
        auto reset = conn.Reset();
        if (!reset) return reset;
      }
      auto begun = conn.Exec("BEGIN");
      if (!begun) {
        // Nothing of the transaction ran yet, so one more try on a fresh connection is safe:
        // this is what makes the first call after a server restart succeed.
        if (conn.Broken() && !begin_retried) {
          begin_retried = true;
          --attempt;
          continue;
        }
        return tl::unexpected(begun.error());
      }
      Result<void> ran = body(conn);
      if (ran) {
        auto committed = conn.Exec("COMMIT");
        if (committed) return {};
        ran = tl::unexpected(committed.error());
      }
      const std::string sqlstate = conn.sqlstate();
      if (!conn.Broken()) (void)conn.Exec("ROLLBACK");  // Harmless when COMMIT already ended it.
      if (!Retryable(sqlstate) || attempt >= kMaxTransactionRetries) return ran;
      std::this_thread::sleep_for(std::chrono::milliseconds(kRetryBackoffMs * (attempt + 1)));
    }
  });
}

}  // namespace kakunin::store::internal
