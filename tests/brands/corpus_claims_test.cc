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

// The Japanese Amazon phishing set (phishing-dev/amazon-jp-mailinglist, SOURCES.md: 38 mails that
// imitate Amazon.co.jp; 24 of the 76 had their From rewritten by the list to "X via List").
// Measured with this test: all 38 claim Amazon, 38 from From or Subject.
TEST(CorpusClaimsTest, JapaneseAmazonPhishingClaimsAmazon) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(testing::SharedDir()) / "corpus/phishing-dev/amazon-jp-mailinglist";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  size_t total = 0, header = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto m = mime::Message::Parse(testing::ReadFileOrDie(e.path().string()));
    ASSERT_TRUE(m.has_value()) << e.path();
    ++total;
    bool found = false;
    for (const BrandClaim& c : BrandRegistry::Default().ClaimsOf(*m)) {
      found = found || (c.brand_id == "amazon" && c.source != ClaimSource::kBody);
    }
    header += found ? 1 : 0;
    if (!found) std::cout << "  miss: " << e.path().filename().string() << " Subject: " << m->subject() << "\n";
  }
  std::cout << "Amazon header claim in " << header << "/" << total << "\n";
  EXPECT_EQ(header, total);
}

// Real legitimate mail (legit-dev): the Facebook notification claims Meta through its own From
// domain (facebookmail.com, strength 1); the others (personal mail, IETF lists, GitHub, Topicbox,
// a gmail.com sender) claim no registry brand in From or Subject.
TEST(CorpusClaimsTest, LegitimateMailClaimsOnlyWhatItIs) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(testing::SharedDir()) / "corpus/legit-dev/verifiable-offline";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".eml") continue;
    ++files;
    auto m = mime::Message::Parse(testing::ReadFileOrDie(e.path().string()));
    ASSERT_TRUE(m.has_value()) << e.path();
    const bool facebook = e.path().filename() == "stalwart-dkim-004-facebookmail-notification.eml";
    bool own_domain = false;
    for (const BrandClaim& c : BrandRegistry::Default().ClaimsOf(*m)) {
      if (c.source == ClaimSource::kBody) continue;
      if (facebook && c.brand_id == "meta") {
        own_domain = own_domain || (c.source == ClaimSource::kFromAddress && c.strength == kStrengthOwnFromDomain);
        continue;
      }
      ADD_FAILURE() << e.path().filename() << " claims " << c.brand_id << " in " << ClaimSourceName(c.source);
    }
    if (facebook) {
      EXPECT_TRUE(own_domain) << "facebookmail.com is Meta's own mail domain";
    }
  }
  EXPECT_EQ(files, 15u);
}

// Must-not-claim: legitimate developer posts (legit-dev/mailing-list) claim no brand in From or
// Subject. Body mentions are allowed (a post may name a company) and printed.
TEST(CorpusClaimsTest, MailingListPostsClaimNoBrandInHeaders) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(testing::SharedDir()) / "corpus/legit-dev/mailing-list";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto m = mime::Message::Parse(testing::ReadFileOrDie(e.path().string()));
    ASSERT_TRUE(m.has_value()) << e.path();
    for (const BrandClaim& c : BrandRegistry::Default().ClaimsOf(*m)) {
      if (c.source == ClaimSource::kBody) {
        std::cout << "  body mention: " << e.path().filename().string() << " " << c.brand_id << " \"" << c.matched << "\"\n";
        continue;
      }
      ADD_FAILURE() << e.path().filename() << " claims " << c.brand_id << " in " << ClaimSourceName(c.source) << ": "
                    << c.matched;
    }
  }
}

}  // namespace
}  // namespace kakunin::brands
