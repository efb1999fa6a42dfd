// Registry round trips and the leak question ("which service was this alias given to?").
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kakunin/alias.h"

namespace kakunin::alias {
namespace {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kakunin-alias-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "aliases.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  NewAlias Make(const char* service, const char* base, Delivery d = Delivery::kSubaddress) {
    auto made = MakeAlias(rules_, {.service = service, .base = base, .delivery = d});
    EXPECT_TRUE(made.has_value()) << made.error().ToString();
    return made.value_or(NewAlias{});
  }

  const ProviderRules& rules_ = ProviderRules::Builtin();
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(RegistryTest, RoundTripSurvivesReopen) {
  {
    auto reg = Registry::Open(path_);
    ASSERT_TRUE(reg.has_value()) << reg.error().ToString();
    ASSERT_TRUE(reg->Add(Make("Amazon", "taro@gmail.com"), "Amazon", 1700000000).has_value());
    ASSERT_TRUE(reg->Add(Make("Shop", "taro@fastmail.com", Delivery::kSubdomain), "Shop", 1700000100).has_value());
    ASSERT_TRUE(reg->Add(Make("News", "taro@example.jp", Delivery::kCatchAll), "News", 1700000200).has_value());
  }
  auto reg = Registry::Open(path_);
  ASSERT_TRUE(reg.has_value());
  auto all = reg->List();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].address, "taro+amazon@gmail.com");
  EXPECT_EQ((*all)[0].service, "Amazon");
  EXPECT_EQ((*all)[0].mailbox, "taro@gmail.com");
  EXPECT_EQ((*all)[0].provider, "gmail");
  EXPECT_EQ((*all)[0].created_at, 1700000000);
  EXPECT_EQ((*all)[1].address, "shop@taro.fastmail.com");
  EXPECT_EQ((*all)[1].normalized, "taro+shop@fastmail.com");
  EXPECT_EQ((*all)[2].address, "news@example.jp");
}

struct WhichCase {
  const char* address;
  const char* service;  // nullptr: not registered
};

TEST_F(RegistryTest, WhichNormalizesProviderRules) {
  auto reg = Registry::Open(path_);
  ASSERT_TRUE(reg.has_value());
  ASSERT_TRUE(reg->Add(Make("Amazon", "taro.yamada@gmail.com"), "Amazon", 1).has_value());
  ASSERT_TRUE(reg->Add(Make("Shop", "taro@fastmail.com"), "Shop", 2).has_value());
  ASSERT_TRUE(reg->Add(Make("Bank", "taro@outlook.com"), "Bank", 3).has_value());
  const WhichCase cases[] = {
      {"taro.yamada+amazon@gmail.com", "Amazon"},
      {"TaroYamada+AMAZON@googlemail.com", "Amazon"},
      {"\"Taro\" <t.a.r.o.y.a.m.a.d.a+amazon@gmail.com>", "Amazon"},
      {"shop@taro.fastmail.com", "Shop"},  // Given out as taro+shop@, arrives by subdomain.
      {"taro+bank@outlook.com", "Bank"},
      {"taro+bank@hotmail.com", nullptr},  // Another namespace.
      {"tarob.yamada+amazon@gmail.com", nullptr},
      {"taro.yamada@gmail.com", nullptr},  // The bare mailbox was not given to anyone.
      {"taro.yamada+amazon2@gmail.com", nullptr},
  };
  for (const WhichCase& c : cases) {
    SCOPED_TRACE(c.address);
    auto hit = reg->Which(rules_, c.address);
    ASSERT_TRUE(hit.has_value()) << hit.error().ToString();
    if (c.service == nullptr) {
      EXPECT_FALSE(hit->has_value());
    } else {
      ASSERT_TRUE(hit->has_value());
      EXPECT_EQ((*hit)->service, c.service);
    }
  }
  auto bad = reg->Which(rules_, "no at sign");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kParse);
}

TEST_F(RegistryTest, SameAliasTwiceIsRefusedNamingTheOwner) {
  auto reg = Registry::Open(path_);
  ASSERT_TRUE(reg.has_value());
  ASSERT_TRUE(reg->Add(Make("Amazon", "taro@gmail.com"), "Amazon", 1).has_value());
  auto again = reg->Add(Make("Amazon", "t.aro@googlemail.com"), "Amazon Prime", 2);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(again.error().message.find("Amazon"), std::string::npos);
}

