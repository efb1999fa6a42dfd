#include "brands/lookalike.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include "brands/folded_text.h"

namespace kakunin::brands::internal {
namespace {

const USpoofChecker* Checker() {
  static const USpoofChecker* const checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* sc = uspoof_open(&status);
    return U_SUCCESS(status) ? sc : nullptr;
  }();
  return checker;
}

icu::UnicodeString Normalize(const icu::Normalizer2* n, const icu::UnicodeString& s) {
  if (n == nullptr) return s;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(s, status);
  return U_SUCCESS(status) ? out : s;
}

icu::UnicodeString Skeleton(const icu::UnicodeString& s) {
  const USpoofChecker* sc = Checker();
  if (sc == nullptr) return s;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out;
  uspoof_getSkeletonUnicodeString(sc, 0, s, out, &status);
  return U_SUCCESS(status) ? out : s;
}

std::u32string ToU32(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

}  // namespace

Skeletons SkeletonsOf(std::string_view utf8) {
  if (utf8.size() > kMaxLookalikeTextBytes) utf8 = utf8.substr(0, kMaxLookalikeTextBytes);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString text =
      Normalize(nfkc, icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))));
  Skeletons out;
  out.as_written = ToU32(Normalize(fold, Skeleton(text)));
  out.folded = ToU32(Normalize(fold, Skeleton(Normalize(fold, text))));
  return out;
}

bool SkeletonContains(const Skeletons& text, const Skeletons& name) {
  for (auto [hay, needle] : {std::pair{&text.as_written, &name.as_written}, std::pair{&text.folded, &name.folded}}) {
    if (needle->empty()) continue;
    for (size_t pos = hay->find(*needle); pos != std::u32string::npos; pos = hay->find(*needle, pos + 1)) {
      size_t end = pos + needle->size();
      bool left = pos == 0 || !IsLatinWordChar((*hay)[pos - 1]) || !IsLatinWordChar(needle->front());
      bool right = end >= hay->size() || !IsLatinWordChar((*hay)[end]) || !IsLatinWordChar(needle->back());
      if (left && right) return true;
    }
  }
  return false;
}

}  // namespace kakunin::brands::internal
