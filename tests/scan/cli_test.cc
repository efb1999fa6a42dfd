// kakunin scan as a program: JSON Lines shape, --only, errors, SIGINT.
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>


#include "scan/child.h"
#include "testing/paths.h"

namespace kakunin::scan {
namespace {

using testing::JsonLines;
using testing::RunChild;
using testing::TempDir;
using testing::WriteFile;


// The corpus messages as an mbox (none of them has a body line starting with "From ").
std::string CorpusAsMbox() {
  std::string bytes;
  for (const auto& f : testing::CorpusFiles()) {
    bytes += "From t@example.org Sat Nov 28 12:00:00 2026\n" + kakunin::testing::ReadFileOrDie(f) + "\n";
  }
  return bytes;
}

// A folder of .eml files: three corpus messages and one that is not mail.
std::string MakeEmlDir(const std::string& root) {
  auto files = testing::CorpusFiles();
  std::string dir = root + "/mails";
  for (size_t i = 0; i < 3; ++i) WriteFile(dir + "/" + std::to_string(i) + ".eml", kakunin::testing::ReadFileOrDie(files[i * 7]));
  WriteFile(dir + "/9-broken.eml", "\x01\x02 not a mail message\n");
  return dir;
}

TEST(ScanCliTest, JsonLinesCarryLocationAndInspectReport) {
  TempDir tmp;
  std::string dir = MakeEmlDir(tmp.path());
  auto r = RunChild({KAKUNIN_BINARY, "scan", "--format", "jsonl", "--offline", dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  for (size_t i = 0; i < 3; ++i) {
    const auto& j = lines[i];
    EXPECT_EQ(j["location"]["kind"], "eml");
    EXPECT_EQ(j["location"]["path"], dir + "/" + std::to_string(i) + ".eml");
    EXPECT_EQ(j["location"]["index"], i + 1);
    EXPECT_EQ(j["report"]["schema"], "kakunin.inspect/1");
    EXPECT_TRUE(j["report"]["verdict"].is_string());
    EXPECT_TRUE(j["report"]["reasons"].is_array());
  }
  // The malformed message: reported on stderr and as an error record; the scan went on.
  EXPECT_EQ(lines[3]["location"]["path"], dir + "/9-broken.eml");
  EXPECT_EQ(lines[3]["error"]["code"], "parse");
  EXPECT_FALSE(lines[3].contains("report"));
  EXPECT_NE(r.err.find("kakunin: skipped " + dir + "/9-broken.eml: "), std::string::npos) << r.err;
  // The summary goes to stderr with JSON Lines.
  EXPECT_NE(r.err.find("Scanned (eml): 4 messages"), std::string::npos) << r.err;
}

TEST(ScanCliTest, OnlyKeepsTheNamedVerdicts) {
  TempDir tmp;
  std::string mbox = tmp.path() + "/all.mbox";
  WriteFile(mbox, CorpusAsMbox());
  auto all = RunChild({KAKUNIN_BINARY, "scan", "--format", "jsonl", "--offline", mbox});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  auto only = RunChild({KAKUNIN_BINARY, "scan", "--format", "jsonl", "--offline", "--only", "phishing,suspicious", mbox});
  ASSERT_EQ(only.exit_code, 0) << only.err;
  std::vector<nlohmann::json> want;
  for (const auto& j : JsonLines(all.out)) {
    if (j["report"]["verdict"] == "phishing" || j["report"]["verdict"] == "suspicious") want.push_back(j);
  }
  auto got = JsonLines(only.out);
  ASSERT_FALSE(want.empty());
  ASSERT_LT(want.size(), testing::CorpusFiles().size());
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i]["location"], want[i]["location"]);
  // Text mode: the summary lists the --only verdicts.
  auto text = RunChild({KAKUNIN_BINARY, "scan", "--offline", "--only", "suspicious", mbox});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("[suspicious] "), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("[phishing] "), std::string::npos) << text.out;
}

TEST(ScanCliTest, BadInputsExitTwoWithOneLine) {
  auto missing = RunChild({KAKUNIN_BINARY, "scan", "--offline", "/nonexistent/kakunin-scan"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "kakunin: /nonexistent/kakunin-scan: no such file or directory\n");
  auto bad_only = RunChild({KAKUNIN_BINARY, "scan", "--only", "evil", "/tmp"});
  EXPECT_EQ(bad_only.exit_code, 2);
  auto password_in_url = RunChild({KAKUNIN_BINARY, "scan", "imaps://u:secret@127.0.0.1:1/INBOX"},
                                  {"KAKUNIN_IMAP_PASSWORD=x"});
  EXPECT_EQ(password_in_url.exit_code, 2);
  EXPECT_NE(password_in_url.err.find("do not put the password in the URL"), std::string::npos) << password_in_url.err;
}

TEST(ScanCliTest, SigintStopsWithThePartialSummary) {
  TempDir tmp;
  std::string mbox = tmp.path() + "/big.mbox";
  const std::string one = CorpusAsMbox();
  std::string bytes;
  const size_t copies = 100;  // About 6,000 messages: far more than get done before the signal.
  for (size_t i = 0; i < copies; ++i) bytes += one;
  WriteFile(mbox, bytes);
  const size_t total = copies * testing::CorpusFiles().size();
  bool sent = false;
  auto r = RunChild({KAKUNIN_BINARY, "scan", "--format", "jsonl", "--offline", "--threads", "1", mbox}, {},
                    [&](pid_t pid, const std::string&) {
                      if (!sent) {
                        ::kill(pid, SIGINT);
                        sent = true;
                      }
                    });
  ASSERT_TRUE(sent);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);  // Every line is complete JSON: the output stopped cleanly.
  EXPECT_GE(lines.size(), 1u);
  EXPECT_LT(lines.size(), total);
  EXPECT_NE(r.err.find("Interrupted"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Scanned (mbox): " + std::to_string(lines.size()) + " messages"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kakunin::scan