TEST_F(RegistryTest, RefusesForeignSqliteFiles) {
  // An SQLite file of another program (no kakunin application_id) must not be written into.
  {
    auto reg = Registry::Open(path_);
    ASSERT_TRUE(reg.has_value());
  }
  std::string other = (dir_ / "other.sqlite").string();
  std::string cmd = "printf 'PRAGMA application_id=7; CREATE TABLE t(x);' | sqlite3 " + other + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "sqlite3 shell not installed";
  auto reg = Registry::Open(other);
  ASSERT_FALSE(reg.has_value());
  EXPECT_EQ(reg.error().code, ErrorCode::kIo);
  std::string text = (dir_ / "text.sqlite").string();
  std::system(("echo hello > " + text).c_str());
  EXPECT_FALSE(Registry::Open(text).has_value());
  EXPECT_FALSE(Registry::Open((dir_ / "missing" / "x.sqlite").string()).has_value());
}

TEST_F(RegistryTest, FindsWhichServiceLeakedTheRecipient) {
  auto reg = Registry::Open(path_);
  ASSERT_TRUE(reg.has_value());
  ASSERT_TRUE(reg->Add(Make("Shopping Site", "taro@gmail.com"), "Shopping Site", 1).has_value());
  ASSERT_TRUE(reg->Add(Make("Amazon", "taro@gmail.com"), "Amazon", 2).has_value());
  // A mail "from Amazon" arrives at the alias given to the shopping site.
  std::vector<std::string> recipients = {"Taro <taro+shoppingsite@gmail.com>", "garbage <<",
                                         "taro+shoppingsite@googlemail.com", "friend@example.com"};
  auto hits = FindRecipientAliases(*reg, rules_, recipients);
  ASSERT_TRUE(hits.has_value()) << hits.error().ToString();
  ASSERT_EQ(hits->size(), 1u);  // Same alias twice (two spellings) is reported once.
  EXPECT_EQ((*hits)[0].address, "Taro <taro+shoppingsite@gmail.com>");
  EXPECT_EQ((*hits)[0].record.service, "Shopping Site");
  EXPECT_EQ(CompareServiceWithBrand((*hits)[0].record.service, "amazon"), BrandFit::kMismatch);
  // The genuine brand mail to the right alias is consistent.
  std::vector<std::string> amazon = {"taro+amazon@gmail.com"};
  auto ok = FindRecipientAliases(*reg, rules_, amazon);
  ASSERT_TRUE(ok.has_value());
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ(CompareServiceWithBrand((*ok)[0].record.service, "amazon"), BrandFit::kConsistent);
}

TEST(BrandFitTest, Table) {
  struct Case {
    const char* service;
    const char* brand;
    BrandFit fit;
  } cases[] = {
      {"Amazon", "amazon", BrandFit::kConsistent},
      {"Amazon Japan", "Amazon", BrandFit::kConsistent},
      {"amazon", "Amazon.co.jp", BrandFit::kConsistent},
      {"Mizuho Bank", "mizuho", BrandFit::kConsistent},
      {"Rakuten", "amazon", BrandFit::kMismatch},
      {"Shopping Site", "amazon", BrandFit::kMismatch},
      {"", "amazon", BrandFit::kMismatch},
      {"\xE3\x81\xBF\xE3\x81\x9A\xE3\x81\xBB", "\xE3\x81\xBF\xE3\x81\x9A\xE3\x81\xBB", BrandFit::kConsistent},
      {"\xE3\x81\xBF\xE3\x81\x9A\xE3\x81\xBB", "amazon", BrandFit::kMismatch},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.service) + " vs " + c.brand);
    EXPECT_EQ(CompareServiceWithBrand(c.service, c.brand), c.fit);
  }
}

TEST(DefaultRegistryPathTest, FollowsXdg) {
  const char* old_data = std::getenv("XDG_DATA_HOME");
  std::string saved = old_data != nullptr ? old_data : "";
  ::setenv("XDG_DATA_HOME", "/tmp/xdg-data", 1);
  EXPECT_EQ(DefaultRegistryPath().value_or(""), "/tmp/xdg-data/kakunin/aliases.sqlite");
  ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
  ::setenv("HOME", "/home/taro", 1);
  EXPECT_EQ(DefaultRegistryPath().value_or(""), "/home/taro/.local/share/kakunin/aliases.sqlite");
  if (old_data != nullptr) ::setenv("XDG_DATA_HOME", saved.c_str(), 1); else ::unsetenv("XDG_DATA_HOME");
}

}  // namespace
}  // namespace kakunin::alias
