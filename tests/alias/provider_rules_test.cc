// Provider rules, table-driven: every rule in data/alias_providers.json is exercised through
// Normalize (what `kakunin alias which` and inspect use).
#include <gtest/gtest.h>

#include <string>

#include "kakunin/alias.h"
#include "testing/paths.h"

namespace kakunin::alias {
namespace {

TEST(ProviderRulesTest, ShippedFileParsesAndIsCompiledIn) {
  std::string text = kakunin::testing::ReadFileOrDie(kakunin::testing::SourceDir() + "/data/alias_providers.json");
  auto rules = ProviderRules::FromJson(text);
  ASSERT_TRUE(rules.has_value()) << rules.error().ToString();
  EXPECT_EQ(rules->providers().size(), ProviderRules::Builtin().providers().size());
  EXPECT_GE(rules->providers().size(), 10u);
  for (const ProviderRule& r : rules->providers()) {
    SCOPED_TRACE(r.id);
    EXPECT_FALSE(r.sources.empty()) << "every provider names its sources";
    EXPECT_FALSE(r.name.empty());
  }
}

struct Case {
  const char* address;
  const char* provider;
  const char* normalized;
  const char* mailbox;
  const char* tag;
};

TEST(ProviderRulesTest, NormalizesEachProvider) {
  const Case cases[] = {
      // Gmail: plus, dots ignored, googlemail.com is gmail.com, case folded.
      {"taro+amazon@gmail.com", "gmail", "taro+amazon@gmail.com", "taro@gmail.com", "amazon"},
      {"T.a.R.o+Amazon@GoogleMail.com", "gmail", "taro+amazon@gmail.com", "taro@gmail.com", "amazon"},
      {"t.a.r.o@gmail.com", "gmail", "taro@gmail.com", "taro@gmail.com", ""},
      {"taro+a+b@gmail.com", "gmail", "taro+a+b@gmail.com", "taro@gmail.com", "a+b"},  // RFC 5233: first '+'.
      {"taro+@gmail.com", "gmail", "taro@gmail.com", "taro@gmail.com", ""},
      // Outlook family: plus; dots matter; each domain its own namespace.
      {"taro.y+bank@outlook.com", "outlook", "taro.y+bank@outlook.com", "taro.y@outlook.com", "bank"},
      {"taro+bank@hotmail.co.jp", "outlook", "taro+bank@hotmail.co.jp", "taro@hotmail.co.jp", "bank"},
      {"taro+bank@live.com", "outlook", "taro+bank@live.com", "taro@live.com", "bank"},
      // iCloud: plus, me.com / mac.com kept.
      {"taro+shop@icloud.com", "icloud", "taro+shop@icloud.com", "taro@icloud.com", "shop"},
      {"taro+shop@me.com", "icloud", "taro+shop@me.com", "taro@me.com", "shop"},
      // Proton: plus.
      {"taro+news@proton.me", "proton", "taro+news@proton.me", "taro@proton.me", "news"},
      {"taro+news@pm.me", "proton", "taro+news@pm.me", "taro@pm.me", "news"},
      // Fastmail: plus, and subdomain addressing folds to the same key.
      {"taro+shop@fastmail.com", "fastmail", "taro+shop@fastmail.com", "taro@fastmail.com", "shop"},
      {"shop@taro.fastmail.com", "fastmail", "taro+shop@fastmail.com", "taro@fastmail.com", "shop"},
      {"Shop@Taro.FastMail.fm", "fastmail", "taro+shop@fastmail.fm", "taro@fastmail.fm", "shop"},
      // Two labels in front of fastmail.com are not subdomain addressing: unknown domain.
      {"shop@a.taro.fastmail.com", "custom", "shop@a.taro.fastmail.com", "shop@a.taro.fastmail.com", ""},
      // Yahoo: hyphen after a base name; '+' is an ordinary character there.
      {"tarob-amazon@yahoo.com", "yahoo", "tarob-amazon@yahoo.com", "tarob@yahoo.com", "amazon"},
      {"tarob-amzn-k3q9@yahoo.com", "yahoo", "tarob-amzn-k3q9@yahoo.com", "tarob@yahoo.com", "amzn-k3q9"},
      {"taro+x@yahoo.com", "yahoo", "taro+x@yahoo.com", "taro+x@yahoo.com", ""},
      {"tarob-rakuten@yahoo.co.jp", "yahoo_japan", "tarob-rakuten@yahoo.co.jp", "tarob@yahoo.co.jp", "rakuten"},
      // Japanese carriers: no sub-addressing, '+' and '-' are part of the mailbox name.
      {"taro+x@docomo.ne.jp", "jp_docomo", "taro+x@docomo.ne.jp", "taro+x@docomo.ne.jp", ""},
      {"taro-x@ezweb.ne.jp", "jp_au", "taro-x@ezweb.ne.jp", "taro-x@ezweb.ne.jp", ""},
      {"taro.x@i.softbank.jp", "jp_softbank", "taro.x@i.softbank.jp", "taro.x@i.softbank.jp", ""},
      // Custom / unknown domain: '+' assumed, dots kept.
      {"Taro.Y+Shop@Example.JP", "custom", "taro.y+shop@example.jp", "taro.y@example.jp", "shop"},
      {"amazon@example.jp", "custom", "amazon@example.jp", "amazon@example.jp", ""},
  };
  const ProviderRules& rules = ProviderRules::Builtin();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.address);
    auto a = ParseAddress(c.address);
    ASSERT_TRUE(a.has_value()) << a.error().ToString();
    Normalized n = Normalize(rules, *a);
    EXPECT_EQ(n.provider, c.provider);
    EXPECT_EQ(n.address, c.normalized);
    EXPECT_EQ(n.mailbox, c.mailbox);
    EXPECT_EQ(n.tag, c.tag);
  }
}

