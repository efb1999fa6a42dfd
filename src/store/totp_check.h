// The PostgreSQL half of a TOTP verification in the Redis + PostgreSQL store: the secret, its
// replay rule and the recovery codes live in PostgreSQL, the attempt budget and the sign-in flow
// in Redis. SplitStore::VerifyTotp reserves the try in Redis (budget charged, flow try counted),
// runs CheckTotp in one PostgreSQL transaction, then settles the try in Redis. Internal to store/.
#ifndef KAKUNIN_STORE_TOTP_CHECK_H_
#define KAKUNIN_STORE_TOTP_CHECK_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kakunin/store.h"

namespace kakunin::store::internal {

struct TotpCheck {
  int64_t account_id = 0;
  // true: sign-in (needs a confirmed secret; recovery_hash may be used). false: confirming the
  // enrolment (needs an unconfirmed secret; success confirms it and stores new_recovery_hashes
  // in place of any old ones).
  bool login = false;
  // The matching time step, if any (TotpVerifyRequest::match). Accepted only if it is after the
  // secret's last_step, which then moves to it (a step is accepted once).
  std::function<std::optional<int64_t>(const TotpSecret& secret)> match;
  std::string recovery_hash;                     // Sign-in only; "" = none offered.
  std::vector<std::string> new_recovery_hashes;  // Confirmation only.
};

struct TotpCheckResult {
  bool accepted = false;
  bool used_recovery_code = false;  // The recovery code was used up.
  int recovery_codes_left = 0;      // When accepted.
};

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_TOTP_CHECK_H_
