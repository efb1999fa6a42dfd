// Extract says which of its bounds a message reached, and LimitFindings turns that into the
// findings a report shows (tests/hostile checks the same through kakunin inspect at full size).
#include <gtest/gtest.h>

#include <string>

#include "kakunin/links.h"
#include "kakunin/message.h"

namespace kakunin::links {
namespace {

mime::Message Mail(std::string_view content_type, const std::string& body) {
  auto m = mime::Message::Parse("From: a@example.com\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" + body);
  EXPECT_TRUE(m.has_value());
  return m ? *m : mime::Message();
}

TEST(LinkLimitsTest, AnOrdinaryMailReachesNoBound) {
  ExtractLimits reached;
  auto links = Extract(Mail("text/html", "<a href=\"https://example.com/\">x</a>"), &reached);
  EXPECT_EQ(links.size(), 1u);
  EXPECT_FALSE(reached.link_count);
  EXPECT_FALSE(reached.html_bytes);
  EXPECT_TRUE(LimitFindings(reached).empty());
}

TEST(LinkLimitsTest, TooManyLinksIsReported) {
  std::string body;
  for (size_t i = 0; i <= kMaxLinksPerMessage; ++i) body += "https://h" + std::to_string(i) + ".example.com/\r\n";
  ExtractLimits reached;
  auto links = Extract(Mail("text/plain", body), &reached);
  EXPECT_EQ(links.size(), kMaxLinksPerMessage);
  EXPECT_TRUE(reached.link_count);
  auto findings = LimitFindings(reached);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "links.limit.count");
  EXPECT_NE(findings[0].message_en.find("10000"), std::string::npos);
}

TEST(LinkLimitsTest, OversizedHtmlIsReportedAndItsStartStillRead) {
  const std::string body = "<a href=\"https://first.example.com/\">x</a>" + std::string(kMaxHtmlBytes, ' ') +
                           "<a href=\"https://hidden.example.com/\">y</a>";
  ExtractLimits reached;
  auto links = Extract(Mail("text/html", body), &reached);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].href, "https://first.example.com/");
  EXPECT_TRUE(reached.html_bytes);
  EXPECT_FALSE(reached.link_count);
  auto findings = LimitFindings(reached);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "links.limit.html_size");
}

TEST(LinkLimitsTest, DeepNestingIsReportedAndTheLinkKept) {
  std::string body;
  for (int i = 0; i < 2000; ++i) body += "<div>";
  body += "<a href=\"https://deep.example.com/\">x</a>";
  ExtractLimits reached;
  auto links = ExtractHtml(body, 0, &reached);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].href, "https://deep.example.com/");
  EXPECT_TRUE(reached.html_depth);
  auto findings = LimitFindings(reached);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "links.limit.nesting");

  ExtractLimits shallow;
  (void)ExtractHtml("<div><div><a href=\"https://x.example.com/\">x</a></div></div>", 0, &shallow);
  EXPECT_FALSE(shallow.html_depth);
}

}  // namespace
}  // namespace kakunin::links
