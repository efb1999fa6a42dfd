// The shipped registry: it loads, it names every brand the issue asks for, each of its domains has
// a source, and domain lookups respect label boundaries.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kakunin/brands.h"
#include "testing/paths.h"

namespace kakunin::brands {
namespace {

TEST(BrandRegistryTest, ShippedFileHasEveryRequiredBrand) {
  const BrandRegistry& r = BrandRegistry::Default();
  for (const char* id : {"amazon", "apple", "google", "microsoft", "paypal", "meta", "instagram", "x", "line", "netflix",
                         "rakuten", "yahoo_japan", "mercari", "paypay", "docomo", "au", "softbank", "japan_post",
                         "yamato", "sagawa", "mufg", "smbc", "mizuho", "resona", "jcb", "smbc_card", "aeon", "saison",
                         "amex", "etax"}) {
    EXPECT_NE(r.FindById(id), nullptr) << id;
  }
  EXPECT_EQ(r.FindById("no-such-brand"), nullptr);
}

// The compiled-in copy is the file in data/ (the build embeds it byte for byte).
TEST(BrandRegistryTest, EmbeddedCopyMatchesDataFile) {
  auto on_disk = BrandRegistry::LoadFile(testing::SourceDir() + "/data/brands.json");
  ASSERT_TRUE(on_disk.has_value()) << on_disk.error().ToString();
  const auto& a = on_disk->brands();
  const auto& b = BrandRegistry::Default().brands();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].mail_domains, b[i].mail_domains);
    EXPECT_EQ(a[i].link_domains, b[i].link_domains);
    EXPECT_EQ(a[i].note, b[i].note);
  }
}

// "Keep data sources honest": every domain the registry lists is named in one of its sources.
TEST(BrandRegistryTest, EveryShippedDomainHasASource) {
  for (const Brand& b : BrandRegistry::Default().brands()) {
    std::set<std::string> covered;
    for (const Source& s : b.sources) {
      EXPECT_FALSE(s.basis.empty()) << b.id;
      covered.insert(s.covers.begin(), s.covers.end());
    }
    for (const auto* list : {&b.mail_domains, &b.link_domains, &b.mailbox_domains, &b.user_content_domains}) {
      for (const std::string& d : *list) EXPECT_TRUE(covered.count(d)) << b.id << ": " << d << " has no source";
    }
    if (!b.report_phishing.empty() && b.report_phishing.rfind("https://", 0) != 0) {
      EXPECT_TRUE(covered.count("report_phishing")) << b.id << ": report address has no source";
    }
  }
}

struct DomainCase {
  const char* host;
  const char* brand;  // nullptr: no brand.
  DomainRole role;
};

