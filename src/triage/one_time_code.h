// Finding the one-time code in a mail's text. Internal to triage/; the rules are in notice.h and
// docs/notice.md. Thread-safety: pure functions over the immutable phrase lists.
#ifndef KAKUNIN_TRIAGE_ONE_TIME_CODE_H_
#define KAKUNIN_TRIAGE_ONE_TIME_CODE_H_

#include <optional>
#include <string_view>

#include "triage/notice_phrases.h"

namespace kakunin::triage::internal {

struct CodeCandidate {
  OneTimeCode code;
  size_t distance = 0;  // Characters between the code and its code word.
};

// The best code in `utf8` (the nearest to a code word), or nullopt. Reads at most
// kMaxNoticeTextBytes of the text.
std::optional<CodeCandidate> FindCode(const NoticeClassifier::Impl& phrases, std::string_view utf8);

}  // namespace kakunin::triage::internal

#endif  // KAKUNIN_TRIAGE_ONE_TIME_CODE_H_
