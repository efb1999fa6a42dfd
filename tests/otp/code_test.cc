#include <gtest/gtest.h>

#include <array>
#include <set>

#include "kakunin/otp.h"

namespace kakunin::otp {
namespace {

TEST(GenerateCodeTest, HasTheAskedDigitsAndOnlyDigits) {
  for (int digits = kMinDigits; digits <= kMaxDigits; ++digits) {
    for (int i = 0; i < 50; ++i) {
      auto code = GenerateCode(digits);
      ASSERT_TRUE(code.has_value());
      ASSERT_EQ(code->size(), static_cast<size_t>(digits));
      for (char c : *code) EXPECT_TRUE(c >= '0' && c <= '9') << *code;
    }
  }
  EXPECT_FALSE(GenerateCode(5).has_value());
  EXPECT_FALSE(GenerateCode(11).has_value());
}

TEST(GenerateCodeTest, DigitsAreRoughlyUniform) {
  // 20,000 codes x 6 digits = 120,000 digits, 12,000 expected per value. A chi-square statistic
  // above 40 (9 degrees of freedom) happens by chance with p < 1e-5.
  std::array<int, 10> counts{};
  for (int i = 0; i < 20000; ++i) {
    auto code = GenerateCode(6);
    ASSERT_TRUE(code.has_value());
    for (char c : *code) ++counts[static_cast<size_t>(c - '0')];
  }
  double chi2 = 0;
  for (int n : counts) chi2 += (n - 12000.0) * (n - 12000.0) / 12000.0;
  EXPECT_LT(chi2, 40.0);
}

TEST(GenerateCodeTest, CodesDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.insert(*GenerateCode(10));
  EXPECT_GT(seen.size(), 195u);
}

TEST(CodeHasherTest, HashIsBoundToPurposeFlowAndAddress) {
  CodeHasher hasher(std::string(32, 'k'));
  const CodeBinding base{"verify_email", "flow1", "a@example.com"};
  const std::string h = hasher.Hash(base, "123456");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_TRUE(hasher.Matches(base, "123456", h));
  EXPECT_FALSE(hasher.Matches(base, "123457", h));
  EXPECT_FALSE(hasher.Matches({"reset", "flow1", "a@example.com"}, "123456", h));
  EXPECT_FALSE(hasher.Matches({"verify_email", "flow2", "a@example.com"}, "123456", h));
  EXPECT_FALSE(hasher.Matches({"verify_email", "flow1", "b@example.com"}, "123456", h));
  // Length prefixes: moving bytes between fields changes the hash.
  EXPECT_NE(hasher.Hash({"ab", "c", "d"}, "1"), hasher.Hash({"a", "bc", "d"}, "1"));
  // The key matters: the hash is not a plain digest.
  CodeHasher other(std::string(32, 'x'));
  EXPECT_NE(other.Hash(base, "123456"), h);
  EXPECT_EQ(h.find("123456"), std::string::npos);
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(RandomTokenTest, Is256BitBase64Url) {
  auto a = RandomToken(32);
  auto b = RandomToken(32);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 43u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace kakunin::otp
