// The scanner: same verdicts as inspecting one message at a time, in source order whatever the
// thread count, malformed messages skipped, --only lists, stop flag.
#include <gtest/gtest.h>

#include <set>

#include "kakunin/inspect.h"
#include "kakunin/scan.h"
#include "scan/child.h"
#include "testing/paths.h"

namespace kakunin::scan {
namespace {

using testing::TempDir;
using testing::WriteFile;

// An mbox of the corpus messages (mboxrd-quoted) with a malformed one (no header) as the 3rd.
struct CorpusMbox {
  std::string path;
  std::vector<std::string> messages;  // As the mbox stores them, "" for the malformed one.
  size_t malformed_index = 3;          // 1-based.
};

CorpusMbox MakeCorpusMbox(const std::string& dir) {
  CorpusMbox m;
  m.path = dir + "/corpus.mbox";
  std::string mbox;
  size_t n = 0;
  for (const auto& file : testing::CorpusFiles()) {
    if (++n == m.malformed_index) {
      mbox += "From junk@example.org Sat Nov 28 12:00:00 2026\n\x01\x02 binary noise, no header at all\n\n";
      m.messages.emplace_back();
    }
    std::string eml = kakunin::testing::ReadFileOrDie(file);
    std::string quoted;
    size_t pos = 0;
    while (pos < eml.size()) {
      size_t eol = eml.find('\n', pos);
      std::string line = eml.substr(pos, eol == std::string::npos ? std::string::npos : eol + 1 - pos);
      pos = eol == std::string::npos ? eml.size() : eol + 1;
      size_t k = line.find_first_not_of('>');
      if (k != std::string::npos && line.compare(k, 5, "From ") == 0) line.insert(0, ">");
      quoted += line;
    }
    if (!quoted.ends_with("\n")) quoted += "\n";
    mbox += "From scan-test@example.org Sat Nov 28 12:00:00 2026\n" + quoted + "\n";
    m.messages.push_back(eml);
  }
  WriteFile(m.path, mbox);
  return m;
}

struct Seen {
  std::vector<uint64_t> indexes;
  std::vector<std::optional<Verdict>> verdicts;  // nullopt = skipped.
};

Result<Summary> ScanFile(const std::string& path, ScanOptions options, Seen* seen) {
  auto source = OpenPath(path, {});
  if (!source) return tl::unexpected(source.error());
  return Scan(**source, options, [seen](const Outcome& o) {
    if (seen == nullptr) return;
    seen->indexes.push_back(o.location->index);
    seen->verdicts.push_back(o.report ? std::optional<Verdict>(o.report->verdict) : std::nullopt);
  }, nullptr);
}

TEST(ScanTest, SameVerdictsAsInspectInSourceOrderWithMalformedSkipped) {
  TempDir dir;
  auto corpus = MakeCorpusMbox(dir.path());
  ASSERT_GT(corpus.messages.size(), 20u);
  ScanOptions options;
  options.threads = 3;
  options.max_in_flight = 2;  // Smaller than the thread count: the bound holds.
  Seen seen;
  auto summary = ScanFile(corpus.path, options, &seen);
  ASSERT_TRUE(summary) << summary.error().message;
  ASSERT_EQ(seen.indexes.size(), corpus.messages.size());
  std::array<uint64_t, 4> expected_counts{};
  for (size_t i = 0; i < corpus.messages.size(); ++i) {
    EXPECT_EQ(seen.indexes[i], i + 1);
    if (i + 1 == corpus.malformed_index) {
      EXPECT_FALSE(seen.verdicts[i]) << "the malformed message is skipped";
      continue;
    }
    auto one = InspectBytes(corpus.messages[i], InspectOptions{});
    ASSERT_TRUE(one) << one.error().message;
    ASSERT_TRUE(seen.verdicts[i]);
    EXPECT_EQ(*seen.verdicts[i], one->verdict) << "message " << i + 1;
    ++expected_counts[static_cast<size_t>(one->verdict)];
  }
  EXPECT_EQ(summary->skipped, 1u);
  EXPECT_EQ(summary->inspected, corpus.messages.size() - 1);
  EXPECT_EQ(summary->by_verdict, expected_counts);
  EXPECT_FALSE(summary->interrupted);
  EXPECT_FALSE(summary->source_error);
  // Per-brand counts add up to the per-verdict counts.
  std::array<uint64_t, 4> brand_total{};
  for (const auto& [brand, counts] : summary->by_brand) {
    for (size_t v = 0; v < 4; ++v) brand_total[v] += counts[v];
  }
  EXPECT_EQ(brand_total, expected_counts);
  // The default list: every phishing message, each with its reasons.
  EXPECT_EQ(summary->listed.size(), expected_counts[static_cast<size_t>(Verdict::kPhishing)]);
  for (const auto& l : summary->listed) {
    EXPECT_EQ(l.verdict, Verdict::kPhishing);
    EXPECT_FALSE(l.reasons.empty()) << LocationText(l.location);
  }
}

TEST(ScanTest, OneThreadGivesTheSameOutcomes) {
  TempDir dir;
  auto corpus = MakeCorpusMbox(dir.path());
  Seen one, many;
  ScanOptions options;
  options.threads = 1;
  ASSERT_TRUE(ScanFile(corpus.path, options, &one));
  options.threads = 4;
  ASSERT_TRUE(ScanFile(corpus.path, options, &many));
  EXPECT_EQ(one.indexes, many.indexes);
  EXPECT_EQ(one.verdicts, many.verdicts);
}

TEST(ScanTest, ListTakesTheRequestedVerdicts) {
  TempDir dir;
  auto corpus = MakeCorpusMbox(dir.path());
  ScanOptions options;
  options.list = {Verdict::kSuspicious, Verdict::kPhishing};
  auto summary = ScanFile(corpus.path, options, nullptr);
  ASSERT_TRUE(summary);
  uint64_t want = summary->by_verdict[static_cast<size_t>(Verdict::kSuspicious)] +
                  summary->by_verdict[static_cast<size_t>(Verdict::kPhishing)];
  ASSERT_GT(summary->by_verdict[static_cast<size_t>(Verdict::kSuspicious)], 0u) << "corpus has suspicious mail";
  EXPECT_EQ(summary->listed.size(), want);
  std::set<Verdict> kinds;
  for (const auto& l : summary->listed) kinds.insert(l.verdict);
  EXPECT_EQ(kinds, (std::set<Verdict>{Verdict::kSuspicious, Verdict::kPhishing}));
  std::string text = RenderSummaryText(*summary, "en");
  EXPECT_NE(text.find("[suspicious] " + corpus.path + " #"), std::string::npos) << text;
  EXPECT_NE(text.find("skipped (not readable as mail)"), std::string::npos);
}

TEST(ScanTest, StopFlagEndsWithAPartialSummary) {
  TempDir dir;
  auto corpus = MakeCorpusMbox(dir.path());
  std::atomic<bool> stop{false};
  ScanOptions options;
  options.threads = 2;
  options.stop = &stop;
  auto source = OpenPath(corpus.path, {});
  ASSERT_TRUE(source);
  uint64_t handed = 0;
  auto summary = Scan(**source, options, [&](const Outcome&) {
    if (++handed == 5) stop = true;
  }, nullptr);
  ASSERT_TRUE(summary);
  EXPECT_TRUE(summary->interrupted);
  EXPECT_GE(summary->inspected + summary->skipped, 5u);
  // At most the messages already in flight (4 per thread) finish after the stop.
  EXPECT_LE(summary->inspected + summary->skipped, 5u + 8u);
  EXPECT_LT(summary->inspected + summary->skipped, corpus.messages.size());
  EXPECT_NE(RenderSummaryText(*summary, "en").find("Interrupted"), std::string::npos);
}

TEST(ScanTest, AliasesMustComeThroughAliasesDb) {
  TempDir dir;
  WriteFile(dir.path() + "/a.eml", "Subject: a\n\nx\n");
  auto registry = alias::Registry::Open(":memory:");
  ASSERT_TRUE(registry);
  ScanOptions options;
  options.inspect.aliases = &*registry;
  auto source = OpenPath(dir.path(), {});
  ASSERT_TRUE(source);
  auto summary = Scan(**source, options, nullptr, nullptr);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace kakunin::scan
