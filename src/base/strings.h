// ASCII string helpers used by every protocol parser. Locale-independent on purpose:
// header names, tags and domains are ASCII and must never be case-folded by the C locale.
// Thread-safety: pure functions.
#ifndef KAKUNIN_BASE_STRINGS_H_
#define KAKUNIN_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace kakunin::base {

constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
constexpr bool IsWsp(char c) { return c == ' ' || c == '\t'; }
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string ToLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix);
// Case-insensitive search; returns npos when absent.
size_t FindIgnoreCase(std::string_view haystack, std::string_view needle, size_t from = 0);

// Trims space, tab, CR and LF from both ends.
std::string_view Trim(std::string_view s);

// Splits on `sep`, keeping empty pieces.
std::vector<std::string_view> Split(std::string_view s, char sep);

// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);

// SHA-256 of `bytes`, as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

// Whether `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// The length of the longest prefix of `s` of at most `max_bytes` bytes that does not end inside
// a UTF-8 sequence (it backs off over continuation bytes): where to cut text for display.
size_t Utf8PrefixLength(std::string_view s, size_t max_bytes);

// `s` with ASCII control characters (C0 and DEL) replaced by '?': attacker-controlled text
// (a Subject, a file name) must not reach a terminal as escape sequences.
std::string Printable(std::string_view s);

}  // namespace kakunin::base

#endif  // KAKUNIN_BASE_STRINGS_H_
