// The domains of the addresses in a From field (RFC 5322 3.6.2), read straight from the raw
// field so the verifier needs no MIME decoding. Used for the "signing domain not aligned with
// From" finding only; DMARC (RFC 7489 3.1) does its own, stricter identifier extraction.
// Internal. Input is an attacker-controlled header value: one linear pass, comments nested at
// most kMaxCommentDepth deep. Thread-safety: pure function.
#ifndef KAKUNIN_DKIM_FROM_DOMAIN_H_
#define KAKUNIN_DKIM_FROM_DOMAIN_H_

#include <string>
#include <string_view>
#include <vector>

namespace kakunin::dkim::internal {

inline constexpr int kMaxCommentDepth = 32;

// Lower-case domains of every mailbox in `value` (a From field value, folding allowed), in
// order; quoted display names and comments are skipped. A mailbox without '@' gives nothing.
std::vector<std::string> FromDomains(std::string_view value);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_FROM_DOMAIN_H_
