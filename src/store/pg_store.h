// PostgresStore: accounts, authenticator-app (TOTP) secrets and recovery codes in PostgreSQL, the
// half of the multi-node store that must be durable (codes, budgets and sessions live in Redis).
// Semantics are those of the SQLite store: one normalised address per account, a TOTP step
// accepted once, a recovery code used once. Every operation is one transaction on a pooled
// connection; the ones that read before they write lock the row they read (SELECT ... FOR
// UPDATE), so two nodes cannot both accept one step or one recovery code. Internal to store/.
// Thread-safety: safe to call from several threads (PostgresOptions::connections at a time).
#ifndef KAKUNIN_STORE_PG_STORE_H_
#define KAKUNIN_STORE_PG_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "kakunin/store.h"
#include "store/pg_client.h"
#include "store/totp_check.h"

namespace kakunin::store::internal {

// The schema version this program writes (the highest row of schema_version after migration).
int PostgresSchemaVersion();

// Applies the migrations the database lacks, in one transaction under a transaction-scoped
// advisory lock, so nodes starting together migrate once. Errors: kIo (connection), kInternal (a
// migration failed; nothing of it stays), kInvalidArgument (the schema is newer than this program).
[[nodiscard]] Result<void> MigratePostgres(PgPool& pool);

class PostgresStore : public AccountStore, public AuditStore {
 public:
  // Connects (one connection now, the rest on demand) and migrates. Errors: kIo (cannot
  // connect), kInternal (a migration failed), kInvalidArgument (schema newer than this program).
  [[nodiscard]] static Result<std::unique_ptr<PostgresStore>> Open(const PostgresOptions& options);

  Result<std::optional<Account>> FindAccountByEmail(std::string_view email) override;
  Result<std::optional<Account>> FindAccount(int64_t id) override;
  Result<std::optional<int64_t>> CreateAccount(const Account& account) override;
  Result<void> SetPasswordHash(int64_t id, std::string_view hash) override;
  Result<bool> SetEmail(int64_t id, std::string_view email) override;
  Result<void> SetTwoStep(int64_t id, std::string_view method, std::string_view phone) override;

  // As TotpStore::PutTotp, FindTotp and ReplaceRecoveryCodes.
  [[nodiscard]] Result<bool> PutTotp(const TotpSecret& secret);
  [[nodiscard]] Result<std::optional<TotpSecret>> FindTotp(int64_t account_id);
  [[nodiscard]] Result<bool> ReplaceRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes);

  // The PostgreSQL half of TotpStore::VerifyTotp (see totp_check.h), in one transaction with the
  // secret's row locked: sign-in needs a confirmed secret, confirmation an unconfirmed one; a
  // step after last_step is accepted (last_step moves, the secret is confirmed), else on sign-in
  // an unused recovery code is used up. Budgets are not this half's business. Errors: engine.
  [[nodiscard]] Result<TotpCheckResult> CheckTotp(const TotpCheck& check);

  // Queues a row of the audit table (entry as jsonb); a background thread inserts the queue in
  // batches (one round trip for many requests). Errors: kInvalidArgument (not JSON), kIo (more
  // than kMaxAuditBacklog rows wait: PostgreSQL has been unreachable for a while).
  Result<void> AppendAudit(int64_t time, std::string_view event, std::string_view json) override;
  // Waits until every row queued so far is inserted (or an insert failed). Tests and shutdown.
  void FlushAudit();
  ~PostgresStore() override;

 private:
  explicit PostgresStore(std::unique_ptr<PgPool> pool) : pool_(std::move(pool)) {}
  struct AuditRow {
    int64_t time;
    std::string event;
    std::string json;
  };
  void AuditLoop();
  Result<void> InsertAudit(const std::vector<AuditRow>& batch);
  static constexpr size_t kMaxAuditBacklog = 100'000;
  static constexpr size_t kAuditBatch = 500;

  std::unique_ptr<PgPool> pool_;
  std::mutex audit_mu_;
  std::condition_variable audit_cv_;
  std::vector<AuditRow> audit_rows_;  // Guarded by audit_mu_.
  uint64_t audit_queued_ = 0;         // Rows ever queued / settled (inserted or given up).
  uint64_t audit_settled_ = 0;
  uint64_t audit_failures_ = 0;       // Batches that failed (retried).
  bool audit_stop_ = false;
  std::thread audit_thread_;          // Started by the first AppendAudit.
};

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_PG_STORE_H_
