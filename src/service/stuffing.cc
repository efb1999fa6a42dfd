#include "service/stuffing.h"

#include <chrono>
#include <thread>

#include "service/ip.h"

namespace kakunin::service {
namespace {

bool AnyOn(const std::vector<store::FailureBudget>& budgets) {
  for (const auto& b : budgets) {
    if (b.max_failures > 0) return true;
  }
  return false;
}

}  // namespace

StuffingDefence::StuffingDefence(StuffingOptions stuffing, LoginOptions login, std::function<void(int64_t)> sleep)
    : o_(stuffing), login_(login), sleep_(std::move(sleep)) {
  if (!sleep_) sleep_ = [](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
}

Result<void> StuffingDefence::Check(const StuffingOptions& o) {
  if (o.ipv4_prefix < 8 || o.ipv4_prefix > 32 || o.ipv6_prefix < 16 || o.ipv6_prefix > 128) {
    return Fail(ErrorCode::kInvalidArgument, "stuffing.ipv4_prefix must be 8 to 32 and ipv6_prefix 16 to 128");
  }
  if (o.slow_delay_ms < 0 || o.slow_delay_ms > kMaxSlowDelayMs) {
    return Fail(ErrorCode::kInvalidArgument, "stuffing.slow_delay_ms must be 0 to " + std::to_string(kMaxSlowDelayMs));
  }
  if (o.network_window_seconds < 1 || o.spike_window_seconds < 1 || o.slow_window_seconds < 1 ||
      o.spike_hold_seconds < 0) {
    return Fail(ErrorCode::kInvalidArgument, "stuffing windows must be >= 1 second (spike_hold_seconds >= 0)");
  }
  return {};
}

std::string StuffingDefence::Network(const Client& c) const { return NetworkOf(c.ip, o_.ipv4_prefix, o_.ipv6_prefix); }

std::vector<store::FailureBudget> StuffingDefence::PasswordBudgets(const Client& c, std::string_view email) const {
  const auto& l = login_;
  return {{"login:" + std::string(email), l.account_failures, l.account_window_seconds, l.lock_base_seconds,
           l.lock_max_seconds},
          {"login-ip:" + c.ip, l.ip_failures, l.ip_window_seconds, l.lock_base_seconds, l.lock_max_seconds},
          {"net:" + Network(c), o_.network_failures, o_.network_window_seconds, l.lock_base_seconds,
           l.lock_max_seconds}};
}

std::vector<store::FailureBudget> StuffingDefence::SlowBudgets(const Client& c) const {
  return {{"slow-ip:" + c.ip, o_.slow_ip_failures, o_.slow_window_seconds, 0, 0},
          {"slow-net:" + Network(c), o_.slow_network_failures, o_.slow_window_seconds, 0, 0}};
}

store::FailureBudget StuffingDefence::SpikeBudget() const {
  // lock_max = lock_base: the hold does not double (a success anywhere would reset it anyway).
  return {"svc:login", o_.spike_failures, o_.spike_window_seconds, o_.spike_hold_seconds, o_.spike_hold_seconds};
}

Result<SignInGate> StuffingDefence::Begin(store::AttemptStore& store, const Client& c, std::string_view email,
                                          const Clock& clock) const {
  SignInGate gate;
  const auto slow = SlowBudgets(c);
  if (o_.slow_delay_ms > 0 && AnyOn(slow)) {
    auto attempt = store.BeginAttempt(slow, clock());
    if (!attempt) return tl::unexpected(attempt.error());
    if (attempt->limit.status == store::LimitStatus::kOk) {
      gate.slow = std::move(*attempt);
      gate.slow_open = true;
    } else {
      // Outside any store transaction; bounded by kMaxSlowDelayMs (Check).
      sleep_(o_.slow_delay_ms);
      gate.delayed = true;
    }
  }
  const auto budgets = PasswordBudgets(c, email);
  auto attempt = store.BeginAttempt(budgets, clock());
  if (!attempt) return tl::unexpected(attempt.error());
  if (attempt->limit.status != store::LimitStatus::kOk) {
    // Refusals from a slowed client keep counting as its failures.
    if (gate.slow_open) {
      auto ended = store.EndAttempt(gate.slow, slow, false, clock());
      if (!ended) return tl::unexpected(ended.error());
    }
    gate.slow_open = false;
    gate.limit = attempt->limit;
    return gate;
  }
  gate.password = std::move(*attempt);
  if (o_.spike_failures > 0) {
    auto spike = store.BeginAttempt({SpikeBudget()}, clock());
    if (!spike) return tl::unexpected(spike.error());
    gate.spike_active = spike->limit.status != store::LimitStatus::kOk;
    gate.spike_open = !gate.spike_active;
    if (gate.spike_open) gate.spike = std::move(*spike);
  }
  return gate;
}

Result<void> StuffingDefence::End(store::AttemptStore& store, const SignInGate& gate, const Client& c,
                                  std::string_view email, bool success, int64_t now) const {
  auto ended = store.EndAttempt(gate.password, PasswordBudgets(c, email), success, now);
  if (ended && gate.slow_open) ended = store.EndAttempt(gate.slow, SlowBudgets(c), success, now);
  if (ended && gate.spike_open) ended = store.EndAttempt(gate.spike, {SpikeBudget()}, success, now);
  return ended;
}

}  // namespace kakunin::service
