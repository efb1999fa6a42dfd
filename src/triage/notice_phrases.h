// The compiled notice phrase lists (data/notice_phrases.json format, docs/notice.md).
// Internal to triage/. Immutable once built; shared between copies of a NoticeClassifier.
#ifndef KAKUNIN_TRIAGE_NOTICE_PHRASES_H_
#define KAKUNIN_TRIAGE_NOTICE_PHRASES_H_

#include <string>
#include <string_view>
#include <vector>

#include "brands/folded_text.h"
#include "kakunin/notice.h"

namespace kakunin::triage {

struct Phrase {
  std::string text;
  double weight = 1.0;
  brands::internal::Pattern pattern;
};

struct KindPhrases {
  NoticeKind kind = NoticeKind::kOther;
  std::vector<Phrase> phrases;  // ja and en together.
};

struct NoticeClassifier::Impl {
  double subject_weight = 2.0;
  std::vector<KindPhrases> kinds;
  std::vector<std::u32string> code_words;      // NFKC, ASCII lower-cased.
  std::vector<std::u32string> not_code_words;  // Same form.
  std::vector<std::u32string> not_code_context;
};

namespace internal {

// Parses and validates a phrase file. Errors as NoticeClassifier::FromJson.
Result<NoticeClassifier::Impl> ParsePhraseFile(std::string_view json, std::string_view origin);

// NFKC of `utf8` (at most `max_bytes` of it) as code points; invalid bytes become U+FFFD.
std::u32string Nfkc(std::string_view utf8, size_t max_bytes);
// ASCII A-Z to a-z; everything else unchanged.
std::u32string AsciiLower(std::u32string s);

}  // namespace internal
}  // namespace kakunin::triage

#endif  // KAKUNIN_TRIAGE_NOTICE_PHRASES_H_
