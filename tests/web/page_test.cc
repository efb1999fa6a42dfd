// The report and upload pages: verdict banners, annotated links, official links and escaping of
// everything a hostile mail controls (header fields, bodies, file names).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "dkim/base64.h"
#include "kakunin/web.h"
#include "web_fixture.h"

namespace kakunin::web {
namespace {

class PageTest : public ExamplesTest {
 protected:
  std::string Page(const std::string& mail, const std::string& lang) {
    auto report = InspectBytes(mail, options_);
    EXPECT_TRUE(report.has_value()) << report.error().ToString();
    if (!report) return "";
    return RenderReportPage(*report, mail, brands::BrandRegistry::Default(), PageContext{lang, "tok123", 1 << 20});
  }
};

// The part of the page that shows the mail.
std::string MailSection(const std::string& page) {
  const size_t begin = page.find("id=\"mail\"");
  const size_t end = page.find("id=\"authentication\"");
  if (begin == std::string::npos || end == std::string::npos || end < begin) return "";
  return page.substr(begin, end - begin);
}

// Nothing in the page loads, runs or styles inline.
void ExpectInertPage(const std::string& page) {
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<iframe"), std::string::npos);
  // No event-handler, src or style attribute in any tag (escaped mail text has no '<' or '>', so
  // every '<' opens a tag of ours and the next '>' closes it).
  EXPECT_FALSE(std::regex_search(page, std::regex("<[^>]*\\s(on[a-z]+|src|srcset|style|background)\\s*=", std::regex::icase)));
  const std::string mail = MailSection(page);
  ASSERT_FALSE(mail.empty());
  EXPECT_EQ(mail.find("<a "), std::string::npos) << "a real link inside the mail section";
}

struct ExampleCase {
  const char* file;
  const char* verdict;
  const char* headline_en;
  const char* headline_ja;
};

TEST_F(PageTest, ExamplesShowTheirVerdictInPlainWords) {
  const ExampleCase kCases[] = {
      {"amazon-security-code.eml", "genuine", "This mail really comes from Amazon.", "このメールは アマゾン からの本物です。"},
      {"phishing-amazon.eml", "phishing", "This mail pretends to be Amazon. It is phishing",
       "このメールは アマゾン を装ったフィッシングです。"},
      {"newsletter.eml", "unknown", "kakunin cannot say whether this mail is genuine.",
       "このメールが本物かどうかは判断できません。"},
  };
  for (const auto& c : kCases) {
    const std::string mail = Example(c.file);
    const std::string en = Page(mail, "en");
    const std::string ja = Page(mail, "ja");
    EXPECT_NE(en.find(std::string("data-verdict=\"") + c.verdict + "\""), std::string::npos) << c.file;
    EXPECT_NE(en.find(c.headline_en), std::string::npos) << c.file;
    EXPECT_NE(ja.find(c.headline_ja), std::string::npos) << c.file;
    EXPECT_NE(ja.find("<html lang=\"ja\">"), std::string::npos);
    ExpectInertPage(en);
    ExpectInertPage(ja);
    // The language switch carries the exact mail back.
    const std::string marker = "name=\"source_b64\" value=\"";
    const size_t at = en.find(marker);
    ASSERT_NE(at, std::string::npos);
    const size_t end = en.find('"', at + marker.size());
    auto decoded = dkim::internal::Base64Decode(en.substr(at + marker.size(), end - at - marker.size()));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, mail) << c.file;
    EXPECT_NE(en.find("name=\"token\" value=\"tok123\""), std::string::npos);
  }
}

TEST_F(PageTest, PhishingLinksAreMarkedAndTheBrandsRealPagesAreLinks) {
  const std::string page = Page(Example("phishing-amazon.eml"), "en");
  const std::string mail = MailSection(page);
  EXPECT_NE(mail.find("class=\"link link-deceptive\""), std::string::npos);
  EXPECT_NE(mail.find("data-dest=\"amazon.co.jp.account-verify.example\""), std::string::npos);
  EXPECT_NE(mail.find("data-dest=\"xn--amazn-mye.example\""), std::string::npos);
  EXPECT_NE(mail.find("The link shows amazon.co.jp but goes to account-verify.example."), std::string::npos);
  // The registry's report address, as a real link that tells the other side nothing.
  EXPECT_NE(page.find("<a href=\"mailto:reportascam@amazon.com\" rel=\"noopener noreferrer\" target=\"_blank\""),
            std::string::npos);
}

TEST_F(PageTest, GenuineMailLinksToTheBrandsOwnSiteAndOfficialPages) {
  const std::string page = Page(Example("amazon-security-code.eml"), "en");
  EXPECT_NE(MailSection(page).find("class=\"link link-brand\""), std::string::npos);
  EXPECT_NE(page.find("<a href=\"https://amazon.jp/2SV\" rel=\"noopener noreferrer\""), std::string::npos) << page;
  EXPECT_NE(page.find("id=\"official\""), std::string::npos);
}

TEST_F(PageTest, HostileHeaderFieldsBodiesAndFileNamesAreEscaped) {
  const std::string mail =
      "From: \"\\\"><img src=x onerror=alert(1)>\" <a@evil.example>\r\n"
      "To: <script>alert(2)</script>@example.net\r\n"
      "Subject: <script>alert(3)</script></title><meta http-equiv=refresh content=0;url=https://evil.example/>\r\n"
      "Date: <b>now</b>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: text/html; charset=utf-8\r\n"
      "\r\n"
      "<html><head><base href=\"https://evil.example/\"><style>body{background:url(https://t.example/x)}</style>"
      "</head><body onload=\"alert(4)\"><svg><script>alert(5)</script></svg>"
      "<a href=\"javascript:alert(6)\" style=\"position:fixed;top:0\">Amazon</a>"
      "<img src=\"https://t.example/pixel.gif\"><div id=\"verdict\" data-verdict=\"genuine\">genuine</div>"
      "</body></html>\r\n"
      "--b\r\n"
      "Content-Type: application/pdf; name=\"<svg onload=alert(7)>.pdf\"\r\n"
      "Content-Disposition: attachment; filename=\"<svg onload=alert(7)>.pdf\"\r\n"
      "\r\n"
      "JVBERi0=\r\n"
      "--b--\r\n";
  for (const char* lang : {"en", "ja"}) {
    const std::string page = Page(mail, lang);
    ExpectInertPage(page);
    for (const char* bad : {"<svg", "<meta http-equiv", "<base", "<b>now", "t.example/x", "t.example/pixel",
                            "id=\"verdict\" data-verdict=\"genuine\"", "onload=\"", "position:fixed"}) {
      EXPECT_EQ(page.find(bad), std::string::npos) << lang << ": " << bad;
    }
    // The mail's own words are still there, as text.
    EXPECT_NE(page.find("&lt;script&gt;alert(3)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("&lt;svg onload=alert(7)&gt;.pdf"), std::string::npos);
    EXPECT_NE(page.find("javascript:alert(6)"), std::string::npos) << "the pop-up shows the real destination";
    // Only one verdict banner: the real one.
    EXPECT_EQ(page.find("data-verdict="), page.rfind("data-verdict="));
  }
}

TEST(UploadPageTest, FormCarriesTheTokenAndTheHowTos) {
  for (const char* lang : {"en", "ja"}) {
    const std::string page = RenderUploadPage(PageContext{lang, "abc", 10u << 20}, "<b>bad</b>");
    EXPECT_NE(page.find("enctype=\"multipart/form-data\""), std::string::npos);
    EXPECT_NE(page.find("name=\"token\" value=\"abc\""), std::string::npos);
    EXPECT_NE(page.find("type=\"file\""), std::string::npos);
    EXPECT_NE(page.find("<textarea"), std::string::npos);
    EXPECT_NE(page.find("&lt;b&gt;bad&lt;/b&gt;"), std::string::npos);
    EXPECT_EQ(page.find("<script"), std::string::npos);
    for (const char* program : {"Gmail", "Outlook", "Yahoo!", "iPhone"}) {
      EXPECT_NE(page.find(program), std::string::npos) << lang << ": " << program;
    }
  }
  EXPECT_NE(RenderUploadPage(PageContext{"en", "t", 1}).find("cannot forward a mail as an attachment"), std::string::npos);
}

TEST(ContentSecurityPolicyTest, AllowsNothingButTheOwnStyleSheet) {
  const std::string csp(ContentSecurityPolicy());
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("style-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe"), std::string::npos);
  EXPECT_EQ(csp.find("script-src"), std::string::npos) << "no script source at all: default-src 'none' applies";
  // The style sheet loads nothing itself.
  const std::string css(StyleSheet());
  EXPECT_EQ(css.find("url("), std::string::npos);
  EXPECT_EQ(css.find("@import"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::web
