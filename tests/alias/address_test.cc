#include <gtest/gtest.h>

#include <string>

#include "kakunin/alias.h"

namespace kakunin::alias {
namespace {

struct Case {
  const char* input;
  const char* local;   // nullptr: must fail
  const char* domain;
};

TEST(AliasAddressTest, ParsesAndRejects) {
  const Case cases[] = {
      {"taro@gmail.com", "taro", "gmail.com"},
      {"  Taro.Y+Shop@GMail.COM ", "Taro.Y+Shop", "gmail.com"},
      {"Taro Yamada <taro+amazon@gmail.com>", "taro+amazon", "gmail.com"},
      {"\"Yamada, Taro\" <taro@example.jp>", "taro", "example.jp"},
      {"<taro@example.jp.>", "taro", "example.jp"},
      // Legacy Japanese carrier addresses with consecutive / trailing dots are still delivered.
      {"taro..yamada.@docomo.ne.jp", "taro..yamada.", "docomo.ne.jp"},
      {"o'brien@example.ie", "o'brien", "example.ie"},
      {"user@\xE4\xBE\x8B\xE3\x81\x88.jp", "user", "\xE4\xBE\x8B\xE3\x81\x88.jp"},
      {"", nullptr, nullptr},
      {"taro", nullptr, nullptr},
      {"@gmail.com", nullptr, nullptr},
      {"taro@", nullptr, nullptr},
      {"taro@gmail..com", nullptr, nullptr},
      {"\"taro yamada\"@example.com", nullptr, nullptr},
      {"taro@[192.0.2.1]", nullptr, nullptr},
      {"ta ro@example.com", nullptr, nullptr},
      {"taro@exa_mple.com", nullptr, nullptr},
      {"Taro <taro@example.com", nullptr, nullptr},
      {"user@\xC3\x28.jp", nullptr, nullptr},  // Invalid UTF-8 in the domain.
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    auto a = ParseAddress(c.input);
    if (c.local == nullptr) {
      EXPECT_FALSE(a.has_value());
      if (!a) {
        EXPECT_EQ(a.error().code, ErrorCode::kParse);
      }
      continue;
    }
    ASSERT_TRUE(a.has_value()) << a.error().ToString();
    EXPECT_EQ(a->local, c.local);
    EXPECT_EQ(a->domain, c.domain);
  }
}

TEST(AliasAddressTest, EnforcesRfc5321Lengths) {
  std::string local64(64, 'a');
  EXPECT_TRUE(ParseAddress(local64 + "@example.com").has_value());
  EXPECT_FALSE(ParseAddress(local64 + "a@example.com").has_value());
  std::string label63(63, 'b');
  std::string domain = label63 + "." + label63 + "." + label63 + ".com";  // 195 bytes
  EXPECT_TRUE(ParseAddress("a@" + domain).has_value());
  EXPECT_FALSE(ParseAddress("a@" + std::string(64, 'c') + ".com").has_value());
  // 64 + 1 + 190 = 255 > 254.
  std::string d190 = label63 + "." + label63 + "." + std::string(62, 'd');
  ASSERT_EQ(d190.size(), 190u);
  EXPECT_FALSE(ParseAddress(local64 + "@" + d190).has_value());
  EXPECT_FALSE(ParseAddress(std::string(5000, 'x') + "@example.com").has_value());
}

TEST(AliasAddressTest, ServiceSlugKeepsAsciiLettersAndDigits) {
  EXPECT_EQ(ServiceSlug("Amazon Japan!"), "amazonjapan");
  EXPECT_EQ(ServiceSlug("7-Eleven"), "7eleven");
  EXPECT_EQ(ServiceSlug("\xE3\x81\xBF\xE3\x81\x9A\xE3\x81\xBB"), "");
}

}  // namespace
}  // namespace kakunin::alias
