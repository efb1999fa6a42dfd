// Every route and every limit through real HTTP on 127.0.0.1.
#include "http_fixture.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;
using service::kStrongPassword;

TEST_F(HttpTest, HealthAnswers) {
  Start();
  HttpReply r = Call("GET", "/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["status"], "ok");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
}

TEST_F(HttpTest, SignupVerifyLoginMeSessionsLogout) {
  Start();
  HttpReply signup = Post("/v1/signup", {{"email", "alice@example.com"}, {"password", kStrongPassword}});
  ASSERT_EQ(signup.status, 202);
  const std::string flow = signup.body.value("flow_id", "");
  const std::string code = LastMail("alice@example.com").Code();
  ASSERT_EQ(code.size(), 6u);
  HttpReply no_flow = Post("/v1/email/verify", {{"email", "alice@example.com"}, {"code", code}});
  EXPECT_EQ(no_flow.status, 400);
  EXPECT_EQ(no_flow.body["error"], "missing_field");
  HttpReply verify = Post("/v1/email/verify", {{"email", "alice@example.com"}, {"flow_id", flow}, {"code", code}});
  ASSERT_EQ(verify.status, 200);
  const std::string cookie = verify.Header("Set-Cookie");
  EXPECT_NE(cookie.find("kakunin_session="), std::string::npos);
  for (const char* flag : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"}) {
    EXPECT_NE(cookie.find(flag), std::string::npos) << flag;
  }
  HttpReply again = Post("/v1/email/verify", {{"email", "alice@example.com"}, {"flow_id", flow}, {"code", code}});
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.body["error"], "invalid_code");

  HttpReply login = Post("/v1/login", {{"email", "alice@example.com"}, {"password", kStrongPassword}});
  ASSERT_EQ(login.status, 200);
  const std::string token = login.body["token"];
  // The cookie works as well as the Bearer token.
  HttpReply me = Call("GET", "/v1/me", nullptr, "", {{"Cookie", "other=1; kakunin_session=" + token}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body["email"], "alice@example.com");
  HttpReply sessions = Call("GET", "/v1/sessions", nullptr, token);
  ASSERT_EQ(sessions.body["sessions"].size(), 2u);
  std::string other;
  for (const auto& s : sessions.body["sessions"]) {
    if (!s["current"].get<bool>()) other = s["id"];
  }
  EXPECT_EQ(Call("DELETE", "/v1/sessions/" + other, nullptr, token).status, 200);
  EXPECT_EQ(Call("DELETE", "/v1/sessions/" + other, nullptr, token).status, 404);
  EXPECT_EQ(Call("GET", "/v1/me", nullptr, verify.body["token"]).status, 401);
  HttpReply out = Post("/v1/logout", json::object(), token);
  EXPECT_EQ(out.status, 200);
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  HttpReply gone = Call("GET", "/v1/me", nullptr, token);
  EXPECT_EQ(gone.status, 401);
  EXPECT_EQ(gone.body["error"], "no_session");
}

TEST_F(HttpTest, TwoStepSignIn) {
  service::ServiceOptions o = service::TestOptions(dir_);
  o.resend.address_min_interval_seconds = 0;
  o.resend.address_per_hour = 2;  // Sign-up mail, sign-in code, then no resend this hour.
  Start(o);
  std::string token = SignUp("bob@example.com");
  HttpReply set = Post("/v1/account/two-step", {{"method", "email"}, {"password", kStrongPassword}}, token);
  ASSERT_EQ(set.status, 200) << set.body;
  HttpReply login = Post("/v1/login", {{"email", "bob@example.com"}, {"password", kStrongPassword}});
  ASSERT_EQ(login.status, 200);
  ASSERT_EQ(login.body["status"], "code_required");
  EXPECT_TRUE(login.Header("Set-Cookie").empty());
  const std::string flow = login.body["flow_id"];
  const std::string code = LastMail("bob@example.com").Code();
  EXPECT_EQ(Post("/v1/login/code/resend", {{"flow_id", flow}}).status, 429);
  HttpReply done = Post("/v1/login/code", {{"flow_id", flow}, {"code", code}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body["status"], "signed_in");
  EXPECT_EQ(Post("/v1/login/code", {{"flow_id", flow}, {"code", code}}).status, 400);
}

TEST_F(HttpTest, SmsTwoStepNeedsThePhoneConfirmedFirst) {
  Start();
  std::string token = SignUp("sms@example.com");
  HttpReply set = Post("/v1/account/two-step", {{"method", "sms"}, {"phone", "+819011112222"}, {"password", kStrongPassword}},
                       token);
  ASSERT_EQ(set.status, 202) << set.body;
  EXPECT_EQ(Call("GET", "/v1/me", nullptr, token).body["two_step"], "off");
  ASSERT_TRUE(service_->DeliverPending().has_value());
  const std::string code = kakunin::testing::LastTo(dir_ + "/sms-outbox", "+819011112222").Code();
  ASSERT_EQ(code.size(), 6u);
  HttpReply ok = Post("/v1/account/two-step/confirm", {{"code", code}}, token);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Call("GET", "/v1/me", nullptr, token).body["two_step"], "sms");
  EXPECT_EQ(Post("/v1/account/two-step/confirm", {{"code", code}}, token).status, 400);
}

TEST_F(HttpTest, PasswordReset) {
  Start();
  std::string token = SignUp("carol@example.com");
  ASSERT_EQ(Post("/v1/password/reset", {{"email", "carol@example.com"}}).status, 429);  // Same minute as sign-up.
  service::ServiceOptions o = service::TestOptions(dir_);
  StopServer();
  o.resend.address_min_interval_seconds = 0;
  Start(o);
  ASSERT_EQ(Post("/v1/password/reset", {{"email", "carol@example.com"}}).status, 202);
  const std::string code = LastMail("carol@example.com").Code();
  HttpReply weak = Post("/v1/password/reset/confirm",
                        {{"email", "carol@example.com"}, {"code", code}, {"new_password", "password1"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.body["error"], "password_too_weak");
  HttpReply ok = Post("/v1/password/reset/confirm",
                      {{"email", "carol@example.com"}, {"code", code}, {"new_password", "fresh long passphrase c"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Call("GET", "/v1/me", nullptr, token).status, 401);
  EXPECT_EQ(Post("/v1/login", {{"email", "carol@example.com"}, {"password", "fresh long passphrase c"}}).status, 200);
}

TEST_F(HttpTest, ChangeEmail) {
  Start();
  std::string token = SignUp("dave@example.com");
  EXPECT_EQ(Post("/v1/email/change", {{"new_email", "dave2@example.com"}, {"password", "nope nope nope"}}, token).status,
            401);
  ASSERT_EQ(Post("/v1/email/change", {{"new_email", "dave2@example.com"}, {"password", kStrongPassword}}, token).status,
            202);
  const std::string code = LastMail("dave2@example.com").Code();
  EXPECT_NE(LastMail("dave@example.com").text.find("dave2@example.com"), std::string::npos);
  HttpReply done = Post("/v1/email/change/confirm", {{"code", code}}, token);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Call("GET", "/v1/me", nullptr, token).body["email"], "dave2@example.com");
  EXPECT_NE(LastMail("dave@example.com").text.find("was changed"), std::string::npos);
}

TEST_F(HttpTest, ResendLimitsAnswer429WithRetryAfter) {
  Start();
  HttpReply signup = Post("/v1/signup", {{"email", "erin@example.com"}, {"password", kStrongPassword}});
  ASSERT_EQ(signup.status, 202);
  HttpReply resend = Post("/v1/email/verify/resend", {{"email", "erin@example.com"}, {"flow_id", signup.body["flow_id"]}});
  EXPECT_EQ(resend.status, 429);
  EXPECT_EQ(resend.body["error"], "rate_limited");
  const int retry = std::stoi(resend.Header("Retry-After"));
  EXPECT_GT(retry, 0);
  EXPECT_LE(retry, 60);
}

TEST_F(HttpTest, ResendLimitPerClientIpBehindATrustedProxy) {
  service::ServiceOptions o = service::TestOptions(dir_);
  o.resend.ip_per_hour = 3;
  HttpOptions http;
  http.trusted_proxies = {"127.0.0.1/32"};
  Start(o, http);
  auto reset = [&](const std::string& email, const std::string& xff) {
    httplib::Headers h = {{"X-Forwarded-For", xff}};
    return Call("POST", "/v1/password/reset", {{"email", email}}, "", h).status;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(reset("p" + std::to_string(i) + "@example.com", "198.51.100.1"), 202);
  EXPECT_EQ(reset("p9@example.com", "198.51.100.1"), 429);
  // Another client behind the same proxy has its own budget; a spoofed left-most entry does not help.
  EXPECT_EQ(reset("q1@example.com", "198.51.100.2"), 202);
  EXPECT_EQ(reset("q2@example.com", "203.0.113.77, 198.51.100.1"), 429);
}

TEST_F(HttpTest, ForwardedForIsIgnoredFromUntrustedPeers) {
  service::ServiceOptions o = service::TestOptions(dir_);
  o.resend.ip_per_hour = 2;
  Start(o);  // No trusted proxies.
  for (int i = 0; i < 2; ++i) {
    httplib::Headers h = {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}};
    EXPECT_EQ(Call("POST", "/v1/password/reset", {{"email", "r" + std::to_string(i) + "@example.com"}}, "", h).status, 202);
  }
  httplib::Headers h = {{"X-Forwarded-For", "198.51.100.99"}};
  EXPECT_EQ(Call("POST", "/v1/password/reset", {{"email", "r9@example.com"}}, "", h).status, 429);
}

TEST_F(HttpTest, SignInLockout) {
  Start();
  SignUp("frank@example.com");
  for (int i = 0; i < options_.login.account_failures; ++i) {
    HttpReply r = Post("/v1/login", {{"email", "frank@example.com"}, {"password", "wrong " + std::to_string(i)}});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.body, (json{{"error", "invalid_credentials"}}));
  }
  HttpReply locked = Post("/v1/login", {{"email", "frank@example.com"}, {"password", kStrongPassword}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.body["error"], "locked");
  EXPECT_GT(std::stoi(locked.Header("Retry-After")), 0);
}

TEST_F(HttpTest, CodeBudgetLocksAcrossFlows) {
  service::ServiceOptions o = service::TestOptions(dir_);
  o.resend.address_min_interval_seconds = 0;
  o.resend.address_per_hour = 0;
  Start(o);
  SignUp("gina@example.com");
  int invalid = 0, locked = 0;
  for (int i = 0; i < 30; ++i) {
    (void)Post("/v1/password/reset", {{"email", "gina@example.com"}});
    HttpReply r = Post("/v1/password/reset/confirm",
                       {{"email", "gina@example.com"}, {"code", "000000"}, {"new_password", "fresh long passphrase g"}});
    (r.status == 400 ? invalid : locked)++;
    if (r.status == 429) {
      EXPECT_FALSE(r.Header("Retry-After").empty());
    }
  }
  EXPECT_EQ(invalid, 20);
  EXPECT_EQ(locked, 10);
  // While locked, no new code is even issued.
  EXPECT_EQ(Post("/v1/password/reset", {{"email", "gina@example.com"}}).status, 429);
}

TEST_F(HttpTest, BadRequestsGetStableErrors) {
  Start();
  httplib::Client client("127.0.0.1", port_);
  auto form = client.Post("/v1/login", "email=a&password=b", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  EXPECT_EQ(json::parse(form->body)["error"], "unsupported_media_type");
  auto broken = client.Post("/v1/login", "{not json", "application/json");
  EXPECT_EQ(json::parse(broken->body)["error"], "invalid_json");
  auto number = client.Post("/v1/login", R"({"email": 5, "password": "x"})", "application/json");
  EXPECT_EQ(json::parse(number->body)["error"], "invalid_request");
  auto missing = client.Post("/v1/login", R"({"email": "a@example.com"})", "application/json");
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(json::parse(missing->body)["field"], "password");
  auto huge = client.Post("/v1/login", std::string(100000, ' '), "application/json");
  EXPECT_EQ(huge->status, 413);
  auto long_field = client.Post("/v1/login", json{{"email", std::string(2000, 'a')}, {"password", "x"}}.dump(),
                                "application/json");
  EXPECT_EQ(json::parse(long_field->body)["error"], "invalid_request");
  auto unknown = client.Get("/v1/nothing");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body)["error"], "not_found");
  EXPECT_EQ(Post("/v1/logout", json::object(), "not-a-token").status, 401);
  EXPECT_EQ(Post("/v1/signup", {{"email", "x@example.com"}, {"password", "short"}}).body["error"], "password_too_short");
}

}  // namespace
}  // namespace kakunin::kakunind
