// Code issue and verification: each one SQLite transaction under BEGIN IMMEDIATE, so the budget
// check, the comparison and the charge happen with the write lock held.
#include <algorithm>

#include "store/sqlite_store.h"

namespace kakunin::store {

std::string_view PurposeName(Purpose purpose) {
  switch (purpose) {
    case Purpose::kVerifyEmail: return "verify_email";
    case Purpose::kLogin: return "login";
    case Purpose::kReset: return "reset";
    case Purpose::kChangeEmail: return "change_email";
    case Purpose::kVerifyPhone: return "verify_phone";
  }
  return "unknown";
}

namespace internal {
namespace {

// ?3 = '' selects the subject's newest code; otherwise exactly that flow's.
constexpr const char* kSelectCode =
    "SELECT flow_id, address, code_hash, payload, account_id, created_at, expires_at, attempts "
    "FROM codes WHERE purpose = ?1 AND subject = ?2 AND (?3 = '' OR flow_id = ?3) "
    "ORDER BY expires_at DESC LIMIT 1";

Code ReadCode(const Stmt& stmt, Purpose purpose, std::string_view subject) {
  Code code;
  code.purpose = purpose;
  code.subject = std::string(subject);
  code.flow_id = stmt.Text(0);
  code.address = stmt.Text(1);
  code.code_hash = stmt.Text(2);
  code.payload = stmt.Text(3);
  code.account_id = stmt.Int(4);
  code.created_at = stmt.Int(5);
  code.expires_at = stmt.Int(6);
  code.attempts = static_cast<int>(stmt.Int(7));
  return code;
}

}  // namespace

Result<void> SqliteStore::PruneFlows(const Code& kept, int max_flows, int64_t now) {
  // Keeps `kept` and, of the subject's other flows for the purpose, the max_flows - 1 unexpired
  // ones that expire last. This bounds the rows one address can hold, whatever the request rate.
  auto stmt = db_->Prepare(
      "DELETE FROM codes WHERE purpose = ?1 AND subject = ?2 AND flow_id <> ?3 AND ("
      "expires_at <= ?4 OR flow_id NOT IN (SELECT flow_id FROM codes WHERE purpose = ?1 AND "
      "subject = ?2 AND flow_id <> ?3 AND expires_at > ?4 ORDER BY expires_at DESC, flow_id LIMIT ?5))");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, PurposeName(kept.purpose)).Bind(2, kept.subject).Bind(3, kept.flow_id).Bind(4, now);
  return stmt->Bind(5, static_cast<int64_t>(max_flows - 1)).Run();
}

Result<LimitResult> SqliteStore::IssueCode(const IssueRequest& request) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  LimitResult result;
  auto locked = BudgetRetryAfter(request.budget, request.now);
  if (!locked) return tl::unexpected(locked.error());
  if (*locked > 0) return LimitResult{LimitStatus::kLocked, *locked};
  for (const auto& limit : request.send_limits) {
    auto retry = WindowRetryAfter(limit, request.now);
    if (!retry) return tl::unexpected(retry.error());
    if (*retry > 0) result = {LimitStatus::kRateLimited, std::max(result.retry_after, *retry)};
  }
  if (result.status != LimitStatus::kOk) return result;
  KAKUNIN_TRY(RecordEvents(request.send_limits, request.now));
  if (request.code) {
    const Code& c = *request.code;
    auto stmt = db_->Prepare(
        "INSERT OR REPLACE INTO codes(purpose, subject, flow_id, address, code_hash, payload, "
        "account_id, created_at, expires_at, attempts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->Bind(1, PurposeName(c.purpose)).Bind(2, c.subject).Bind(3, c.flow_id).Bind(4, c.address);
    stmt->Bind(5, c.code_hash).Bind(6, c.payload).Bind(7, c.account_id).Bind(8, c.created_at);
    KAKUNIN_TRY(stmt->Bind(9, c.expires_at).Run());
    KAKUNIN_TRY(PruneFlows(c, std::max(1, request.max_flows), request.now));
  }
  if (request.message) {
    auto stmt = db_->Prepare("INSERT INTO message_queue(created_at, sealed) VALUES(?1, ?2)");
    if (!stmt) return tl::unexpected(stmt.error());
    KAKUNIN_TRY(stmt->Bind(1, request.now).Bind(2, request.message->sealed).Run());
  }
  KAKUNIN_TRY(tx.Commit());
  return result;
}

Result<VerifyResult> SqliteStore::VerifyCode(const VerifyRequest& request) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  auto locked = BudgetRetryAfter(request.budget, request.now);
  if (!locked) return tl::unexpected(locked.error());
  if (*locked > 0) return VerifyResult{VerifyStatus::kLocked, std::nullopt, *locked};

  std::optional<Code> code;
  if (!request.flow_id || !request.flow_id->empty()) {  // An empty flow id names no flow.
    auto found = FindFlowLocked(request.purpose, request.subject, request.flow_id.value_or(""));
    if (!found) return tl::unexpected(found.error());
    code = std::move(*found);
  }
  const bool usable = code && code->expires_at > request.now && code->attempts < request.max_attempts;
  if (usable && request.matches(*code)) {
    KAKUNIN_TRY(RemoveFlow(*code));  // Single use.
    KAKUNIN_TRY(ResetLockLevel(request.budget.key));
    KAKUNIN_TRY(tx.Commit());
    return VerifyResult{VerifyStatus::kAccepted, std::move(code), 0};
  }
  if (code) KAKUNIN_TRY(ChargeFlow(*code, usable, request.max_attempts));
  KAKUNIN_TRY(ChargeFailure(request.budget, request.now, nullptr));
  KAKUNIN_TRY(LockIfSpent(request.budget, request.now));
  KAKUNIN_TRY(tx.Commit());
  return VerifyResult{VerifyStatus::kRejected, std::nullopt, 0};
}

Result<std::optional<Code>> SqliteStore::FindFlowLocked(Purpose purpose, std::string_view subject,
                                                        std::string_view flow_id) {
  auto select = db_->Prepare(kSelectCode);
  if (!select) return tl::unexpected(select.error());
  select->Bind(1, PurposeName(purpose)).Bind(2, subject).Bind(3, flow_id);
  auto row = select->Step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<Code>();
  return std::optional<Code>(ReadCode(*select, purpose, subject));
}

Result<void> SqliteStore::RemoveFlow(const Code& code) {
  auto remove = db_->Prepare("DELETE FROM codes WHERE purpose = ?1 AND subject = ?2 AND flow_id = ?3");
  if (!remove) return tl::unexpected(remove.error());
  return remove->Bind(1, PurposeName(code.purpose)).Bind(2, code.subject).Bind(3, code.flow_id).Run();
}

Result<void> SqliteStore::ChargeFlow(const Code& code, bool usable, int max_attempts) {
  // Expired or used up: gone for good. Otherwise one more wrong try on it.
  if (!usable || code.attempts + 1 >= max_attempts) return RemoveFlow(code);
  auto bump = db_->Prepare(
      "UPDATE codes SET attempts = attempts + 1 WHERE purpose = ?1 AND subject = ?2 AND flow_id = ?3");
  if (!bump) return tl::unexpected(bump.error());
  return bump->Bind(1, PurposeName(code.purpose)).Bind(2, code.subject).Bind(3, code.flow_id).Run();
}

Result<std::optional<Code>> SqliteStore::FindCode(Purpose purpose, std::string_view subject,
                                                  std::string_view flow_id) {
  std::lock_guard lock(mu_);
  return FindFlowLocked(purpose, subject, flow_id);
}

}  // namespace internal
}  // namespace kakunin::store
