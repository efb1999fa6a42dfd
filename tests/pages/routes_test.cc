// The page routes in-process: a Service over SQLite in a temporary directory, the routes on a
// real cpp-httplib server on an ephemeral 127.0.0.1 port, and a small cookie-keeping client that
// posts forms as a browser does. Covers the security headers, refusal of forged posts (and that
// a refused post reaches no flow), the whole sign-up -> TOTP -> recovery code walk, the
// enumeration-safe answers and that no code or password ever appears in a URL.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <thread>

#include "kakunin/otp.h"
#include "kakunin/pages.h"
#include "service/outbox_reader.h"
#include "service/service_fixture.h"

namespace kakunin::pages {
namespace {

struct Answer {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// application/x-www-form-urlencoded as a browser writes it (every byte but [A-Za-z0-9*-._] escaped).
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  auto encode = [](const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
        out.push_back(static_cast<char>(c));
      } else {
        static constexpr char kHex[] = "0123456789ABCDEF";
        out += {'%', kHex[c >> 4], kHex[c & 15]};
      }
    }
    return out;
  };
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += encode(name) + "=" + encode(value);
  }
  return out;
}

class PagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunin-pages-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = store::OpenSqliteStore(dir_ + "/kakunind.db");
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    service::ServiceOptions options = service::TestOptions(dir_);
    options.resend.address_min_interval_seconds = 0;
    if (adjust_) adjust_(options);
    auto service = service::Service::Create(options, std::shared_ptr<store::Store>(std::move(*store)));
    ASSERT_TRUE(service.has_value()) << service.error().ToString();
    service_ = std::move(*service);
    PagesOptions pages;
    pages.cookie_secure = false;
    pages.default_language = "en";
    RegisterRoutes(server_, *service_, pages);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

  Answer Keep(const httplib::Result& r) {
    Answer a;
    if (!r) {
      ADD_FAILURE() << "no answer";
      return a;
    }
    a.status = r->status;
    a.body = r->body;
    a.headers = r->headers;
    auto [begin, end] = r->headers.equal_range("Set-Cookie");
    for (auto it = begin; it != end; ++it) {
      const std::string& c = it->second;
      const size_t eq = c.find('='), semi = c.find(';');
      const std::string name = c.substr(0, eq), value = c.substr(eq + 1, semi - eq - 1);
      if (value.empty() || c.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = value;
      }
    }
    for (const auto& [name, value] : r->headers) {
      if (name == "Location") locations_.push_back(value);
    }
    return a;
  }
  httplib::Headers CookieHeader(httplib::Headers h = {}) const {
    std::string jar;
    for (const auto& [name, value] : cookies_) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
    if (!jar.empty()) h.emplace("Cookie", jar);
    return h;
  }
  Answer Get(const std::string& path, httplib::Headers h = {}) {
    httplib::Client client("127.0.0.1", port_);
    return Keep(client.Get(path, CookieHeader(std::move(h))));
  }
  // Posts as our own page does: same-origin metadata, our Origin, the token from the cookie
  // (or `token` when given).
  Answer Post(const std::string& path, std::vector<std::pair<std::string, std::string>> fields,
              httplib::Headers h = {{"Sec-Fetch-Site", "same-origin"}}, std::optional<std::string> token = {}) {
    if (h.find("Origin") == h.end()) h.emplace("Origin", Origin());
    fields.emplace_back("csrf", token.value_or(cookies_["kakunin_csrf"]));
    for (const auto& f : fields) posted_.push_back(f.second);
    httplib::Client client("127.0.0.1", port_);
    return Keep(client.Post(path, CookieHeader(std::move(h)), FormEncode(fields), "application/x-www-form-urlencoded"));
  }
  kakunin::testing::OutMessage LastMail(const std::string& to) {
    EXPECT_TRUE(service_->DeliverPending().has_value());
    return kakunin::testing::LastTo(dir_ + "/outbox", to);
  }
  // Signs up and verifies through the pages; leaves the browser signed in.
  void SignUp(const std::string& email) {
    Get("/signup");
    Answer s = Post("/signup", {{"email", email}, {"password", service::kStrongPassword}});
    ASSERT_EQ(s.status, 303) << s.body;
    Answer v = Post("/verify", {{"code", LastMail(email).Code()}});
    ASSERT_EQ(v.status, 303) << v.body;
    ASSERT_EQ(v.Header("Location"), "/account?lang=en");
  }
  // No code, password or secret ever went into a Location.
  void ExpectNothingSecretInUrls() {
    for (const std::string& location : locations_) {
      for (const std::string& secret : posted_) {
        if (secret.size() >= 6) {
          EXPECT_EQ(location.find(secret), std::string::npos) << location;
        }
      }
    }
  }

  std::function<void(service::ServiceOptions&)> adjust_;  // Set in a derived fixture's constructor.
  std::string dir_;
  std::unique_ptr<service::Service> service_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::map<std::string, std::string> cookies_;
  std::vector<std::string> locations_, posted_;
};

