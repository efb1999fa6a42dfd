#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kakunin/alias.h"

namespace kakunin::alias {
namespace {

// A deterministic source: bytes 0, 1, 2, ... so random tags are predictable in tests.
Result<std::string> CountingBytes(size_t count) {
  static unsigned char next = 0;
  std::string out;
  for (size_t i = 0; i < count; ++i) out.push_back(static_cast<char>(next++));
  return out;
}

Result<std::string> FailingBytes(size_t) { return Fail(ErrorCode::kCrypto, "no entropy"); }

struct Case {
  const char* service;
  const char* base;
  Delivery delivery;
  const char* base_name;
  const char* tag;
  const char* expect;  // nullptr: must fail with kInvalidArgument
};

TEST(MakeAliasTest, PlainTagsPerProvider) {
  // Owned here: a temporary's c_str() in the table would dangle.
  const std::string long_local = std::string(60, 'a') + "@gmail.com";
  const Case cases[] = {
      {"Amazon", "taro@gmail.com", Delivery::kSubaddress, "", "", "taro+amazon@gmail.com"},
      {"Amazon Japan", "Taro.Yamada@googlemail.com", Delivery::kSubaddress, "", "", "Taro.Yamada+amazonjapan@googlemail.com"},
      {"Mizuho Bank", "taro@outlook.jp", Delivery::kSubaddress, "", "", "taro+mizuhobank@outlook.jp"},
      {"Apple", "taro@icloud.com", Delivery::kSubaddress, "", "", "taro+apple@icloud.com"},
      {"GitHub", "taro@proton.me", Delivery::kSubaddress, "", "", "taro+github@proton.me"},
      {"Shop", "taro@fastmail.com", Delivery::kSubaddress, "", "", "taro+shop@fastmail.com"},
      {"Shop", "taro@fastmail.com", Delivery::kSubdomain, "", "", "shop@taro.fastmail.com"},
      {"Rakuten", "taro@yahoo.co.jp", Delivery::kSubaddress, "tarob", "", "tarob-rakuten@yahoo.co.jp"},
      {"Rakuten", "taro@yahoo.com", Delivery::kSubaddress, "", "", nullptr},        // No base name.
      {"Rakuten", "taro@yahoo.com", Delivery::kSubaddress, "ta-ro", "", nullptr},   // '-' in base name.
      {"Shop", "taro@example.jp", Delivery::kSubaddress, "", "", "taro+shop@example.jp"},
      {"Shop", "taro@example.jp", Delivery::kCatchAll, "", "", "shop@example.jp"},
      {"Shop", "taro@gmail.com", Delivery::kCatchAll, "", "", nullptr},   // Not the user's domain.
      {"Shop", "taro@gmail.com", Delivery::kSubdomain, "", "", nullptr},  // Only Fastmail.
      // Found by fuzz/alias_address_fuzzer: a dotted user name cannot be one host label.
      {"Shop", "taro.y@fastmail.com", Delivery::kSubdomain, "", "", nullptr},
      {"Shop", "taro+x@fastmail.im", Delivery::kSubdomain, "", "", nullptr},
      {"Shop", "taro@gmail.com", Delivery::kSubaddress, "", "--", nullptr},  // Tag left empty.
      {"Shop", "taro@docomo.ne.jp", Delivery::kSubaddress, "", "", nullptr},  // No sub-addressing.
      {"\xE3\x81\xBF\xE3\x81\x9A\xE3\x81\xBB", "taro@gmail.com", Delivery::kSubaddress, "", "", nullptr},
      {"\xE3\x81\xBF\xE3\x81\x9A\xE3\x81\xBB", "taro@gmail.com", Delivery::kSubaddress, "", "Mizuho", "taro+mizuho@gmail.com"},
      {"Shop", "taro@gmail.com", Delivery::kSubaddress, "", "sh op", nullptr},
      {"Shop", "taro+old@gmail.com", Delivery::kSubaddress, "", "", nullptr},  // Base already tagged.
      {"Shop", "not an address", Delivery::kSubaddress, "", "", nullptr},
      {"Shop", long_local.c_str(), Delivery::kSubaddress, "", "", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.service) + " / " + c.base);
    AliasRequest req{.service = c.service, .base = c.base, .delivery = c.delivery, .base_name = c.base_name, .tag = c.tag};
    auto made = MakeAlias(ProviderRules::Builtin(), req);
    if (c.expect == nullptr) {
      ASSERT_FALSE(made.has_value()) << made->address;
      EXPECT_EQ(made.error().code, ErrorCode::kInvalidArgument);
      continue;
    }
    ASSERT_TRUE(made.has_value()) << made.error().ToString();
    EXPECT_EQ(made->address, c.expect);
    // The alias must normalize back to its own record key, and keep the base mailbox.
    auto parsed = ParseAddress(made->address);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(Normalize(ProviderRules::Builtin(), *parsed).address, made->normalized.address);
  }
}

TEST(MakeAliasTest, NoSubaddressingMessageNamesTheProvider) {
  auto made = MakeAlias(ProviderRules::Builtin(), {.service = "Shop", .base = "taro@docomo.ne.jp"});
  ASSERT_FALSE(made.has_value());
  EXPECT_NE(made.error().message.find("docomo"), std::string::npos) << made.error().message;
  EXPECT_NE(made.error().message.find("no sub-addressing"), std::string::npos);
}

TEST(MakeAliasTest, RandomTagsHintAndDiffer) {
  AliasRequest req{.service = "Amazon", .base = "taro@gmail.com", .tagging = Tagging::kRandom};
  auto a = MakeAlias(ProviderRules::Builtin(), req, &CountingBytes);
  ASSERT_TRUE(a.has_value()) << a.error().ToString();
  EXPECT_TRUE(a->address.starts_with("taro+amzn-")) << a->address;
  EXPECT_EQ(a->normalized.tag.size(), 4u + 1u + 8u);
  // Real randomness: 50 aliases, 50 different tags, all from [a-z0-9].
  std::set<std::string> tags;
  for (int i = 0; i < 50; ++i) {
    auto r = MakeAlias(ProviderRules::Builtin(), req);
    ASSERT_TRUE(r.has_value());
    for (char ch : r->normalized.tag.substr(5)) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'));
    tags.insert(r->normalized.tag);
  }
  EXPECT_EQ(tags.size(), 50u);
  auto failed = MakeAlias(ProviderRules::Builtin(), req, &FailingBytes);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kCrypto);
}

TEST(MakeAliasTest, RandomYahooTagKeepsFirstHyphenSplit) {
  AliasRequest req{.service = "Amazon", .base = "taro@yahoo.com", .tagging = Tagging::kRandom, .base_name = "tarob"};
  auto a = MakeAlias(ProviderRules::Builtin(), req);
  ASSERT_TRUE(a.has_value()) << a.error().ToString();
  EXPECT_TRUE(a->address.starts_with("tarob-amzn-"));
  EXPECT_EQ(a->normalized.mailbox, "tarob@yahoo.com");
}

}  // namespace
}  // namespace kakunin::alias
