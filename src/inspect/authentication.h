// The authentication stage of inspect: DKIM, then DMARC over the DKIM results, then a one-line
// summary of whether the message is authenticated as its From domain. Internal to inspect/.
#ifndef KAKUNIN_INSPECT_AUTHENTICATION_H_
#define KAKUNIN_INSPECT_AUTHENTICATION_H_

#include <vector>

#include "kakunin/inspect.h"

namespace kakunin::inspect {

// Runs every authentication check that `options` allows (a resolver is needed for live checks)
// and appends their findings to `findings`.
AuthenticationReport Authenticate(const mime::Message& message, const InspectOptions& options,
                                  std::vector<Finding>& findings);

}  // namespace kakunin::inspect

#endif  // KAKUNIN_INSPECT_AUTHENTICATION_H_
