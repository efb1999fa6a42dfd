// TOTP storage cases run on every engine (SQLite; Redis + PostgreSQL): enrolment states, the
// replay rule under concurrency (two store objects, as two processes or nodes), recovery codes
// used once, and two-step changes deleting the secret. Each takes stores holding one account.
#ifndef KAKUNIN_TESTS_STORE_TOTP_CASES_H_
#define KAKUNIN_TESTS_STORE_TOTP_CASES_H_

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "kakunin/store.h"

namespace kakunin::store::totp_cases {

inline constexpr int64_t kNow = 1'800'000'000;

inline FailureBudget Budget(int64_t id) { return FailureBudget{"code:a:" + std::to_string(id), 20, 86400, 3600, 7 * 86400}; }

inline int64_t CreateAccount(Store& store) {
  Account a;
  a.email = "a@example.com";
  a.password_hash = "x";
  a.language = "en";
  auto id = store.CreateAccount(a);
  EXPECT_TRUE(id.has_value() && id->has_value());
  return id.has_value() && id->has_value() ? **id : 0;
}

inline TotpSecret Secret(int64_t id, const std::string& sealed) {
  TotpSecret t;
  t.account_id = id;
  t.sealed_secret = sealed;
  t.created_at = kNow;
  return t;
}

// A request whose match accepts `step` when the candidate is "RIGHT".
inline TotpVerifyRequest Request(int64_t id, const std::string& flow, const std::string& candidate, int64_t step) {
  TotpVerifyRequest r;
  r.now = kNow;
  r.account_id = id;
  r.login_flow_id = flow;
  r.budget = Budget(id);
  r.match = [candidate, step](const TotpSecret&) -> std::optional<int64_t> {
    if (candidate == "RIGHT") return step;
    return std::nullopt;
  };
  return r;
}

// Opens a sign-in flow for the account.
inline void OpenFlow(Store& store, int64_t id, const std::string& flow) {
  IssueRequest r;
  r.now = kNow;
  r.budget = Budget(id);
  Code c;
  c.purpose = Purpose::kLogin;
  c.subject = "a:" + std::to_string(id);
  c.flow_id = flow;
  c.address = "a@example.com";
  c.created_at = kNow;
  c.expires_at = kNow + 600;
  r.code = c;
  auto issued = store.IssueCode(r);
  ASSERT_TRUE(issued.has_value()) << issued.error().ToString();
  ASSERT_EQ(issued->status, LimitStatus::kOk);
}

inline void ConfirmThenSignInWithReplayRuleAndRecoveryCodes(Store& store) {
  const int64_t id = CreateAccount(store);
  ASSERT_TRUE(*store.PutTotp(Secret(id, "S1")));
  ASSERT_TRUE(*store.PutTotp(Secret(id, "S2")));  // Unconfirmed: replaced.
  EXPECT_EQ(store.FindTotp(id)->value().sealed_secret, "S2");
  // Sign-in is not possible before confirmation.
  OpenFlow(store, id, "f1");
  EXPECT_EQ(store.VerifyTotp(Request(id, "f1", "RIGHT", 10))->status, VerifyStatus::kRejected);
  TotpVerifyRequest confirm = Request(id, "", "RIGHT", 10);
  confirm.new_recovery_hashes = {"R1", "R2", "R3"};
  auto confirmed = store.VerifyTotp(confirm);
  ASSERT_EQ(confirmed->status, VerifyStatus::kAccepted);
  EXPECT_EQ(confirmed->recovery_codes_left, 3);
  EXPECT_FALSE(*store.PutTotp(Secret(id, "S3")));  // Confirmed: not replaced.
  EXPECT_EQ(store.FindTotp(id)->value().last_step, 10);

  OpenFlow(store, id, "f2");
  EXPECT_EQ(store.VerifyTotp(Request(id, "f2", "RIGHT", 10))->status, VerifyStatus::kRejected);  // Replay.
  EXPECT_EQ(store.VerifyTotp(Request(id, "f2", "RIGHT", 9))->status, VerifyStatus::kRejected);   // Older.
  EXPECT_EQ(store.VerifyTotp(Request(id, "f2", "RIGHT", 11))->status, VerifyStatus::kAccepted);
  EXPECT_EQ(store.VerifyTotp(Request(id, "f2", "RIGHT", 12))->status, VerifyStatus::kRejected);  // Flow used.

  OpenFlow(store, id, "f3");
  TotpVerifyRequest recovery = Request(id, "f3", "WRONG", 0);
  recovery.recovery_hash = "R2";
  auto used = store.VerifyTotp(recovery);
  ASSERT_EQ(used->status, VerifyStatus::kAccepted);
  EXPECT_TRUE(used->used_recovery_code);
  EXPECT_EQ(used->recovery_codes_left, 2);
  OpenFlow(store, id, "f4");
  recovery.login_flow_id = "f4";
  EXPECT_EQ(store.VerifyTotp(recovery)->status, VerifyStatus::kRejected);  // Used once already.

  ASSERT_TRUE(store.SetTwoStep(id, "email", "").has_value());
  EXPECT_FALSE(store.FindTotp(id)->has_value());
}

// 16 requests with the right code for step 11 on one sign-in flow, through two store objects.
inline void TheSameStepIsAcceptedOnceUnderConcurrency(Store& store, Store& second) {
  const int64_t id = CreateAccount(store);
  ASSERT_TRUE(*store.PutTotp(Secret(id, "S")));
  ASSERT_EQ(store.VerifyTotp(Request(id, "", "RIGHT", 10))->status, VerifyStatus::kAccepted);
  constexpr int kRacers = 16;
  std::atomic<int> accepted{0}, rejected{0};
  OpenFlow(store, id, "race");
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      Store& s = i % 2 == 0 ? store : second;
      auto r = s.VerifyTotp(Request(id, "race", "RIGHT", 11));
      if (r && r->status == VerifyStatus::kAccepted) ++accepted;
      if (r && r->status == VerifyStatus::kRejected) ++rejected;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(rejected, kRacers - 1);
  EXPECT_EQ(store.FindTotp(id)->value().last_step, 11);
}

// Wrong TOTP codes are charged to the account's code budget: once it is spent, even the right
// code is refused (kLocked) until the lock ends.
inline void WrongCodesSpendTheAccountBudget(Store& store) {
  const int64_t id = CreateAccount(store);
  ASSERT_TRUE(*store.PutTotp(Secret(id, "S")));
  int charged = 0;
  for (int i = 0; i < 40; ++i) {
    TotpVerifyRequest r = Request(id, "", "WRONG", 0);
    auto result = store.VerifyTotp(r);
    ASSERT_TRUE(result.has_value());
    if (result->status == VerifyStatus::kLocked) break;
    EXPECT_EQ(result->status, VerifyStatus::kRejected);
    ++charged;
  }
  EXPECT_EQ(charged, Budget(id).max_failures);
  auto right = store.VerifyTotp(Request(id, "", "RIGHT", 10));
  ASSERT_TRUE(right.has_value());
  EXPECT_EQ(right->status, VerifyStatus::kLocked);
  EXPECT_GT(right->retry_after, 0);
}

}  // namespace kakunin::store::totp_cases

#endif  // KAKUNIN_TESTS_STORE_TOTP_CASES_H_
