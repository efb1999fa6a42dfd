// The HTTP server in-process: security headers on every answer, the Host check (DNS rebinding),
// the CSRF checks, size limits and the language choice.
#include <httplib.h>

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <thread>

#include "kakunin/web.h"
#include "web_fixture.h"

namespace kakunin::web {
namespace {

class ServerTest : public ExamplesTest {
 protected:
  void SetUp() override {
    ExamplesTest::SetUp();
    ServerOptions o;
    o.port = 0;
    o.max_message_bytes = 256u << 10;
    o.inspect = options_;
    server_ = std::make_unique<Server>(std::move(o));
    auto bound = server_->Bind();
    ASSERT_TRUE(bound.has_value()) << bound.error().ToString();
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    // Wait until it answers.
    for (int i = 0; i < 200; ++i) {
      if (auto r = client_->Get("/")) {
        std::smatch m;
        ASSERT_TRUE(std::regex_search(r->body, m, std::regex("name=\"token\" value=\"([0-9a-f]+)\"")));
        token_ = m[1];
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "server did not answer";
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Result PostMail(const std::string& mail, const std::string& token, httplib::Headers headers = {},
                           const std::string& lang = "en") {
    httplib::MultipartFormDataItems items = {
        {"token", token, "", ""}, {"lang", lang, "", ""}, {"file", mail, "mail.eml", "message/rfc822"}};
    return client_->Post("/inspect", headers, items);
  }

  static void ExpectSecurityHeaders(const httplib::Response& r) {
    EXPECT_EQ(r.get_header_value("Content-Security-Policy"), ContentSecurityPolicy());
    EXPECT_EQ(r.get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r.get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(r.get_header_value("Cache-Control"), "no-store");
    EXPECT_EQ(r.get_header_value_count("Content-Security-Policy"), 1u);
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
};

TEST_F(ServerTest, UploadPageAndStyleSheetCarryTheSecurityHeaders) {
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  ExpectSecurityHeaders(*page);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto css = client_->Get("/style.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  ExpectSecurityHeaders(*css);
  auto missing = client_->Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  ExpectSecurityHeaders(*missing);
}

TEST_F(ServerTest, InspectsAnUploadedMail) {
  auto r = PostMail(Example("phishing-amazon.eml"), token_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ExpectSecurityHeaders(*r);
  EXPECT_NE(r->body.find("data-verdict=\"phishing\""), std::string::npos);
  EXPECT_NE(r->body.find("link-deceptive"), std::string::npos);
}

TEST_F(ServerTest, PastedSourceAndTheLanguageSwitchWork) {
  httplib::MultipartFormDataItems pasted = {
      {"token", token_, "", ""}, {"source", Example("amazon-security-code.eml"), "", ""}};
  auto r = client_->Post("/inspect", pasted);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("data-verdict=\"genuine\""), std::string::npos);
  // The report's language switch re-posts the mail as base64.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r->body, m, std::regex("name=\"source_b64\" value=\"([A-Za-z0-9+/=]+)\"")));
  httplib::MultipartFormDataItems again = {{"token", token_, "", ""}, {"source_b64", m[1], "", ""}, {"lang", "ja", "", ""}};
  auto ja = client_->Post("/inspect", again);
  ASSERT_TRUE(ja);
  EXPECT_EQ(ja->status, 200);
  EXPECT_NE(ja->body.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(ja->body.find("data-verdict=\"genuine\""), std::string::npos) << "the exact bytes came back (DKIM)";
}

TEST_F(ServerTest, RefusesCrossSiteAndTokenlessPosts) {
  const std::string mail = Example("phishing-amazon.eml");
  struct Case {
    const char* name;
    std::string token;
    httplib::Headers headers;
    int status;
  };
  const Case kCases[] = {
      {"no token", "", {}, 403},
      {"wrong token", std::string(token_.size(), '0'), {}, 403},
      {"short token", token_.substr(0, 10), {}, 403},
      {"cross-site fetch", token_, {{"Sec-Fetch-Site", "cross-site"}}, 403},
      {"same-site (another port)", token_, {{"Sec-Fetch-Site", "same-site"}}, 403},
      {"foreign origin", token_, {{"Origin", "http://evil.example"}}, 403},
      {"same-origin fetch", token_, {{"Sec-Fetch-Site", "same-origin"}}, 200},
      // Referrer-Policy no-referrer makes browsers send "Origin: null" for our own form.
      {"null origin", token_, {{"Origin", "null"}}, 200},
      {"own origin", token_, {{"Origin", "http://127.0.0.1:" + std::to_string(server_->port())}}, 200},
  };
  for (const auto& c : kCases) {
    auto r = PostMail(mail, c.token, c.headers);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, c.status) << c.name;
    ExpectSecurityHeaders(*r);
    EXPECT_EQ(r->body.find("data-verdict"), c.status == 200 ? r->body.find("data-verdict") : std::string::npos) << c.name;
  }
}

TEST_F(ServerTest, AnswersOnlyToItsOwnHostName) {
  // A rebinding attacker's page talks to us under its own name.
  for (const char* host : {"evil.example", "evil.example:80", "127.0.0.1.nip.io"}) {
    auto r = client_->Get("/", {{"Host", host}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 421) << host;
    ExpectSecurityHeaders(*r);
    EXPECT_EQ(r->body.find("token"), std::string::npos);
  }
  auto ok = client_->Get("/", {{"Host", "localhost:" + std::to_string(server_->port())}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, SizeLimitsAndNonMail) {
  auto big = PostMail(std::string(300u << 10, 'a'), token_);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  ExpectSecurityHeaders(*big);
  auto huge = PostMail(std::string(2u << 20, 'a'), token_);  // Past the payload limit: httplib refuses it.
  if (huge) {
    EXPECT_EQ(huge->status, 413);
  }
  auto empty = PostMail("", token_);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  auto garbage = PostMail("this is not a mail at all", token_);
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  EXPECT_NE(garbage->body.find("id=\"error\""), std::string::npos);
  auto urlencoded = client_->Post("/inspect", "token=" + token_ + "&source=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(urlencoded);
  EXPECT_EQ(urlencoded->status, 415);
}

TEST_F(ServerTest, LanguageFromQueryThenAcceptLanguage) {
  auto ja = client_->Get("/", {{"Accept-Language", "fr;q=0.9, ja;q=0.8, en;q=0.5"}});
  ASSERT_TRUE(ja);
  EXPECT_NE(ja->body.find("<html lang=\"ja\">"), std::string::npos);
  auto en = client_->Get("/?lang=en", {{"Accept-Language", "ja"}});
  ASSERT_TRUE(en);
  EXPECT_NE(en->body.find("<html lang=\"en\">"), std::string::npos);
  auto fallback = client_->Get("/", {{"Accept-Language", "de"}});
  ASSERT_TRUE(fallback);
  EXPECT_NE(fallback->body.find("<html lang=\"en\">"), std::string::npos);
}

TEST(ServerBindTest, RefusesAddressesOtherThanLoopback) {
  for (const char* host : {"0.0.0.0", "192.0.2.1", "::", "example.com"}) {
    ServerOptions o;
    o.host = host;
    o.port = 0;
    Server s(o);
    auto bound = s.Bind();
    ASSERT_FALSE(bound.has_value()) << host;
    EXPECT_EQ(bound.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace kakunin::web
