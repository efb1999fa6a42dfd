// Sliding-window limits and failure budgets with growing locks, inside SQLite transactions.
// Each event is one row (key, at); a key holds at most max_events rows inside its window plus
// the rows that aged out since its last write (pruned then), so the table stays small.
#include <algorithm>
#include <map>

#include "store/sqlite_store.h"

namespace kakunin::store::internal {
namespace {

// The first lock lasts lock_base; each lock in a row doubles it, up to lock_max.
int64_t LockSeconds(const FailureBudget& budget, int64_t level) {
  int64_t seconds = budget.lock_base_seconds;
  for (int64_t i = 1; i < level && seconds < budget.lock_max_seconds; ++i) seconds *= 2;
  return std::min(seconds, budget.lock_max_seconds);
}

}  // namespace

Result<int64_t> SqliteStore::WindowRetryAfter(const WindowLimit& limit, int64_t now) {
  if (limit.max_events <= 0) return 0;
  auto stmt = db_->Prepare("SELECT count(*), min(at) FROM events WHERE key = ?1 AND at > ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, limit.key).Bind(2, now - limit.window_seconds);
  auto row = stmt->Step();
  if (!row) return tl::unexpected(row.error());
  if (stmt->Int(0) < limit.max_events) return 0;
  return std::max<int64_t>(1, stmt->Int(1) + limit.window_seconds - now);
}

Result<int64_t> SqliteStore::BudgetRetryAfter(const FailureBudget& budget, int64_t now) {
  if (budget.max_failures <= 0) return 0;
  auto window = WindowRetryAfter({budget.key, budget.max_failures, budget.window_seconds}, now);
  if (!window) return window;
  auto stmt = db_->Prepare("SELECT lock_until FROM locks WHERE key = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, budget.key);
  auto row = stmt->Step();
  if (!row) return tl::unexpected(row.error());
  int64_t lock = (*row && stmt->Int(0) > now) ? stmt->Int(0) - now : 0;
  return std::max(*window, lock);
}

Result<void> SqliteStore::RecordEvents(const std::vector<WindowLimit>& limits, int64_t now) {
  // One event per key, pruned to the key's longest window.
  std::map<std::string, int64_t> widest;
  for (const auto& limit : limits) {
    if (limit.max_events <= 0) continue;
    auto& w = widest[limit.key];
    w = std::max(w, limit.window_seconds);
  }
  for (const auto& [key, window] : widest) {
    auto prune = db_->Prepare("DELETE FROM events WHERE key = ?1 AND at <= ?2");
    if (!prune) return tl::unexpected(prune.error());
    KAKUNIN_TRY(prune->Bind(1, key).Bind(2, now - window).Run());
    auto insert = db_->Prepare("INSERT INTO events(key, at) VALUES(?1, ?2)");
    if (!insert) return tl::unexpected(insert.error());
    KAKUNIN_TRY(insert->Bind(1, key).Bind(2, now).Run());
  }
  return {};
}

Result<void> SqliteStore::ChargeFailure(const FailureBudget& budget, int64_t now,
                                        std::vector<int64_t>* ids) {
  if (budget.max_failures <= 0) return {};
  KAKUNIN_TRY(RecordEvents({{budget.key, budget.max_failures, budget.window_seconds}}, now));
  if (ids != nullptr) ids->push_back(db_->LastInsertId());
  return {};
}

Result<void> SqliteStore::LockIfSpent(const FailureBudget& budget, int64_t now) {
  if (budget.max_failures <= 0 || budget.lock_base_seconds <= 0) return {};
  auto spent = WindowRetryAfter({budget.key, budget.max_failures, budget.window_seconds}, now);
  if (!spent) return tl::unexpected(spent.error());
  if (*spent == 0) return {};
  // Already locked: failures that were in flight together spend the budget once, so the lock
  // grows once (as when they come one by one), not once per failure.
  auto current = db_->Prepare("SELECT lock_until FROM locks WHERE key = ?1");
  if (!current) return tl::unexpected(current.error());
  current->Bind(1, budget.key);
  auto held = current->Step();
  if (!held) return tl::unexpected(held.error());
  if (*held && current->Int(0) > now) return {};
  auto stmt = db_->Prepare(
      "INSERT INTO locks(key, lock_until, level) VALUES(?1, 0, 1) "
      "ON CONFLICT(key) DO UPDATE SET level = level + 1 RETURNING level");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->Bind(1, budget.key);
  auto row = stmt->Step();
  if (!row) return tl::unexpected(row.error());
  const int64_t level = stmt->Int(0);
  KAKUNIN_TRY(stmt->Run());
  auto update = db_->Prepare("UPDATE locks SET lock_until = ?2 WHERE key = ?1");
  if (!update) return tl::unexpected(update.error());
  return update->Bind(1, budget.key).Bind(2, now + LockSeconds(budget, level)).Run();
}

Result<void> SqliteStore::ResetLockLevel(const std::string& key) {
  auto stmt = db_->Prepare("DELETE FROM locks WHERE key = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->Bind(1, key).Run();
}

Result<Attempt> SqliteStore::BeginAttempt(const std::vector<FailureBudget>& budgets, int64_t now) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  Attempt attempt;
  for (const auto& budget : budgets) {
    auto retry = BudgetRetryAfter(budget, now);
    if (!retry) return tl::unexpected(retry.error());
    if (*retry > 0) {
      attempt.limit = {LimitStatus::kLocked, std::max(attempt.limit.retry_after, *retry)};
    }
  }
  if (attempt.limit.status != LimitStatus::kOk) return attempt;  // Rolls back: nothing charged.
  for (const auto& budget : budgets) KAKUNIN_TRY(ChargeFailure(budget, now, &attempt.event_ids));
  KAKUNIN_TRY(tx.Commit());
  return attempt;
}

Result<void> SqliteStore::EndAttempt(const Attempt& attempt, const std::vector<FailureBudget>& budgets,
                                     bool success, int64_t now) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  for (const auto& budget : budgets) {
    if (success) {
      KAKUNIN_TRY(ResetLockLevel(budget.key));
    } else {
      KAKUNIN_TRY(LockIfSpent(budget, now));
    }
  }
  if (success) {
    for (int64_t id : attempt.event_ids) {
      auto stmt = db_->Prepare("DELETE FROM events WHERE id = ?1");
      if (!stmt) return tl::unexpected(stmt.error());
      KAKUNIN_TRY(stmt->Bind(1, id).Run());
    }
  }
  return tx.Commit();
}

Result<LimitResult> SqliteStore::ConsumeLimits(const std::vector<WindowLimit>& limits, int64_t now) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  KAKUNIN_TRY(tx.Begin());
  LimitResult result;
  for (const auto& limit : limits) {
    auto retry = WindowRetryAfter(limit, now);
    if (!retry) return tl::unexpected(retry.error());
    if (*retry > 0) result = {LimitStatus::kRateLimited, std::max(result.retry_after, *retry)};
  }
  if (result.status != LimitStatus::kOk) return result;
  KAKUNIN_TRY(RecordEvents(limits, now));
  KAKUNIN_TRY(tx.Commit());
  return result;
}

}  // namespace kakunin::store::internal
