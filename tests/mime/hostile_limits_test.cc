// The memory bounds of Message::Parse under hostile input (issue #11; tests/hostile runs the
// full-size cases through kakunin inspect): what GMime is shown and what ParseTaking frees.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kakunin/message.h"

namespace kakunin::mime {
namespace {

bool HasFinding(const Message& m, std::string_view id) {
  return std::any_of(m.findings().begin(), m.findings().end(), [&](const Finding& f) { return f.id == id; });
}

const char kMultipart[] =
    "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello https://example.com/\r\n"
    "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; filename=a.bin\r\n\r\naGVsbG8=\r\n--b--\r\n";

// A field longer than max_line_bytes is kept out of GMime's view, yet the MIME structure (from
// the fields that fit) and the field index are the same as without the long field.
TEST(HostileLimitsTest, OverlongFieldIsHiddenFromGMimeButTheTreeIsKept) {
  Limits limits;
  limits.max_line_bytes = 1000;
  const std::string head = "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n";
  const std::string msg = head + "X-Long: " + std::string(5000, 'x') + "\r\n\r\n" + kMultipart;
  auto m = Message::Parse(msg, limits);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(HasFinding(*m, "mime.limit.line_length"));
  EXPECT_EQ(m->fields().size(), 4u);  // The long field is still indexed (DKIM may sign it).
  ASSERT_EQ(m->parts().size(), 3u);
  EXPECT_EQ(m->parts()[0].content_type, "multipart/mixed");
  ASSERT_EQ(m->texts().size(), 1u);
  EXPECT_EQ(m->texts()[0].text, "hello https://example.com/");
  ASSERT_EQ(m->attachments().size(), 1u);
  EXPECT_EQ(m->attachments()[0].size, 5u);

  // An over-long Content-Type is itself left out: the body is then read as text/plain.
  const std::string long_ct = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b; x=\"" +
                              std::string(5000, 'y') + "\"\r\n\r\n" + kMultipart;
  auto n = Message::Parse(long_ct, limits);
  ASSERT_TRUE(n.has_value());
  ASSERT_EQ(n->parts().size(), 1u);
  EXPECT_EQ(n->parts()[0].content_type, "text/plain");
}

// Fields past max_header_fields are not shown to GMime either: a Content-Type among them does
// not decide the structure, as it is not in the index.
TEST(HostileLimitsTest, FieldsPastTheHeaderLimitDoNotReachGMime) {
  Limits limits;
  limits.max_header_fields = 3;
  const std::string msg =
      "From: a@example.com\r\nSubject: s\r\nX-A: 1\r\nX-B: 2\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
      std::string(kMultipart);
  auto m = Message::Parse(msg, limits);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(HasFinding(*m, "mime.limit.header_fields"));
  EXPECT_EQ(m->fields().size(), 3u);
  ASSERT_EQ(m->parts().size(), 1u);
  EXPECT_EQ(m->parts()[0].content_type, "text/plain");
}

TEST(HostileLimitsTest, ParseTakingGivesTheSameMessageAndFreesTheInput) {
  const std::string msg = "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n" + std::string(kMultipart);
  auto viewed = Message::Parse(msg);
  std::string input = msg;
  auto taken = Message::ParseTaking(std::move(input));
  ASSERT_TRUE(viewed.has_value());
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(viewed->wire(), taken->wire());
  EXPECT_EQ(viewed->parts().size(), taken->parts().size());
  EXPECT_EQ(viewed->texts().size(), taken->texts().size());
  EXPECT_EQ(viewed->attachments()[0].sha256_hex, taken->attachments()[0].sha256_hex);
  EXPECT_TRUE(input.empty());  // NOLINT(bugprone-use-after-move): moved-from, then checked on purpose.
  auto empty = Message::ParseTaking(std::string(" \r\n"));
  EXPECT_FALSE(empty.has_value());
}

}  // namespace
}  // namespace kakunin::mime
