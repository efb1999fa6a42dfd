// Authenticator apps through real HTTP: enrolment (secret, otpauth:// URI, QR), confirmation with
// recovery codes, the "totp" second step at sign-in with one step of drift, replay protection,
// single-use recovery codes, the shared attempt budget, and the secret sealed at rest. The
// server's clock is the test's, so steps are exact.
#include <atomic>
#include <set>
#include <thread>

#include "http_fixture.h"
#include "kakunin/otp.h"
#include "testing/paths.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;
using service::kStrongPassword;

constexpr int64_t kStart = 1'800'000'000;  // A multiple of 30: step 60,000,000 begins here.
constexpr char kEmail[] = "tomoko@example.com";

class TotpHttpTest : public HttpTest {
 protected:
  void SetUp() override {
    HttpTest::SetUp();
    clock_ = [this] { return now_.load(); };
    service::ServiceOptions o = service::TestOptions(dir_);
    o.resend.address_min_interval_seconds = 0;
    o.login.account_failures = 100;
    Start(o);
    token_ = SignUp(kEmail);
  }
  // Enrols and confirms; returns the recovery codes.
  std::vector<std::string> EnableTotp() {
    HttpReply enroll = Post("/v1/totp/enroll", {{"password", kStrongPassword}}, token_);
    EXPECT_EQ(enroll.status, 200) << enroll.body;
    key_ = otp::Base32Decode(enroll.body.value("secret", "")).value_or("");
    HttpReply confirm = Post("/v1/totp/confirm", {{"code", CodeAt(now_)}}, token_);
    EXPECT_EQ(confirm.status, 200) << confirm.body;
    return confirm.body.value("recovery_codes", std::vector<std::string>{});
  }
  std::string CodeAt(int64_t t) const { return otp::Totp(key_, t, 6).value_or(""); }
  // Whether `code` is right for some step of the window around now (codes repeat by chance).
  bool InWindow(const std::string& code) const {
    return code == CodeAt(now_ - 30) || code == CodeAt(now_) || code == CodeAt(now_ + 30);
  }
  // The n-th code that is wrong for every step of the window.
  std::string WrongCode(int n) const {
    char buf[8];
    for (int k = n;; ++k) {
      std::snprintf(buf, sizeof buf, "%06d", (k * 7919) % 1000000);
      if (!InWindow(buf)) return buf;
    }
  }
  // Password step of sign-in; returns the flow id of the TOTP challenge.
  std::string StartLogin() {
    HttpReply login = Post("/v1/login", {{"email", kEmail}, {"password", kStrongPassword}});
    EXPECT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(login.body.value("status", ""), "code_required");
    EXPECT_EQ(login.body.value("channel", ""), "totp");
    return login.body.value("flow_id", "");
  }
  HttpReply LoginCode(const std::string& flow, const std::string& code) {
    return Post("/v1/login/code", {{"flow_id", flow}, {"code", code}});
  }

  std::atomic<int64_t> now_{kStart};
  std::string token_;
  std::string key_;
};

TEST_F(TotpHttpTest, EnrolmentGivesSecretUriAndQrAndNeedsAConfirmingCode) {
  EXPECT_EQ(Post("/v1/totp/enroll", {{"password", kStrongPassword}}).status, 401);  // Session required.
  EXPECT_EQ(Post("/v1/totp/enroll", {{"password", "not the password 9"}}, token_).status, 401);
  HttpReply enroll = Post("/v1/totp/enroll", {{"password", kStrongPassword}}, token_);
  ASSERT_EQ(enroll.status, 200) << enroll.body;
  const std::string secret = enroll.body["secret"];
  EXPECT_EQ(secret.size(), 32u);  // 160 bits in base32.
  EXPECT_EQ(enroll.body["uri"], "otpauth://totp/kakunin:tomoko%40example.com?secret=" + secret +
                                    "&issuer=kakunin&algorithm=SHA1&digits=6&period=30");
  EXPECT_TRUE(enroll.body["qr"]["svg"].get<std::string>().starts_with("<svg"));
  EXPECT_NE(enroll.body["qr"]["text"].get<std::string>().find("\u2588"), std::string::npos);
  EXPECT_TRUE(enroll.body["qr"]["png_base64"].get<std::string>().starts_with("iVBORw0KGgo"));  // \x89PNG
  key_ = otp::Base32Decode(secret).value();
  // Until confirmed, sign-in does not ask for it.
  EXPECT_EQ(Post("/v1/login", {{"email", kEmail}, {"password", kStrongPassword}}).body["status"], "signed_in");
  const std::string right = CodeAt(now_);
  EXPECT_EQ(Post("/v1/totp/confirm", {{"code", WrongCode(0)}}, token_).body["error"], "invalid_code");
  HttpReply confirm = Post("/v1/totp/confirm", {{"code", right}}, token_);
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  EXPECT_EQ(confirm.body["two_step"], "totp");
  const auto codes = confirm.body["recovery_codes"].get<std::vector<std::string>>();
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  EXPECT_EQ(Call("GET", "/v1/me", nullptr, token_).body["two_step"], "totp");
  // A second enrolment would replace the working secret: refused while TOTP is on.
  EXPECT_EQ(Post("/v1/totp/enroll", {{"password", kStrongPassword}}, token_).body["error"], "totp_already_enabled");
  // The secret is sealed: neither its bytes nor its base32 form are in the database files.
  const std::string stored = kakunin::testing::Slurp(dir_ + "/kakunind.db") + kakunin::testing::Slurp(dir_ + "/kakunind.db-wal");
  EXPECT_EQ(stored.find(key_), std::string::npos);
  EXPECT_EQ(stored.find(secret), std::string::npos);
  for (const auto& code : codes) EXPECT_EQ(stored.find(code), std::string::npos) << code;
}

