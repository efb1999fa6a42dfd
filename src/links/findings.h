// Link finding ids, severities and bilingual messages in one place. Internal.
#ifndef KAKUNIN_LINKS_FINDINGS_H_
#define KAKUNIN_LINKS_FINDINGS_H_

#include <string>

#include "kakunin/links.h"

namespace kakunin::links::internal {

inline LinkFinding MakeFinding(const char* id, Severity severity, std::string en, std::string ja, std::string evidence) {
  LinkFinding f;
  f.finding.id = id;
  f.finding.severity = severity;
  f.finding.message_en = std::move(en);
  f.finding.message_ja = std::move(ja);
  f.evidence = std::move(evidence);
  return f;
}

}  // namespace kakunin::links::internal

#endif  // KAKUNIN_LINKS_FINDINGS_H_
