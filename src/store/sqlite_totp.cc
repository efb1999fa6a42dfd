// Authenticator-app secrets and recovery codes. VerifyTotp is one transaction under BEGIN
// IMMEDIATE, like VerifyCode: the budget check, the compare, the replay rule (the last accepted
// step moves forward) and the charge cannot interleave with another request's.
#include "store/sqlite_store.h"

namespace kakunin::store::internal {

Result<std::optional<TotpSecret>> SqliteStore::FindTotpLocked(int64_t account_id) {
  auto stmt = db_->Prepare(
      "SELECT sealed_secret, algorithm, digits, period, confirmed, last_step, created_at FROM totp "
      "WHERE account_id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, account_id);
  auto row = stmt->Step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<TotpSecret>();
  TotpSecret t;
  t.account_id = account_id;
  t.sealed_secret = stmt->Text(0);
  t.algorithm = stmt->Text(1);
  t.digits = static_cast<int>(stmt->Int(2));
  t.period = stmt->Int(3);
  t.confirmed = stmt->Int(4) != 0;
  t.last_step = stmt->Int(5);
  t.created_at = stmt->Int(6);
  return std::optional<TotpSecret>(std::move(t));
}

Result<bool> SqliteStore::PutTotp(const TotpSecret& t) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  auto existing = FindTotpLocked(t.account_id);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->has_value() && (*existing)->confirmed) return false;
  auto stmt = db_->Prepare(
      "INSERT OR REPLACE INTO totp(account_id, sealed_secret, algorithm, digits, period, confirmed, "
      "last_step, created_at) VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, t.account_id).Bind(2, t.sealed_secret).Bind(3, t.algorithm).Bind(4, static_cast<int64_t>(t.digits));
  KAKUNIN_TRY(stmt->Bind(5, t.period).Bind(6, t.last_step).Bind(7, t.created_at).Run());
  KAKUNIN_TRY(tx.Commit());
  return true;
}

Result<std::optional<TotpSecret>> SqliteStore::FindTotp(int64_t account_id) {
  std::lock_guard lock(mu_);
  return FindTotpLocked(account_id);
}

Result<void> SqliteStore::StoreRecoveryCodesLocked(int64_t account_id, const std::vector<std::string>& hashes) {
  auto clear = db_->Prepare("DELETE FROM recovery_codes WHERE account_id = ?1");
  if (!clear) return tl::unexpected(clear.error());
  KAKUNIN_TRY(clear->Bind(1, account_id).Run());
  for (const auto& hash : hashes) {
    auto add = db_->Prepare("INSERT OR IGNORE INTO recovery_codes(account_id, code_hash) VALUES(?1, ?2)");
    if (!add) return tl::unexpected(add.error());
    KAKUNIN_TRY(add->Bind(1, account_id).Bind(2, hash).Run());
  }
  return {};
}

Result<bool> SqliteStore::ReplaceRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  auto secret = FindTotpLocked(account_id);
  if (!secret) return tl::unexpected(secret.error());
  if (!secret->has_value() || !(*secret)->confirmed) return false;
  KAKUNIN_TRY(StoreRecoveryCodesLocked(account_id, hashes));
  KAKUNIN_TRY(tx.Commit());
  return true;
}

Result<TotpVerifyResult> SqliteStore::VerifyTotp(const TotpVerifyRequest& request) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  auto locked = BudgetRetryAfter(request.budget, request.now);
  if (!locked) return tl::unexpected(locked.error());
  if (*locked > 0) return TotpVerifyResult{VerifyStatus::kLocked, false, 0, *locked};

  auto secret = FindTotpLocked(request.account_id);
  if (!secret) return tl::unexpected(secret.error());
  const bool login = !request.login_flow_id.empty();
  std::optional<Code> flow;
  if (login) {
    auto found = FindFlowLocked(Purpose::kLogin, "a:" + std::to_string(request.account_id), request.login_flow_id);
    if (!found) return tl::unexpected(found.error());
    flow = std::move(*found);
  }
  const bool flow_usable = flow && flow->expires_at > request.now && flow->attempts < request.max_attempts;
  // Sign-in needs a confirmed secret and a live flow; confirmation an unconfirmed secret.
  const bool usable = secret->has_value() && (login ? flow_usable && (*secret)->confirmed : !(*secret)->confirmed);
  TotpVerifyResult result;
  bool accepted = false;
  if (usable) {
    const std::optional<int64_t> step = request.match(**secret);
    if (step && *step > (*secret)->last_step) {
      auto moved = db_->Prepare("UPDATE totp SET last_step = ?2, confirmed = 1 WHERE account_id = ?1");
      if (!moved) return tl::unexpected(moved.error());
      KAKUNIN_TRY(moved->Bind(1, request.account_id).Bind(2, *step).Run());
      accepted = true;
    } else if (login && !request.recovery_hash.empty()) {
      // Looked up by its keyed hash: without the server key the lookup's timing tells nothing.
      auto use = db_->Prepare("DELETE FROM recovery_codes WHERE account_id = ?1 AND code_hash = ?2");
      if (!use) return tl::unexpected(use.error());
      KAKUNIN_TRY(use->Bind(1, request.account_id).Bind(2, request.recovery_hash).Run());
      accepted = result.used_recovery_code = db_->Changes() == 1;
    }
  }
  if (!accepted) {
    if (flow) KAKUNIN_TRY(ChargeFlow(*flow, flow_usable, request.max_attempts));
    KAKUNIN_TRY(ChargeFailure(request.budget, request.now, nullptr));
    KAKUNIN_TRY(LockIfSpent(request.budget, request.now));
    KAKUNIN_TRY(tx.Commit());
    return result;
  }
  if (login) {
    KAKUNIN_TRY(RemoveFlow(*flow));  // Single use, like a mailed code.
  } else {
    KAKUNIN_TRY(StoreRecoveryCodesLocked(request.account_id, request.new_recovery_hashes));
  }
  KAKUNIN_TRY(ResetLockLevel(request.budget.key));
  {
    auto left = db_->Prepare("SELECT count(*) FROM recovery_codes WHERE account_id = ?1");
    if (!left) return tl::unexpected(left.error());
    left->Bind(1, request.account_id);
    auto row = left->Step();
    if (!row) return tl::unexpected(row.error());
    result.recovery_codes_left = static_cast<int>(left->Int(0));
  }
  KAKUNIN_TRY(tx.Commit());
  result.status = VerifyStatus::kAccepted;
  return result;
}

}  // namespace kakunin::store::internal
