// HtmlToText: the words a reader sees in an HTML mail part, for matching names and phrases.
//
// A single linear pass over attacker-controlled HTML: tags become line breaks, comments and the
// contents of <script>, <style> and <head> except <title> are dropped, an <img>'s alt text is
// kept (phishing mails often put the brand there), and character references (&amp;, &#12354;,
// &#x30A2;, a few named ones) are decoded. No DOM is built, so a malformed document costs at
// most O(n) and never fails. Not a renderer: CSS-hidden text is still returned.
// Internal to brands/ and triage/. Thread-safety: pure function.
#ifndef KAKUNIN_BRANDS_HTML_TEXT_H_
#define KAKUNIN_BRANDS_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace kakunin::brands::internal {

std::string HtmlToText(std::string_view html);

}  // namespace kakunin::brands::internal

#endif  // KAKUNIN_BRANDS_HTML_TEXT_H_
