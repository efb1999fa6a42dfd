// pages/render.h: every page in both languages is a document with the right lang, every visible
// input has its <label>, codes and passwords carry the right autocomplete hints, nothing from
// the outside reaches the markup unescaped, and the QR code's SVG is inlined only when safe.
#include "pages/render.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "kakunin/otp.h"

namespace kakunin::pages::internal {
namespace {

using nlohmann::json;

constexpr char kHostile[] = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

json Enrolment() {
  auto qr = otp::EncodeQr("otpauth://totp/kakunin:a%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=kakunin");
  EXPECT_TRUE(qr.has_value());
  return {{"secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}, {"digits", 6}, {"period", 30},
          {"qr", {{"svg", otp::QrSvg(*qr)}, {"text", "x"}}}};
}

json Me() { return {{"email", kHostile}, {"two_step", "off"}, {"created_at", 1795000000}}; }
json Sessions() {
  return {{"sessions",
           {{{"id", "abc"}, {"created_at", 1795000000}, {"expires_at", 1796000000}, {"ip", "127.0.0.1"},
             {"user_agent", kHostile}, {"current", true}},
            {{"id", "de\"f"}, {"created_at", 1795000000}, {"expires_at", 1796000000}, {"ip", kHostile},
             {"user_agent", "Firefox"}, {"current", false}}}}};
}

// Every page with hostile text wherever the page shows outside text.
std::vector<std::pair<std::string, std::string>> AllPages(const std::string& lang) {
  View v{lang, "0123abcd", "/x"};
  return {
      {"signup", SignupPage(v, kHostile, kHostile)},
      {"verify", VerifyPage(v, kHostile, kHostile, kHostile)},
      {"signin", SigninPage(v, kHostile, kHostile, kHostile)},
      {"code-mail", CodePage(v, "mail", kHostile, "")},
      {"code-totp", CodePage(v, "totp", "", kHostile)},
      {"reset", ResetPage(v, kHostile, kHostile)},
      {"reset-confirm", ResetConfirmPage(v, kHostile, kHostile)},
      {"account", AccountPage(v, Me(), Sessions(), kHostile, kHostile)},
      {"totp-enrol", TotpEnrollPage(v, Enrolment(), kHostile)},
      {"totp-again", TotpEnrollPage(v, nullptr, kHostile)},
      {"recovery", RecoveryCodesPage(v, {kHostile, "abcde-fghij"})},
      {"forbidden", ForbiddenPage(v)},
  };
}

TEST(RenderTest, DocumentsInBothLanguagesWithoutScriptOrRawInput) {
  for (const std::string lang : {"ja", "en"}) {
    for (const auto& [name, html] : AllPages(lang)) {
      SCOPED_TRACE(name + " " + lang);
      EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"" + lang + "\">"));
      EXPECT_EQ(html.find("<script"), std::string::npos);
      EXPECT_EQ(html.find("<img"), std::string::npos);
      EXPECT_EQ(html.find("\"><script"), std::string::npos);  // Only escaped: &quot;&gt;&lt;script...
      EXPECT_EQ(html.find(" style="), std::string::npos);  // CSP style-src 'self' allows no inline style.
      EXPECT_NE(html.find("<h1>"), std::string::npos);
    }
  }
}

TEST(RenderTest, EveryVisibleInputHasItsLabelAndHints) {
  static const std::regex kInput("<input ([^>]*)>");
  static const std::regex kId("id=\"([^\"]+)\"");
  for (const std::string lang : {"ja", "en"}) {
    for (const auto& [name, html] : AllPages(lang)) {
      SCOPED_TRACE(name + " " + lang);
      for (auto it = std::sregex_iterator(html.begin(), html.end(), kInput); it != std::sregex_iterator(); ++it) {
        const std::string attrs = (*it)[1].str();
        if (attrs.find("type=\"hidden\"") != std::string::npos) continue;
        std::smatch id;
        ASSERT_TRUE(std::regex_search(attrs, id, kId)) << attrs;
        EXPECT_NE(html.find("<label for=\"" + id[1].str() + "\">"), std::string::npos) << attrs;
        if (attrs.find("name=\"code\"") != std::string::npos && id[1].str() == "code") {
          EXPECT_NE(attrs.find("autocomplete=\"one-time-code\""), std::string::npos) << attrs;
          EXPECT_NE(attrs.find("inputmode=\"numeric\""), std::string::npos) << attrs;
        }
        if (attrs.find("type=\"password\"") != std::string::npos) {
          EXPECT_TRUE(attrs.find("autocomplete=\"new-password\"") != std::string::npos ||
                      attrs.find("autocomplete=\"current-password\"") != std::string::npos)
              << attrs;
        }
        if (attrs.find("type=\"email\"") != std::string::npos) {
          EXPECT_NE(attrs.find("autocomplete=\""), std::string::npos) << attrs;
        }
      }
    }
  }
}

TEST(RenderTest, FormsCarryTheTokenAndErrorsAreAnnounced) {
  const View v{"en", "0123abcd", "/signin"};
  const std::string page = SigninPage(v, "", "The e-mail address or the password is wrong.", "");
  EXPECT_NE(page.find("<input type=\"hidden\" name=\"csrf\" value=\"0123abcd\">"), std::string::npos);
  EXPECT_NE(page.find("<p id=\"error\" class=\"error\" role=\"alert\">"), std::string::npos);
  EXPECT_NE(page.find("aria-invalid=\"true\" aria-describedby=\"error\""), std::string::npos);
  // The language switch goes to the other language; pages that show a secret have none.
  EXPECT_NE(page.find("href=\"/signin?lang=ja\" lang=\"ja\""), std::string::npos);
  EXPECT_EQ(RecoveryCodesPage(View{"en", "t", ""}, {"abcde-fghij"}).find("lang-switch"), std::string::npos);
}

TEST(RenderTest, EnrolmentShowsTheQrCodeInlineAndTheSecretAsText) {
  const std::string page = TotpEnrollPage(View{"ja", "t", ""}, Enrolment(), "");
  EXPECT_NE(page.find("<figure id=\"qr\" role=\"img\" aria-label=\"認証アプリ用の QR コード\"><svg xmlns="),
            std::string::npos);
  EXPECT_NE(page.find("<code id=\"secret\" class=\"secret\">JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code>"),
            std::string::npos);
  EXPECT_NE(page.find("6 桁、30 秒ごと"), std::string::npos);
}

TEST(RenderTest, QrSvgIsInlinedOnlyWhenItIsOurs) {
  auto qr = otp::EncodeQr("otpauth://totp/x:%3Cscript%3E?secret=JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(qr.has_value());
  const std::string real = otp::QrSvg(*qr);
  EXPECT_EQ(SafeQrSvg(real), real);
  const std::string head = "<svg xmlns=\"http://www.w3.org/2000/svg\" ";
  for (const std::string& bad : {
           std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
           head + "onload=\"alert(1)\"></svg>",
           head + "><a href=\"https://evil.example\"><rect /></a></svg>",
           head + "><rect style=\"fill:url(https://evil.example/x)\"/></svg>",
           head + "><foreignObject><iframe/></foreignObject></svg>",
           head + "><rect/></svg><script>alert(1)</script><svg xmlns=\"http://www.w3.org/2000/svg\" ></svg>",
           head + "><rect fill=\"&#x6A;\"/></svg>",
           std::string("<svg><rect/></svg>"),
           std::string(""),
       }) {
    EXPECT_EQ(SafeQrSvg(bad), std::nullopt) << bad;
  }
}

TEST(RenderTest, MessagesForEveryServiceErrorInBothLanguages) {
  std::set<std::string> seen;
  for (const char* id : {"invalid_email", "password_too_short", "password_too_long", "password_too_weak",
                         "password_breached", "password_not_utf8", "invalid_code", "invalid_credentials",
                         "totp_already_enabled", "totp_not_enabled", "no_such_session"}) {
    const std::string en = ErrorMessage(id, 0, "en"), ja = ErrorMessage(id, 0, "ja");
    EXPECT_NE(en, ErrorMessage("no-such-id", 0, "en")) << id;  // Not the generic sentence.
    EXPECT_NE(en, ja) << id;
    EXPECT_TRUE(seen.insert(en).second) << id;
  }
  EXPECT_EQ(ErrorMessage("locked", 3600, "en"), "Too many wrong attempts. Try again in 60 minutes.");
  EXPECT_EQ(ErrorMessage("rate_limited", 1, "ja"), "リクエストが多すぎます。1 分後にもう一度お試しください。");
  EXPECT_EQ(ErrorMessage("<b>", 0, "en").find('<'), std::string::npos);  // Never the id itself.
  EXPECT_EQ(NoticeMessage("<b>", "en"), "");
}

}  // namespace
}  // namespace kakunin::pages::internal
