// The multi-node Store: Redis holds what changes on every request and must be limited across
// nodes (codes, attempt counters, rate limits, sessions, the message queue), PostgreSQL what must
// last (accounts, authenticator-app secrets, recovery codes). The one operation that needs both
// is a TOTP verification; it is composed so that no interleaving gives an extra guess:
//   1. Redis reserves the try (budget checked and charged, the sign-in flow's try counted),
//   2. PostgreSQL compares and applies the replay rule in one transaction (row lock),
//   3. Redis settles the try (success takes the charge back and consumes the flow).
// A PostgreSQL failure in step 2 leaves the try charged: an outage never grants a guess.
#include <memory>
#include <utility>

#include "store/pg_store.h"
#include "store/redis_store.h"
#include "store/totp_check.h"

namespace kakunin::store {
namespace internal {
namespace {

class SplitStore : public Store {
 public:
  SplitStore(std::unique_ptr<RedisStore> redis, std::unique_ptr<PostgresStore> postgres)
      : redis_(std::move(redis)), pg_(std::move(postgres)) {}

  Result<LimitResult> IssueCode(const IssueRequest& request) override { return redis_->IssueCode(request); }
  Result<VerifyResult> VerifyCode(const VerifyRequest& request) override { return redis_->VerifyCode(request); }
  Result<std::optional<Code>> FindCode(Purpose purpose, std::string_view subject,
                                       std::string_view flow_id) override {
    return redis_->FindCode(purpose, subject, flow_id);
  }

  Result<Attempt> BeginAttempt(const std::vector<FailureBudget>& budgets, int64_t now) override {
    return redis_->BeginAttempt(budgets, now);
  }
  Result<void> EndAttempt(const Attempt& attempt, const std::vector<FailureBudget>& budgets, bool success,
                          int64_t now) override {
    return redis_->EndAttempt(attempt, budgets, success, now);
  }
  Result<LimitResult> ConsumeLimits(const std::vector<WindowLimit>& limits, int64_t now) override {
    return redis_->ConsumeLimits(limits, now);
  }

  Result<std::optional<Account>> FindAccountByEmail(std::string_view email) override {
    return pg_->FindAccountByEmail(email);
  }
  Result<std::optional<Account>> FindAccount(int64_t id) override { return pg_->FindAccount(id); }
  Result<std::optional<int64_t>> CreateAccount(const Account& account) override { return pg_->CreateAccount(account); }
  Result<void> SetPasswordHash(int64_t id, std::string_view hash) override { return pg_->SetPasswordHash(id, hash); }
  Result<bool> SetEmail(int64_t id, std::string_view email) override { return pg_->SetEmail(id, email); }
  Result<void> SetTwoStep(int64_t id, std::string_view method, std::string_view phone) override {
    return pg_->SetTwoStep(id, method, phone);
  }

  Result<bool> PutTotp(const TotpSecret& secret) override { return pg_->PutTotp(secret); }
  Result<std::optional<TotpSecret>> FindTotp(int64_t account_id) override { return pg_->FindTotp(account_id); }
  Result<bool> ReplaceRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes) override {
    return pg_->ReplaceRecoveryCodes(account_id, hashes);
  }
  Result<TotpVerifyResult> VerifyTotp(const TotpVerifyRequest& request) override {
    TotpCheck check;
    check.account_id = request.account_id;
    check.login = !request.login_flow_id.empty();
    check.match = request.match;
    check.recovery_hash = request.recovery_hash;
    check.new_recovery_hashes = request.new_recovery_hashes;
    return check.login ? VerifyTotpLogin(request, check) : VerifyTotpConfirmation(request, check);
  }

