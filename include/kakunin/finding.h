// Finding: one fact that an analysis stage observed, with a stable id and a bilingual message.
//
// Findings are evidence, not verdicts: the triage policy turns them into a verdict. Ids are
// dotted and stable ("mime.charset_unknown", "dkim.body_length_limited"); docs/json.md lists them.
// Value type: safe to copy and to read from several threads.
#ifndef KAKUNIN_FINDING_H_
#define KAKUNIN_FINDING_H_

#include <string>
#include <string_view>

namespace kakunin {

enum class Severity {
  kInfo,    // Worth knowing; says nothing bad.
  kLow,     // Unusual, weakly suspicious on its own.
  kMedium,  // Suspicious.
  kHigh,    // Strong sign of deception or of a broken/forged message.
};

// "info", "low", "medium", "high".
std::string_view SeverityName(Severity severity);

struct Finding {
  std::string id;
  Severity severity = Severity::kInfo;
  std::string message_en;
  std::string message_ja;

  // The message in `lang` ("ja" gives Japanese, anything else English).
  const std::string& Message(std::string_view lang) const {
    return lang == "ja" && !message_ja.empty() ? message_ja : message_en;
  }
};

}  // namespace kakunin

#endif  // KAKUNIN_FINDING_H_
