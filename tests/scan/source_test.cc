// Local sources: mbox splitting (RFC 4155 "From " lines, mboxrd ">From " quoting), Maildir and
// folders of .eml files.
#include <gtest/gtest.h>

#include <filesystem>

#include "kakunin/inspect.h"
#include "kakunin/scan.h"
#include "scan/child.h"
#include "testing/paths.h"

namespace kakunin::scan {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::vector<Item> ReadAll(Source& source) {
  std::vector<Item> items;
  for (;;) {
    auto next = source.Next();
    EXPECT_TRUE(next.has_value()) << next.error().message;
    if (!next || !*next) break;
    items.push_back(std::move(**next));
  }
  return items;
}

std::vector<Item> ReadPath(const std::string& path, size_t max = kDefaultMaxMessageBytes) {
  auto source = OpenPath(path, SourceOptions{max});
  EXPECT_TRUE(source.has_value()) << source.error().message;
  if (!source) return {};
  return ReadAll(**source);
}

constexpr std::string_view kMessage1 =
    "From alice@example.org Sat Nov 28 12:00:00 2026\n"
    "From: Alice <alice@example.org>\n"
    "Subject: one\n"
    "\n"
    "Hello.\n"
    ">From the mbox quoting: this line starts with From in the mail.\n"
    "From inside a paragraph, not after an empty line: not a separator.\n";
constexpr std::string_view kMessage2 =
    "From bob@example.org Sat Nov 28 12:01:00 2026\n"
    "From: Bob <bob@example.org>\n"
    "Subject: two\n"
    "\n"
    "Second.\n";
constexpr std::string_view kMessage3 =
    "From carol@example.org Sat Nov 28 12:02:00 2026\n"
    "From : carol@example.org\n"  // A field written "From :" is not a separator either.
    "Subject: three\n"
    "\n"
    "Third.\n";

TEST(MboxSourceTest, SplitsAtFromLinesAfterAnEmptyLine) {
  TempDir dir;
  std::string mbox = std::string(kMessage1) + "\n" + std::string(kMessage2) + "\n" + std::string(kMessage3) + "\n";
  WriteFile(dir.path() + "/in.mbox", mbox);
  auto items = ReadPath(dir.path() + "/in.mbox");
  ASSERT_EQ(items.size(), 3u);
  // Each message keeps its own "From " line and loses the mbox's empty separator line.
  EXPECT_EQ(items[0].bytes, kMessage1);
  EXPECT_EQ(items[1].bytes, kMessage2);
  EXPECT_EQ(items[2].bytes, kMessage3);
  EXPECT_EQ(items[0].location.offset, 0u);
  EXPECT_EQ(items[1].location.offset, kMessage1.size() + 1);
  EXPECT_EQ(items[2].location.offset, kMessage1.size() + kMessage2.size() + 2);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(items[i].location.index, i + 1);
    EXPECT_EQ(items[i].location.kind, SourceKind::kMbox);
    EXPECT_FALSE(items[i].error);
  }
  EXPECT_EQ(items[2].progress, mbox.size());
  auto source = OpenPath(dir.path() + "/in.mbox", {});
  ASSERT_TRUE(source);
  EXPECT_EQ((*source)->total(), mbox.size());
}

TEST(MboxSourceTest, MessageParseUndoesFromQuoting) {
  TempDir dir;
  WriteFile(dir.path() + "/in.mbox", std::string(kMessage1) + "\n" + std::string(kMessage2));
  auto items = ReadPath(dir.path() + "/in.mbox");
  ASSERT_EQ(items.size(), 2u);
  auto report = InspectBytes(items[0].bytes, InspectOptions{});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->message.subject(), "one");
  ASSERT_FALSE(report->message.texts().empty());
  const std::string& text = report->message.texts().front().text;
  EXPECT_NE(text.find("\nFrom the mbox quoting"), std::string::npos) << text;
  EXPECT_EQ(text.find(">From the mbox"), std::string::npos) << text;
}

TEST(MboxSourceTest, CrlfLinesAndLeadingEmptyLines) {
  TempDir dir;
  std::string mbox = "\r\n\r\nFrom a@example.org Sat Nov 28 12:00:00 2026\r\nSubject: a\r\n\r\nA\r\n\r\n"
                     "From b@example.org Sat Nov 28 12:00:00 2026\r\nSubject: b\r\n\r\nB\r\n";
  WriteFile(dir.path() + "/in.mbox", mbox);
  auto items = ReadPath(dir.path() + "/in.mbox");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].bytes, "From a@example.org Sat Nov 28 12:00:00 2026\r\nSubject: a\r\n\r\nA\r\n");
  EXPECT_EQ(items[0].location.offset, 4u);
  EXPECT_EQ(items[1].bytes, "From b@example.org Sat Nov 28 12:00:00 2026\r\nSubject: b\r\n\r\nB\r\n");
}

TEST(MboxSourceTest, FileWithoutSeparatorIsOneMessage) {
  TempDir dir;
  std::string eml = "Subject: plain\r\nFrom: a@example.org\r\n\r\nBody\r\n\r\nFrom here on, a paragraph.\r\n";
  WriteFile(dir.path() + "/one.eml", eml);
  auto items = ReadPath(dir.path() + "/one.eml");
  // "From here on" after an empty line would split an mbox; a file that does not start with a
  // separator is not one.
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].bytes, eml);
}

