// The SMS tab (built when src/sms exists): report page for a phishing text, escaping of the
// text and sender, and the form's CSRF check over HTTP.
#include <httplib.h>

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <thread>

#include "kakunin/sms.h"
#include "kakunin/web.h"
#include "web/sms_page.h"

namespace kakunin::web {
namespace {

constexpr char kPhishing[] =
    "【Amazon】お客様のアカウントを一時停止しました。http://amazon-co-jp.example/login から本人確認してください";

TEST(SmsPageTest, PhishingTextShowsVerdictAndMarkedLink) {
  sms::Options o;
  o.sender = "Amazon";
  auto report = sms::Analyze(kPhishing, o);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  for (const char* lang : {"en", "ja"}) {
    const std::string page =
        RenderSmsReportPage(*report, brands::BrandRegistry::Default(), PageContext{lang, "tok", 1 << 20});
    EXPECT_NE(page.find("data-verdict=\"" + std::string(VerdictName(report->verdict)) + "\""), std::string::npos);
    EXPECT_NE(page.find("data-dest=\"amazon-co-jp.example\""), std::string::npos) << page;
    EXPECT_EQ(page.find("<a href=\"http://amazon-co-jp.example"), std::string::npos);
    EXPECT_NE(page.find("name=\"token\" value=\"tok\""), std::string::npos);
  }
  EXPECT_EQ(report->verdict, Verdict::kPhishing);
}

TEST(SmsPageTest, TextAndSenderAreEscaped) {
  sms::Options o;
  o.sender = "<b>Amazon</b>\"";
  auto report = sms::Analyze("<script>alert(1)</script><img src=x onerror=alert(2)> https://evil.example/\"><svg>", o);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  const std::string page = RenderSmsReportPage(*report, brands::BrandRegistry::Default(), PageContext{"en", "t", 1});
  for (const char* bad : {"<script", "<img", "<svg", "<b>Amazon"}) EXPECT_EQ(page.find(bad), std::string::npos) << bad;
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(SmsPageTest, FormAndTabs) {
  const std::string page = RenderSmsPage(PageContext{"ja", "abc", 1});
  EXPECT_NE(page.find("action=\"/sms\""), std::string::npos);
  EXPECT_NE(page.find("name=\"token\" value=\"abc\""), std::string::npos);
  EXPECT_NE(page.find("id=\"tab-sms\""), std::string::npos);
  EXPECT_NE(RenderUploadPage(PageContext{"en", "abc", 1}).find("href=\"/sms?lang=en\""), std::string::npos);
}

TEST(SmsPageTest, ServerChecksTheTokenAndAnalyses) {
  ServerOptions o;
  o.port = 0;
  Server server(o);
  ASSERT_TRUE(server.Bind().has_value());
  std::thread t([&server] { server.Run(); });
  httplib::Client client("127.0.0.1", server.port());
  std::string token;
  for (int i = 0; i < 200 && token.empty(); ++i) {
    if (auto r = client.Get("/sms")) {
      std::smatch m;
      if (std::regex_search(r->body, m, std::regex("name=\"token\" value=\"([0-9a-f]+)\""))) token = m[1];
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_FALSE(token.empty());
  httplib::MultipartFormDataItems ok = {{"token", token, "", ""}, {"text", kPhishing, "", ""}, {"sender", "Amazon", "", ""}};
  auto r = client.Post("/sms", ok);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("data-verdict=\"phishing\""), std::string::npos);
  EXPECT_EQ(r->get_header_value("Content-Security-Policy"), ContentSecurityPolicy());
  httplib::MultipartFormDataItems forged = {{"token", "0", "", ""}, {"text", kPhishing, "", ""}};
  auto refused = client.Post("/sms", forged);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  httplib::MultipartFormDataItems empty = {{"token", token, "", ""}, {"text", "  ", "", ""}};
  auto bad = client.Post("/sms", empty);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  server.Stop();
  t.join();
}

}  // namespace
}  // namespace kakunin::web
