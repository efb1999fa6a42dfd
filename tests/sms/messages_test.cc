// The SMS proof set: every tests/sms/messages/*.txt is a message written for these tests, with
// its expected verdict, notice kind, code and brand in a header of "# key: value" lines ended by
// a blank line ("-" for none; "sender" is the sender ID or number the phone showed). Each message
// is analysed and checked on all four, and rendered as JSON (schema, required keys) and as text in
// both languages; every verdict and every row of docs/sms.md's table must occur. Links point at
// reserved names (.test, .example, .invalid) or made-up look-alike domains, never at real phishing
// sites. No deviations.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kakunin/explain.h"
#include "kakunin/sms.h"
#include "testing/paths.h"

namespace kakunin::sms {
namespace {

struct Case {
  std::string name;
  std::map<std::string, std::string> expect;
  std::string body;
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  const std::filesystem::path dir = std::filesystem::path(testing::SourceDir()) / "tests/sms/messages";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    Case c;
    c.name = entry.path().stem().string();
    std::string raw = testing::ReadFileOrDie(entry.path().string());
    size_t end = raw.find("\n\n");
    EXPECT_NE(end, std::string::npos) << c.name << ": no blank line after the header";
    if (end == std::string::npos) continue;
    std::string_view header(raw.data(), end);
    while (!header.empty()) {
      std::string_view line = header.substr(0, header.find('\n'));
      header.remove_prefix(std::min(header.size(), line.size() + 1));
      EXPECT_TRUE(line.rfind("# ", 0) == 0) << c.name << ": bad header line " << line;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos || line.size() < 2) continue;
      std::string key(line.substr(2, colon - 2));
      std::string value(line.substr(colon + 1));
      value.erase(0, value.find_first_not_of(' '));
      c.expect[key] = value;
    }
    c.body = raw.substr(end + 2);
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

TEST(SmsMessagesTest, EveryMessageGetsItsExpectedVerdictNoticeCodeAndBrand) {
  const std::vector<Case> cases = LoadCases();
  ASSERT_GE(cases.size(), 30u) << "the issue asks for at least 30 messages";
  std::map<std::string, int> verdicts;
  std::map<int, int> rules;
  int japanese = 0;
  int english = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    for (const char* key : {"verdict", "notice", "code", "brand"}) {
      ASSERT_TRUE(c.expect.count(key)) << "missing '# " << key << ":' line";
    }
    Options options;
    if (c.expect.count("sender")) options.sender = c.expect.at("sender");
    auto report = Analyze(c.body, options);
    ASSERT_TRUE(report.has_value()) << report.error().ToString();
    EXPECT_EQ(VerdictName(report->verdict), c.expect.at("verdict")) << "rule " << report->rule;
    EXPECT_EQ(triage::NoticeKindName(report->notice.kind), c.expect.at("notice"));
    EXPECT_EQ(report->notice.code ? report->notice.code->code : "-", c.expect.at("code"));
    EXPECT_EQ(report->brand.value_or("-"), c.expect.at("brand"));
    EXPECT_FALSE(report->reasons.empty());
    EXPECT_FALSE(report->actions.empty());
    ++verdicts[c.expect.at("verdict")];
    ++rules[report->rule];
    (MessageLanguage(*report) == "ja" ? japanese : english) += 1;

    auto doc = nlohmann::json::parse(RenderJson(*report));
    EXPECT_EQ(doc["schema"], "kakunin.sms/1");
    for (const char* key : {"verdict", "rule", "brand", "notice", "code", "odds", "reasons", "sender", "claims",
                            "requests", "text", "normalized", "links", "findings", "actions"}) {
      EXPECT_TRUE(doc.contains(key)) << key;
    }
    EXPECT_EQ(RenderText(*report, "en", report::Color::kNo).rfind("Verdict: ", 0), 0u);
    EXPECT_EQ(RenderText(*report, "ja", report::Color::kNo).rfind("判定: ", 0), 0u);
  }
  EXPECT_GE(japanese, 10);
  EXPECT_GE(english, 10);
  for (const char* v : {"genuine", "phishing", "suspicious", "unknown"}) EXPECT_GE(verdicts[v], 1) << v;
  // Every row of docs/sms.md's table decides at least one message.
  for (int rule = 1; rule <= 16; ++rule) EXPECT_GE(rules[rule], 1) << "rule " << rule;
}

// `kakunin explain ID` knows every reason and finding the messages produce.
TEST(SmsMessagesTest, EveryReasonAndFindingIdIsExplained) {
  std::set<std::string> ids;
  for (const Case& c : LoadCases()) {
    Options options;
    if (c.expect.count("sender")) options.sender = c.expect.at("sender");
    auto report = Analyze(c.body, options);
    ASSERT_TRUE(report.has_value()) << c.name;
    for (const auto& r : report->reasons) ids.insert(r.id);
    for (const auto& f : report->findings) ids.insert(f.id);
  }
  EXPECT_GE(ids.size(), 15u);  // The messages really exercised the table.
  for (const auto& id : ids) EXPECT_NE(explain::FindFinding(id), nullptr) << "no entry in data/findings.json for " << id;
}

}  // namespace
}  // namespace kakunin::sms