TEST(MboxSourceTest, FromLineWithoutDateIsNotASeparator) {
  TempDir dir;
  std::string m1 = "From a@example.org Sat Nov 28 12:00:00 2026\nSubject: a\n\nPara.\n\nFrom here on, text.\n";
  WriteFile(dir.path() + "/in.mbox", m1 + "\n" + std::string(kMessage2));
  auto items = ReadPath(dir.path() + "/in.mbox");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].bytes, m1);
  EXPECT_EQ(items[1].bytes, kMessage2);
}

TEST(MboxSourceTest, OversizedMessageIsSkippedNotCut) {
  TempDir dir;
  std::string big = "From big@example.org Sat Nov 28 12:00:00 2026\nSubject: big\n\n" + std::string(5000, 'x') + "\n" +
                    std::string(3000, 'y') + "\n";
  std::string mbox = std::string(kMessage2) + "\n" + big + "\n" + std::string(kMessage3);
  WriteFile(dir.path() + "/in.mbox", mbox);
  auto items = ReadPath(dir.path() + "/in.mbox", 4096);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].bytes, kMessage2);
  ASSERT_TRUE(items[1].error);
  EXPECT_EQ(items[1].error->code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(items[1].bytes.empty());
  EXPECT_EQ(items[1].location.offset, kMessage2.size() + 1);
  EXPECT_EQ(items[2].bytes, kMessage3);
}

TEST(MboxSourceTest, EmptyFileHasNoMessages) {
  TempDir dir;
  WriteFile(dir.path() + "/empty.mbox", "");
  EXPECT_TRUE(ReadPath(dir.path() + "/empty.mbox").empty());
}

TEST(MaildirSourceTest, ReadsCurThenNewSortedAndSkipsTmpAndHiddenFiles) {
  TempDir dir;
  const std::string md = dir.path() + "/Maildir";
  WriteFile(md + "/new/200.host", "Subject: new-200\n\nx\n");
  WriteFile(md + "/new/100.host", "Subject: new-100\n\nx\n");
  WriteFile(md + "/cur/300.host:2,S", "Subject: cur-300\n\nx\n");
  WriteFile(md + "/tmp/400.host", "Subject: tmp\n\nx\n");
  WriteFile(md + "/cur/.hidden", "Subject: hidden\n\nx\n");
  auto items = ReadPath(md);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].location.path, md + "/cur/300.host:2,S");
  EXPECT_EQ(items[1].location.path, md + "/new/100.host");
  EXPECT_EQ(items[2].location.path, md + "/new/200.host");
  EXPECT_EQ(items[0].location.kind, SourceKind::kMaildir);
  EXPECT_EQ(items[1].bytes, "Subject: new-100\n\nx\n");
  EXPECT_EQ(items[2].progress, 3u);
}

TEST(EmlDirectorySourceTest, FindsEmlFilesRecursivelyInPathOrder) {
  TempDir dir;
  WriteFile(dir.path() + "/b.eml", "Subject: b\n\nx\n");
  WriteFile(dir.path() + "/a/z.EML", "Subject: z\n\nx\n");
  WriteFile(dir.path() + "/a/notes.txt", "not mail\n");
  WriteFile(dir.path() + "/c.eml", std::string(100, 'x'));
  auto items = ReadPath(dir.path(), 50);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].location.path, dir.path() + "/a/z.EML");
  EXPECT_EQ(items[1].location.path, dir.path() + "/b.eml");
  EXPECT_EQ(items[1].location.kind, SourceKind::kEmlDirectory);
  ASSERT_TRUE(items[2].error);  // 100 bytes past a 50-byte limit.
  EXPECT_EQ(items[2].error->code, ErrorCode::kLimitExceeded);
}

TEST(OpenPathTest, MissingPathIsNotFound) {
  auto source = OpenPath("/nonexistent/kakunin-scan-test", {});
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().code, ErrorCode::kNotFound);
}

TEST(LocationTest, TextAndJson) {
  Location mbox{SourceKind::kMbox, "in.mbox", 3, 1234, 0};
  EXPECT_EQ(LocationText(mbox), "in.mbox #3 (byte 1234)");
  EXPECT_EQ(LocationJson(mbox), R"({"kind":"mbox","path":"in.mbox","index":3,"offset":1234})");
  Location imap{SourceKind::kImap, "imaps://u@h/INBOX", 2, 0, 42};
  EXPECT_EQ(LocationText(imap), "imaps://u@h/INBOX UID 42");
  EXPECT_EQ(LocationJson(imap), R"({"kind":"imap","path":"imaps://u@h/INBOX","index":2,"uid":42})");
  Location eml{SourceKind::kEmlDirectory, "d/a.eml", 1, 0, 0};
  EXPECT_EQ(LocationJson(eml), R"({"kind":"eml","path":"d/a.eml","index":1})");
}

}  // namespace
}  // namespace kakunin::scan
