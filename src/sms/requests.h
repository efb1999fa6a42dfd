// What a message asks besides tapping a link: a reply, or a call. Genuine code notices ask for
// neither (docs/sms.md); lures that want a code back or a phone call do. Internal to sms/.
// Thread-safety: pure function over an immutable, lazily built phrase table.
#ifndef KAKUNIN_SMS_REQUESTS_H_
#define KAKUNIN_SMS_REQUESTS_H_

#include <string_view>
#include <vector>

#include "kakunin/sms.h"

namespace kakunin::sms::internal {

// The requests in `utf8` (the message text), at most one per kind (the first listed phrase
// found), replies first.
// Reads at most kMaxMessageBytes.
std::vector<Request> FindRequests(std::string_view utf8);

}  // namespace kakunin::sms::internal

#endif  // KAKUNIN_SMS_REQUESTS_H_
