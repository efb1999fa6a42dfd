#include "store/sqlite_db.h"

namespace kakunin::store::internal {

Stmt::~Stmt() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Stmt& Stmt::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Stmt& Stmt::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  ErrorCode code = (rc == SQLITE_CONSTRAINT) ? ErrorCode::kInvalidArgument : ErrorCode::kIo;
  return Fail(code, std::string("sqlite: ") + sqlite3_errmsg(db));
}

Result<void> Stmt::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return {};
  }
}

int64_t Stmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Stmt::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(n));
}

bool Stmt::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorCode::kIo, "cannot open " + path + ": " + message);
  }
  return std::unique_ptr<Db>(new Db(db));
}

Error Db::MakeError(std::string_view what) const {
  return Error(ErrorCode::kIo, std::string("sqlite: ") + std::string(what) + ": " + sqlite3_errmsg(db_));
}

Result<void> Db::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Fail(ErrorCode::kIo, "sqlite: " + text);
  }
  return {};
}

Result<Stmt> Db::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return tl::unexpected(MakeError("prepare"));
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return Result<Stmt>(tl::in_place, it->second);
}

Transaction::~Transaction() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

Result<void> Transaction::Begin() {
  auto r = db_.Exec("BEGIN IMMEDIATE");
  if (r) open_ = true;
  return r;
}

Result<void> Transaction::Commit() {
  auto r = db_.Exec("COMMIT");
  if (r) open_ = false;
  return r;
}

}  // namespace kakunin::store::internal
