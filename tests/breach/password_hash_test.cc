#include <gtest/gtest.h>

#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

TEST(PasswordHashTest, KnownVectors) {
  struct Case {
    const char* password;
    const char* prefix;
    const char* suffix;
  } cases[] = {
      // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8 (HIBP's own example).
      {"password", "5BAA6", "1E4C9B93F3F0682250B6CF8331B7EE68FD8"},
      // FIPS 180 test vector "abc".
      {"abc", "A9993", "E364706816ABA3E25717850C26C9CD0D89D"},
      {"", "DA39A", "3EE5E6B4B0D3255BFEF95601890AFD80709"},
      // UTF-8 bytes as typed: SHA-1 of "\xE3\x81\x82" (HIRAGANA A).
      {"\xE3\x81\x82", "98FDF", "C0A7426BBB0FCA0B106FD1A6C907446D7C0"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.password);
    PasswordHash h = PasswordHash::Of(c.password);
    EXPECT_EQ(h.Prefix(), c.prefix);
    EXPECT_EQ(h.SuffixHex(), c.suffix);
    auto back = PasswordHash::FromHex(std::string(c.prefix) + c.suffix);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->bytes(), h.bytes());
  }
}

TEST(PasswordHashTest, FromHexAcceptsLowerCaseRejectsJunk) {
  EXPECT_TRUE(PasswordHash::FromHex("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8").has_value());
  EXPECT_FALSE(PasswordHash::FromHex("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd").has_value());
  EXPECT_FALSE(PasswordHash::FromHex("5baa61e4c9b93f3f0682250b6cf8331b7ee68fdg").has_value());
  EXPECT_FALSE(PasswordHash::FromHex("").has_value());
}

}  // namespace
}  // namespace kakunin::breach
