// TOTP storage: enrolment states, the replay rule under concurrency (two store objects on one
// file, as two processes), recovery codes used once, and two-step changes deleting the secret.
#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.h"

namespace kakunin::store {
namespace {

constexpr int64_t kNow = 1'800'000'000;

class TotpStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Account a;
    a.email = "a@example.com";
    a.password_hash = "x";
    a.language = "en";
    auto id = store_->CreateAccount(a);
    ASSERT_TRUE(id.has_value() && id->has_value());
    id_ = **id;
  }
  TotpSecret Secret(const std::string& sealed) const {
    TotpSecret t;
    t.account_id = id_;
    t.sealed_secret = sealed;
    t.created_at = kNow;
    return t;
  }
  // A request whose match accepts `step` when the candidate is "RIGHT".
  TotpVerifyRequest Request(const std::string& flow, const std::string& candidate, int64_t step) const {
    TotpVerifyRequest r;
    r.now = kNow;
    r.account_id = id_;
    r.login_flow_id = flow;
    r.budget = Budget("code:a:" + std::to_string(id_));
    r.match = [candidate, step](const TotpSecret&) -> std::optional<int64_t> {
      if (candidate == "RIGHT") return step;
      return std::nullopt;
    };
    return r;
  }
  // Opens a sign-in flow row for the account.
  void OpenFlow(const std::string& flow) {
    IssueRequest r;
    r.now = kNow;
    r.budget = Budget("code:a:" + std::to_string(id_));
    Code c = MakeCode("a:" + std::to_string(id_), "", kNow);
    c.purpose = Purpose::kLogin;
    c.flow_id = flow;
    r.code = c;
    ASSERT_EQ(store_->IssueCode(r)->status, LimitStatus::kOk);
  }
  int64_t id_ = 0;
};

TEST_F(TotpStoreTest, ConfirmThenSignInWithReplayRuleAndRecoveryCodes) {
  ASSERT_TRUE(*store_->PutTotp(Secret("S1")));
  ASSERT_TRUE(*store_->PutTotp(Secret("S2")));  // Unconfirmed: replaced.
  EXPECT_EQ(store_->FindTotp(id_)->value().sealed_secret, "S2");
  // Sign-in is not possible before confirmation.
  OpenFlow("f1");
  EXPECT_EQ(store_->VerifyTotp(Request("f1", "RIGHT", 10))->status, VerifyStatus::kRejected);
  TotpVerifyRequest confirm = Request("", "RIGHT", 10);
  confirm.new_recovery_hashes = {"R1", "R2", "R3"};
  auto confirmed = store_->VerifyTotp(confirm);
  ASSERT_EQ(confirmed->status, VerifyStatus::kAccepted);
  EXPECT_EQ(confirmed->recovery_codes_left, 3);
  EXPECT_FALSE(*store_->PutTotp(Secret("S3")));  // Confirmed: not replaced.
  EXPECT_EQ(store_->FindTotp(id_)->value().last_step, 10);

  OpenFlow("f2");
  EXPECT_EQ(store_->VerifyTotp(Request("f2", "RIGHT", 10))->status, VerifyStatus::kRejected);  // Replay.
  EXPECT_EQ(store_->VerifyTotp(Request("f2", "RIGHT", 9))->status, VerifyStatus::kRejected);   // Older.
  EXPECT_EQ(store_->VerifyTotp(Request("f2", "RIGHT", 11))->status, VerifyStatus::kAccepted);
  EXPECT_EQ(store_->VerifyTotp(Request("f2", "RIGHT", 12))->status, VerifyStatus::kRejected);  // Flow used.

  OpenFlow("f3");
  TotpVerifyRequest recovery = Request("f3", "WRONG", 0);
  recovery.recovery_hash = "R2";
  auto used = store_->VerifyTotp(recovery);
  ASSERT_EQ(used->status, VerifyStatus::kAccepted);
  EXPECT_TRUE(used->used_recovery_code);
  EXPECT_EQ(used->recovery_codes_left, 2);
  OpenFlow("f4");
  recovery.login_flow_id = "f4";
  EXPECT_EQ(store_->VerifyTotp(recovery)->status, VerifyStatus::kRejected);  // Used once already.

  ASSERT_TRUE(store_->SetTwoStep(id_, "email", "").has_value());
  EXPECT_FALSE(store_->FindTotp(id_)->has_value());
}

TEST_F(TotpStoreTest, TheSameStepIsAcceptedOnceUnderConcurrency) {
  ASSERT_TRUE(*store_->PutTotp(Secret("S")));
  ASSERT_EQ(store_->VerifyTotp(Request("", "RIGHT", 10))->status, VerifyStatus::kAccepted);
  auto second = OpenSqliteStore(path_);
  ASSERT_TRUE(second.has_value());
  // 16 requests with the right code for step 11 on one sign-in flow, through two store objects.
  constexpr int kRacers = 16;
  std::atomic<int> accepted{0}, rejected{0};
  OpenFlow("race");
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      Store& s = i % 2 == 0 ? *store_ : **second;
      auto r = s.VerifyTotp(Request("race", "RIGHT", 11));
      if (r && r->status == VerifyStatus::kAccepted) ++accepted;
      if (r && r->status == VerifyStatus::kRejected) ++rejected;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(rejected, kRacers - 1);
  EXPECT_EQ(store_->FindTotp(id_)->value().last_step, 11);
}

}  // namespace
}  // namespace kakunin::store