TEST(ProviderRulesTest, ProvidersWithoutSubaddressingSayso) {
  const ProviderRules& rules = ProviderRules::Builtin();
  for (const char* domain : {"docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp"}) {
    SCOPED_TRACE(domain);
    EXPECT_FALSE(rules.ForDomain(domain).has_subaddressing());
  }
  for (const char* domain : {"gmail.com", "outlook.com", "icloud.com", "proton.me", "fastmail.com", "yahoo.com"}) {
    SCOPED_TRACE(domain);
    EXPECT_TRUE(rules.ForDomain(domain).has_subaddressing());
  }
}

TEST(ProviderRulesTest, UserFileOverridesAndExtends) {
  auto extra = ProviderRules::FromJson(R"({
    "providers": [
      {"id": "gmail", "name": "My Gmail", "domains": ["gmail.com"], "separator": "+", "sources": ["me"]},
      {"id": "corp", "name": "Corp", "domains": ["corp.example"], "separator": "-", "sources": ["it dept"]}
    ]})");
  ASSERT_TRUE(extra.has_value()) << extra.error().ToString();
  ProviderRules rules = ProviderRules::Builtin();
  size_t before = rules.providers().size();
  rules.Merge(*extra);
  EXPECT_EQ(rules.providers().size(), before + 1);
  EXPECT_EQ(rules.ForDomain("gmail.com").name, "My Gmail");
  EXPECT_FALSE(rules.ForDomain("gmail.com").dots_ignored);
  EXPECT_EQ(rules.ForDomain("corp.example").separator, '-');
  EXPECT_EQ(rules.ForDomain("unknown.example").id, "custom");  // No default in extra: ours kept.
}

TEST(ProviderRulesTest, RejectsMalformedFiles) {
  const char* bad[] = {
      "not json",
      "[]",
      R"({"providers": {}})",
      R"({"providers": [{"name": "x", "domains": ["a.example"]}]})",
      R"({"providers": [{"id": "x"}]})",
      R"({"providers": [{"id": "x", "domains": ["a.example"], "separator": "."}]})",
      R"({"providers": [{"id": "x", "domains": ["a.example"], "separator": 1}]})",
      R"({"providers": [{"id": "x", "domains": ["a.example"], "separator": null, "base_name_required": true}]})",
  };
  for (const char* text : bad) {
    SCOPED_TRACE(text);
    auto r = ProviderRules::FromJson(text);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
  }
}

}  // namespace
}  // namespace kakunin::alias
