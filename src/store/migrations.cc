// Schema migrations: each entry moves the schema one version up, in its own transaction, and
// PRAGMA user_version records how far a database has come. Never edit a released entry; append.
#include <string>
#include <vector>

#include "store/sqlite_store.h"

namespace kakunin::store {
namespace {

const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> kMigrations = {
      // 1: codes, limits, accounts, sessions, the message queue.
      R"sql(
CREATE TABLE codes(
  purpose TEXT NOT NULL, subject TEXT NOT NULL, flow_id TEXT NOT NULL, address TEXT NOT NULL,
  code_hash TEXT NOT NULL, payload TEXT NOT NULL, account_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(purpose, subject)) WITHOUT ROWID;
CREATE TABLE events(id INTEGER PRIMARY KEY, key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX events_key_at ON events(key, at);
CREATE TABLE locks(key TEXT PRIMARY KEY, lock_until INTEGER NOT NULL, level INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE accounts(
  id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  language TEXT NOT NULL, two_step TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL);
CREATE TABLE sessions(
  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, client_ip TEXT NOT NULL,
  user_agent TEXT NOT NULL);
CREATE INDEX sessions_account ON sessions(account_id);
CREATE TABLE message_queue(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, sealed TEXT NOT NULL);
)sql",
      // 2: queue ids never reused (AUTOINCREMENT), so they order outbox file names for good.
      R"sql(
CREATE TABLE message_queue_v2(id INTEGER PRIMARY KEY AUTOINCREMENT, created_at INTEGER NOT NULL,
  sealed TEXT NOT NULL);
INSERT INTO message_queue_v2(id, created_at, sealed) SELECT id, created_at, sealed FROM message_queue;
DROP TABLE message_queue;
ALTER TABLE message_queue_v2 RENAME TO message_queue;
)sql",
      // 3: a subject may keep several flows per purpose (pending sign-ups: each request its own
      // flow, code and password), so the flow id joins the key.
      R"sql(
CREATE TABLE codes_v3(
  purpose TEXT NOT NULL, subject TEXT NOT NULL, flow_id TEXT NOT NULL, address TEXT NOT NULL,
  code_hash TEXT NOT NULL, payload TEXT NOT NULL, account_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(purpose, subject, flow_id)) WITHOUT ROWID;
INSERT INTO codes_v3 SELECT purpose, subject, flow_id, address, code_hash, payload, account_id,
  created_at, expires_at, attempts FROM codes;
DROP TABLE codes;
ALTER TABLE codes_v3 RENAME TO codes;
)sql",
      // 4: authenticator apps (TOTP): the sealed secret, the last accepted time step (replay
      // protection) and the keyed hashes of unused recovery codes.
      R"sql(
CREATE TABLE totp(
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  sealed_secret TEXT NOT NULL, algorithm TEXT NOT NULL, digits INTEGER NOT NULL,
  period INTEGER NOT NULL, confirmed INTEGER NOT NULL, last_step INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE recovery_codes(
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, code_hash TEXT NOT NULL,
  PRIMARY KEY(account_id, code_hash)) WITHOUT ROWID;
)sql",
  };
  return kMigrations;
}

}  // namespace

int SqliteSchemaVersion() { return static_cast<int>(Migrations().size()); }

namespace internal {

Result<void> Migrate(Db& db) {
  int64_t version = 0;
  {
    // Scoped: a statement left active would keep the schema locked (DROP TABLE fails).
    auto version_stmt = db.Prepare("PRAGMA user_version");
    if (!version_stmt) return tl::unexpected(version_stmt.error());
    auto row = version_stmt->Step();
    if (!row) return tl::unexpected(row.error());
    if (*row) version = version_stmt->Int(0);
  }
  const auto& migrations = Migrations();
  if (version > static_cast<int64_t>(migrations.size())) {
    return Fail(ErrorCode::kInvalidArgument,
                "database schema version " + std::to_string(version) + " is newer than this kakunind");
  }
  for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
    Transaction tx(db);
    KAKUNIN_TRY(tx.Begin());
    auto applied = db.Exec(migrations[i]);
    if (!applied) return Fail(ErrorCode::kInternal, "migration " + std::to_string(i + 1) + ": " + applied.error().message);
    KAKUNIN_TRY(db.Exec("PRAGMA user_version = " + std::to_string(i + 1)));
    KAKUNIN_TRY(tx.Commit());
  }
  return {};
}

}  // namespace internal
}  // namespace kakunin::store
