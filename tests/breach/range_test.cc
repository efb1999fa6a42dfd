// The range API's answer format, table-driven.
#include <gtest/gtest.h>

#include <string>

#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

constexpr const char* kA = "0018A45C4D1DEF81644B54AB7F969B88D65";
constexpr const char* kB = "00D4F6E8FA6EECAD2A3AA415EEC418D38EC";

TEST(RangeResponseTest, ParsesCountsAndDropsPadding) {
  struct Case {
    std::string body;
    size_t lines;
    uint64_t first_count;
  } cases[] = {
      {std::string(kA) + ":1\r\n" + kB + ":2\r\n", 2, 1},
      {std::string(kA) + ":3\n" + kB + ":2", 2, 3},                    // LF, no final line end.
      {std::string(kA) + ":0\r\n" + kB + ":7\r\n", 1, 7},              // Padding line dropped.
      {std::string(kA) + ":0\r\n" + kB + ":0\r\n", 0, 0},              // All padding.
      {"", 0, 0},
      {"\r\n\r\n", 0, 0},
      {std::string("0018a45c4d1def81644b54ab7f969b88d65:5\r\n"), 1, 5},  // Lower case folded.
      {std::string(kA) + ": 42 \r\n", 1, 42},
      {std::string(kA) + ":9223372036854775808\r\n", 1, 9223372036854775808ull},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto lines = ParseRangeResponse(c.body);
    ASSERT_TRUE(lines.has_value()) << lines.error().ToString();
    ASSERT_EQ(lines->size(), c.lines);
    if (c.lines > 0) {
      EXPECT_EQ((*lines)[0].count, c.first_count);
      EXPECT_EQ((*lines)[0].suffix.size(), kSuffixHexChars);
      EXPECT_EQ((*lines)[0].suffix.find_first_of("abcdef"), std::string::npos);
    }
  }
}

TEST(RangeResponseTest, RejectsMalformedLinesWithLineNumber) {
  struct Case {
    std::string body;
    const char* where;
  } cases[] = {
      {std::string(kA) + ":1\r\n<html>Service unavailable</html>\r\n", "line 2"},
      {std::string(kA) + "\r\n", "line 1"},
      {std::string(kA).substr(1) + ":1\r\n", "line 1"},
      {std::string(kA) + "0:1\r\n", "line 1"},
      {"0018A45C4D1DEF81644B54AB7F969B88D6Z:1\r\n", "line 1"},
      {std::string(kA) + ":\r\n", "line 1"},
      {std::string(kA) + ":-1\r\n", "line 1"},
      {std::string(kA) + ":1x\r\n", "line 1"},
      {std::string(kA) + ":99999999999999999999999\r\n", "line 1"},
      {std::string(kA) + ":9223372036854775809\r\n", "line 1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto lines = ParseRangeResponse(c.body);
    ASSERT_FALSE(lines.has_value());
    EXPECT_EQ(lines.error().code, ErrorCode::kParse);
    EXPECT_NE(lines.error().message.find(c.where), std::string::npos) << lines.error().message;
  }
}

TEST(RangeResponseTest, RefusesOversizedBody) {
  std::string body(kMaxRangeResponseBytes + 1, '\n');
  auto lines = ParseRangeResponse(body);
  ASSERT_FALSE(lines.has_value());
  EXPECT_EQ(lines.error().code, ErrorCode::kLimitExceeded);
}

TEST(SourceNameTest, MatchesJsonVocabulary) {
  EXPECT_EQ(SourceName(Source::kRangeApi), "range-api");
  EXPECT_EQ(SourceName(Source::kDatabase), "database");
}

}  // namespace
}  // namespace kakunin::breach
