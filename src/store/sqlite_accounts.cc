// Accounts, sessions and the message queue in SQLite, and opening the database.
#include "store/sqlite_store.h"

namespace kakunin::store {
namespace internal {
namespace {

constexpr const char* kAccountColumns =
    "SELECT id, email, password_hash, language, two_step, phone, created_at FROM accounts ";
constexpr const char* kSessionColumns =
    "SELECT id, token_hash, account_id, created_at, expires_at, client_ip, user_agent FROM sessions ";

Account ReadAccount(const Stmt& stmt) {
  return Account{stmt.Int(0), stmt.Text(1), stmt.Text(2), stmt.Text(3),
                 stmt.Text(4), stmt.Text(5), stmt.Int(6)};
}

Session ReadSession(const Stmt& stmt) {
  return Session{stmt.Text(0), stmt.Text(1), stmt.Int(2), stmt.Int(3),
                 stmt.Int(4), stmt.Text(5), stmt.Text(6)};
}

Result<std::optional<Account>> OneAccount(Result<Stmt>& stmt) {
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->Step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<Account>();
  return std::optional<Account>(ReadAccount(*stmt));
}

}  // namespace

Result<std::optional<Account>> SqliteStore::FindAccountByEmail(std::string_view email) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(std::string(kAccountColumns) + "WHERE email = ?1");
  if (stmt) stmt->Bind(1, email);
  return OneAccount(stmt);
}

Result<std::optional<Account>> SqliteStore::FindAccount(int64_t id) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(std::string(kAccountColumns) + "WHERE id = ?1");
  if (stmt) stmt->Bind(1, id);
  return OneAccount(stmt);
}

Result<std::optional<int64_t>> SqliteStore::CreateAccount(const Account& a) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(
      "INSERT INTO accounts(email, password_hash, language, two_step, phone, created_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(email) DO NOTHING");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, a.email).Bind(2, a.password_hash).Bind(3, a.language).Bind(4, a.two_step);
  KAKUNIN_TRY(stmt->Bind(5, a.phone).Bind(6, a.created_at).Run());
  if (db_->Changes() == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(db_->LastInsertId());
}

Result<void> SqliteStore::SetPasswordHash(int64_t id, std::string_view hash) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare("UPDATE accounts SET password_hash = ?2 WHERE id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->Bind(1, id).Bind(2, hash).Run();
}

Result<bool> SqliteStore::SetEmail(int64_t id, std::string_view email) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(
      "UPDATE accounts SET email = ?2 WHERE id = ?1 AND NOT EXISTS "
      "(SELECT 1 FROM accounts WHERE email = ?2)");
  if (!stmt) return tl::unexpected(stmt.error());
  KAKUNIN_TRY(stmt->Bind(1, id).Bind(2, email).Run());
  return db_->Changes() == 1;
}

Result<void> SqliteStore::SetTwoStep(int64_t id, std::string_view method, std::string_view phone) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  auto stmt = db_->Prepare("UPDATE accounts SET two_step = ?2, phone = ?3 WHERE id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  KAKUNIN_TRY(stmt->Bind(1, id).Bind(2, method).Bind(3, phone).Run());
  if (method != "totp") {
    // Leaving the authenticator app behind: its secret and recovery codes go with it.
    for (const char* sql : {"DELETE FROM totp WHERE account_id = ?1", "DELETE FROM recovery_codes WHERE account_id = ?1"}) {
      auto del = db_->Prepare(sql);
      if (!del) return tl::unexpected(del.error());
      KAKUNIN_TRY(del->Bind(1, id).Run());
    }
  }
  return tx.Commit();
}

Result<void> SqliteStore::CreateSession(const Session& s) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(
      "INSERT INTO sessions(id, token_hash, account_id, created_at, expires_at, client_ip, user_agent) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, s.id).Bind(2, s.token_hash).Bind(3, s.account_id).Bind(4, s.created_at);
  return stmt->Bind(5, s.expires_at).Bind(6, s.client_ip).Bind(7, s.user_agent).Run();
}

Result<std::optional<Session>> SqliteStore::FindSession(std::string_view token_hash, int64_t now) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(std::string(kSessionColumns) + "WHERE token_hash = ?1 AND expires_at > ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, token_hash).Bind(2, now);
  auto row = stmt->Step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<Session>();
  return std::optional<Session>(ReadSession(*stmt));
}

Result<std::vector<Session>> SqliteStore::ListSessions(int64_t account_id, int64_t now) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare(std::string(kSessionColumns) +
                           "WHERE account_id = ?1 AND expires_at > ?2 ORDER BY created_at, id");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, account_id).Bind(2, now);
  std::vector<Session> sessions;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    sessions.push_back(ReadSession(*stmt));
  }
  return sessions;
}

Result<bool> SqliteStore::DeleteSession(int64_t account_id, std::string_view id) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare("DELETE FROM sessions WHERE account_id = ?1 AND id = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  KAKUNIN_TRY(stmt->Bind(1, account_id).Bind(2, id).Run());
  return db_->Changes() == 1;
}

Result<int> SqliteStore::DeleteSessions(int64_t account_id, std::string_view keep_id) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare("DELETE FROM sessions WHERE account_id = ?1 AND id != ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  KAKUNIN_TRY(stmt->Bind(1, account_id).Bind(2, keep_id).Run());
  return db_->Changes();
}

Result<void> SqliteStore::Enqueue(const QueuedMessage& message) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare("INSERT INTO message_queue(created_at, sealed) VALUES(?1, ?2)");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->Bind(1, message.created_at).Bind(2, message.sealed).Run();
}

Result<std::vector<QueuedMessage>> SqliteStore::Pending(int limit) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare("SELECT id, created_at, sealed FROM message_queue ORDER BY id LIMIT ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, int64_t{limit});
  std::vector<QueuedMessage> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    out.push_back({stmt->Int(0), stmt->Int(1), stmt->Text(2)});
  }
  return out;
}

Result<int64_t> SqliteStore::QueuedCount() {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare("SELECT count(*) FROM message_queue");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->Step();
  if (!row) return tl::unexpected(row.error());
  return stmt->Int(0);
}

Result<void> SqliteStore::Remove(int64_t id) {
  std::lock_guard lock(mu_);
  auto stmt = db_->Prepare("DELETE FROM message_queue WHERE id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->Bind(1, id).Run();
}

}  // namespace internal

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const SqliteOptions& options) {
  auto db = internal::Db::Open(path);
  if (!db) return tl::unexpected(db.error());
  KAKUNIN_TRY((*db)->Exec("PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms)));
  KAKUNIN_TRY((*db)->Exec("PRAGMA journal_mode = WAL"));
  KAKUNIN_TRY((*db)->Exec(options.durability == Durability::kPowerLoss ? "PRAGMA synchronous = FULL"
                                                                       : "PRAGMA synchronous = NORMAL"));
  KAKUNIN_TRY((*db)->Exec("PRAGMA foreign_keys = ON"));
  KAKUNIN_TRY(internal::Migrate(**db));
  return std::unique_ptr<Store>(new internal::SqliteStore(std::move(*db)));
}

}  // namespace kakunin::store
