// HTML helpers shared by the pages kakunin serves (`kakunin web`, kakunind's pages).
// Thread-safety: pure functions.
#ifndef KAKUNIN_BASE_HTML_H_
#define KAKUNIN_BASE_HTML_H_

#include <initializer_list>
#include <string>
#include <string_view>

namespace kakunin::base {

// One phrase of a page in both languages: Text{"Check", "確認"}.In(lang).
struct Text {
  const char* en;
  const char* ja;
  const char* In(std::string_view lang) const { return lang == "ja" ? ja : en; }
};

// Escapes `text` for HTML text and quoted attribute values: & < > " ' become references, C0
// controls (except tab, LF, CR) and DEL become U+FFFD. Any bytes are accepted.
std::string EscapeHtml(std::string_view text);

// The first of `supported` (lower-case primary tags such as "ja", "en") that an Accept-Language
// header (RFC 9110 12.5.4) prefers: highest q, then order; "" when none is acceptable. Reads at
// most the first 1,024 bytes of the header (attacker-controlled).
std::string PreferredLanguage(std::string_view accept_language, std::initializer_list<std::string_view> supported);

}  // namespace kakunin::base

#endif  // KAKUNIN_BASE_HTML_H_
