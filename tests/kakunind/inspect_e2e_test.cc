// The end-to-end proof of issue 9: every mail kakunind sends, given to `kakunin inspect` with the
// service's DKIM key in a zone and the service as a brand in a user brand file, is genuine, with
// the right notice and the code the mail carries.
#include <map>

#include "http_fixture.h"
#include "inspect_fixture.h"
#include "kakunin/inspect.h"

namespace kakunin::kakunind {
namespace {

class InspectE2eTest : public HttpTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(InspectE2eTest, EveryMailIsGenuineWithItsNoticeAndCode) {
  DkimOptions dkim;
  dkim.algorithm = GetParam();
  dkim.domain = "kakunin.example";
  auto setup = SetUpDkim(dkim, dir_);
  ASSERT_TRUE(setup.has_value()) << setup.error().ToString();
  service::ServiceOptions o = service::TestOptions(dir_);
  o.signer = setup->signer;
  o.resend.address_min_interval_seconds = 0;
  Start(o);

  // The zone a receiver would see (the printed key record, plus DMARC) and the user brand.
  auto receiver = MakeReceiverView(*setup);
  ASSERT_TRUE(receiver.has_value());

  // Sign-up (address verification), then a password reset.
  const std::string email = "hanako@example.net";
  HttpReply signup = Post("/v1/signup", {{"email", email}, {"password", service::kStrongPassword}});
  ASSERT_EQ(signup.status, 202);
  const auto signup_mail = LastMail(email);
  ASSERT_EQ(Post("/v1/email/verify", {{"email", email}, {"flow_id", signup.body["flow_id"]}, {"code", signup_mail.Code()}})
                .status,
            200);
  ASSERT_EQ(Post("/v1/password/reset", {{"email", email}}).status, 202);
  const auto reset_mail = LastMail(email);

  const std::map<std::string, std::pair<kakunin::testing::OutMessage, std::string>> cases = {
      {"signup", {signup_mail, "email_verification"}}, {"reset", {reset_mail, "password_reset"}}};
  for (const auto& [name, c] : cases) {
    const auto& [mail, notice] = c;
    InspectOptions options;
    options.resolver = receiver->zone.get();
    options.brands = &receiver->registry;
    auto report = InspectBytes(mail.raw, options);
    ASSERT_TRUE(report.has_value()) << name;
    EXPECT_EQ(report->verdict, Verdict::kGenuine)
        << name << ": " << (report->reasons.empty() ? "" : report->reasons[0].message_en);
    EXPECT_EQ(report->brand.value_or(""), "kakunin_example") << name;
    EXPECT_EQ(triage::NoticeKindName(report->notice.kind), notice) << name << "\n" << mail.text;
    ASSERT_TRUE(report->notice.code.has_value()) << name << "\n" << mail.text;
    EXPECT_EQ(report->notice.code->code, mail.Code()) << name;
    EXPECT_TRUE(report->authentication.authenticated) << name << ": " << report->authentication.summary_en;
  }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, InspectE2eTest, ::testing::Values("ed25519", "rsa"));

}  // namespace
}  // namespace kakunin::kakunind
