// The credential-stuffing defence around a sign-in's password check (StuffingOptions): which
// failure budgets a password attempt is charged to, the bounded slow-down for clients with recent
// failures, and the service-wide spike that switches sign-in to step-up. Internal.
//
// All state is in the store (AttemptStore), so every node sees the same counts. The budgets:
//   login:<address>      per account            (LoginOptions)
//   login-ip:<ip>        per client IP          (LoginOptions)
//   net:<network>        per client /24 or /48  (StuffingOptions::network_failures)
//   slow-ip:<ip>, slow-net:<network>  slow-down thresholds (lock_base 0: they never lock)
//   svc:login            service-wide spike     (locks for spike_hold_seconds once spent)
// The wait happens between store transactions, never inside one.
//
// Thread-safety: immutable after construction; the store is thread-safe.
#ifndef KAKUNIN_SERVICE_STUFFING_H_
#define KAKUNIN_SERVICE_STUFFING_H_

#include <string>
#include <string_view>
#include <vector>

#include "kakunin/service.h"
#include "kakunin/store.h"

namespace kakunin::service {

// One password attempt's reservations. Each Attempt with a non-empty event list must be ended.
struct SignInGate {
  store::LimitResult limit;  // kLocked: refused (temporary block); nothing is left open.
  store::Attempt password;   // Account, IP and network budgets.
  store::Attempt slow;
  store::Attempt spike;
  bool slow_open = false;
  bool spike_open = false;
  bool delayed = false;       // The client waited slow_delay_ms.
  bool spike_active = false;  // Step-up for every correct password.
};

class StuffingDefence {
 public:
  StuffingDefence(StuffingOptions stuffing, LoginOptions login, std::function<void(int64_t)> sleep);

  // Errors: kInvalidArgument naming the option out of range.
  [[nodiscard]] static Result<void> Check(const StuffingOptions& options);

  // The client's network, e.g. "203.0.113.0/24".
  std::string Network(const Client& c) const;
  // The budgets a password check is charged to (account, IP, network).
  std::vector<store::FailureBudget> PasswordBudgets(const Client& c, std::string_view email) const;

  // Before the password is checked: waits if the client failed recently, then reserves one failure
  // in each budget (refusing if one is spent) and looks at the service-wide spike.
  [[nodiscard]] Result<SignInGate> Begin(store::AttemptStore& store, const Client& c, std::string_view email,
                                         const Clock& clock) const;
  // After the check: a success takes every reservation back.
  [[nodiscard]] Result<void> End(store::AttemptStore& store, const SignInGate& gate, const Client& c,
                                 std::string_view email, bool success, int64_t now) const;

 private:
  std::vector<store::FailureBudget> SlowBudgets(const Client& c) const;
  store::FailureBudget SpikeBudget() const;

  StuffingOptions o_;
  LoginOptions login_;
  std::function<void(int64_t)> sleep_;
};

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_STUFFING_H_
