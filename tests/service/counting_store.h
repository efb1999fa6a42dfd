// A store::Store that forwards to another and counts the calls by method, for tests that compare
// the store work of two requests (enumeration safety) or need the store to fail (health, or one
// step of a flow).
#ifndef KAKUNIN_TESTS_SERVICE_COUNTING_STORE_H_
#define KAKUNIN_TESTS_SERVICE_COUNTING_STORE_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "kakunin/store.h"

namespace kakunin::testing {

class CountingStore : public store::Store {
 public:
  explicit CountingStore(std::shared_ptr<store::Store> inner) : inner_(std::move(inner)) {}

  std::map<std::string, int> TakeCounts() {
    std::lock_guard lock(mu_);
    return std::exchange(counts_, {});
  }
  std::atomic<bool> fail{false};  // Every call answers kIo while set.
  // The next call of `method` (e.g. "SetEmail") answers kIo; the calls after it go through.
  void FailNext(std::string method) {
    std::lock_guard lock(mu_);
    fail_next_ = std::move(method);
  }

#define KAKUNIN_FORWARD(Ret, Name, Params, Args)                   \
  Result<Ret> Name Params override {                               \
    Count(#Name);                                                  \
    if (fail || Failing(#Name)) return Fail(ErrorCode::kIo, "store down (test)"); \
    return inner_->Name Args;                                      \
  }
  KAKUNIN_FORWARD(store::LimitResult, IssueCode, (const store::IssueRequest& r), (r))
  KAKUNIN_FORWARD(store::VerifyResult, VerifyCode, (const store::VerifyRequest& r), (r))
  KAKUNIN_FORWARD(std::optional<store::Code>, FindCode, (store::Purpose p, std::string_view s, std::string_view f), (p, s, f))
  KAKUNIN_FORWARD(store::Attempt, BeginAttempt, (const std::vector<store::FailureBudget>& b, int64_t now), (b, now))
  KAKUNIN_FORWARD(void, EndAttempt, (const store::Attempt& a, const std::vector<store::FailureBudget>& b, bool ok, int64_t now),
                  (a, b, ok, now))
  KAKUNIN_FORWARD(store::LimitResult, ConsumeLimits, (const std::vector<store::WindowLimit>& l, int64_t now), (l, now))
  KAKUNIN_FORWARD(std::optional<store::Account>, FindAccountByEmail, (std::string_view e), (e))
  KAKUNIN_FORWARD(std::optional<store::Account>, FindAccount, (int64_t id), (id))
  KAKUNIN_FORWARD(std::optional<int64_t>, CreateAccount, (const store::Account& a), (a))
  KAKUNIN_FORWARD(void, SetPasswordHash, (int64_t id, std::string_view h), (id, h))
  KAKUNIN_FORWARD(bool, SetEmail, (int64_t id, std::string_view e), (id, e))
  KAKUNIN_FORWARD(void, SetTwoStep, (int64_t id, std::string_view m, std::string_view p), (id, m, p))
  KAKUNIN_FORWARD(bool, PutTotp, (const store::TotpSecret& s), (s))
  KAKUNIN_FORWARD(std::optional<store::TotpSecret>, FindTotp, (int64_t id), (id))
  KAKUNIN_FORWARD(store::TotpVerifyResult, VerifyTotp, (const store::TotpVerifyRequest& r), (r))
  KAKUNIN_FORWARD(bool, ReplaceRecoveryCodes, (int64_t id, const std::vector<std::string>& h), (id, h))
  KAKUNIN_FORWARD(void, CreateSession, (const store::Session& s), (s))
  KAKUNIN_FORWARD(std::optional<store::Session>, FindSession, (std::string_view h, int64_t now), (h, now))
  KAKUNIN_FORWARD(std::vector<store::Session>, ListSessions, (int64_t id, int64_t now), (id, now))
  KAKUNIN_FORWARD(bool, DeleteSession, (int64_t id, std::string_view s), (id, s))
  KAKUNIN_FORWARD(int, DeleteSessions, (int64_t id, std::string_view keep), (id, keep))
  KAKUNIN_FORWARD(void, Enqueue, (const store::QueuedMessage& m), (m))
  KAKUNIN_FORWARD(std::vector<store::QueuedMessage>, Pending, (int limit), (limit))
  KAKUNIN_FORWARD(void, Remove, (int64_t id), (id))
  KAKUNIN_FORWARD(int64_t, QueuedCount, (), ())
#undef KAKUNIN_FORWARD

 private:
  void Count(const char* name) {
    std::lock_guard lock(mu_);
    ++counts_[name];
  }
  bool Failing(const char* name) {
    std::lock_guard lock(mu_);
    if (fail_next_ != name) return false;
    fail_next_.clear();
    return true;
  }
  std::shared_ptr<store::Store> inner_;
  std::mutex mu_;
  std::map<std::string, int> counts_;
  std::string fail_next_;
};

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_SERVICE_COUNTING_STORE_H_
