// The alias stage of inspect: was this mail sent to an address the user gave only to one
// service (kakunin alias), and does that service match the brand the mail speaks for?
// Internal to inspect/.
#ifndef KAKUNIN_INSPECT_ALIASES_H_
#define KAKUNIN_INSPECT_ALIASES_H_

#include "kakunin/alias.h"
#include "kakunin/brands.h"
#include "kakunin/inspect.h"

namespace kakunin::inspect {

// Adds alias.mismatch (the alias was given to another service: it leaked, or the mail is not
// from the brand) or alias.consistent findings, and a reason for a mismatch. `brand` may be null.
void CheckAliases(Report& report, const alias::Registry& registry, const brands::Brand* brand);

}  // namespace kakunin::inspect

#endif  // KAKUNIN_INSPECT_ALIASES_H_
