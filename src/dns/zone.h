// The in-memory form of a zone file and its parser (RFC 1035 5; docs/dns.md for the
// supported syntax and the ";!" test directives).
// Thread-safety: a Zone is immutable after ParseZone and may be read from several threads.
#ifndef KAKUNIN_DNS_ZONE_H_
#define KAKUNIN_DNS_ZONE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/dns.h"
#include "kakunin/result.h"

namespace kakunin::dns::internal {

// RFC 2181 8: a TTL is an unsigned 31-bit number.
inline constexpr uint32_t kMaxTtl = 0x7fffffffu;
// TTL of a record that gives none, when no $TTL or earlier TTL exists (BIND would refuse).
inline constexpr uint32_t kDefaultTtl = 3600;
// RFC 1035 3.3: a <character-string> is at most 255 octets.
inline constexpr size_t kMaxCharacterString = 255;
// RFC 1035 3.2.1: RDLENGTH is 16 bits.
inline constexpr size_t kMaxRdata = 65535;

struct RrSet {
  uint32_t ttl = 0;
  // Decoded as dns.h's Record. Empty for the types kakunin never asks for (SOA, NS, ...),
  // which are kept only so that their owner name exists.
  std::vector<Record> records;
};

struct ZoneNode {
  std::map<uint16_t, RrSet> rrsets;  // By type code.
};

enum class FaultKind { kServfail, kTimeout, kRefused };

// A ";! servfail|timeout|refused NAME [TYPE]" directive.
struct Fault {
  FaultKind kind = FaultKind::kServfail;
  std::optional<RrType> type;  // nullopt: every type.
  int line = 0;
};

struct Zone {
  // Owner names (lower-case, no trailing dot) and the empty non-terminals between an owner and
  // its $ORIGIN, which own no RRsets but exist (RFC 8020).
  std::map<std::string, ZoneNode, std::less<>> nodes;
  std::map<std::string, std::vector<Fault>, std::less<>> faults;
  // ";! dnssec secure|insecure|bogus NAME": the status answers for NAME carry.
  std::map<std::string, Dnssec, std::less<>> dnssec;
};

// Parses master-file text. Errors: kParse "SOURCE:LINE: what".
[[nodiscard]] Result<Zone> ParseZone(std::string_view text, std::string_view source_name);

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_ZONE_H_
