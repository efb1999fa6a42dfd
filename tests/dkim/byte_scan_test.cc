#include "dkim/byte_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::dkim::internal {
namespace {

// Byte-at-a-time readings of the two contracts, to check the word-at-a-time ones against.
size_t RefWspOrBareLf(const std::string& s, size_t from, char prev) {
  for (size_t i = from; i < s.size(); ++i) {
    char before = i == from ? prev : s[i - 1];
    if (s[i] == ' ' || s[i] == '\t' || (s[i] == '\n' && before != '\r')) return i;
  }
  return s.size();
}

size_t RefBareLf(const std::string& s, size_t from, char prev) {
  for (size_t i = from; i < s.size(); ++i) {
    char before = i == from ? prev : s[i - 1];
    if (s[i] == '\n' && before != '\r') return i;
  }
  return s.size();
}

TEST(ByteScanTest, AgreesWithAByteAtATimeReading) {
  uint32_t seed = 8463;
  for (int n = 0; n < 3000; ++n) {
    seed = seed * 1103515245u + 12345u;
    size_t len = (seed >> 16) % 80;
    std::string s;
    for (size_t i = 0; i < len; ++i) {
      seed = seed * 1103515245u + 12345u;
      uint32_t r = (seed >> 16) % 40;  // Mostly letters, so hits land anywhere in a block.
      s.push_back(r < 4 ? " \t\r\n"[r] : static_cast<char>('a' + r % 26));
    }
    for (size_t from = 0; from <= s.size(); from += 1 + from / 4) {
      for (char prev : {'\0', '\r', 'x'}) {
        const char* b = s.data();
        EXPECT_EQ(FindWspOrBareLf(b + from, b + s.size(), prev) - b,
                  static_cast<ptrdiff_t>(RefWspOrBareLf(s, from, prev)))
            << "from " << from << " in [" << s << "]";
        EXPECT_EQ(FindBareLf(b + from, b + s.size(), prev) - b, static_cast<ptrdiff_t>(RefBareLf(s, from, prev)))
            << "from " << from << " in [" << s << "]";
      }
    }
  }
}

TEST(ByteScanTest, CrlfAcrossBlockEdgesIsNotBare) {
  for (size_t at = 1; at < 40; ++at) {
    std::string s(48, 'x');
    s[at - 1] = '\r';
    s[at] = '\n';
    EXPECT_EQ(FindBareLf(s.data(), s.data() + s.size(), '\0'), s.data() + s.size()) << at;
    EXPECT_EQ(FindWspOrBareLf(s.data(), s.data() + s.size(), '\0'), s.data() + s.size()) << at;
    s[at - 1] = 'y';
    EXPECT_EQ(FindBareLf(s.data(), s.data() + s.size(), '\0'), s.data() + at) << at;
  }
}

}  // namespace
}  // namespace kakunin::dkim::internal
