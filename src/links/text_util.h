// Text helpers shared by the HTML and plain-text extractors. Internal. Thread-safety: pure.
#ifndef KAKUNIN_LINKS_TEXT_UTIL_H_
#define KAKUNIN_LINKS_TEXT_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

namespace kakunin::links::internal {

// Whether `cp` is an invisible format character a phisher can hide in link text or a domain:
// zero-width space/joiners (U+200B-200D), word joiner and invisible operators (U+2060-2064),
// BOM (U+FEFF), soft hyphen (U+00AD), combining grapheme joiner (U+034F), Mongolian vowel
// separator (U+180E), bidi marks and overrides (U+061C, U+200E-200F, U+202A-202E, U+2066-2069),
// Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), tag characters (U+E0000-E007F).
bool IsInvisible(char32_t cp);

// Appends `in` to `out` with invisible characters removed (each noted in `removed` as "U+200B",
// once per distinct character) and whitespace runs collapsed to one space. Invalid UTF-8 bytes
// are dropped. Stops adding once `out` reaches `max_bytes`.
void AppendVisible(std::string_view in, std::string& out, std::vector<std::string>& removed, size_t max_bytes);

// Trims ASCII whitespace at both ends.
std::string TrimSpace(std::string_view s);

// Decodes one UTF-8 code point at `s[*i]`, advancing `*i`; returns U+FFFD (advancing by one)
// for invalid bytes.
char32_t NextCodePoint(std::string_view s, size_t* i);

}  // namespace kakunin::links::internal

#endif  // KAKUNIN_LINKS_TEXT_UTIL_H_
