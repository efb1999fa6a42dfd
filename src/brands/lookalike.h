// Lookalike spellings of brand names in short header text (From display name, Subject):
// "Аmazon" with a Cyrillic А, "Arnazon" (rn for m), "PayPaI" (capital I for l), "AMAZ0N".
// Text and names are compared by UTS #39 confusable skeleton (ICU uspoof) after NFKC, in two
// forms (skeleton of the text as written, and of its case-folded form) because case folding
// changes what is confusable: "I" looks like "l" only in capitals.
// Internal to brands/. Thread-safety: pure functions; the ICU checker is created once and only read.
#ifndef KAKUNIN_BRANDS_LOOKALIKE_H_
#define KAKUNIN_BRANDS_LOOKALIKE_H_

#include <string>
#include <string_view>

namespace kakunin::brands::internal {

// Header text past this many bytes is not skeletonised: display names and subjects are short.
inline constexpr size_t kMaxLookalikeTextBytes = 4096;

struct Skeletons {
  std::u32string as_written;  // fold(skeleton(NFKC(text)))
  std::u32string folded;      // fold(skeleton(fold(NFKC(text))))
};

Skeletons SkeletonsOf(std::string_view utf8);

// Whether `name` occurs in `text` by skeleton, on Latin word boundaries.
bool SkeletonContains(const Skeletons& text, const Skeletons& name);

}  // namespace kakunin::brands::internal

#endif  // KAKUNIN_BRANDS_LOOKALIKE_H_
