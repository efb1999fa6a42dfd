// DNS: the one resolver interface that every protocol (DKIM, SPF, DMARC, ARC) asks.
//
// An answer keeps "absent" apart from "failed":
//  - Answer::status kNxDomain (the name does not exist) or kNoData (the name exists but has no
//    record of that type) are values: protocols treat them as "no record".
//  - A temporary failure (SERVFAIL, timeout, network) is Error{kDnsTempFail}; a permanent one
//    (malformed query name, REFUSED) is Error{kDnsPermFail}. A result that depends on such a
//    failure must become temperror/permerror, never pass.
//
// Implementations: a live libunbound resolver and an offline zone-file resolver (dns/ folder);
// tests add fakes. Every Resolver implementation is safe for concurrent use by several threads.
// docs/dns.md describes both, the zone-file syntax and its ";!" test directives (a name can be
// made to answer SERVFAIL, time out or be refused).
//
// Query names are checked before any query (RFC 1035 2.3.4: labels <= 63 octets, names <= 253
// characters; printable ASCII without backslash, i.e. A-labels): a bad one is kDnsPermFail.
// Left out: other record types, $INCLUDE in zone files, /etc/hosts.
#ifndef KAKUNIN_DNS_H_
#define KAKUNIN_DNS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::dns {

enum class RrType : uint16_t {
  kA = 1,
  kCname = 5,
  kPtr = 12,
  kMx = 15,
  kTxt = 16,
  kAaaa = 28,
};

// Presentation name of a type: "A", "TXT", ...
std::string_view RrTypeName(RrType type);
// The type named `name` ("txt", "A"; case-insensitive), or nullopt for any other name.
std::optional<RrType> RrTypeFromName(std::string_view name);

// DNSSEC status of an answer (RFC 4035 terms). Resolvers without validation say kUnknown.
// A bogus answer is not authentic and is withheld, as a validating resolver does (RFC 4035
// 5.5): the built-in resolvers return Error{kDnsTempFail} whose message starts with
// kDnssecBogusMessage, so a protocol result that depends on it becomes temperror and a report
// can still say "dnssec: bogus". kBogus in an Answer is left to fakes.
enum class Dnssec { kUnknown, kSecure, kInsecure, kBogus };
inline constexpr std::string_view kDnssecBogusMessage = "DNSSEC bogus";
std::string_view DnssecName(Dnssec status);

// One resource record's data, decoded by type:
//  - TXT: the character-strings concatenated without separator (RFC 7208 3.3, RFC 6376 3.6.2.2).
//  - A / AAAA: the address in presentation form ("192.0.2.1", "2001:db8::1").
//  - MX: `data` is the exchange name and `preference` is set.
//  - PTR / CNAME: the target name.
// Names are lower-case, without the trailing dot.
struct Record {
  std::string data;
  uint16_t preference = 0;
};

enum class Status { kOk, kNxDomain, kNoData };
std::string_view StatusName(Status status);

struct Answer {
  Status status = Status::kOk;  // kOk means `records` is non-empty.
  std::vector<Record> records;
  Dnssec dnssec = Dnssec::kUnknown;
  uint32_t ttl = 0;  // Seconds; 0 when unknown.
};

// Thread-safety: implementations are safe for concurrent use.
class Resolver {
 public:
  virtual ~Resolver() = default;

  // Looks up `name` (absolute, with or without the trailing dot; case-insensitive).
  // Returns the answer (possibly kNxDomain/kNoData), or Error kDnsTempFail / kDnsPermFail.
  // `name` need only stay valid for the duration of the call.
  [[nodiscard]] virtual Result<Answer> Lookup(std::string_view name, RrType type) = 0;
};

// How the command line asks for DNS. Exactly one source is used: the zone file when set
// (offline; the network is never touched), else the live libunbound resolver.
struct ResolverOptions {
  std::string zone_file;     // --dns-zone FILE: BIND master file.
  std::string server;        // --dns-server ADDR[:PORT]; empty = the system's resolv.conf.
  int timeout_ms = 5000;     // Per query, live resolver only.
  // Validate with Debian's root trust anchor when it is installed and the servers pass DNSSEC
  // data on (checked once with a root DNSKEY query; otherwise answers say kUnknown). docs/dns.md.
  bool dnssec = true;
  // Live resolver only: a trust-anchor file (DS or DNSKEY records in zone-file form) used
  // instead of Debian's /usr/share/dns/root.key. Empty = that default, when it exists.
  std::string trust_anchor_file;
};

// Opens the resolver `options` ask for. Errors: kNotFound/kIo/kParse for a bad zone file (with
// file:line), kInvalidArgument for a bad server address, kDnsTempFail if libunbound cannot start.
[[nodiscard]] Result<std::unique_ptr<Resolver>> OpenResolver(const ResolverOptions& options);

// Offline resolvers over a BIND master file (RFC 1035 5, plus the `;!` test directives of
// docs/dns.md). Every answer comes from the file; the network is never touched. A name absent
// from the file is kNxDomain; a name present without the asked type is kNoData.
// OpenZoneFile errors: kNotFound / kIo reading `path`, kLimitExceeded past kMaxZoneFileBytes,
// kParse "PATH:LINE: what" for bad syntax. OpenZoneText reads `text` (a test's zone), naming it
// `source_name` in errors; neither argument need outlive the call.
inline constexpr size_t kMaxZoneFileBytes = 64u << 20;
[[nodiscard]] Result<std::unique_ptr<Resolver>> OpenZoneFile(std::string_view path);
[[nodiscard]] Result<std::unique_ptr<Resolver>> OpenZoneText(std::string_view text,
                                                             std::string_view source_name = "zone");

}  // namespace kakunin::dns

#endif  // KAKUNIN_DNS_H_
