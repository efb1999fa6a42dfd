// src/base/strings.h
#include "base/strings.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::base {
namespace {

TEST(Utf8PrefixLengthTest, ShortTextIsWhole) {
  EXPECT_EQ(Utf8PrefixLength("abc", 3), 3U);
  EXPECT_EQ(Utf8PrefixLength("abc", 10), 3U);
  EXPECT_EQ(Utf8PrefixLength("", 0), 0U);
}

TEST(Utf8PrefixLengthTest, NeverEndsInsideASequence) {
  const std::string s = "ab\xE7\xA2\xBA\xE8\xAA\x8D";  // "ab確認": two 3-byte sequences.
  EXPECT_EQ(Utf8PrefixLength(s, 2), 2U);
  EXPECT_EQ(Utf8PrefixLength(s, 3), 2U);  // Would split 確.
  EXPECT_EQ(Utf8PrefixLength(s, 4), 2U);
  EXPECT_EQ(Utf8PrefixLength(s, 5), 5U);  // 確 whole.
  EXPECT_EQ(Utf8PrefixLength(s, 7), 5U);
  EXPECT_EQ(Utf8PrefixLength(s, 8), 8U);
}

TEST(Utf8PrefixLengthTest, ContinuationBytesOnlyGiveNothing) {
  EXPECT_EQ(Utf8PrefixLength("\x80\x80\x80\x80", 2), 0U);
}

}  // namespace
}  // namespace kakunin::base