TEST(BrandRegistryTest, MatchDomainOnLabelBoundaries) {
  const DomainCase cases[] = {
      {"amazon.co.jp", "amazon", DomainRole::kMail},
      {"shipment-tracking.amazon.co.jp", "amazon", DomainRole::kMail},
      {"AMAZON.CO.JP.", "amazon", DomainRole::kMail},
      {"www.amazon.com", "amazon", DomainRole::kMail},
      {"amzn.asia", "amazon", DomainRole::kLink},
      {"amazon.co.jp.evil.example", nullptr, DomainRole::kMail},
      {"evil-amazon.co.jp", nullptr, DomainRole::kMail},
      {"myamazon.com", nullptr, DomainRole::kMail},
      {"amazon-co-jp.xyz", nullptr, DomainRole::kMail},
      {"co.jp", nullptr, DomainRole::kMail},
      {"accounts.google.com", "google", DomainRole::kMail},
      {"sites.google.com", "google", DomainRole::kUserContent},
      {"phish.web.app", "google", DomainRole::kUserContent},
      {"gmail.com", "google", DomainRole::kMailbox},
      {"icloud.com", "apple", DomainRole::kMailbox},
      {"www.icloud.com", "apple", DomainRole::kLink},
      {"docomo.ne.jp", "docomo", DomainRole::kMailbox},
      {"id.smt.docomo.ne.jp", "docomo", DomainRole::kLink},
      {"i.softbank.jp", "softbank", DomainRole::kMailbox},
      {"www.softbank.jp", "softbank", DomainRole::kLink},
      {"mail.vpass.ne.jp", "smbc_card", DomainRole::kMail},
      {"www.jp-bank.japanpost.jp", "japan_post_bank", DomainRole::kLink},
      {"www.post.japanpost.jp", "japan_post", DomainRole::kLink},
      {"t.co", "x", DomainRole::kUserContent},
      {"bucket.s3.amazonaws.com", "amazon", DomainRole::kUserContent},
      {"", nullptr, DomainRole::kMail},
      {".", nullptr, DomainRole::kMail},
  };
  const BrandRegistry& r = BrandRegistry::Default();
  for (const DomainCase& c : cases) {
    auto m = r.MatchDomain(c.host);
    if (c.brand == nullptr) {
      EXPECT_FALSE(m.has_value()) << c.host << " matched " << (m ? m->brand->id : "");
      EXPECT_EQ(r.FindByDomain(c.host), nullptr) << c.host;
      continue;
    }
    ASSERT_TRUE(m.has_value()) << c.host;
    EXPECT_EQ(m->brand->id, c.brand) << c.host;
    EXPECT_EQ(m->role, c.role) << c.host << " role " << DomainRoleName(m->role);
    const Brand* found = r.FindByDomain(c.host);
    if (c.role == DomainRole::kMail || c.role == DomainRole::kLink) {
      ASSERT_NE(found, nullptr) << c.host;
      EXPECT_EQ(found->id, c.brand);
    } else {
      EXPECT_EQ(found, nullptr) << c.host << ": mailbox and user-content hosts prove nothing";
    }
  }
}

TEST(BrandRegistryTest, MergeOverridesByIdAndTakesDomains) {
  auto user = BrandRegistry::FromJson(R"j({"brands": [
      {"id": "amazon", "name_en": "Amazon (mine)", "names": ["Amazon"], "mail_domains": ["amazon.co.jp"]},
      {"id": "mybank", "name_en": "My Bank", "names": ["マイバンク"], "link_domains": ["mybank.example", "amzn.to"]}
    ]})j", "user.json");
  ASSERT_TRUE(user.has_value()) << user.error().ToString();
  BrandRegistry r = BrandRegistry::LoadDefault();
  const size_t before = r.brands().size();
  r.Merge(*user);
  EXPECT_EQ(r.brands().size(), before + 1);
  ASSERT_NE(r.FindById("amazon"), nullptr);
  EXPECT_EQ(r.FindById("amazon")->name_en, "Amazon (mine)");
  EXPECT_EQ(r.FindByDomain("amazon.com"), nullptr) << "the override lists only amazon.co.jp";
  ASSERT_NE(r.FindByDomain("x.mybank.example"), nullptr);
  EXPECT_EQ(r.FindByDomain("amzn.to")->id, "mybank");
  // The shared default is untouched.
  EXPECT_EQ(BrandRegistry::Default().FindById("amazon")->name_en, "Amazon");
}

TEST(BrandRegistryTest, UserFileLocationFollowsXdg) {
  ::setenv("XDG_CONFIG_HOME", "/tmp/kakunin-xdg-test", 1);
  EXPECT_EQ(BrandRegistry::DefaultUserFilePath().value_or(""), "/tmp/kakunin-xdg-test/kakunin/brands.json");
  ::setenv("XDG_CONFIG_HOME", "relative/dir", 1);  // Invalid per the spec: ignored.
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(BrandRegistry::DefaultUserFilePath().value_or(""), "/home/someone/.config/kakunin/brands.json");
  ::unsetenv("XDG_CONFIG_HOME");
  // No user file at the default location: the default registry, no error.
  ::setenv("HOME", "/nonexistent-kakunin-home", 1);
  auto r = BrandRegistry::LoadWithUserFile(std::nullopt);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->brands().size(), BrandRegistry::Default().brands().size());
  // An explicit file that does not exist is an error.
  auto missing = BrandRegistry::LoadWithUserFile(std::string("/nonexistent-kakunin-home/brands.json"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace kakunin::brands
