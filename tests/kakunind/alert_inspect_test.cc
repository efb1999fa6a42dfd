// The mails the stuffing defence and the alerts add, given to `kakunin inspect` the way
// inspect_e2e_test.cc gives the others (the service's DKIM key in a zone, the service as a user
// brand): the new-sign-in alert and the step-up code mail are genuine, in Japanese and English,
// with the right notice and, for the code, the code it carries.
#include "http_fixture.h"
#include "inspect_fixture.h"
#include "kakunin/inspect.h"

namespace kakunin::kakunind {
namespace {

class AlertInspectTest : public HttpTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(AlertInspectTest, AlertAndStepUpMailsAreGenuine) {
  const std::string lang = GetParam();
  DkimOptions dkim;
  dkim.domain = "kakunin.example";
  auto setup = SetUpDkim(dkim, dir_);
  ASSERT_TRUE(setup.has_value()) << setup.error().ToString();
  service::ServiceOptions o = service::TestOptions(dir_);
  o.signer = setup->signer;
  o.mail.default_language = lang;
  o.resend.address_min_interval_seconds = 0;
  o.stuffing.spike_failures = 3;
  Start(o);
  const std::string email = "taro@example.net";
  SignUp(email);  // Session from 127.0.0.1 with httplib's user agent.
  // A sign-in from another browser: the alert.
  auto login = [&](const std::string& password, const std::string& ua) {
    httplib::Client client("127.0.0.1", port_);
    auto r = client.Post("/v1/login", {{"User-Agent", ua}},
                         nlohmann::json{{"email", email}, {"password", password}}.dump(), "application/json");
    EXPECT_TRUE(r);
    return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  };
  ASSERT_EQ(login(service::kStrongPassword, "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0").value("status", ""),
            "signed_in");
  const auto alert = LastMail(email);
  // Three failures start the spike: the next correct password gets a step-up code mail.
  for (int i = 0; i < 3; ++i) login("wrong " + std::to_string(i), "x");
  ASSERT_EQ(login(service::kStrongPassword, "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0").value("step_up", ""),
            "unusual_activity");
  const auto spike = LastMail(email);

  auto receiver = MakeReceiverView(*setup);
  ASSERT_TRUE(receiver.has_value());

  struct Case {
    const char* name;
    kakunin::testing::OutMessage mail;
    const char* notice;
    bool has_code;
  };
  for (const Case& c : {Case{"new_sign_in", alert, "sign_in_alert", false},
                        Case{"login_code_step_up", spike, "sign_in_code", true}}) {
    InspectOptions options;
    options.resolver = receiver->zone.get();
    options.brands = &receiver->registry;
    auto report = InspectBytes(c.mail.raw, options);
    ASSERT_TRUE(report.has_value()) << c.name;
    EXPECT_EQ(report->verdict, Verdict::kGenuine)
        << c.name << ": " << (report->reasons.empty() ? "" : report->reasons[0].message_en) << "\n" << c.mail.text;
    EXPECT_EQ(triage::NoticeKindName(report->notice.kind), c.notice) << c.name << "\n" << c.mail.text;
    if (c.has_code) {
      ASSERT_TRUE(report->notice.code.has_value()) << c.name;
      EXPECT_EQ(report->notice.code->code, c.mail.Code()) << c.name;
    }
    EXPECT_TRUE(report->authentication.authenticated) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, AlertInspectTest, ::testing::Values("ja", "en"));

}  // namespace
}  // namespace kakunin::kakunind
