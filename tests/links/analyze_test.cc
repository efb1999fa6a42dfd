// Findings per trick, and must-not-flag cases for legitimate patterns.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kakunin/links.h"

namespace kakunin::links {
namespace {

BrandList TestBrands() {
  BrandList brands;
  brands.Add("Amazon", {"amazon.co.jp", "amazon.com", "amazon-adsystem.com", "amazon.jp"});
  brands.Add("PayPal", {"paypal.com"});
  brands.Add("Microsoft", {"microsoft.com", "live.com"});
  return brands;
}

std::vector<std::string> Ids(const AnalyzedLink& a) {
  std::vector<std::string> ids;
  for (const auto& f : a.findings) ids.push_back(f.finding.id);
  return ids;
}

bool Has(const AnalyzedLink& a, const std::string& id) {
  auto ids = Ids(a);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

AnalyzedLink One(const std::string& html) {
  static const BrandList brands = TestBrands();
  AnalyzeOptions options;
  options.brands = &brands;
  auto links = ExtractHtml(html);
  EXPECT_EQ(links.size(), 1u) << html;
  auto analyzed = Analyze(links, options);
  return analyzed.empty() ? AnalyzedLink{} : analyzed[0];
}

AnalyzedLink Url(const std::string& input) {
  static const BrandList brands = TestBrands();
  AnalyzeOptions options;
  options.brands = &brands;
  return AnalyzeUrl(input, nullptr, options);
}

std::string Joined(const AnalyzedLink& a) {
  std::string s;
  for (const auto& id : Ids(a)) s += id + " ";
  return s;
}

TEST(AnalyzeTest, DisplayMismatch) {
  auto a = One("<a href='https://amazon-check.top/signin'>https://www.amazon.co.jp/</a>");
  EXPECT_TRUE(Has(a, "link.display_mismatch")) << Joined(a);
  EXPECT_EQ(a.registrable_domain, "amazon-check.top");
  auto bare = One("<a href='https://evil.example/'>Amazon.co.jp\xE3\x81\xA7\xE7\xA2\xBA\xE8\xAA\x8D amazon.co.jp</a>");
  EXPECT_TRUE(Has(bare, "link.display_mismatch")) << Joined(bare);
  auto brand = One("<a href='https://login-check.example/'>Amazon\xE3\x82\xA2\xE3\x82\xAB\xE3\x82\xA6\xE3\x83\xB3\xE3\x83\x88</a>");
  EXPECT_TRUE(Has(brand, "link.display_brand")) << Joined(brand);
  EXPECT_FALSE(Has(One("<a href='https://www.amazon.co.jp/'>Amazon</a>"), "link.display_brand"));
  EXPECT_FALSE(Has(One("<a href='https://travel.example/'>Amazonas river tours</a>"), "link.display_brand"));
  // Seen in the legit dev corpus: a post title naming a brand.
  EXPECT_FALSE(Has(One("<a href='https://blog.example/'>Moving from PayPal to Stripe payments</a>"), "link.display_brand"));
  auto scheme = One("<a href='http://www.example.com/'>https://www.example.com/</a>");
  EXPECT_TRUE(Has(scheme, "link.display_scheme_mismatch")) << Joined(scheme);
}

TEST(AnalyzeTest, MustNotFlagLegitimateLinks) {
  // Cross-TLD link of one brand.
  EXPECT_EQ(Joined(One("<a href='https://www.amazon.com/gp/x'>www.amazon.co.jp</a>")), "");
  // A brand's click-tracking domain behind its own name.
  EXPECT_EQ(Joined(One("<a href='https://s.amazon-adsystem.com/x?u=https%3A%2F%2Fwww.amazon.co.jp%2F'>amazon.co.jp</a>")), "");
  // Ordinary text and a file name in the link text are not domains.
  EXPECT_EQ(Joined(One("<a href='https://www.example.com/report.pdf'>report.pdf</a>")), "");
  EXPECT_EQ(Joined(One("<a href='https://www.example.com/'>Click here</a>")), "");
  // A message id in a path is not a disguised brand host (seen in a legit mailing-list mail).
  EXPECT_EQ(Joined(One("<a href='https://lists.example.org/r/000015ac7905@microsoft.com'>archive</a>")), "");
  // Relative links without a base lead nowhere; fragment links neither.
  EXPECT_EQ(Joined(One("<a href='#top'>top</a>")), "");
  EXPECT_EQ(Joined(One("<a href='/account'>account</a>")), "");
  // Inline images.
  EXPECT_EQ(Joined(One("<img src='data:image/png;base64,iVBORw0KGgo='>")), "");
  // Same registrable domain, other host.
  EXPECT_EQ(Joined(One("<a href='https://links.example.co.jp/t/1'>https://www.example.co.jp/</a>")), "");
}

TEST(AnalyzeTest, SchemeRelativeLinksAreReadAsHttps) {
  auto a = One("<img src='//198.51.100.4/track/1.gif'>");
  EXPECT_EQ(a.link.href, "https://198.51.100.4/track/1.gif");
  EXPECT_TRUE(Has(a, "link.ip_host")) << Joined(a);
}

TEST(AnalyzeTest, IpHostsInEveryForm) {
  auto dotted = Url("http://192.0.2.7/login");
  EXPECT_TRUE(Has(dotted, "link.ip_host"));
  EXPECT_EQ(dotted.findings[0].finding.severity, Severity::kMedium);
  auto hex = Url("http://0xC0.0x0.0x2.0x7/login");
  ASSERT_TRUE(Has(hex, "link.ip_host"));
  EXPECT_EQ(hex.findings[0].finding.severity, Severity::kHigh);
  EXPECT_EQ(hex.host, "192.0.2.7");
  EXPECT_TRUE(Has(Url("http://3221225991/"), "link.ip_host"));
  EXPECT_TRUE(Has(Url("http://[::ffff:192.0.2.7]/"), "link.ip_host"));
}

TEST(AnalyzeTest, UserinfoPortSchemeAndShortener) {
  auto u = Url("https://www.amazon.co.jp@evil.example/");
  EXPECT_TRUE(Has(u, "link.userinfo"));
  EXPECT_EQ(u.host, "evil.example");
  EXPECT_TRUE(Has(Url("https://www.example.com:8443/"), "link.port"));
  EXPECT_FALSE(Has(Url("https://www.example.com:443/"), "link.port"));
  EXPECT_TRUE(Has(Url("javascript:alert(1)"), "link.non_http"));
  EXPECT_TRUE(Has(Url("data:text/html;base64,PHNjcmlwdD4="), "link.non_http"));
  EXPECT_TRUE(Has(Url("vbscript:msgbox"), "link.non_http"));
  EXPECT_TRUE(Has(Url("file://server/share/x.exe"), "link.non_http"));
  EXPECT_FALSE(Has(Url("mailto:help@example.com"), "link.non_http"));
  EXPECT_TRUE(Has(Url("https://bit.ly/3abcd"), "link.shortener"));
  EXPECT_FALSE(Has(Url("https://www.example.com/bit.ly"), "link.shortener"));
}

TEST(AnalyzeTest, Lookalikes) {
  auto cyr = Url("https://\xD0\xB0mazon.co.jp/");  // Cyrillic a.
  EXPECT_TRUE(Has(cyr, "link.confusable")) << Joined(cyr);
  EXPECT_TRUE(Has(cyr, "link.idn")) << Joined(cyr);
  EXPECT_TRUE(Has(cyr, "link.punycode_mixed_script")) << Joined(cyr);
  EXPECT_EQ(cyr.unicode_host, "\xD0\xB0mazon.co.jp");
  EXPECT_TRUE(Has(Url("https://rnicrosoft.com/"), "link.confusable"));
  EXPECT_TRUE(Has(Url("https://paypa1.com/"), "link.confusable"));
  EXPECT_TRUE(Has(Url("https://arnazon.co.jp/"), "link.confusable"));
  EXPECT_TRUE(Has(Url("https://amazoon.co.jp/"), "link.lookalike"));
  EXPECT_TRUE(Has(Url("https://amazon-security.top/"), "link.brand_in_domain"));
  EXPECT_TRUE(Has(Url("https://amazon.top/"), "link.brand_other_suffix"));
  // Seen in the phishing dev corpus as false hits of plain containment: not brand claims.
  EXPECT_EQ(Joined(Url("https://click.mail.pontolivelo.com.br/")), "");
  EXPECT_EQ(Joined(Url("https://contoso.onmicrosoft.com/")), "");
  auto sub = Url("https://www.amazon.co.jp.example.top/signin");
  EXPECT_TRUE(Has(sub, "link.brand_in_subdomain")) << Joined(sub);
  EXPECT_TRUE(Has(Url("https://\xD0\xB0mazon.co.jp.example.top/"), "link.brand_in_subdomain"));  // Cyrillic a.
  EXPECT_FALSE(Has(Url("https://mail.example.top/"), "link.brand_in_subdomain"));
  EXPECT_TRUE(Has(Url("https://evil.example/amazon.co.jp/signin"), "link.brand_in_path"));
  // Japanese IDN in one script is not "mixed".
  auto jp = Url("https://\xE6\x97\xA5\xE6\x9C\xAC.jp/");
  EXPECT_TRUE(Has(jp, "link.idn"));
  EXPECT_FALSE(Has(jp, "link.punycode_mixed_script"));
}

TEST(AnalyzeTest, OpenRedirects) {
  auto off = Url("https://www.amazon.co.jp/redirect?url=https%3A%2F%2Fevil.example%2Fsignin");
  ASSERT_TRUE(Has(off, "link.redirect")) << Joined(off);
  auto f = std::find_if(off.findings.begin(), off.findings.end(), [](const LinkFinding& x) { return x.finding.id == "link.redirect"; });
  EXPECT_EQ(f->finding.severity, Severity::kHigh);  // On a brand's own domain.
  EXPECT_NE(f->evidence.find("evil.example"), std::string::npos);
  EXPECT_TRUE(Has(Url("https://t.example/r/https://evil.example/x"), "link.redirect"));
  EXPECT_TRUE(Has(Url("https://t.example/?u=https%253A%252F%252Fevil.example%252F"), "link.redirect"));
  // A brand's redirect back to itself is fine.
  EXPECT_FALSE(Has(Url("https://www.amazon.co.jp/r?u=https%3A%2F%2Fwww.amazon.com%2Fx"), "link.redirect"));
}

TEST(AnalyzeTest, FormsMetaRefreshInvisibleAndUnparseable) {
  auto links = ExtractHtml(
      "<meta http-equiv=refresh content='0;url=https://go.example/'>"
      "<form action='https://collect.example/p' method=post><input type=password></form>"
      "<a href='https://www.example.com/'>ex\xE2\x80\x8B" "ample</a><a href='https://exa mple.com/'>x</a>");
  auto a = Analyze(links);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_TRUE(Has(a[0], "link.meta_refresh"));
  EXPECT_TRUE(Has(a[1], "link.form_password"));
  EXPECT_TRUE(Has(a[1], "link.form_external"));
  EXPECT_TRUE(Has(a[2], "link.invisible_text"));
  EXPECT_TRUE(Has(a[3], "link.unparseable"));
  for (const auto& l : a) {
    for (const auto& f : l.findings) {
      EXPECT_FALSE(f.finding.message_en.empty());
      EXPECT_FALSE(f.finding.message_ja.empty());
      EXPECT_FALSE(f.evidence.empty()) << f.finding.id;
    }
  }
}

TEST(AnalyzeTest, PlainTextPartRepeatingHtmlLinksAddsNoMismatch) {
  auto text = ExtractText("Your order: https://www.amazon.co.jp/gp/your-account/order-history\n");
  auto html = ExtractHtml("<a href='https://www.amazon.co.jp/gp/your-account/order-history'>Your orders</a>");
  text.insert(text.end(), html.begin(), html.end());
  static const BrandList brands = TestBrands();
  AnalyzeOptions options;
  options.brands = &brands;
  for (const auto& a : Analyze(text, options)) EXPECT_TRUE(a.findings.empty()) << Joined(a);
}

}  // namespace
}  // namespace kakunin::links
