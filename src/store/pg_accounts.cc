// Accounts in PostgreSQL, and opening the store.
#include <utility>

#include "store/pg_store.h"

namespace kakunin::store::internal {
namespace {

constexpr const char* kAccountColumns =
    "SELECT id, email, password_hash, language, two_step, phone, created_at FROM accounts ";

Result<std::optional<Account>> OneAccount(const PgResult& rows) {
  if (rows.Rows() == 0) return std::optional<Account>();
  auto id = rows.Int(0, 0);
  if (!id) return tl::unexpected(id.error());
  auto created_at = rows.Int(0, 6);
  if (!created_at) return tl::unexpected(created_at.error());
  return std::optional<Account>(Account{*id, rows.Text(0, 1), rows.Text(0, 2), rows.Text(0, 3),
                                        rows.Text(0, 4), rows.Text(0, 5), *created_at});
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const PostgresOptions& options) {
  auto pool = PgPool::Open(options.conninfo, options.connections);
  if (!pool) return tl::unexpected(pool.error());
  auto migrated = MigratePostgres(**pool);
  if (!migrated) return tl::unexpected(migrated.error());
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(*pool)));
}

Result<std::optional<Account>> PostgresStore::FindAccountByEmail(std::string_view email) {
  return pool_->Read<std::optional<Account>>([&](PgConn& conn) -> Result<std::optional<Account>> {
    auto rows = conn.Exec(std::string(kAccountColumns) + "WHERE email = $1", {email});
    if (!rows) return tl::unexpected(rows.error());
    return OneAccount(*rows);
  });
}

Result<std::optional<Account>> PostgresStore::FindAccount(int64_t id) {
  return pool_->Read<std::optional<Account>>([&](PgConn& conn) -> Result<std::optional<Account>> {
    auto rows = conn.Exec(std::string(kAccountColumns) + "WHERE id = $1", {id});
    if (!rows) return tl::unexpected(rows.error());
    return OneAccount(*rows);
  });
}

Result<std::optional<int64_t>> PostgresStore::CreateAccount(const Account& a) {
  return pool_->Transaction<std::optional<int64_t>>([&](PgConn& conn) -> Result<std::optional<int64_t>> {
    auto rows = conn.Exec(
        "INSERT INTO accounts(email, password_hash, language, two_step, phone, created_at) "
        "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(email) DO NOTHING RETURNING id",
        {a.email, a.password_hash, a.language, a.two_step, a.phone, a.created_at});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->Rows() == 0) return std::optional<int64_t>();  // The address is taken.
    auto id = rows->Int(0, 0);
    if (!id) return tl::unexpected(id.error());
    return std::optional<int64_t>(*id);
  });
}

Result<void> PostgresStore::SetPasswordHash(int64_t id, std::string_view hash) {
  return pool_->Run([&](PgConn& conn) -> Result<void> {
    auto done = conn.Exec("UPDATE accounts SET password_hash = $2 WHERE id = $1", {id, hash});
    if (!done) return tl::unexpected(done.error());
    return {};
  });
}

Result<bool> PostgresStore::SetEmail(int64_t id, std::string_view email) {
  return pool_->Transaction<bool>([&](PgConn& conn) -> Result<bool> {
    auto done = conn.Exec(
        "UPDATE accounts SET email = $2 WHERE id = $1 AND NOT EXISTS "
        "(SELECT 1 FROM accounts WHERE email = $2)",
        {id, email});
    // Two requests taking one address at once both pass NOT EXISTS; the unique index stops the
    // second (its transaction is aborted, so the COMMIT that follows rolls it back).
    if (!done && conn.sqlstate() == kSqlStateUniqueViolation) return false;
    if (!done) return tl::unexpected(done.error());
    return done->Affected() == 1;
  });
}

Result<void> PostgresStore::SetTwoStep(int64_t id, std::string_view method, std::string_view phone) {
  return pool_->Run([&](PgConn& conn) -> Result<void> {
    auto done = conn.Exec("UPDATE accounts SET two_step = $2, phone = $3 WHERE id = $1", {id, method, phone});
    if (!done) return tl::unexpected(done.error());
    if (method != "totp") {
      // Leaving the authenticator app behind: its secret and recovery codes go with it.
      for (const char* sql : {"DELETE FROM totp WHERE account_id = $1", "DELETE FROM recovery_codes WHERE account_id = $1"}) {
        auto deleted = conn.Exec(sql, {id});
        if (!deleted) return tl::unexpected(deleted.error());
      }
    }
    return {};
  });
}

}  // namespace kakunin::store::internal
