// Sliding windows, failure budgets and attempts in Redis (one script each; the Lua mirrors
// sqlite_limits.cc).
#include <algorithm>
#include <map>

#include "store/redis_scripts.h"
#include "store/redis_store.h"

namespace kakunin::store::internal {

void AddBudget(RedisArgs& args, const FailureBudget& budget) {
  args.Add(budget.key).Add(static_cast<int64_t>(budget.max_failures)).Add(budget.window_seconds);
  args.Add(budget.lock_base_seconds).Add(budget.lock_max_seconds);
}

void AddLimits(RedisArgs& args, const std::vector<WindowLimit>& limits) {
  args.Add(static_cast<int64_t>(limits.size()));
  std::map<std::string, int64_t> widest;  // One event per key, pruned to its longest window.
  for (const auto& limit : limits) {
    args.Add(limit.key).Add(static_cast<int64_t>(limit.max_events)).Add(limit.window_seconds);
    if (limit.max_events <= 0) continue;
    auto& w = widest[limit.key];
    w = std::max(w, limit.window_seconds);
  }
  args.Add(static_cast<int64_t>(widest.size()));
  for (const auto& [key, window] : widest) args.Add(key).Add(window);
}

Result<Attempt> RedisStore::BeginAttempt(const std::vector<FailureBudget>& budgets, int64_t now) {
  RedisArgs args = Args();
  args.Add(now).Add(static_cast<int64_t>(budgets.size()));
  for (const auto& budget : budgets) AddBudget(args, budget);
  auto reply = pool_->Run(scripts_.begin_attempt, args);
  if (!reply) return tl::unexpected(reply.error());
  ReplyReader reader(reply->get(), "begin_attempt");
  const int64_t status = reader.Int();
  Attempt attempt;
  if (status == 2) {
    attempt.limit = {LimitStatus::kLocked, reader.Int()};
  } else {
    (void)reader.Int();
    while (reader.ok() && reader.remaining() > 0) attempt.event_ids.push_back(reader.Int());
  }
  if (!reader.ok() || (status != 0 && status != 2)) return tl::unexpected(reader.error());
  return attempt;
}

Result<void> RedisStore::EndAttempt(const Attempt& attempt, const std::vector<FailureBudget>& budgets,
                                    bool success, int64_t now) {
  RedisArgs args = Args();
  args.Add(now).AddFlag(success).Add(static_cast<int64_t>(budgets.size()));
  for (const auto& budget : budgets) AddBudget(args, budget);
  for (int64_t id : attempt.event_ids) args.Add(id);
  auto reply = pool_->Run(scripts_.end_attempt, args);
  if (!reply) return tl::unexpected(reply.error());
  auto done = ReplyInt(reply->get(), "end_attempt");
  if (!done) return tl::unexpected(done.error());
  return {};
}

Result<LimitResult> RedisStore::ConsumeLimits(const std::vector<WindowLimit>& limits, int64_t now) {
  RedisArgs args = Args();
  args.Add(now);
  AddLimits(args, limits);
  auto reply = pool_->Run(scripts_.consume_limits, args);
  if (!reply) return tl::unexpected(reply.error());
  ReplyReader reader(reply->get(), "consume_limits");
  const int64_t status = reader.Int();
  const int64_t retry_after = reader.Int();
  if (!reader.ok() || (status != 0 && status != 1)) return tl::unexpected(reader.error());
  return LimitResult{status == 0 ? LimitStatus::kOk : LimitStatus::kRateLimited, retry_after};
}

}  // namespace kakunin::store::internal
