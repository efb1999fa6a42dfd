// Domain-name checks shared by every resolver: the query name a caller passes and the owner
// names of a zone file are held to the same rules (RFC 1035 2.3.4, RFC 2181 11).
// Thread-safety: pure functions.
#ifndef KAKUNIN_DNS_NAME_H_
#define KAKUNIN_DNS_NAME_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "kakunin/result.h"

namespace kakunin::dns::internal {

// RFC 1035 2.3.4: a label is at most 63 octets.
inline constexpr size_t kMaxLabelLength = 63;
// RFC 1035 2.3.4: a name is at most 255 octets on the wire, which is 253 characters in
// presentation form without the trailing dot (one length octet per label plus the root).
inline constexpr size_t kMaxNameLength = 253;

// Checks a lower-case name without its trailing dot ("" is the root). Returns a sentence saying
// what is wrong, or nullopt when the name is usable: labels non-empty and <= 63, total <= 253,
// only printable ASCII other than the backslash (callers pass A-labels, RFC 5890; escapes are
// not accepted so that the name means the same to every resolver).
std::optional<std::string> CheckName(std::string_view name);

// A caller's query name -> the key every resolver uses: lower-case, no trailing dot ("." is the
// root, ""). Errors: kDnsPermFail for an empty or malformed name (CheckName), so that no query
// is ever sent for it.
[[nodiscard]] Result<std::string> NormalizeQueryName(std::string_view name);

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_NAME_H_