TEST_F(TotpHttpTest, SignInAcceptsOneStepOfDriftAndEachStepOnce) {
  EnableTotp();  // Step s0 accepted at confirmation.
  const size_t mails = kakunin::testing::ReadOutbox(dir_ + "/outbox").size();
  now_ += 300;  // Step s0 + 10.
  std::string flow = StartLogin();
  if (!InWindow(CodeAt(now_ - 60))) {
    EXPECT_EQ(LoginCode(flow, CodeAt(now_ - 60)).status, 400);  // Two steps back: outside the window.
  }
  HttpReply in = LoginCode(flow, CodeAt(now_ - 30));          // One step back: clock skew, accepted.
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(in.body["status"], "signed_in");
  EXPECT_EQ(LoginCode(flow, CodeAt(now_)).status, 400);  // The flow is used up.

  flow = StartLogin();
  EXPECT_EQ(LoginCode(flow, CodeAt(now_ - 30)).status, 400);  // Replay of an accepted step.
  EXPECT_EQ(LoginCode(flow, CodeAt(now_ + 30)).status, 200);  // One step ahead: accepted.
  flow = StartLogin();
  EXPECT_EQ(LoginCode(flow, CodeAt(now_)).status, 400);  // Not after the last accepted step.
  now_ += 30;
  EXPECT_EQ(LoginCode(flow, CodeAt(now_)).status, 400);  // Still the step accepted above.
  now_ += 30;
  EXPECT_EQ(LoginCode(flow, CodeAt(now_)).status, 200);
  // Nothing was mailed for the TOTP step, and a resend neither mails nor replaces it.
  flow = StartLogin();
  EXPECT_EQ(Post("/v1/login/code/resend", {{"flow_id", flow}}).status, 202);
  EXPECT_EQ(kakunin::testing::ReadOutbox(dir_ + "/outbox").size(), mails);
  now_ += 30;
  EXPECT_EQ(LoginCode(flow, CodeAt(now_)).status, 200);
}

TEST_F(TotpHttpTest, RecoveryCodesWorkOnceEach) {
  const auto codes = EnableTotp();
  ASSERT_EQ(codes.size(), 10u);
  std::string flow = StartLogin();
  HttpReply in = LoginCode(flow, codes[3]);
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(in.body["recovery_codes_left"], 9);
  flow = StartLogin();
  EXPECT_EQ(LoginCode(flow, codes[3]).status, 400);  // Used.
  // Typed with spaces and in upper case, another one works.
  std::string typed = codes[7];
  for (char& ch : typed) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(LoginCode(flow, " " + typed + " ").status, 200);
  // Without a flow whose password step passed they do nothing.
  EXPECT_EQ(LoginCode("1.nonsense", codes[0]).status, 400);
  // New codes (password required) replace the old ones.
  EXPECT_EQ(Post("/v1/totp/recovery-codes", {{"password", "not the password 9"}}, token_).status, 401);
  HttpReply fresh = Post("/v1/totp/recovery-codes", {{"password", kStrongPassword}}, token_);
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  const auto renewed = fresh.body["recovery_codes"].get<std::vector<std::string>>();
  ASSERT_EQ(renewed.size(), 10u);
  flow = StartLogin();
  EXPECT_EQ(LoginCode(flow, codes[0]).status, 400);  // An old, unused one: gone.
  HttpReply with_new = LoginCode(flow, renewed[0]);
  EXPECT_EQ(with_new.status, 200);
  EXPECT_EQ(with_new.body["recovery_codes_left"], 9);
}

TEST_F(TotpHttpTest, WrongCodesSpendTheAccountBudgetAcrossFlows) {
  EnableTotp();
  int invalid = 0;
  for (int flow_no = 0; flow_no < 4; ++flow_no) {  // A new sign-in flow after each five tries.
    const std::string flow = StartLogin();
    for (int i = 0; i < 5; ++i) invalid += LoginCode(flow, WrongCode(flow_no * 5 + i)).status == 400;
  }
  EXPECT_EQ(invalid, options_.codes.account_budget);  // 20 evaluated guesses, whatever the flows.
  // Spent: no new flow opens, so even the right code gets no compare.
  HttpReply login = Post("/v1/login", {{"email", kEmail}, {"password", kStrongPassword}});
  EXPECT_EQ(login.status, 429);
  EXPECT_EQ(login.body["error"], "locked");
  EXPECT_GT(std::stoi(login.Header("Retry-After")), 0);
}

TEST_F(TotpHttpTest, TheRightCodeSentConcurrentlyIsAcceptedOnce) {
  EnableTotp();
  now_ += 30;
  const std::string flow = StartLogin();
  const std::string code = CodeAt(now_);
  constexpr int kRequests = 24;
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", port_);
      for (int n = i; n < kRequests; n += 8) {
        auto r = client.Post("/v1/login/code", json{{"flow_id", flow}, {"code", code}}.dump(), "application/json");
        if (r && r->status == 200) ++ok;
        if (r && (r->status == 400 || r->status == 429)) ++refused;  // 429 once the budget is spent.
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(refused, kRequests - 1);
}

TEST_F(TotpHttpTest, TurningTwoStepOffDeletesTheSecret) {
  EnableTotp();
  HttpReply off = Post("/v1/account/two-step", {{"method", "off"}, {"password", kStrongPassword}}, token_);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(Post("/v1/login", {{"email", kEmail}, {"password", kStrongPassword}}).body["status"], "signed_in");
  auto stored = store_->FindTotp(1);
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->has_value());
  // A new enrolment gets a new secret.
  const std::string old_key = key_;
  EnableTotp();
  EXPECT_NE(key_, old_key);
}

}  // namespace
}  // namespace kakunin::kakunind
