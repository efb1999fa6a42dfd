// The explanation catalogue (data/findings.json, compiled in): every entry complete, ids unique,
// and every finding / reason id the inspect pipeline emits over tests/corpus explained.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/time.h"
#include "kakunin/dns.h"
#include "kakunin/explain.h"
#include "kakunin/inspect.h"
#include "testing/paths.h"

namespace kakunin::explain {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kSeverities = {"info", "low", "medium", "high", "medium/high", "reason"};

TEST(ExplainCatalogueTest, EveryEntryIsCompleteAndUnique) {
  const auto& all = AllFindings();
  ASSERT_GE(all.size(), 50u);  // The catalogue parsed (a broken file would give none).
  std::set<std::string> seen;
  for (const auto& f : all) {
    SCOPED_TRACE(f.id);
    EXPECT_TRUE(seen.insert(f.id).second) << "duplicate id";
    EXPECT_FALSE(f.id.empty());
    EXPECT_TRUE(kSeverities.count(f.severity)) << f.severity;
    EXPECT_FALSE(f.title_en.empty());
    EXPECT_FALSE(f.title_ja.empty());
    EXPECT_FALSE(f.explain_en.empty());
    EXPECT_FALSE(f.explain_ja.empty());
    EXPECT_NE(f.explain_en, f.explain_ja);
    EXPECT_EQ(FindFinding(f.id), &f);
  }
}

TEST(ExplainCatalogueTest, UnknownIdsAreNotFoundAndGetNearbySuggestions) {
  EXPECT_EQ(FindFinding(""), nullptr);
  EXPECT_EQ(FindFinding("dkim.body_length"), nullptr);
  EXPECT_EQ(FindFinding("DKIM.NONE"), nullptr);
  auto near = ClosestFindings("dkim.body_lenght_limited", 3);
  ASSERT_EQ(near.size(), 3u);
  EXPECT_EQ(near[0], "dkim.body_length_limited");
  EXPECT_EQ(ClosestFindings("link.userinf", 1), std::vector<std::string_view>{"link.userinfo"});
  // An over-long query is cut, not rejected.
  EXPECT_EQ(ClosestFindings(std::string(10000, 'x'), 2).size(), 2u);
}

// Every id the pipeline emits over the triage corpus, with DNS (the corpus zone) and without.
std::set<std::string> CorpusIds() {
  const fs::path dir = fs::path(testing::SourceDir()) / "tests" / "corpus";
  auto resolver = dns::OpenZoneFile((dir / "corpus.zone").string());
  EXPECT_TRUE(resolver.has_value()) << resolver.error().ToString();
  if (!resolver.has_value()) return {};
  auto now = base::ParseTime("2026-11-28T12:00:00Z");
  EXPECT_TRUE(now.has_value());
  if (!now.has_value()) return {};

  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".eml") cases.push_back(e.path());
  }
  EXPECT_GE(cases.size(), 40u);
  std::set<std::string> ids;
  for (dns::Resolver* r : {resolver->get(), static_cast<dns::Resolver*>(nullptr)}) {
    InspectOptions options;
    options.resolver = r;
    options.now = *now;
    options.trusted_authserv_ids = {"mx.example.net"};
    for (const fs::path& eml : cases) {
      auto report = InspectBytes(testing::ReadFileOrDie(eml.string()), options);
      EXPECT_TRUE(report.has_value()) << eml;
      if (!report.has_value()) continue;
      for (const auto& f : report->findings) ids.insert(f.id);
      for (const auto& l : report->links) {
        for (const auto& f : l.findings) ids.insert(f.finding.id);
      }
      for (const auto& reason : report->reasons) ids.insert(reason.id);
    }
  }
  return ids;
}

TEST(ExplainCatalogueTest, EveryIdInspectEmitsOverTheCorpusIsExplained) {
  const std::set<std::string> ids = CorpusIds();
  EXPECT_GE(ids.size(), 20u);  // The corpus really exercised the pipeline.
  for (const auto& id : ids) EXPECT_NE(FindFinding(id), nullptr) << "no entry in data/findings.json for " << id;
}

}  // namespace
}  // namespace kakunin::explain
