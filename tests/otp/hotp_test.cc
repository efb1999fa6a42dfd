// RFC 4226 Appendix D and RFC 6238 Appendix B test vectors, all of them.
#include <gtest/gtest.h>

#include "kakunin/otp.h"

namespace kakunin::otp {
namespace {

TEST(HotpTest, Rfc4226AppendixD) {
  const std::string key = "12345678901234567890";
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    auto code = Hotp(key, counter, 6);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, expected[counter]) << "counter " << counter;
  }
}

struct TotpCase {
  int64_t time;
  HmacAlgorithm algorithm;
  const char* code;
};

TEST(TotpTest, Rfc6238AppendixB) {
  // The RFC's seeds: the ASCII digits repeated to the hash's block-friendly key length.
  const std::string sha1_key = "12345678901234567890";
  const std::string sha256_key = "12345678901234567890123456789012";
  const std::string sha512_key =
      "1234567890123456789012345678901234567890123456789012345678901234";
  const TotpCase cases[] = {
      {59, HmacAlgorithm::kSha1, "94287082"},           {59, HmacAlgorithm::kSha256, "46119246"},
      {59, HmacAlgorithm::kSha512, "90693936"},         {1111111109, HmacAlgorithm::kSha1, "07081804"},
      {1111111109, HmacAlgorithm::kSha256, "68084774"}, {1111111109, HmacAlgorithm::kSha512, "25091201"},
      {1111111111, HmacAlgorithm::kSha1, "14050471"},   {1111111111, HmacAlgorithm::kSha256, "67062674"},
      {1111111111, HmacAlgorithm::kSha512, "99943326"}, {1234567890, HmacAlgorithm::kSha1, "89005924"},
      {1234567890, HmacAlgorithm::kSha256, "91819424"}, {1234567890, HmacAlgorithm::kSha512, "93441116"},
      {2000000000, HmacAlgorithm::kSha1, "69279037"},   {2000000000, HmacAlgorithm::kSha256, "90698825"},
      {2000000000, HmacAlgorithm::kSha512, "38618901"}, {20000000000, HmacAlgorithm::kSha1, "65353130"},
      {20000000000, HmacAlgorithm::kSha256, "77737706"}, {20000000000, HmacAlgorithm::kSha512, "47863826"},
  };
  for (const auto& c : cases) {
    const std::string& key = c.algorithm == HmacAlgorithm::kSha1     ? sha1_key
                             : c.algorithm == HmacAlgorithm::kSha256 ? sha256_key
                                                                     : sha512_key;
    auto code = Totp(key, c.time, 8, c.algorithm);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, c.code) << "time " << c.time;
  }
}

TEST(HotpTest, RejectsBadArguments) {
  EXPECT_FALSE(Hotp("key", 0, 5).has_value());
  EXPECT_FALSE(Hotp("key", 0, 11).has_value());
  EXPECT_FALSE(Hotp("", 0, 6).has_value());
  EXPECT_FALSE(Totp("key", 10, 6, HmacAlgorithm::kSha1, 0).has_value());
  EXPECT_FALSE(Totp("key", 10, 6, HmacAlgorithm::kSha1, 30, 20).has_value());
}

}  // namespace
}  // namespace kakunin::otp
