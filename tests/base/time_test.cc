#include "base/time.h"

#include <gtest/gtest.h>

#include "base/strings.h"

namespace kakunin::base {
namespace {

TEST(ParseTimeTest, AcceptsUnixSecondsAndRfc3339) {
  struct Case {
    const char* in;
    int64_t want;
  };
  const Case cases[] = {
      {"0", 0},
      {"1667843664", 1667843664},
      {"1970-01-01T00:00:00Z", 0},
      {"2026-11-28T09:15:00+09:00", 1795824900},
      {"2026-11-28T00:15:00Z", 1795824900},
      {"2026-11-28T00:15:00.123456z", 1795824900},
      {"2000-02-29T12:00:00-05:30", 951845400},
  };
  for (const Case& c : cases) {
    auto t = ParseTime(c.in);
    ASSERT_TRUE(t.has_value()) << c.in;
    EXPECT_EQ(*t, c.want) << c.in;
  }
}

TEST(ParseTimeTest, RejectsGarbage) {
  for (const char* bad : {"", "yesterday", "2026-11-28", "2026-11-28T09:15:00", "2026-13-01T00:00:00Z",
                          "2026-11-28T09:15:00+0900", "12a", "2026-11-28T09:15:00Zjunk"}) {
    auto t = ParseTime(bad);
    EXPECT_FALSE(t.has_value()) << bad;
    if (!t) {
      EXPECT_EQ(t.error().code, ErrorCode::kParse);
    }
  }
}

TEST(StringsTest, CaseInsensitiveHelpers) {
  EXPECT_TRUE(EqualsIgnoreCase("DKIM-Signature", "dkim-signature"));
  EXPECT_FALSE(EqualsIgnoreCase("From", "Fro"));
  EXPECT_EQ(FindIgnoreCase("Content-Type: Multipart/Mixed", "multipart"), 14u);
  EXPECT_EQ(FindIgnoreCase("abc", "abcd"), std::string_view::npos);
  EXPECT_TRUE(EndsWithIgnoreCase("mail.Example.COM", ".example.com"));
  EXPECT_EQ(Trim(" \t x y \r\n"), "x y");
  EXPECT_EQ(Split("a;;b", ';').size(), 3u);
}

TEST(StringsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xe7\xa2\xba\xe8\xaa\x8d"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe7\xa2"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x93\xfa\x96{"));     // Shift_JIS
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace kakunin::base
