// Mail to the owner about their account: a sign-in from a new network or browser, and notices to
// the old address when the address changes.
#include "service/alerts.h"
#include "service/mail.h"
#include "service_fixture.h"

namespace kakunin::service {
namespace {

constexpr char kFirefox[] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

TEST(DescribeUserAgentTest, NamesFromFixedListsOnly) {
  EXPECT_EQ(DescribeUserAgent(kFirefox), "Firefox on Linux");
  EXPECT_EQ(DescribeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                              "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"),
            "Safari on iPhone");
  EXPECT_EQ(DescribeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"),
            "Edge on Windows");
  EXPECT_EQ(DescribeUserAgent("curl/8.5.0"), "curl");
  // Text an attacker would like to see in a genuine mail never gets through.
  EXPECT_EQ(DescribeUserAgent("URGENT: call +81-3-0000-0000 or visit https://evil.example/login"), "unknown browser");
  EXPECT_EQ(DescribeIp("198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(DescribeIp("2001:0db8:0000::0001"), "2001:db8::1");
  EXPECT_EQ(DescribeIp("<a href=x>"), "unknown");
}

class AlertTest : public ServiceTest {
 protected:
  // The session CreateAccount leaves is from 192.0.2.1 with user agent "test".
  void SetUp() override {
    ServiceTest::SetUp();
    CreateAccount("owner@example.com");
    mails_ = MailCount();
  }
  // Mails to the owner since the last call.
  size_t NewMails() {
    const size_t now = MailCount();
    return now - std::exchange(mails_, now);
  }
  size_t mails_ = 0;
};

TEST_F(AlertTest, SignInFromANewNetworkMailsTheOwner) {
  const Client stranger{"198.51.100.7", kFirefox, ""};
  ASSERT_EQ(service_->Login(stranger, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  ASSERT_EQ(NewMails(), 1u);
  auto mail = LastMail("owner@example.com");
  EXPECT_NE(mail.text.find("signed in to from a browser or network"), std::string::npos) << mail.text;
  EXPECT_NE(mail.text.find("IP address: 198.51.100.7"), std::string::npos) << mail.text;
  EXPECT_NE(mail.text.find("Browser: Firefox on Linux"), std::string::npos) << mail.text;
  EXPECT_NE(mail.text.find("Time: " + MailDate(now_)), std::string::npos) << mail.text;
  EXPECT_NE(mail.text.find("If this was not you"), std::string::npos);
  EXPECT_EQ(mail.text.find("Gecko"), std::string::npos);  // Never the raw User-Agent.
  EXPECT_EQ(mail.Code(), "");
  // The same client again: it has a session now, so no second mail.
  ASSERT_EQ(service_->Login(stranger, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  EXPECT_EQ(NewMails(), 0u);
}

TEST_F(AlertTest, KnownNetworkAndBrowserSendNothing) {
  // Another address of the same /24, same user agent as the session from sign-up.
  ASSERT_EQ(service_->Login({"192.0.2.77", "test", ""}, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  EXPECT_EQ(NewMails(), 0u);
  // The same network with another browser is new.
  ASSERT_EQ(service_->Login({"192.0.2.77", kFirefox, ""}, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  EXPECT_EQ(NewMails(), 1u);
  // A failed sign-in from anywhere sends nothing.
  EXPECT_EQ(service_->Login({"203.0.113.9", kFirefox, ""}, "owner@example.com", "wrong").error, "invalid_credentials");
  EXPECT_EQ(NewMails(), 0u);
}

TEST_F(AlertTest, AttackerTextInTheUserAgentNeverReachesTheMail) {
  const Client odd{"203.0.113.5", "Your account is locked, call +81-3-0000-0000 https://evil.example", ""};
  ASSERT_EQ(service_->Login(odd, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  auto mail = LastMail("owner@example.com");
  EXPECT_NE(mail.text.find("Browser: unknown browser"), std::string::npos) << mail.text;
  EXPECT_EQ(mail.raw.find("evil"), std::string::npos);
  EXPECT_EQ(mail.text.find("+81"), std::string::npos);
}

TEST_F(AlertTest, AlertsAreCappedPerHourAndCanBeSwitchedOff) {
  ServiceOptions o = TestOptions(dir_);
  o.alerts.per_hour = 2;
  Open(o);
  for (int i = 0; i < 4; ++i) {
    const Client c{"203.0." + std::to_string(i) + ".1", "test", ""};
    ASSERT_EQ(service_->Login(c, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  }
  EXPECT_EQ(NewMails(), 2u);
  now_ += 3601;
  o.alerts.new_sign_in = false;
  Open(o);
  ASSERT_EQ(service_->Login({"203.0.200.1", "test", ""}, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  EXPECT_EQ(NewMails(), 0u);
}

TEST_F(AlertTest, SignInAfterTheCodeStepAlertsToo) {
  ServiceOptions o = TestOptions(dir_);
  o.login.require_two_step = true;
  Open(o);
  Reply step = service_->Login({"203.0.113.7", kFirefox, ""}, "owner@example.com", kStrongPassword);
  ASSERT_EQ(step.body.value("status", ""), "code_required");
  const std::string code = LastMail("owner@example.com").Code();
  NewMails();
  ASSERT_EQ(service_->LoginCode({"203.0.113.7", kFirefox, ""}, step.body.value("flow_id", ""), code).outcome,
            Outcome::kOk);
  EXPECT_EQ(NewMails(), 1u);
  EXPECT_NE(LastMail("owner@example.com").text.find("IP address: 203.0.113.7"), std::string::npos);
}

TEST_F(AlertTest, AddressChangeMailsTheOldAddressTwice) {
  auto login = service_->Login({"192.0.2.1", "test", ""}, "owner@example.com", kStrongPassword);
  auto session = service_->Authenticate(login.session_token);
  ASSERT_TRUE(session.has_value());
  ASSERT_EQ(service_->RequestEmailChange(client_, *session, "moved@example.net", kStrongPassword).outcome,
            Outcome::kAccepted);
  // The old address hears of the request at once (before anything changes)...
  auto requested = LastMail("owner@example.com");
  EXPECT_NE(requested.text.find("asked to change its address to moved@example.net"), std::string::npos)
      << requested.text;
  EXPECT_EQ(requested.Code(), "");  // The code goes to the new address only.
  const std::string code = LastMail("moved@example.net").Code();
  ASSERT_FALSE(code.empty());
  ASSERT_EQ(service_->ConfirmEmailChange(client_, *session, code).outcome, Outcome::kOk);
  // ...and of the change once it is done.
  auto changed = LastMail("owner@example.com");
  EXPECT_NE(changed.text.find("was changed to moved@example.net"), std::string::npos) << changed.text;
  EXPECT_NE(changed.text.find("If this was not you"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::service
