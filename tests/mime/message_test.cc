#include "kakunin/message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace kakunin::mime {
namespace {

bool HasFinding(const Message& m, std::string_view id) {
  return std::any_of(m.findings().begin(), m.findings().end(), [&](const Finding& f) { return f.id == id; });
}

Message ParseOk(std::string_view bytes, const Limits& limits = {}) {
  auto m = Message::Parse(bytes, limits);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().ToString());
  return m ? *m : Message();
}

TEST(MessageTest, KeepsRawFieldsWithFoldingAndFindsFromBottom) {
  const std::string raw =
      "Received: from a\r\n\tby b; Sat, 28 Nov 2026 09:00:00 +0900\r\n"
      "From: Alice <alice@example.com>\r\n"
      "Subject:  hello\r\n  world \r\n"
      "X-Test: 1\r\n"
      "x-test: 2\r\n"
      "\r\n"
      "body line\r\n";
  Message m = ParseOk(raw);
  ASSERT_EQ(m.fields().size(), 5u);
  EXPECT_EQ(m.fields()[0].raw, "Received: from a\r\n\tby b; Sat, 28 Nov 2026 09:00:00 +0900\r\n");
  EXPECT_EQ(m.fields()[2].name, "Subject");
  EXPECT_EQ(m.fields()[2].RawValue(), "  hello\r\n  world ");
  EXPECT_EQ(m.fields()[2].UnfoldedValue(), "hello  world");
  EXPECT_EQ(m.FindFromBottom("X-TEST", 0)->RawValue(), " 2");
  EXPECT_EQ(m.FindFromBottom("x-test", 1)->RawValue(), " 1");
  EXPECT_EQ(m.FindFromBottom("x-test", 2), nullptr);
  EXPECT_EQ(m.header_block(), raw.substr(0, raw.find("\r\n\r\n") + 2));
  EXPECT_EQ(m.body(), "body line\r\n");
  EXPECT_EQ(m.wire(), raw);
  EXPECT_FALSE(m.had_bare_lf());
  ASSERT_EQ(m.received().size(), 1u);
  EXPECT_EQ(m.received()[0], "from a\tby b; Sat, 28 Nov 2026 09:00:00 +0900");
}

TEST(MessageTest, LfOnlyInputBecomesCrlfWire) {
  Message lf = ParseOk("From: a@example.com\nSubject: x\n\tfolded\n\nline1\nline2\n");
  Message crlf = ParseOk("From: a@example.com\r\nSubject: x\r\n\tfolded\r\n\r\nline1\r\nline2\r\n");
  EXPECT_TRUE(lf.had_bare_lf());
  EXPECT_EQ(lf.wire(), crlf.wire());
  EXPECT_EQ(lf.fields().size(), 2u);
  EXPECT_EQ(lf.body(), "line1\r\nline2\r\n");
}

TEST(MessageTest, MboxFromLineIsDroppedAndQuotingUndone) {
  Message m = ParseOk("From alice@example.com Sat Nov 28 09:00:00 2026\nFrom: a@example.com\n\n>From here\n>>From there\n");
  EXPECT_TRUE(m.was_mbox());
  ASSERT_EQ(m.fields().size(), 1u);
  EXPECT_EQ(m.body(), "From here\r\n>From there\r\n");
}

TEST(MessageTest, FromFieldWrittenWithSpaceIsNotAnMboxLine) {
  Message m = ParseOk("From : a@example.com\nSubject: s\n\nbody\n");
  EXPECT_FALSE(m.was_mbox());
  ASSERT_EQ(m.fields().size(), 2u);
  EXPECT_EQ(m.fields()[0].name, "From");
}

TEST(MessageTest, DecodesIso2022JpAndUtf8EncodedWords) {
  Message m = ParseOk(
      "From: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= <noreply@example.jp>\r\n"
      "To: =?UTF-8?Q?=E7=A2=BA=E8=AA=8D?= <taro@example.net>, jiro@example.net\r\n"
      "Subject: =?UTF-8?B?44K744Kt44Ol44Oq44OG44Kj44Kz44O844OJ?=\r\n"
      "\r\nx\r\n");
  ASSERT_EQ(m.from().size(), 1u);
  EXPECT_EQ(m.from()[0].display_name, "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");  // テスト
  EXPECT_EQ(m.from()[0].address, "noreply@example.jp");
  EXPECT_EQ(m.from()[0].Domain(), "example.jp");
  ASSERT_EQ(m.to().size(), 2u);
  EXPECT_EQ(m.to()[0].display_name, "\xe7\xa2\xba\xe8\xaa\x8d");  // 確認
  EXPECT_EQ(m.to()[1].address, "jiro@example.net");
  // セキュリティコード
  EXPECT_EQ(m.subject(),
            "\xe3\x82\xbb\xe3\x82\xad\xe3\x83\xa5\xe3\x83\xaa\xe3\x83\x86\xe3\x82\xa3\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89");
}

