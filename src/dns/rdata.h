// Decodes the wire form of the RDATA kakunin asks for (RFC 1035 3.3 and 3.4.1, RFC 3596 2.2)
// into dns.h's Record. The live resolver gets RDATA from libunbound uncompressed.
//
// Input: bytes from a DNS server, i.e. attacker-controlled. Every read is bounds-checked
// against `rdata`; a name is at most 255 octets (RFC 1035 2.3.4) and labels are not followed
// through compression pointers (libunbound has already decompressed them; a pointer is an error).
// Thread-safety: pure functions.
#ifndef KAKUNIN_DNS_RDATA_H_
#define KAKUNIN_DNS_RDATA_H_

#include <string>
#include <string_view>

#include "kakunin/dns.h"
#include "kakunin/result.h"

namespace kakunin::dns::internal {

// Errors: kDnsPermFail "malformed TYPE data: what" (a server sent bytes that can never be used).
[[nodiscard]] Result<Record> DecodeRdata(RrType type, std::string_view rdata);

// A wire-form name starting at `*pos` in `wire` -> lower-case presentation form without the
// trailing dot; octets other than printable ASCII, '.' and '\' inside a label become \DDD.
// Advances `*pos` past the name.
[[nodiscard]] Result<std::string> DecodeWireName(std::string_view wire, size_t* pos);

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_RDATA_H_
