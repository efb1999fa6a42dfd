// The action plan: what the reader should do now, by verdict and notice kind, with the brand's
// own URLs where the registry knows them (docs/verdicts.md, "What to do"). Internal to inspect/.
#ifndef KAKUNIN_INSPECT_ACTIONS_H_
#define KAKUNIN_INSPECT_ACTIONS_H_

#include <vector>

#include "kakunin/brands.h"
#include "kakunin/inspect.h"

namespace kakunin::inspect {

// REQUIRES: report.verdict, report.notice and report.brand are set. `brand` may be null.
std::vector<Action> PlanActions(const Report& report, const brands::Brand* brand);

}  // namespace kakunin::inspect

#endif  // KAKUNIN_INSPECT_ACTIONS_H_
