// Password generation: lengths and bounds, the alphabet, the word list, rejection sampling on
// scripted bytes, and statistical tests on the real CSPRNG that a modulo-biased sampler fails
// (each has a negative control run through the same test to prove it can fail).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "kakunin/password.h"

namespace kakunin::password {
namespace {

// Chi-square statistic of `counts` against a uniform distribution.
double ChiSquare(const std::vector<uint64_t>& counts) {
  uint64_t total = 0;
  for (uint64_t c : counts) total += c;
  double expected = static_cast<double>(total) / static_cast<double>(counts.size());
  double chi = 0;
  for (uint64_t c : counts) chi += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
  return chi;
}

// The chi-square value a uniform sampler exceeds with probability about 1e-6 (Wilson-Hilferty,
// z = 4.75): a false failure about once in a million runs.
double ChiSquareLimit(size_t cells) {
  double df = static_cast<double>(cells - 1);
  double a = 2.0 / (9.0 * df);
  return df * std::pow(1.0 - a + 4.75 * std::sqrt(a), 3.0);
}

// Scripted "random" bytes, to check exactly which draws are kept and which are thrown away.
RandomBytes Scripted(std::deque<uint8_t>* bytes) {
  return [bytes](std::span<uint8_t> out) -> Result<void> {
    for (uint8_t& b : out) {
      if (bytes->empty()) return Fail(ErrorCode::kCrypto, "script exhausted");
      b = bytes->front();
      bytes->pop_front();
    }
    return {};
  };
}

TEST(GenerateTest, DefaultAndChosenLengthsUseOnlyTheAlphabet) {
  for (size_t length : {kMinGeneratedLength, kDefaultGeneratedLength, size_t{57}, kMaxGeneratedLength}) {
    SCOPED_TRACE(length);
    auto g = GenerateCharacters(length);
    ASSERT_TRUE(g.has_value()) << g.error().ToString();
    EXPECT_EQ(g->password.view().size(), length);
    EXPECT_EQ(g->kind, GeneratedKind::kCharacters);
    EXPECT_EQ(g->count, length);
    EXPECT_EQ(g->choices, 66u);
    EXPECT_NEAR(g->entropy_bits, static_cast<double>(length) * std::log2(66.0), 1e-9);
    for (char c : g->password.view()) EXPECT_NE(kGeneratedAlphabet.find(c), std::string_view::npos) << c;
  }
  EXPECT_NEAR(GenerateCharacters(kDefaultGeneratedLength)->entropy_bits, 120.88, 0.01);
}

TEST(GenerateTest, AlphabetHasNoLookAlikesAndNoRepeats) {
  EXPECT_EQ(kGeneratedAlphabet.size(), 66u);
  EXPECT_EQ(std::set<char>(kGeneratedAlphabet.begin(), kGeneratedAlphabet.end()).size(), kGeneratedAlphabet.size());
  for (char c : std::string_view("0Oo1lI \"'`\\")) EXPECT_EQ(kGeneratedAlphabet.find(c), std::string_view::npos) << c;
}

TEST(GenerateTest, BoundsAreEnforced) {
  for (size_t length : {size_t{0}, kMinGeneratedLength - 1, kMaxGeneratedLength + 1}) {
    auto g = GenerateCharacters(length);
    ASSERT_FALSE(g.has_value()) << length;
    EXPECT_EQ(g.error().code, ErrorCode::kInvalidArgument);
  }
  for (size_t words : {size_t{0}, kMinPassphraseWords - 1, kMaxPassphraseWords + 1}) {
    auto g = GeneratePassphrase(words);
    ASSERT_FALSE(g.has_value()) << words;
    EXPECT_EQ(g.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(GenerateTest, PassphraseHasTheAskedNumberOfListedWords) {
  auto list = PassphraseWords();
  ASSERT_EQ(list.size(), 35577u);  // data/passphrase_words.txt as generated from wamerican.
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
  EXPECT_EQ(std::adjacent_find(list.begin(), list.end()), list.end());
  for (std::string_view w : list) {
    ASSERT_TRUE(w.size() >= 3 && w.size() <= 8) << w;
    ASSERT_TRUE(std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) << w;
  }
  for (size_t n : {kMinPassphraseWords, size_t{7}, kMaxPassphraseWords}) {
    SCOPED_TRACE(n);
    auto g = GeneratePassphrase(n);
    ASSERT_TRUE(g.has_value()) << g.error().ToString();
    EXPECT_EQ(g->kind, GeneratedKind::kWords);
    EXPECT_EQ(g->count, n);
    EXPECT_EQ(g->choices, list.size());
    EXPECT_NEAR(g->entropy_bits, static_cast<double>(n) * std::log2(35577.0), 1e-9);
    std::string_view text = g->password.view();
    size_t words = 0;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(kPassphraseSeparator, start);
      if (end == std::string_view::npos) end = text.size();
      EXPECT_TRUE(std::binary_search(list.begin(), list.end(), text.substr(start, end - start)));
      ++words;
      start = end + 1;
    }
    EXPECT_EQ(words, n);
  }
}

TEST(UniformIndexTest, RejectsTheIncompleteTopRange) {
  // n = 66 with one byte: 256 = 3 * 66 + 58, so draws 198..255 must be thrown away.
  std::deque<uint8_t> bytes = {255, 198, 197};
  auto i = UniformIndex(66, Scripted(&bytes));
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(*i, 197u % 66u);
  EXPECT_TRUE(bytes.empty()) << "both top-range draws were rejected";
  // n = 35577 with two bytes (big-endian): 65536 - 65536 % 35577 = 35577, so 35577 is rejected.
  bytes = {0x8A, 0xF9, 0x8A, 0xF8};  // 35577, then 35576.
  i = UniformIndex(35577, Scripted(&bytes));
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(*i, 35576u);
  // A power of two rejects nothing; n = 1 is always 0; n = 257 needs two bytes.
  bytes = {255};
  EXPECT_EQ(*UniformIndex(256, Scripted(&bytes)), 255u);
  bytes = {7};
  EXPECT_EQ(*UniformIndex(1, Scripted(&bytes)), 0u);
  bytes = {0x01, 0x00};
  EXPECT_EQ(*UniformIndex(257, Scripted(&bytes)), 256u % 257u);
  // A failing source is an error, not a made-up value.
  bytes = {};
  EXPECT_EQ(UniformIndex(66, Scripted(&bytes)).error().code, ErrorCode::kCrypto);
  EXPECT_FALSE(UniformIndex(0, OpenSslRandomBytes).has_value());
}

// The same statistic over the alphabet's characters, computed for a modulo-biased sampler
// (one byte % 66) as a control: the test must reject that one, or it proves nothing.
TEST(UniformIndexTest, CharactersAreUniformAndModuloBiasWouldBeCaught) {
  constexpr size_t kPasswords = 5000;  // 100,000 characters: about 1,500 per cell.
  std::vector<uint64_t> counts(kGeneratedAlphabet.size(), 0);
  for (size_t i = 0; i < kPasswords; ++i) {
    auto g = GenerateCharacters(kDefaultGeneratedLength);
    ASSERT_TRUE(g.has_value());
    for (char c : g->password.view()) ++counts[kGeneratedAlphabet.find(c)];
  }
  double limit = ChiSquareLimit(counts.size());
  EXPECT_LT(ChiSquare(counts), limit);

  std::vector<uint64_t> biased(kGeneratedAlphabet.size(), 0);
  for (size_t i = 0; i < kPasswords * kDefaultGeneratedLength; ++i) {
    uint8_t b = 0;
    ASSERT_TRUE(OpenSslRandomBytes(std::span<uint8_t>(&b, 1)).has_value());
    ++biased[b % kGeneratedAlphabet.size()];
  }
  EXPECT_GT(ChiSquare(biased), limit) << "the control (byte % 66) should fail the same test";
}

// Words: with two bytes % 35577, indices below 65536 - 35577 = 29959 would come up twice as
// often as the rest (a share of 0.914 instead of 0.842). A z-test on that share.
TEST(UniformIndexTest, WordIndicesAreUniformAndModuloBiasWouldBeCaught) {
  constexpr uint32_t kWords = 35577;
  constexpr uint32_t kSplit = 65536 - kWords;
  constexpr size_t kDraws = 50000;
  const double p = static_cast<double>(kSplit) / kWords;
  const double sd = std::sqrt(p * (1 - p) / kDraws);
  size_t low = 0;
  size_t biased_low = 0;
  for (size_t i = 0; i < kDraws; ++i) {
    auto index = UniformIndex(kWords, OpenSslRandomBytes);
    ASSERT_TRUE(index.has_value());
    if (*index < kSplit) ++low;
    uint8_t b[2];
    ASSERT_TRUE(OpenSslRandomBytes(b).has_value());
    if (((b[0] << 8) | b[1]) % kWords < kSplit) ++biased_low;
  }
  EXPECT_LT(std::abs(static_cast<double>(low) / kDraws - p) / sd, 4.9);          // p about 1e-6
  EXPECT_GT(std::abs(static_cast<double>(biased_low) / kDraws - p) / sd, 4.9);   // the control
}

TEST(GenerateTest, TwoPasswordsDiffer) {
  auto a = GenerateCharacters(kMinGeneratedLength);
  auto b = GenerateCharacters(kMinGeneratedLength);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->password.view(), b->password.view());  // 72 bits: a repeat is not going to happen.
}

}  // namespace
}  // namespace kakunin::password
