// Brute-force odds: exact values from the formula, tiny probabilities without rounding loss, and
// the English and Japanese wording.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kakunin/notice.h"

namespace kakunin::triage {
namespace {

TEST(OddsTest, PerCodeAndWindow) {
  GuessingModel m;
  m.alphabet_size = 10;
  m.length = 6;
  m.tries_per_code = 10;
  m.codes_per_hour = 10;
  m.hours = 24;
  auto odds = ComputeOdds(m);
  ASSERT_TRUE(odds.has_value());
  EXPECT_DOUBLE_EQ(odds->per_code, 1e-5);
  EXPECT_DOUBLE_EQ(odds->codes, 240);
  // 1 - (1 - 1e-5)^240 by the binomial series, to the term C(240,4)e-20 (the next is below 1e-15).
  const double series = 240e-5 - 28680e-10 + 2275280e-15 - 134810340e-20;
  EXPECT_NEAR(odds->over_window, series, 1e-15);
  EXPECT_EQ(FormatOneIn(odds->per_code, "en"), "1 in 100,000");
  EXPECT_EQ(FormatOneIn(odds->per_code, "ja"), "100,000分の1");
  EXPECT_EQ(FormatOneIn(odds->over_window, "en"), "1 in 417");
}

TEST(OddsTest, TinyProbabilitiesKeepTheirDigits) {
  GuessingModel m;
  m.alphabet_size = 36;
  m.length = 20;
  m.tries_per_code = 3;
  m.codes_per_hour = 1;
  m.hours = 1;
  auto odds = ComputeOdds(m);
  ASSERT_TRUE(odds.has_value());
  const double expected = 3.0 / std::pow(36.0, 20);
  EXPECT_NEAR(odds->per_code / expected, 1.0, 1e-12);
  // pow(1 - p, 1) would give exactly 0 here (1 - 2.3e-31 == 1 in double).
  EXPECT_NEAR(odds->over_window / expected, 1.0, 1e-12);
  EXPECT_EQ(FormatOneIn(odds->over_window, "en"), "less than 1 in 10^18");
  EXPECT_EQ(FormatOneIn(odds->over_window, "ja"), "10^18分の1未満");
}

TEST(OddsTest, EdgeCases) {
  GuessingModel m;
  m.length = 2;
  m.tries_per_code = 200;  // More tries than codes: certain.
  auto odds = ComputeOdds(m);
  ASSERT_TRUE(odds.has_value());
  EXPECT_DOUBLE_EQ(odds->per_code, 1.0);
  EXPECT_DOUBLE_EQ(odds->over_window, 1.0);
  EXPECT_EQ(FormatOneIn(1.0, "en"), "certain");
  m = GuessingModel{};
  m.hours = 0;
  odds = ComputeOdds(m);
  ASSERT_TRUE(odds.has_value());
  EXPECT_DOUBLE_EQ(odds->over_window, 0.0);
  EXPECT_EQ(FormatOneIn(0.0, "en"), "0 (impossible)");

  for (auto bad : {[] { GuessingModel g; g.alphabet_size = 1; return g; }(),
                   [] { GuessingModel g; g.length = 0; return g; }(),
                   [] { GuessingModel g; g.tries_per_code = 0; return g; }(),
                   [] { GuessingModel g; g.hours = -1; return g; }(),
                   [] { GuessingModel g; g.codes_per_hour = NAN; return g; }()}) {
    auto r = ComputeOdds(bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(OddsTest, DescribesDefaults) {
  GuessingModel m = DefaultGuessingModel();
  auto odds = ComputeOdds(m);
  ASSERT_TRUE(odds.has_value());
  // 5 tries of 10^6: 1 in 200,000 per code; 240 codes: 1 - (1 - 5e-6)^240 = 1/833.8...
  EXPECT_EQ(DescribeOdds(m, *odds, "en"),
            "6 digits, 5 tries per code: 1 in 200,000 per code; about 1 in 834 over 24 hours at 10 codes per hour");
  EXPECT_EQ(DescribeOdds(m, *odds, "ja"),
            "6桁・1コードあたり5回まで: 1コードあたり200,000分の1、1時間に10コードで24時間続けると約834分の1");
  m.alphabet_size = 36;
  m.length = 8;
  m.tries_per_code = 1;
  odds = ComputeOdds(m);
  ASSERT_TRUE(odds.has_value());
  EXPECT_EQ(DescribeOdds(m, *odds, "en").rfind("8 characters from 36, 1 try per code: 1 in 2,821,109,907,456 per code", 0),
            0u);
}

TEST(OddsTest, ModelFromBrandPolicy) {
  std::vector<std::string> defaulted;
  brands::CodePolicy apple;  // Six digits documented; attempts unknown.
  apple.digits = 6;
  GuessingModel m = GuessingModelFor(apple, &defaulted);
  EXPECT_EQ(m.alphabet_size, 10u);
  EXPECT_EQ(m.length, 6u);
  EXPECT_EQ(m.tries_per_code, DefaultGuessingModel().tries_per_code);
  EXPECT_EQ(defaulted, (std::vector<std::string>{"tries_per_code", "codes_per_hour", "hours"}));

  brands::CodePolicy alnum;
  alnum.alphabet_size = 36;
  alnum.length = 8;
  alnum.attempts = 3;
  defaulted.clear();
  m = GuessingModelFor(alnum, &defaulted);
  EXPECT_EQ(m.alphabet_size, 36u);
  EXPECT_EQ(m.length, 8u);
  EXPECT_EQ(m.tries_per_code, 3u);
  EXPECT_EQ(defaulted, (std::vector<std::string>{"codes_per_hour", "hours"}));

  defaulted.clear();
  m = GuessingModelFor(brands::CodePolicy{}, &defaulted);
  EXPECT_EQ(m.length, 6u);
  EXPECT_EQ(defaulted.front(), "length");
  // The shipped Apple entry gives the documented six digits.
  const brands::Brand* brand = brands::BrandRegistry::Default().FindById("apple");
  ASSERT_NE(brand, nullptr);
  EXPECT_EQ(GuessingModelFor(brand->code_policy).length, 6u);
}

}  // namespace
}  // namespace kakunin::triage
