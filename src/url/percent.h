// Percent-encoding (URL Standard 1.3) and UTF-8 clean-up for the URL parser. Internal.
// Thread-safety: pure functions.
#ifndef KAKUNIN_URL_PERCENT_H_
#define KAKUNIN_URL_PERCENT_H_

#include <string>
#include <string_view>

namespace kakunin::url::internal {

// The percent-encode sets of URL Standard 1.3, each a superset of the previous one except
// kSpecialQuery (query + ') and kFragment (C0 + space " < > `).
enum class EncodeSet { kC0Control, kFragment, kQuery, kSpecialQuery, kPath, kUserinfo };

// Whether byte `c` (a code point below 0x80, or any UTF-8 byte >= 0x80) is in `set`.
bool InEncodeSet(unsigned char c, EncodeSet set);

// Appends `c` to `out`, as "%XX" when it is in `set`. UTF-8 bytes of non-ASCII code points are
// always encoded, which equals "UTF-8 percent-encode" of the whole code point.
void AppendEncoded(std::string& out, char c, EncodeSet set);
void AppendEncoded(std::string& out, std::string_view s, EncodeSet set);

// Percent-decode (1.3): "%XX" with two hex digits becomes one byte; anything else stays.
std::string PercentDecode(std::string_view s);

// Replaces every invalid UTF-8 sequence with U+FFFD (WHATWG Encoding "UTF-8 decode"), so that
// the parser only ever sees scalar values.
std::string SanitizeUtf8(std::string_view s);

constexpr bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr int HexValue(char c) {
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

}  // namespace kakunin::url::internal

#endif  // KAKUNIN_URL_PERCENT_H_
