// Sign-up flows through real HTTP: each sign-up is its own flow (flow id, code, password), so a
// second sign-up for a pending address (an attacker who knows the victim's address) can never
// make the victim's code activate the attacker's password (account pre-hijacking).
#include "http_fixture.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;

constexpr char kAttackerPassword[] = "attacker chosen passphrase 77";
constexpr char kVictim[] = "victim@example.com";

class SignupFlowsTest : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    service::ServiceOptions o = service::TestOptions(dir_);
    o.resend.address_min_interval_seconds = 0;  // Victim and attacker within the same minute.
    Start(o);
  }
  // Signs up and returns {flow id, the code mailed for it}.
  std::pair<std::string, std::string> SignUpFlow(const std::string& password, std::string* mail_text = nullptr) {
    HttpReply r = Post("/v1/signup", {{"email", kVictim}, {"password", password}});
    EXPECT_EQ(r.status, 202) << r.body;
    auto mail = LastMail(kVictim);
    if (mail_text != nullptr) *mail_text = mail.text;
    return {r.body.value("flow_id", ""), mail.Code()};
  }
  int Verify(const std::string& flow, const std::string& code) {
    return Post("/v1/email/verify", {{"email", kVictim}, {"flow_id", flow}, {"code", code}}).status;
  }
  int Login(const std::string& password) {
    return Post("/v1/login", {{"email", kVictim}, {"password", password}}).status;
  }
};

TEST_F(SignupFlowsTest, AttackerSigningUpAfterTheVictimNeverGetsHisPasswordActivated) {
  std::string victim_mail, attacker_mail;
  const auto [victim_flow, victim_code] = SignUpFlow(service::kStrongPassword, &victim_mail);
  const auto [attacker_flow, first_attacker_code] = SignUpFlow(kAttackerPassword, &attacker_mail);
  ASSERT_EQ(victim_flow.size(), 22u);
  ASSERT_NE(victim_flow, attacker_flow);
  // The attacker's code lands in the victim's inbox, saying why it was sent.
  for (const std::string* text : {&victim_mail, &attacker_mail}) {
    EXPECT_NE(text->find("someone asked to create a kakunin account with this address"), std::string::npos) << *text;
    EXPECT_NE(text->find("If this was not you, ignore this mail"), std::string::npos) << *text;
  }
  // A resend rotates the code within the attacker's flow only.
  ASSERT_EQ(Post("/v1/email/verify/resend", {{"email", kVictim}, {"flow_id", attacker_flow}}).status, 202);
  const std::string attacker_code = LastMail(kVictim).Code();
  if (attacker_code != first_attacker_code) {
    EXPECT_EQ(Verify(attacker_flow, first_attacker_code), 400);
  }
  // Codes work only in their own flow: the newest mail's code (the attacker's) cannot verify the
  // victim's flow, and the victim's code cannot verify the attacker's.
  if (attacker_code != victim_code) {
    EXPECT_EQ(Verify(victim_flow, attacker_code), 400);
    EXPECT_EQ(Verify(attacker_flow, victim_code), 400);
  }
  EXPECT_EQ(Login(service::kStrongPassword), 401);  // No account before verification.
  ASSERT_EQ(Verify(victim_flow, victim_code), 200);
  EXPECT_EQ(Login(service::kStrongPassword), 200);
  EXPECT_EQ(Login(kAttackerPassword), 401);
  // Even the attacker's own right code now does nothing: the address has its account.
  EXPECT_EQ(Verify(attacker_flow, attacker_code), 400);
  EXPECT_EQ(Login(kAttackerPassword), 401);
  EXPECT_EQ(Login(service::kStrongPassword), 200);
}

TEST_F(SignupFlowsTest, AttackerSigningUpBeforeTheVictimDoesNotReplaceTheVictimsPassword) {
  const auto [attacker_flow, attacker_code] = SignUpFlow(kAttackerPassword);
  const auto [victim_flow, victim_code] = SignUpFlow(service::kStrongPassword);
  ASSERT_EQ(Verify(victim_flow, victim_code), 200);
  EXPECT_EQ(Login(kAttackerPassword), 401);
  EXPECT_EQ(Login(service::kStrongPassword), 200);
  EXPECT_EQ(Verify(attacker_flow, attacker_code), 400);
}

TEST_F(SignupFlowsTest, OwnerSigningUpAgainGetsANoticeAndNoNewAccount) {
  SignUp(kVictim);
  HttpReply again = Post("/v1/signup", {{"email", kVictim}, {"password", kAttackerPassword}});
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body.value("flow_id", "").size(), 22u);  // Looks like any sign-up...
  auto notice = LastMail(kVictim);
  EXPECT_NE(notice.text.find("someone tried to create a kakunin account with this address, but it already has one"),
            std::string::npos)
      << notice.text;
  EXPECT_EQ(notice.Code(), "");
  // ...but no code works with that flow id and the new password is never set.
  EXPECT_EQ(Verify(again.body["flow_id"], "000000"), 400);
  EXPECT_EQ(Login(kAttackerPassword), 401);
  EXPECT_EQ(Login(service::kStrongPassword), 200);
}

TEST_F(SignupFlowsTest, ParallelFlowsShareOneBudget) {
  // Five pending flows with five tries each would be 25 guesses; the address budget allows 20.
  std::vector<std::pair<std::string, std::string>> flows;
  for (int i = 0; i < 5; ++i) flows.push_back(SignUpFlow(kAttackerPassword));
  int invalid = 0, locked = 0;
  for (const auto& [flow, code] : flows) {
    for (int i = 1; i <= 5; ++i) {
      char wrong[8];
      std::snprintf(wrong, sizeof wrong, "%06d", (std::stoi(code) + i) % 1000000);
      const int status = Verify(flow, wrong);
      invalid += status == 400;
      locked += status == 429;
    }
  }
  EXPECT_EQ(invalid, options_.codes.account_budget);
  EXPECT_EQ(locked, 25 - options_.codes.account_budget);
  // Spent: every flow is now refused without a compare, even with its right code.
  EXPECT_EQ(Verify(flows.back().first, flows.back().second), 429);
}

TEST_F(HttpTest, PendingFlowsPerAddressAreBounded) {
  service::ServiceOptions o = service::TestOptions(dir_);
  o.resend.address_min_interval_seconds = 0;
  o.resend.address_per_hour = 10;  // Above the bound of 5 pending flows, so the 6th evicts one.
  Start(o);
  std::vector<std::pair<std::string, std::string>> flows;
  for (int i = 0; i < 6; ++i) {
    HttpReply r = Post("/v1/signup", {{"email", kVictim}, {"password", service::kStrongPassword}});
    ASSERT_EQ(r.status, 202);
    flows.emplace_back(r.body["flow_id"], LastMail(kVictim).Code());
  }
  auto verify = [&](const std::pair<std::string, std::string>& f) {
    return Post("/v1/email/verify", {{"email", kVictim}, {"flow_id", f.first}, {"code", f.second}}).status;
  };
  // The flow that expires first goes (within one second: ties broken by flow id); never the new one.
  std::vector<size_t> gone;
  for (size_t i = 0; i < flows.size(); ++i) {
    auto found = store_->FindCode(store::Purpose::kVerifyEmail, std::string("e:") + kVictim, flows[i].first);
    ASSERT_TRUE(found.has_value());
    if (!found->has_value()) gone.push_back(i);
  }
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_LT(gone[0], 5u);
  EXPECT_EQ(verify(flows[gone[0]]), 400);
  EXPECT_EQ(verify(flows.back()), 200);
}

}  // namespace
}  // namespace kakunin::kakunind
