// Strength: zxcvbn scores plus the SP 800-63B 5.1.1.2 checks, table-driven.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kakunin/password.h"

namespace kakunin::password {
namespace {

bool Has(const Strength& s, Rule r) {
  return std::any_of(s.issues.begin(), s.issues.end(), [&](const Issue& i) { return i.rule == r; });
}

struct Case {
  const char* password;
  int max_score;   // Upper bound on zxcvbn's score.
  int min_score;
  std::vector<Rule> must;      // Issues that must be reported.
  std::vector<Rule> must_not;  // Issues that must not.
  bool acceptable;
};

TEST(StrengthTest, Table) {
  const Case cases[] = {
      {"password", 0, 0, {Rule::kDictionaryWord}, {Rule::kTooShort}, false},
      {"Password1", 1, 0, {Rule::kDictionaryWord}, {Rule::kTooShort}, false},
      {"p@ssw0rd", 1, 0, {Rule::kDictionaryWord}, {}, false},
      {"abc", 0, 0, {Rule::kTooShort}, {}, false},
      {"aaaaaaaaaaaa", 1, 0, {Rule::kRepetitive}, {Rule::kTooShort}, false},
      {"12345678", 0, 0, {Rule::kSequential}, {}, false},
      {"abcdefghij", 1, 0, {Rule::kSequential}, {}, false},
      {"qwertyuiop", 1, 0, {Rule::kDictionaryWord}, {}, false},  // In zxcvbn's common-password list.
      {"1234abcd", 1, 0, {Rule::kSequential}, {}, false},        // SP 800-63B's own example.
      {"abcabcabcabc", 1, 0, {Rule::kRepetitive}, {}, false},
      {"passwordpassword", 1, 0, {Rule::kRepetitive, Rule::kDictionaryWord}, {}, false},
      {"password123", 1, 0, {Rule::kDictionaryWord}, {}, false},
      // Four random words, and a long random string: strong, and no composition rule applies.
      {"correct horse battery staple", 4, 3, {}, {Rule::kTooShort, Rule::kDictionaryWord}, true},
      {"kq7#Vz!p2Lw9@xR", 4, 4, {}, {Rule::kTooShort, Rule::kDictionaryWord, Rule::kSequential}, true},
      {"mvpdjqzhtkcw", 4, 3, {}, {}, true},  // Lower-case letters only, yet strong.
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.password);
    auto s = Assess(c.password);
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    EXPECT_LE(s->score, c.max_score) << s->entropy_bits;
    EXPECT_GE(s->score, c.min_score) << s->entropy_bits;
    for (Rule r : c.must) EXPECT_TRUE(Has(*s, r)) << RuleName(r);
    for (Rule r : c.must_not) EXPECT_FALSE(Has(*s, r)) << RuleName(r);
    EXPECT_EQ(s->acceptable, c.acceptable);
    EXPECT_NEAR(s->guesses_log10, s->entropy_bits * 0.30103, 1e-6);
    if (std::string(c.password) != "password") {  // "password" is a word of the messages themselves.
      for (const Issue& i : s->issues) EXPECT_EQ(i.message.find(c.password), std::string::npos);
    }
  }
}

TEST(StrengthTest, LengthCountsCodePointsAfterNfkc) {
  // Seven kanji (21 bytes) are 7 characters: too short, although 21 bytes.
  auto s = Assess("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE5\xAF\x86\xE7\xA0\x81\xE5\x8F\xA5");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->length, 7u);
  EXPECT_TRUE(Has(*s, Rule::kTooShort));
  // U+FB01 (the "fi" ligature) is two characters after NFKC: "o\uFB01ce123" is 7 code points
  // and 9 bytes as typed, 8 characters once normalized.
  auto lig = Assess("o\xEF\xAC\x81" "ce123");
  ASSERT_TRUE(lig.has_value());
  EXPECT_EQ(lig->length, 8u);
  EXPECT_FALSE(Has(*lig, Rule::kTooShort));
  // Half-width katakana compose under NFKC: "\uFF76\uFF9E" (ｶﾞ) becomes one "\u30AC".
  auto kana = Assess("\xEF\xBD\xB6\xEF\xBE\x9E");
  ASSERT_TRUE(kana.has_value());
  EXPECT_EQ(kana->length, 1u);
}

TEST(StrengthTest, ContextWordsAndBreachResult) {
  Context ctx;
  ctx.words = {"yamada", "mizuho"};
  auto s = Assess("Yamada-horse-zebra-91", ctx);
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(Has(*s, Rule::kContextWord));
  EXPECT_FALSE(s->acceptable);
  auto without = Assess("Yamada-horse-zebra-91");
  ASSERT_TRUE(without.has_value());
  EXPECT_FALSE(Has(*without, Rule::kContextWord));
  EXPECT_GE(without->entropy_bits, s->entropy_bits);  // zxcvbn also counts the user word.

  Context breached;
  breached.breached = 12;
  auto b = Assess("mvpdjqzhtkcw", breached);
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(Has(*b, Rule::kBreached));
  EXPECT_FALSE(b->acceptable);
  Context clean;
  clean.breached = 0;
  auto c = Assess("mvpdjqzhtkcw", clean);
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(Has(*c, Rule::kBreached));
}

TEST(StrengthTest, RejectsInvalidInputAndBoundsLongOnes) {
  EXPECT_EQ(Assess(std::string("ab\0cdefgh", 9)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Assess("\xC3\x28 invalid utf8").error().code, ErrorCode::kInvalidArgument);
  std::string long_pw;
  for (int i = 0; i < 2000; ++i) long_pw.push_back(static_cast<char>('a' + (i * 7919) % 26));
  auto s = Assess(long_pw);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->length, 2000u);
  EXPECT_EQ(s->score, 4);
}

TEST(StrengthTest, WarningsNamePatterns) {
  auto s = Assess("qwerty2019");
  ASSERT_TRUE(s.has_value());
  ASSERT_FALSE(s->warnings.empty());
  bool year = false;
  for (const auto& w : s->warnings) year |= w.find("years") != std::string::npos;
  EXPECT_TRUE(year);
  auto spatial = Assess("zxcvbnm,./");
  ASSERT_TRUE(spatial.has_value());
  EXPECT_FALSE(spatial->warnings.empty());
}

}  // namespace
}  // namespace kakunin::password
