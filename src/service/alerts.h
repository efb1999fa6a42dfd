// New-sign-in alerts (AlertOptions): whether a client is one the account already has a session
// from, and a description of the client safe to put in a mail. Internal.
#ifndef KAKUNIN_SERVICE_ALERTS_H_
#define KAKUNIN_SERVICE_ALERTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "kakunin/service.h"
#include "kakunin/store.h"

namespace kakunin::service {

// Whether one of `sessions` (the account's current ones) came from the same network (prefix
// lengths as in StuffingOptions) with the same user agent.
bool IsKnownClient(const std::vector<store::Session>& sessions, const Client& c, int ipv4_prefix, int ipv6_prefix);

// "Firefox on Linux", "curl", "unknown browser on Windows": browser and system from fixed lists.
// The User-Agent is attacker-chosen; putting it verbatim into a genuine, DKIM-signed mail would
// let anyone write text (a link, "call this number") into our mails, so only these names are used.
std::string DescribeUserAgent(std::string_view user_agent);

// The address as the mail shows it: the parsed address, or "unknown" for anything else.
std::string DescribeIp(std::string_view ip);

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_ALERTS_H_
