// Gathers the verdict's Evidence from the stages' results. Internal to inspect/.
#ifndef KAKUNIN_INSPECT_EVIDENCE_H_
#define KAKUNIN_INSPECT_EVIDENCE_H_

#include "inspect/content.h"
#include "inspect/verdict.h"
#include "kakunin/brands.h"
#include "kakunin/inspect.h"

namespace kakunin::inspect {

// REQUIRES: report.authentication, report.links and report.claims are filled.
Evidence GatherEvidence(const Report& report, const SenderFacts& sender, const brands::BrandRegistry& registry);

}  // namespace kakunin::inspect

#endif  // KAKUNIN_INSPECT_EVIDENCE_H_
