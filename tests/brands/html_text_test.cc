// HtmlToText and Fold, the two text preparations every claim and notice goes through.
#include <gtest/gtest.h>

#include <string>

#include "brands/folded_text.h"
#include "brands/html_text.h"

namespace kakunin::brands::internal {
namespace {

std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == ' ') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

TEST(HtmlTextTest, KeepsWhatAReaderSees) {
  struct Case {
    const char* html;
    const char* text;
  };
  const Case cases[] = {
      {"<p>Hello <b>world</b></p>", "Hello world"},
      {"<script>var amazon = 1;</script>Hi<style>.a{}</style>", "Hi"},
      {"<!-- Amazon -->visible", "visible"},
      {"<head><title>Amazon</title><meta x></head><body>body</body>", "Amazon body"},
      {"<head><title>t</title><body>no closing head</body>", "t no closing head"},
      {"<img src=\"x.png\" alt=\"Amazon.co.jp\">", "Amazon.co.jp"},
      {"<img alt='Apple' src=x>", "Apple"},
      {"&amp; &lt;b&gt; &#65;&#x42; &#12450; &nbsp;x", "& <b> AB \xE3\x82\xA2 \xC2\xA0x"},
      {"&unknown; &#; &", "&unknown; &#; &"},
      {"<p unterminated", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(Squeeze(HtmlToText(c.html)), c.text) << c.html;
}

TEST(FoldedTextTest, NormalisesWidthCaseAndSeparators) {
  FoldedText f = Fold("Ａ m-a.z\xE2\x80\x8Bo N ｱﾏｿﾞﾝ", 1000);
  EXPECT_EQ(ToUtf8(f.folded), "amazon\xE3\x82\xA2\xE3\x83\x9E\xE3\x82\xBE\xE3\x83\xB3");  // "amazonアマゾン"
  EXPECT_EQ(f.folded.size(), f.exact.size());
  EXPECT_EQ(f.begin.size(), f.folded.size());
  // The half-width ｿﾞ composes to one character whose source is both input characters.
  const std::string input = "ｿﾞ";
  FoldedText z = Fold(input, 100);
  ASSERT_EQ(z.size(), 1u);
  EXPECT_EQ(z.Source(input, 0, 1), input);
  // A cut in the middle of a UTF-8 sequence is backed up to the last whole character.
  FoldedText cut = Fold("ab\xE3\x82\xA2", 4);
  EXPECT_EQ(ToUtf8(cut.folded), "ab");
}

TEST(FoldedTextTest, Boundaries) {
  Pattern amazon = Compile("Amazon", false);
  int hits = 0;
  ForEachMatch(Fold("amazonas myamazon amazon1 www.amazon.co.jp", 1000), amazon, [&](size_t, size_t) { ++hits; });
  EXPECT_EQ(hits, 1);
  Pattern line = Compile("ライン", false);
  hits = 0;
  ForEachMatch(Fold("オンライン ライン公式", 1000), line, [&](size_t, size_t) { ++hits; });
  EXPECT_EQ(hits, 1);
}

}  // namespace
}  // namespace kakunin::brands::internal
