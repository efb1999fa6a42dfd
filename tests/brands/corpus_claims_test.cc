// Over the Amazon-themed phishing_pot development samples (../shared/corpus, see its SOURCES.md:
// all 37 name Amazon in From or Subject), ClaimsOf must find the Amazon claim. Files are parsed
// with mime::Message::Parse only; their links are never opened.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/message.h"
#include "testing/paths.h"

namespace kakunin::brands {
namespace {

// Measured with this test (it prints the summary and each miss): a claim in 36 of 37 samples, from
// From or Subject in 35 of 37. The two misses are right, so the bars sit just below the measure:
//  - sample-213 is diet spam, "Amazonian Tonic": the corpus list matched it by substring only;
//    word boundaries keep "Amazonian" from being Amazon.
//  - sample-4555 (German prize lure) names Amazon only in its body: a body claim, no header claim.
constexpr double kMinAmazonClaimRate = 0.97;        // 36/37 = 0.973
constexpr double kMinAmazonHeaderClaimRate = 0.94;  // 35/37 = 0.946

TEST(CorpusClaimsTest, AmazonThemedPhishingClaimsAmazon) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(testing::SharedDir()) / "corpus/phishing-dev/phishing_pot-amazon-themed";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir << " (../shared is not checked out)";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".eml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  size_t claimed = 0, strong = 0;
  for (const fs::path& f : files) {
    auto m = mime::Message::Parse(testing::ReadFileOrDie(f.string()));
    ASSERT_TRUE(m.has_value()) << f;
    bool any = false, header = false;
    for (const BrandClaim& c : BrandRegistry::Default().ClaimsOf(*m)) {
      if (c.brand_id != "amazon") continue;
      any = true;
      header = header || c.source != ClaimSource::kBody;
    }
    claimed += any ? 1 : 0;
    strong += header ? 1 : 0;
    if (!header) {
      std::cout << "  miss (no header claim): " << f.filename().string() << " From: "
                << (m->from().empty() ? "" : m->from()[0].display_name + " <" + m->from()[0].address + ">")
                << " Subject: " << m->subject() << "\n";
    }
  }
  std::cout << "Amazon claim in " << claimed << "/" << files.size() << " (from From/Subject: " << strong << ")\n";
  EXPECT_GE(static_cast<double>(claimed), kMinAmazonClaimRate * static_cast<double>(files.size()));
  EXPECT_GE(static_cast<double>(strong), kMinAmazonHeaderClaimRate * static_cast<double>(files.size()));
}

}  // namespace
}  // namespace kakunin::brands