  Result<void> CreateSession(const Session& session) override { return redis_->CreateSession(session); }
  Result<std::optional<Session>> FindSession(std::string_view token_hash, int64_t now) override {
    return redis_->FindSession(token_hash, now);
  }
  Result<std::vector<Session>> ListSessions(int64_t account_id, int64_t now) override {
    return redis_->ListSessions(account_id, now);
  }
  Result<bool> DeleteSession(int64_t account_id, std::string_view id) override {
    return redis_->DeleteSession(account_id, id);
  }
  Result<int> DeleteSessions(int64_t account_id, std::string_view keep_id) override {
    return redis_->DeleteSessions(account_id, keep_id);
  }

  Result<void> Enqueue(const QueuedMessage& message) override { return redis_->Enqueue(message); }
  Result<std::vector<QueuedMessage>> Pending(int limit) override { return redis_->Pending(limit); }
  Result<void> Remove(int64_t id) override { return redis_->Remove(id); }
  Result<int64_t> QueuedCount() override { return redis_->QueuedCount(); }

  AuditStore* central_audit() override { return pg_.get(); }

 private:
  // Sign-in: the try is a try on the login flow (a code flow in Redis), so VerifyCode's
  // reserve/settle does the budget and the flow; the PostgreSQL check is its comparison.
  Result<TotpVerifyResult> VerifyTotpLogin(const TotpVerifyRequest& request, const TotpCheck& check) {
    VerifyRequest verify;
    verify.now = request.now;
    verify.purpose = Purpose::kLogin;
    verify.subject = "a:" + std::to_string(request.account_id);
    verify.flow_id = request.login_flow_id;
    verify.max_attempts = request.max_attempts;
    verify.budget = request.budget;
    std::optional<Result<TotpCheckResult>> checked;
    verify.matches = [&](const Code&) {
      checked = pg_->CheckTotp(check);
      return checked->has_value() && (*checked)->accepted;
    };
    auto verified = redis_->VerifyCode(verify);
    if (!verified) return tl::unexpected(verified.error());
    if (checked && !checked->has_value()) return tl::unexpected(checked->error());
    TotpVerifyResult result;
    result.status = verified->status;
    result.retry_after = verified->retry_after;
    if (verified->status == VerifyStatus::kAccepted) {
      result.used_recovery_code = (*checked)->used_recovery_code;
      result.recovery_codes_left = (*checked)->recovery_codes_left;
    }
    return result;
  }

  // Confirming an enrolment: no flow, only the account's budget.
  Result<TotpVerifyResult> VerifyTotpConfirmation(const TotpVerifyRequest& request, const TotpCheck& check) {
    const std::vector<FailureBudget> budgets{request.budget};
    auto attempt = redis_->BeginAttempt(budgets, request.now);
    if (!attempt) return tl::unexpected(attempt.error());
    TotpVerifyResult result;
    if (attempt->limit.status != LimitStatus::kOk) {
      result.status = VerifyStatus::kLocked;
      result.retry_after = attempt->limit.retry_after;
      return result;
    }
    auto checked = pg_->CheckTotp(check);
    const bool accepted = checked.has_value() && checked->accepted;
    auto ended = redis_->EndAttempt(*attempt, budgets, accepted, request.now);
    if (!checked) return tl::unexpected(checked.error());
    if (!ended) return tl::unexpected(ended.error());
    if (accepted) {
      result.status = VerifyStatus::kAccepted;
      result.recovery_codes_left = checked->recovery_codes_left;
    }
    return result;
  }

  std::unique_ptr<RedisStore> redis_;
  std::unique_ptr<PostgresStore> pg_;
};

}  // namespace
}  // namespace internal

Result<std::unique_ptr<Store>> OpenDistributedStore(const RedisOptions& redis, const PostgresOptions& postgres) {
  auto r = internal::RedisStore::Open(redis);
  if (!r) return tl::unexpected(r.error());
  auto p = internal::PostgresStore::Open(postgres);
  if (!p) return tl::unexpected(p.error());
  return std::unique_ptr<Store>(std::make_unique<internal::SplitStore>(std::move(*r), std::move(*p)));
}

}  // namespace kakunin::store
