// base/html.h: HTML escaping (shared by kakunin web and kakunind's pages) and the
// Accept-Language choice.
#include "base/html.h"

#include <gtest/gtest.h>

namespace kakunin::base {
namespace {

TEST(EscapeHtmlTest, EscapesMarkupQuotesAndControls) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\" title='y'>&</a>"), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml(std::string("a\0b\x1b\x7f", 5)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(EscapeHtml("日本語\n\t\r"), "日本語\n\t\r");
}

TEST(PreferredLanguageTest, HighestQualityThenOrder) {
  struct Case {
    const char* header;
    const char* want;
  } cases[] = {
      {"ja,en-US;q=0.9,en;q=0.8", "ja"},
      {"en-US,en;q=0.9,ja;q=0.8", "en"},
      {"fr-FR,ja;q=0.5,en;q=0.7", "en"},  // French first: not offered; English has the higher q.
      {"fr, de", ""},
      {"", ""},
      {"JA-jp", "ja"},                    // Tags are case-insensitive (RFC 4647 2.1).
      {"en;q=0.5, ja;q=0.5", "en"},       // Equal q: the first listed wins.
      {"ja;q=0, en;q=0", ""},             // q=0 means "not acceptable" (RFC 9110 12.4.2).
  };
  for (const Case& c : cases) EXPECT_EQ(PreferredLanguage(c.header, {"ja", "en"}), c.want) << c.header;
  // Past 1,024 bytes nothing is read.
  EXPECT_EQ(PreferredLanguage(std::string(1024, ' ') + "ja", {"ja", "en"}), "");
}

}  // namespace
}  // namespace kakunin::base
