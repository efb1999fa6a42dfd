// SqliteStore: the single-node Store over one SQLite connection in WAL mode. Internal to store/.
// Thread-safety: every method takes mu_, so one connection serves all threads; several processes
// may open the same file (BEGIN IMMEDIATE + busy timeout serialise their writers).
#ifndef KAKUNIN_STORE_SQLITE_STORE_H_
#define KAKUNIN_STORE_SQLITE_STORE_H_

#include <memory>
#include <mutex>

#include "kakunin/store.h"
#include "store/sqlite_db.h"

// Returns the error of a failed Result<void>-like expression (ccache's TRY). .cc files only.
#define KAKUNIN_TRY(expr)                                      \
  do {                                                         \
    auto kakunin_try_result_ = (expr);                         \
    if (!kakunin_try_result_) {                                \
      return tl::unexpected(kakunin_try_result_.error());      \
    }                                                          \
  } while (false)

namespace kakunin::store::internal {

// Applies the migrations `db` lacks. Errors: see OpenSqliteStore.
[[nodiscard]] Result<void> Migrate(Db& db);

class SqliteStore : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Result<LimitResult> IssueCode(const IssueRequest& request) override;
  Result<VerifyResult> VerifyCode(const VerifyRequest& request) override;
  Result<std::optional<Code>> FindCode(Purpose purpose, std::string_view subject,
                                       std::string_view flow_id) override;

  Result<Attempt> BeginAttempt(const std::vector<FailureBudget>& budgets, int64_t now) override;
  Result<void> EndAttempt(const Attempt& attempt, const std::vector<FailureBudget>& budgets,
                          bool success, int64_t now) override;
  Result<LimitResult> ConsumeLimits(const std::vector<WindowLimit>& limits, int64_t now) override;

  Result<std::optional<Account>> FindAccountByEmail(std::string_view email) override;
  Result<std::optional<Account>> FindAccount(int64_t id) override;
  Result<std::optional<int64_t>> CreateAccount(const Account& account) override;
  Result<void> SetPasswordHash(int64_t id, std::string_view hash) override;
  Result<bool> SetEmail(int64_t id, std::string_view email) override;
  Result<void> SetTwoStep(int64_t id, std::string_view method, std::string_view phone) override;

  Result<bool> PutTotp(const TotpSecret& secret) override;
  Result<std::optional<TotpSecret>> FindTotp(int64_t account_id) override;
  Result<TotpVerifyResult> VerifyTotp(const TotpVerifyRequest& request) override;
  Result<bool> ReplaceRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes) override;

  Result<void> CreateSession(const Session& session) override;
  Result<std::optional<Session>> FindSession(std::string_view token_hash, int64_t now) override;
  Result<std::vector<Session>> ListSessions(int64_t account_id, int64_t now) override;
  Result<bool> DeleteSession(int64_t account_id, std::string_view id) override;
  Result<int> DeleteSessions(int64_t account_id, std::string_view keep_id) override;

  Result<void> Enqueue(const QueuedMessage& message) override;
  Result<std::vector<QueuedMessage>> Pending(int limit) override;
  Result<void> Remove(int64_t id) override;
  Result<int64_t> QueuedCount() override;

 private:
  // Helpers run inside an open transaction, with mu_ held.
  Result<int64_t> BudgetRetryAfter(const FailureBudget& budget, int64_t now);
  Result<void> ChargeFailure(const FailureBudget& budget, int64_t now, std::vector<int64_t>* ids);
  Result<void> LockIfSpent(const FailureBudget& budget, int64_t now);
  Result<void> ResetLockLevel(const std::string& key);
  Result<void> PruneFlows(const Code& kept, int max_flows, int64_t now);
  Result<std::optional<TotpSecret>> FindTotpLocked(int64_t account_id);
  Result<void> StoreRecoveryCodesLocked(int64_t account_id, const std::vector<std::string>& hashes);
  // The code of (purpose, subject, flow_id); "" = the subject's newest.
  Result<std::optional<Code>> FindFlowLocked(Purpose purpose, std::string_view subject, std::string_view flow_id);
  Result<void> RemoveFlow(const Code& code);
  // A wrong try on `code`: removed if it was not usable or this was its last try, else counted.
  Result<void> ChargeFlow(const Code& code, bool usable, int max_attempts);
  Result<int64_t> WindowRetryAfter(const WindowLimit& limit, int64_t now);
  Result<void> RecordEvents(const std::vector<WindowLimit>& limits, int64_t now);

  std::mutex mu_;
  std::unique_ptr<Db> db_;
};

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_SQLITE_STORE_H_
