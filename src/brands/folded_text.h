// FoldedText: text prepared for matching names and phrases the way a reader sees them.
//
// Each code point of the input (UTF-8, from a header or a body part) is normalised with Unicode
// NFKC (full-width Latin and digits become ASCII, half-width katakana become full-width, with
// their voicing marks composed), then case-folded. Separators a phisher inserts between letters
// (spaces, dots, hyphens, middle dots, zero-width characters, soft hyphens) are dropped, and
// each remaining character remembers whether a separator preceded it and which input bytes it
// came from, so a match can be checked for word boundaries and quoted as written.
// Internal to brands/ and triage/. Thread-safety: values; the functions are pure.
#ifndef KAKUNIN_BRANDS_FOLDED_TEXT_H_
#define KAKUNIN_BRANDS_FOLDED_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kakunin::brands::internal {

struct FoldedText {
  std::u32string folded;  // NFKC + case fold, separators removed.
  std::u32string exact;   // NFKC, case kept, separators removed; same length as `folded`.
  std::vector<uint8_t> gap_before;  // 1 when a separator (or the start of a line) preceded.
  std::vector<uint32_t> begin;      // Input byte offset where each character's source begins.
  std::vector<uint32_t> end;        // Input byte offset just after it.

  size_t size() const { return folded.size(); }
  // The input bytes behind characters [from, to).
  std::string_view Source(std::string_view input, size_t from, size_t to) const;
};

// Folds `utf8` (invalid bytes become U+FFFD), reading at most `max_bytes` of it.
FoldedText Fold(std::string_view utf8, size_t max_bytes);

// Separators dropped by Fold (after NFKC): whitespace, '.', '-', '_', '*', '・', '·', the
// Unicode hyphens and zero-width characters.
bool IsSeparator(char32_t c);
// Letter classes for boundary checks.
bool IsLatinWordChar(char32_t c);  // ASCII letters and digits and Latin letters with marks.
bool IsKatakana(char32_t c);       // Katakana block including 'ー'.
bool IsDigit(char32_t c);          // ASCII digits (full-width ones are folded to these).

// A pattern compiled for search in a FoldedText.
struct Pattern {
  std::u32string text;   // Folded (or exact when case_sensitive), separators removed.
  bool case_sensitive = false;
  bool latin_left = false, latin_right = false;        // Needs a Latin word boundary there.
  bool katakana_left = false, katakana_right = false;  // Needs a katakana boundary there.
};

// Compiles `utf8`; an all-separator pattern gives an empty text (never matches).
Pattern Compile(std::string_view utf8, bool case_sensitive);

// Calls `on_match(from, to)` for each occurrence of `pattern` in `text` that respects its
// boundaries, left to right, non-overlapping.
template <class F>
void ForEachMatch(const FoldedText& text, const Pattern& pattern, F&& on_match);

// Whether an occurrence at [from, to) respects `pattern`'s boundaries.
bool BoundariesHold(const FoldedText& text, const Pattern& pattern, size_t from, size_t to);

template <class F>
void ForEachMatch(const FoldedText& text, const Pattern& pattern, F&& on_match) {
  if (pattern.text.empty()) return;
  const std::u32string& hay = pattern.case_sensitive ? text.exact : text.folded;
  size_t pos = 0;
  while ((pos = hay.find(pattern.text, pos)) != std::u32string::npos) {
    size_t to = pos + pattern.text.size();
    if (BoundariesHold(text, pattern, pos, to)) {
      on_match(pos, to);
      pos = to;
    } else {
      ++pos;
    }
  }
}

// Encodes code points as UTF-8 (surrogates and values past U+10FFFF become U+FFFD).
std::string ToUtf8(std::u32string_view text);
void AppendUtf8(std::string* out, char32_t c);

}  // namespace kakunin::brands::internal

#endif  // KAKUNIN_BRANDS_FOLDED_TEXT_H_