TEST(MessageTest, DecodesJapaneseBodiesInEveryCommonCharset) {
  struct Case {
    const char* charset;
    const char* cte;
    std::string body;
    const char* want;
  };
  const Case cases[] = {
      {"Shift_JIS", "8bit", "\x93\xfa\x96{\x8c\xea", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"},       // 日本語
      {"CP932", "8bit", "\x87\x40", "\xe2\x91\xa0"},                                                 // ①
      {"EUC-JP", "8bit", "\xc6\xfc\xcb\xdc\xb8\xec", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"},         // 日本語
      {"ISO-2022-JP", "7bit", "\x1b$B%F%9%H\x1b(B", "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"},         // テスト
      {"iso-2022-jp", "7bit", "\x1b$B-!\x1b(B", "\xe2\x91\xa0"},  // ① (NEC row 13, as Japanese mailers send)
      {"utf-8", "base64", "5pel5pys6Kqe", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"},
      {"Shift_JIS", "quoted-printable", "=93=FA=96{=8C=EA", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"},
  };
  for (const Case& c : cases) {
    std::string raw = std::string("From: a@example.jp\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=") +
                      c.charset + "\r\nContent-Transfer-Encoding: " + c.cte + "\r\n\r\n" + c.body + "\r\n";
    Message m = ParseOk(raw);
    ASSERT_EQ(m.texts().size(), 1u) << c.charset;
    EXPECT_EQ(std::string(m.texts()[0].text.substr(0, std::string(c.want).size())), c.want) << c.charset << "/" << c.cte;
    EXPECT_FALSE(HasFinding(m, "mime.charset_errors")) << c.charset;
  }
}

TEST(MessageTest, UnknownCharsetFallsBackWithAFinding) {
  Message m = ParseOk("From: a@example.jp\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nplain text\r\n");
  ASSERT_EQ(m.texts().size(), 1u);
  EXPECT_EQ(m.texts()[0].text, "plain text\r\n");
  EXPECT_TRUE(HasFinding(m, "mime.charset_unknown"));
}

TEST(MessageTest, NestedMultipartWithAttachments) {
  const std::string raw =
      "From: a@example.com\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
      "preamble\r\n--outer\r\n"
      "Content-Type: multipart/alternative; boundary=inner\r\n\r\n"
      "--inner\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nhello\r\n"
      "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hello</p>\r\n--inner--\r\n"
      "--outer\r\nContent-Type: application/pdf\r\n"
      "Content-Disposition: attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
      "--outer\r\nContent-Type: message/rfc822\r\n\r\n"
      "From: inner@example.org\r\nSubject: inner\r\n\r\ninner body\r\n"
      "--outer--\r\n";
  Message m = ParseOk(raw);
  ASSERT_GE(m.parts().size(), 7u);
  EXPECT_EQ(m.parts()[0].content_type, "multipart/mixed");
  EXPECT_EQ(m.parts()[1].content_type, "multipart/alternative");
  EXPECT_EQ(m.parts()[2].depth, 2);
  ASSERT_EQ(m.texts().size(), 3u);
  EXPECT_FALSE(m.texts()[0].is_html);
  EXPECT_TRUE(m.texts()[1].is_html);
  EXPECT_EQ(m.texts()[2].text, "inner body");  // The CRLF before a boundary belongs to it (RFC 2046 5.1.1).
  ASSERT_EQ(m.attachments().size(), 1u);
  EXPECT_EQ(m.attachments()[0].filename, "\xe8\xab\x8b\xe6\xb1\x82\xe6\x9b\xb8.pdf");  // 請求書.pdf
  EXPECT_EQ(m.attachments()[0].size, 9u);  // "%PDF-1.4\n"
  EXPECT_EQ(m.attachments()[0].sha256_hex.size(), 64u);
}

TEST(MessageTest, MalformedBoundaryIsReadAndReported) {
  Message m = ParseOk(
      "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\npart one, never closed\r\n");
  ASSERT_EQ(m.texts().size(), 1u);
  EXPECT_NE(m.texts()[0].text.find("part one"), std::string::npos);
  EXPECT_TRUE(HasFinding(m, "mime.truncated") || HasFinding(m, "mime.malformed_multipart"));
}

TEST(MessageTest, MissingAndDuplicateFromAreFindings) {
  EXPECT_TRUE(HasFinding(ParseOk("Subject: no from\r\n\r\nx\r\n"), "mime.no_from"));
  Message dup = ParseOk("From: a@example.com\r\nFrom: b@evil.example\r\n\r\nx\r\n");
  EXPECT_EQ(dup.from().size(), 2u);
  EXPECT_TRUE(HasFinding(dup, "mime.multiple_from"));
  EXPECT_TRUE(HasFinding(ParseOk("From: a@example.com, b@example.org\r\n\r\nx\r\n"), "mime.multiple_from"));
}

TEST(MessageTest, NotAMailMessageIsAParseError) {
  for (std::string_view bad : {std::string_view(""), std::string_view("\r\n\r\n"), std::string_view("hello world\n"),
                               std::string_view("\x7f" "ELF\x02\x01\x01\0\0\0", 10), std::string_view(" folded: first\n"),
                               std::string_view("\nFrom: a@example.com\n")}) {
    auto m = Message::Parse(bad);
    EXPECT_FALSE(m.has_value()) << "accepted: " << bad;
    if (!m) {
      EXPECT_EQ(m.error().code, ErrorCode::kParse);
    }
  }
}

TEST(MessageTest, NonFieldLineStartsTheBody) {
  Message m = ParseOk("From: a@example.com\r\nthis is not a header\r\nmore\r\n");
  EXPECT_EQ(m.fields().size(), 1u);
  EXPECT_EQ(m.body(), "this is not a header\r\nmore\r\n");
  EXPECT_TRUE(HasFinding(m, "mime.malformed_header"));
}

TEST(MessageTest, LimitsBoundTheWorkAndAreReported) {
  Limits limits;
  limits.max_header_fields = 10;
  std::string many;
  for (int i = 0; i < 100; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  Message m = ParseOk("From: a@example.com\r\n" + many + "\r\nbody\r\n", limits);
  EXPECT_EQ(m.fields().size(), 10u);
  EXPECT_TRUE(HasFinding(m, "mime.limit.header_fields"));
  EXPECT_EQ(m.body(), "body\r\n");

  Limits small;
  small.max_message_bytes = 64;
  Message cut = ParseOk("From: a@example.com\r\nSubject: s\r\n\r\n" + std::string(1000, 'x'), small);
  EXPECT_EQ(cut.wire().size(), 64u);
  EXPECT_TRUE(HasFinding(cut, "mime.limit.message_size"));

  Limits shallow;
  shallow.max_mime_depth = 3;
  std::string nested = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n";
  std::string tail;
  for (int i = 0; i < 8; ++i) {
    nested += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i + 1) +
              "\r\n\r\n";
    tail = "--b" + std::to_string(i) + "--\r\n" + tail;
  }
  nested += "--b8\r\nContent-Type: text/plain\r\n\r\ndeep\r\n--b8--\r\n" + tail;
  Message deep = ParseOk(nested, shallow);
  EXPECT_TRUE(HasFinding(deep, "mime.limit.depth"));
  EXPECT_TRUE(deep.texts().empty());
  for (const Part& p : deep.parts()) EXPECT_LE(p.depth, 3);

  Limits lines;
  lines.max_line_bytes = 100;
  EXPECT_TRUE(HasFinding(ParseOk("From: a@example.com\r\n\r\n" + std::string(500, 'y') + "\r\n", lines),
                         "mime.limit.line_length"));
}

TEST(MessageTest, DecodesDateAndMessageId) {
  Message m = ParseOk("From: a@example.com\r\nDate: Sat, 28 Nov 2026 09:15:00 +0900\r\nMessage-ID: <abc@example.com>\r\n\r\n");
  ASSERT_TRUE(m.date_unix().has_value());
  EXPECT_EQ(*m.date_unix(), 1795824900);
  EXPECT_EQ(m.message_id(), "abc@example.com");
  EXPECT_TRUE(m.body().empty());
}

TEST(MessageTest, RawEightBitShiftJisHeaderIsDecoded) {
  Message m = ParseOk("From: a@example.jp\r\nSubject: \x93\xfa\x96{\x8c\xea\r\n\r\nx\r\n");
  EXPECT_EQ(m.subject(), "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
}

TEST(MessageTest, CopiesShareTheWireBuffer) {
  Message a = ParseOk("From: a@example.com\r\n\r\nbody\r\n");
  Message b = a;
  EXPECT_EQ(a.wire().data(), b.wire().data());
  EXPECT_EQ(b.fields()[0].raw.data(), a.wire().data());
}

}  // namespace
}  // namespace kakunin::mime