TEST_F(PagesTest, PagesCarryTheSecurityHeadersAndALanguage) {
  for (const char* path : {"/signup", "/signin", "/reset"}) {
    Answer a = Get(std::string(path) + "?lang=ja");
    ASSERT_EQ(a.status, 200) << path;
    EXPECT_EQ(a.Header("Content-Security-Policy"), std::string(ContentSecurityPolicy()));
    EXPECT_NE(a.Header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(a.Header("X-Frame-Options"), "DENY");
    EXPECT_EQ(a.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(a.Header("Cache-Control"), "no-store");
    EXPECT_NE(a.body.find("<html lang=\"ja\">"), std::string::npos);
  }
  EXPECT_NE(Get("/signin", {{"Accept-Language", "ja-JP,en;q=0.5"}}).body.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(Get("/signin", {{"Accept-Language", "fr"}}).body.find("<html lang=\"en\">"), std::string::npos);
  // The form token cookie is HttpOnly and SameSite=Strict.
  Answer first = [&] {
    cookies_.clear();
    return Get("/signin");
  }();
  EXPECT_NE(first.Header("Set-Cookie").find("; HttpOnly; SameSite=Strict"), std::string::npos);
  EXPECT_EQ(Get("/pages.css").Header("Content-Type"), "text/css; charset=utf-8");
  // Pages of a flow not started, and the account without a session, send the browser back.
  EXPECT_EQ(Get("/verify").Header("Location"), "/signup?lang=en");
  EXPECT_EQ(Get("/signin/code").Header("Location"), "/signin?lang=en");
  EXPECT_EQ(Get("/reset/confirm").Header("Location"), "/reset?lang=en");
  EXPECT_EQ(Get("/account").Header("Location"), "/signin?lang=en");
  EXPECT_EQ(Get("/").Header("Location"), "/signin?lang=en");
}

TEST_F(PagesTest, ForgedPostsAreRefusedBeforeAnyFlow) {
  Get("/signup");
  const std::vector<std::pair<std::string, std::string>> signup = {{"email", "victim@example.com"},
                                                                   {"password", service::kStrongPassword}};
  EXPECT_EQ(Post("/signup", signup, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
  EXPECT_EQ(Post("/signup", signup, {{"Origin", "https://evil.example"}}).status, 403);
  // Right headers, wrong or no token.
  EXPECT_EQ(Post("/signup", signup, {{"Sec-Fetch-Site", "same-origin"}}, std::string(64, 'a')).status, 403);
  httplib::Client client("127.0.0.1", port_);
  auto no_token = client.Post("/signup", CookieHeader({{"Sec-Fetch-Site", "same-origin"}}),
                              FormEncode(signup), "application/x-www-form-urlencoded");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  EXPECT_NE(no_token->body.find("role=\"alert\""), std::string::npos);
  EXPECT_EQ(no_token->get_header_value("Content-Security-Policy"), std::string(ContentSecurityPolicy()));
  // A field longer than the API allows is refused too.
  EXPECT_EQ(Post("/signup", {{"email", std::string(kMaxFieldBytes + 1, 'a')}, {"password", "x"}}).status, 400);
  // None of them reached the service: nothing was queued.
  auto delivered = service_->DeliverPending();
  ASSERT_TRUE(delivered.has_value());
  EXPECT_EQ(*delivered, 0);
  // Signed in, a forged sign-out or enrolment does nothing either.
  SignUp("alice@example.com");
  EXPECT_EQ(Post("/signout", {}, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
  EXPECT_EQ(Post("/account/totp", {{"password", service::kStrongPassword}}, {{"Sec-Fetch-Site", "same-site"}}).status,
            403);
  EXPECT_EQ(Get("/account").status, 200);
}

TEST_F(PagesTest, SignUpAuthenticatorAppAndRecoveryCodeEndToEnd) {
  SignUp("alice@example.com");
  // The account page escapes what it shows (the user agent is the client's).
  Answer account = Get("/account", {{"User-Agent", "<script>alert(1)</script>"}});
  ASSERT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("<dd id=\"me-email\">alice@example.com</dd>"), std::string::npos);
  EXPECT_EQ(account.body.find("<script>"), std::string::npos);
  // Enrolment needs the password; a wrong one is announced on the account page.
  Answer wrong = Post("/account/totp", {{"password", "not my password at all"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("role=\"alert\""), std::string::npos);
  Answer enrol = Post("/account/totp", {{"password", service::kStrongPassword}});
  ASSERT_EQ(enrol.status, 200) << enrol.body;
  EXPECT_EQ(enrol.Header("Cache-Control"), "no-store");
  EXPECT_NE(enrol.body.find("<figure id=\"qr\""), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(enrol.body, m, std::regex("<code id=\"secret\" class=\"secret\">([A-Z2-7 ]+)</code>")));
  auto key = otp::Base32Decode(m[1].str());
  ASSERT_TRUE(key.has_value());
  const int64_t now = std::time(nullptr);
  // A wrong code shows the code form again (without the secret).
  Answer bad = Post("/account/totp/confirm", {{"code", "000000"}});
  if (bad.status == 303) GTEST_SKIP() << "000000 happened to be the current code";
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.find("id=\"secret\""), std::string::npos);
  auto code = otp::Totp(*key, now, 6);
  ASSERT_TRUE(code.has_value());
  Answer codes = Post("/account/totp/confirm", {{"code", *code}});
  ASSERT_EQ(codes.status, 200) << codes.body;
  std::vector<std::string> recovery;
  static const std::regex kRecovery("<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>");
  for (auto it = std::sregex_iterator(codes.body.begin(), codes.body.end(), kRecovery); it != std::sregex_iterator(); ++it) {
    recovery.push_back((*it)[1].str());
  }
  ASSERT_EQ(recovery.size(), 10u);
  EXPECT_NE(Get("/account").body.find("data-method=\"totp\""), std::string::npos);
  // Sign out, sign in: the second step asks for the app's code, or a recovery code.
  Answer out = Post("/signout", {});
  EXPECT_EQ(out.Header("Location"), "/signin?lang=en&notice=signed_out");
  EXPECT_EQ(Get("/account").status, 303);
  Answer in = Post("/signin", {{"email", "alice@example.com"}, {"password", service::kStrongPassword}});
  ASSERT_EQ(in.Header("Location"), "/signin/code?lang=en");
  Answer step = Get("/signin/code");
  EXPECT_NE(step.body.find("id=\"recovery-form\""), std::string::npos);
  EXPECT_EQ(Post("/signin/code", {{"code", "12345"}}).status, 400);
  Answer used = Post("/signin/code", {{"code", recovery[0]}});
  ASSERT_EQ(used.status, 303) << used.body;
  EXPECT_EQ(used.Header("Location"), "/account?lang=en&recovery_left=9");
  EXPECT_NE(Get(used.Header("Location")).body.find("Recovery codes left: 9."), std::string::npos);
  // A used recovery code does not work twice.
  Post("/signout", {});
  Post("/signin", {{"email", "alice@example.com"}, {"password", service::kStrongPassword}});
  EXPECT_EQ(Post("/signin/code", {{"code", recovery[0]}}).status, 400);
  ExpectNothingSecretInUrls();
}

TEST_F(PagesTest, AnswersDoNotTellWhetherAnAddressHasAnAccount) {
  SignUp("alice@example.com");
  Post("/signout", {});
  for (const char* email : {"alice@example.com", "nobody@example.com"}) {
    cookies_.erase("kakunin_flow");
    Answer s = Post("/signup", {{"email", email}, {"password", service::kStrongPassword}});
    EXPECT_EQ(s.status, 303) << email;
    EXPECT_EQ(s.Header("Location"), "/verify?lang=en&notice=sent") << email;
    Answer r = Post("/reset", {{"email", email}});
    EXPECT_EQ(r.status, 303) << email;
    EXPECT_EQ(r.Header("Location"), "/reset/confirm?lang=en") << email;
    Answer w = Post("/signin", {{"email", email}, {"password", "wrong password for sure"}});
    EXPECT_EQ(w.status, 401) << email;
    EXPECT_NE(w.body.find("The e-mail address or the password is wrong."), std::string::npos);
  }
}

TEST_F(PagesTest, PasswordResetEndsSessionsAndTheNewPasswordWorks) {
  SignUp("bob@example.com");
  Get("/reset?lang=ja");
  Answer r = Post("/reset", {{"email", "bob@example.com"}, {"lang", "ja"}});
  ASSERT_EQ(r.Header("Location"), "/reset/confirm?lang=ja");
  const kakunin::testing::OutMessage mail = LastMail("bob@example.com");
  const std::string new_password = "an entirely new passphrase 77";
  Answer weak = Post("/reset/confirm", {{"code", mail.Code()}, {"new_password", "passw0rd"}, {"lang", "ja"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("<html lang=\"ja\">"), std::string::npos);
  Answer ok = Post("/reset/confirm", {{"code", mail.Code()}, {"new_password", new_password}, {"lang", "ja"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(ok.Header("Location"), "/signin?lang=ja&notice=password_changed");
  EXPECT_EQ(Get("/account").status, 303);  // The session ended.
  EXPECT_EQ(Post("/signin", {{"email", "bob@example.com"}, {"password", new_password}}).Header("Location"),
            "/account?lang=en");
  ExpectNothingSecretInUrls();
}

// Every sign-in asks for an e-mail code (login.require_two_step).
class PagesMailCodeTest : public PagesTest {
 protected:
  PagesMailCodeTest() {
    adjust_ = [](service::ServiceOptions& o) { o.login.require_two_step = true; };
  }
};

TEST_F(PagesMailCodeTest, SignInWithAMailedCodeAndResend) {
  SignUp("carol@example.com");
  Post("/signout", {});
  Answer in = Post("/signin", {{"email", "carol@example.com"}, {"password", service::kStrongPassword}});
  ASSERT_EQ(in.Header("Location"), "/signin/code?lang=en");
  Answer page = Get("/signin/code");
  EXPECT_NE(page.body.find("the message we sent to your e-mail address"), std::string::npos);
  EXPECT_NE(page.body.find("id=\"resend\""), std::string::npos);
  EXPECT_EQ(page.body.find("recovery-form"), std::string::npos);  // Only for the app.
  const std::string first = LastMail("carol@example.com").Code();
  Answer resent = Post("/signin/code", {{"action", "resend"}});
  EXPECT_EQ(resent.Header("Location"), "/signin/code?lang=en&notice=code_resent");
  const std::string second = LastMail("carol@example.com").Code();
  ASSERT_FALSE(second.empty());
  if (first != second) {
    EXPECT_EQ(Post("/signin/code", {{"code", first}}).status, 400);  // The old code is gone.
  }
  Answer ok = Post("/signin/code", {{"code", second}});
  EXPECT_EQ(ok.Header("Location"), "/account?lang=en");
  EXPECT_NE(Get("/account").body.find("carol@example.com"), std::string::npos);
  ExpectNothingSecretInUrls();
}

}  // namespace
}  // namespace kakunin::pages
