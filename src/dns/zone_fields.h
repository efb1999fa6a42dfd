// Field syntax of master files (RFC 1035 5.1) that has nothing to do with names: TTLs,
// <character-string>s with their escapes, addresses, 16-bit numbers. Each returns the value or
// a sentence saying what is wrong (the parser adds file:line).
// Thread-safety: pure functions.
#ifndef KAKUNIN_DNS_ZONE_FIELDS_H_
#define KAKUNIN_DNS_ZONE_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "kakunin/result.h"

namespace kakunin::dns::internal {

// "3600", or BIND's unit form "1h30m", "2w" (s m h d w, any case). At most kMaxTtl.
[[nodiscard]] Result<uint32_t> ParseTtl(std::string_view token);

// Decodes \X (X itself) and \DDD (the octet DDD, <= 255) in a <character-string>; at most
// kMaxCharacterString octets after decoding.
[[nodiscard]] Result<std::string> DecodeCharacterString(std::string_view raw);

// Dotted-quad IPv4 (inet_pton rules: no leading zeros, four parts) in presentation form.
[[nodiscard]] Result<std::string> ParseIpv4(std::string_view token);
// IPv6 in RFC 5952 canonical form ("2001:DB8:0::1" -> "2001:db8::1").
[[nodiscard]] Result<std::string> ParseIpv6(std::string_view token);

// A decimal number 0..65535 (MX preference).
[[nodiscard]] Result<uint16_t> ParseUint16(std::string_view token);

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_ZONE_FIELDS_H_
