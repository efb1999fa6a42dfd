// PostgreSQL schema migrations: each entry moves the schema one version up and schema_version
// records every version applied. Never edit a released entry; append. All missing entries run in
// one transaction (PostgreSQL's DDL is transactional, so a failed migration leaves nothing
// behind) while holding an advisory lock, so nodes starting together cannot both migrate.
#include <string>
#include <vector>

#include "store/pg_store.h"

namespace kakunin::store::internal {
namespace {

// pg_advisory_xact_lock key for migrations: "kakunin" in ASCII, so it is recognisable in pg_locks.
constexpr int64_t kMigrationLockKey = 0x6b616b756e696e;

// One statement per string: PQexecParams runs one statement at a time.
const std::vector<std::vector<std::string>>& Migrations() {
  static const std::vector<std::vector<std::string>> kMigrations = {
      // 1: accounts (normalised address, unique), authenticator-app secrets with the last accepted
      // time step (replay protection), keyed hashes of unused recovery codes.
      {
          R"sql(CREATE TABLE accounts(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
  password_hash text NOT NULL, language text NOT NULL, two_step text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '', created_at bigint NOT NULL))sql",
          R"sql(CREATE TABLE totp(
  account_id bigint PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  sealed_secret text NOT NULL, algorithm text NOT NULL, digits integer NOT NULL,
  period bigint NOT NULL, confirmed boolean NOT NULL, last_step bigint NOT NULL,
  created_at bigint NOT NULL))sql",
          R"sql(CREATE TABLE recovery_codes(
  account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, code_hash text NOT NULL,
  PRIMARY KEY(account_id, code_hash)))sql",
      },
      // 2: the audit log of every node (security events, no secrets), newest last.
      {
          R"sql(CREATE TABLE audit(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at bigint NOT NULL, event text NOT NULL,
  entry jsonb NOT NULL))sql",
          R"sql(CREATE INDEX audit_at ON audit(at))sql",
      },
  };
  return kMigrations;
}

}  // namespace

int PostgresSchemaVersion() { return static_cast<int>(Migrations().size()); }

Result<void> MigratePostgres(PgPool& pool) {
  return pool.Run([](PgConn& conn) -> Result<void> {
    auto locked = conn.Exec("SELECT pg_advisory_xact_lock($1::bigint)", {kMigrationLockKey});
    if (!locked) return tl::unexpected(locked.error());
    auto table = conn.Exec(
        "CREATE TABLE IF NOT EXISTS schema_version(version integer PRIMARY KEY, "
        "applied_at timestamptz NOT NULL DEFAULT now())");
    if (!table) return tl::unexpected(table.error());
    auto current = conn.Exec("SELECT coalesce(max(version), 0) FROM schema_version");
    if (!current) return tl::unexpected(current.error());
    auto version = current->Int(0, 0);
    if (!version) return tl::unexpected(version.error());
    const auto& migrations = Migrations();
    if (*version > static_cast<int64_t>(migrations.size())) {
      return Fail(ErrorCode::kInvalidArgument, "database schema version " + std::to_string(*version) +
                                                   " is newer than this kakunind (" +
                                                   std::to_string(migrations.size()) + ")");
    }
    for (size_t i = static_cast<size_t>(*version); i < migrations.size(); ++i) {
      for (const auto& statement : migrations[i]) {
        auto applied = conn.Exec(statement);
        if (!applied) {
          return Fail(applied.error().code == ErrorCode::kIo ? ErrorCode::kIo : ErrorCode::kInternal,
                      "migration " + std::to_string(i + 1) + ": " + applied.error().message);
        }
      }
      auto recorded = conn.Exec("INSERT INTO schema_version(version) VALUES($1)", {static_cast<int64_t>(i + 1)});
      if (!recorded) return tl::unexpected(recorded.error());
    }
    return {};
  });
}

}  // namespace kakunin::store::internal
