// A thin RAII layer over the SQLite C API: one connection, cached prepared statements and
// transactions. Internal to store/. Not thread-safe: SqliteStore serialises access with a mutex.
#ifndef KAKUNIN_STORE_SQLITE_DB_H_
#define KAKUNIN_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "kakunin/result.h"

namespace kakunin::store::internal {

// One prepared statement, reset and unbound when the Stmt goes out of scope.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Stmt();
  Stmt(Stmt&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;

  Stmt& Bind(int index, int64_t value);
  Stmt& Bind(int index, std::string_view value);
  // SQLITE_ROW -> true, SQLITE_DONE -> false, anything else -> error.
  [[nodiscard]] Result<bool> Step();
  [[nodiscard]] Result<void> Run();  // Steps to completion.
  int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
};

class Db {
 public:
  ~Db();
  [[nodiscard]] static Result<std::unique_ptr<Db>> Open(const std::string& path);
  [[nodiscard]] Result<void> Exec(const std::string& sql);
  // A cached statement for `sql` (the cache is keyed by the SQL text).
  [[nodiscard]] Result<Stmt> Prepare(const std::string& sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  Error MakeError(std::string_view what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

// BEGIN IMMEDIATE on construction (takes the write lock at once, so a read-then-write cannot be
// interleaved with another writer, in this process or another); ROLLBACK unless Commit() ran.
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) {}
  ~Transaction();
  [[nodiscard]] Result<void> Begin();
  [[nodiscard]] Result<void> Commit();

 private:
  Db& db_;
  bool open_ = false;
};

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_SQLITE_DB_H_
