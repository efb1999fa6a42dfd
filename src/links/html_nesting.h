// Bounding the nesting depth of attacker HTML before gumbo parses it (shared by links/ and web/).
#ifndef KAKUNIN_LINKS_HTML_NESTING_H_
#define KAKUNIN_LINKS_HTML_NESTING_H_

#include <string>
#include <string_view>

namespace kakunin::links::internal {

// gumbo's tree builder scans the stack of open elements for most start tags, so n nested
// elements cost O(n^2): 20,000 nested <div> took 10 s. Chromium caps the DOM depth at 512
// (kMaximumHTMLParserDOMTreeDepth) for the same reason.
inline constexpr int kMaxHtmlDepth = 512;

// `html` with the start tags that would nest deeper than kMaxHtmlDepth dropped, except those of
// elements that carry links. The depth is estimated by a small tag scanner (comments, script and
// style skipped; void elements and elements whose end tag is optional do not count), which is
// enough to bound the work. Linear in the input; the result is never longer than `html`.
std::string LimitHtmlNesting(std::string_view html);

}  // namespace kakunin::links::internal

#endif  // KAKUNIN_LINKS_HTML_NESTING_H_
