// Link extraction from HTML (gumbo) and text/plain bodies.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "kakunin/links.h"
#include "kakunin/message.h"

namespace kakunin::links {
namespace {

TEST(HtmlExtractTest, AnchorsWithVisibleTextAndEntities) {
  auto links = ExtractHtml(
      "<p>Hi <a href='https://evil.example/x?a=1&amp;b=2'>  https://www.amazon.co.jp/&#8203;gp  </a></p>"
      "<a href=\"/rel\"><img src='https://cdn.example/i.png' alt='Sign in'></a>", 3);
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].element, Element::kA);
  EXPECT_EQ(links[0].part_index, 3);
  EXPECT_EQ(links[0].href, "https://evil.example/x?a=1&b=2");
  EXPECT_EQ(links[0].text, "https://www.amazon.co.jp/gp");
  EXPECT_EQ(links[0].invisible, std::vector<std::string>{"U+200B"});
  EXPECT_FALSE(links[1].url.has_value());  // Relative without a base: no document URL in a mail.
  EXPECT_EQ(links[1].text, "Sign in");
  EXPECT_EQ(links[2].element, Element::kImg);
}

TEST(HtmlExtractTest, BaseHrefResolvesRelativeLinks) {
  auto links = ExtractHtml(
      "<html><head><base href='https://evil.example/app/'></head>"
      "<body><a href='login?u=1'>https://www.amazon.co.jp/</a><area href='../x' alt='Amazon'></body></html>");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].element, Element::kBase);
  EXPECT_EQ(links[1].href, "https://evil.example/app/login?u=1");
  EXPECT_EQ(links[2].element, Element::kArea);
  EXPECT_EQ(links[2].href, "https://evil.example/x");
  EXPECT_EQ(links[2].text, "Amazon");
}

TEST(HtmlExtractTest, FormsMetaRefreshAndIframes) {
  auto links = ExtractHtml(
      "<meta http-equiv='Refresh' content='0; URL=\"https://go.example/\"'>"
      "<form action='https://collect.example/p' method=POST><input name=u><input type=password name=p></form>"
      "<iframe src='https://frame.example/'></iframe><input type='PASSWORD'>");
  ASSERT_EQ(links.size(), 4u);
  EXPECT_EQ(links[0].element, Element::kMetaRefresh);
  EXPECT_EQ(links[0].href, "https://go.example/");
  EXPECT_EQ(links[1].element, Element::kForm);
  EXPECT_TRUE(links[1].form_has_password);
  EXPECT_EQ(links[1].form_method, "post");
  EXPECT_EQ(links[2].element, Element::kIframe);
  EXPECT_EQ(links[3].element, Element::kForm);  // A password box outside any form.
  EXPECT_TRUE(links[3].form_has_password);
}

TEST(HtmlExtractTest, DeepNestingAndManyLinksAreBounded) {
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div>";
  deep += "<a href='https://a.example/'>x</a>";
  EXPECT_EQ(ExtractHtml(deep).size(), 1u);
  std::string many;
  for (size_t i = 0; i < kMaxLinksPerMessage + 50; ++i) many += "<a href='https://a.example/'>x</a>";
  EXPECT_EQ(ExtractHtml(many).size(), kMaxLinksPerMessage);
}

TEST(TextExtractTest, SchemesWwwBareHostsAndPunctuation) {
  auto links = ExtractText(
      "Sign in at https://www.amazon.co.jp/gp/css. Or www.amazon.co.jp/ap/signin, (see http://a.example/x_(y))\n"
      "\xE8\xA9\xB3\xE3\x81\x97\xE3\x81\x8F\xE3\x81\xAF https://evil.example/login\xE3\x81\xAF\xE3\x81\x93\xE3\x81\xA1\xE3\x82\x89\n"
      "secure-amazon.top/verify and mail me at user@www.example.com e.g. example.com.");
  ASSERT_EQ(links.size(), 5u);
  EXPECT_EQ(links[0].href, "https://www.amazon.co.jp/gp/css");
  EXPECT_EQ(links[1].raw, "www.amazon.co.jp/ap/signin");
  EXPECT_EQ(links[1].href, "http://www.amazon.co.jp/ap/signin");
  EXPECT_EQ(links[2].href, "http://a.example/x_(y)");
  EXPECT_EQ(links[3].href, "https://evil.example/login");  // Stops at the Japanese text.
  EXPECT_EQ(links[4].href, "http://secure-amazon.top/verify");
}

TEST(TextExtractTest, AngleBracketsAndWrappedUrls) {
  auto links = ExtractText(
      "Open <https://example.com/a/very/long/\n   path?x=1> now.\n"
      "Click here to confirm your account: https://evil.example/confirm/abcdefghij\n"
      "klmnop?id=12345&t=9\n"
      "Thanks.\n");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].href, "https://example.com/a/very/long/path?x=1");
  EXPECT_TRUE(links[0].wrapped);
  EXPECT_EQ(links[1].href, "https://evil.example/confirm/abcdefghijklmnop?id=12345&t=9");
  EXPECT_TRUE(links[1].wrapped);
}

// A URL in text is what the reader sees; its text is cut like any link text (found by
// fuzz_url_extract: a bracketed URL of 1 KB and more kept all of it as text), the URL is not.
TEST(TextExtractTest, ALongUrlsTextIsCutTheUrlIsNot) {
  const std::string path(3000, 'a');
  for (const std::string& body : {"<https://example.com/" + path + ">", "see https://example.com/" + path + " now",
                                  "<https://\xe4\xbe\x8b.jp/" + path + ">"}) {
    auto links = ExtractText(body);
    ASSERT_EQ(links.size(), 1u) << body.substr(0, 30);
    EXPECT_LE(links[0].text.size(), kMaxLinkTextBytes);
    EXPECT_EQ(links[0].text, links[0].raw.substr(0, links[0].text.size()));
    EXPECT_GT(links[0].raw.size(), 3000u);
    EXPECT_TRUE(links[0].href.ends_with(path)) << links[0].parse_error;
  }
}

TEST(ExtractTest, WholeMessageKeepsPartIndexes) {
  std::string eml =
      "From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/alternative; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGo to https://www.example.com/a\r\n"
      "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<a href=\"https://www.example.com/a\">here</a>\r\n"
      "--b--\r\n";
  auto m = mime::Message::Parse(eml);
  ASSERT_TRUE(m) << m.error().ToString();
  auto links = Extract(*m);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].element, Element::kText);
  EXPECT_EQ(links[1].element, Element::kA);
  EXPECT_NE(links[0].part_index, links[1].part_index);
}

}  // namespace
}  // namespace kakunin::links

namespace kakunin::links {
namespace {

// 1 MB of each shape that makes an HTML tree builder work hard; none may go quadratic.
TEST(HtmlExtractTest, HostileMegabyteShapesStayLinear) {
  const char* kShapes[] = {"<div>", "<b>", "<table>", "<a href='https://a.example/'>", "<font><i><u>", "<select>",
                           "<li><ul>", "<td><table>", "<p><span>", "</div><div>"};
  for (const char* shape : kShapes) {
    std::string html;
    while (html.size() < (1u << 20)) html += shape;
    html += "<a href='https://end.example/'>end</a>";
    auto start = std::chrono::steady_clock::now();
    auto links = ExtractHtml(html);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(ms, 3000) << shape;
    EXPECT_FALSE(links.empty()) << shape;
    std::printf("%-30s %8.1f ms, %zu links\n", shape, ms, links.size());
  }
}

}  // namespace
}  // namespace kakunin::links
