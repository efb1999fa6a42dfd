// SPF: is this client IP allowed to send mail for this domain? (RFC 7208)
//
// Implements check_host() (RFC 7208 section 4) with every mechanism (all, include, a, mx, ptr,
// ip4, ip6, exists; section 5) and modifier (redirect, exp; section 6), macro expansion with
// transformers, delimiters and URL-escaping (section 7), dual CIDR lengths, IPv6, the processing
// limits of section 4.6.4 (10 DNS-querying terms, 2 void lookups, 10 address lookups per MX or
// PTR), record selection (section 4.5), explanations (section 6.2) and the HELO identity
// (section 2.3). All DNS goes through dns::Resolver.
//
// Deliberately left out: the deprecated SPF RR type 99 (RFC 7208 3.1 says TXT only), RFC 4406
// (Sender ID, "spf2.0/pra") records, and the "Received-SPF" header (callers format results
// themselves; authres.h writes Authentication-Results).
//
// Everything here is a pure function of its inputs and the resolver's answers: thread-safe as
// long as the resolver is (every dns::Resolver is).
#ifndef KAKUNIN_SPF_H_
#define KAKUNIN_SPF_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/dns.h"
#include "kakunin/result.h"

namespace kakunin::spf {

// --- Limits (RFC 7208) ---
// Terms that cause DNS queries (include, a, mx, ptr, exists, redirect) per check: 4.6.4.
inline constexpr int kMaxDnsTerms = 10;
// DNS queries of terms that return NXDOMAIN or no answer ("void lookups"): 4.6.4.
inline constexpr int kMaxVoidLookups = 2;
// Address records looked up for the MX hosts of one "mx" term (more MX = permerror): 4.6.4.
inline constexpr int kMaxMxAddressLookups = 10;
// PTR names checked by one "ptr" term or %{p} (the rest are ignored): 4.6.4.
inline constexpr int kMaxPtrNames = 10;
// Longest DNS label and name (RFC 1035 2.3.4); expanded names are cut from the left: RFC 7208 4.8.
inline constexpr size_t kMaxLabelLength = 63;
inline constexpr size_t kMaxDomainLength = 253;
// A TXT record longer than this cannot be an SPF record worth reading (a UDP answer cannot hold
// more in practice; RFC 7208 3.4 asks records to stay small). Bounds the parser on attacker data.
inline constexpr size_t kMaxRecordLength = 4096;
// Expanded macro strings (explanations) are cut at this length: bounds %{l} repetition.
inline constexpr size_t kMaxExpansionLength = 4096;

// Results of check_host() (RFC 7208 2.6), in RFC 8601 vocabulary.
enum class SpfResult { kNone, kNeutral, kPass, kFail, kSoftFail, kTempError, kPermError };
// "none", "neutral", "pass", "fail", "softfail", "temperror", "permerror".
std::string_view SpfResultName(SpfResult result);

// An IPv4 or IPv6 address. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are kept as IPv6 here;
// the evaluator treats them as IPv4 (RFC 7208 5: IPv6 servers see IPv4 clients that way).
// Value type.
class IpAddress {
 public:
  enum class Family { kV4, kV6 };

  // Parses "192.0.2.1" or "2001:db8::1" (no brackets, no zone). nullopt if not an address.
  static std::optional<IpAddress> Parse(std::string_view text);
  static IpAddress V4(const std::array<uint8_t, 4>& bytes);
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  // 4 or 16 bytes, network order.
  const uint8_t* bytes() const { return bytes_.data(); }
  size_t size() const { return is_v4() ? 4 : 16; }
  // The IPv4 address inside ::ffff:a.b.c.d, if this is one.
  std::optional<IpAddress> MappedV4() const;

  // "192.0.2.1" or the RFC 5952 compressed form "2001:db8::1".
  std::string ToString() const;
  // Whether the first `prefix_bits` bits equal those of `network` (same family required).
  bool InNetwork(const IpAddress& network, int prefix_bits) const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) = default;

 private:
  Family family_ = Family::kV4;
  std::array<uint8_t, 16> bytes_{};
};

// --- Records (RFC 7208 4.6, 12) ---
enum class Qualifier { kPass, kFail, kSoftFail, kNeutral };  // "+", "-", "~", "?"
enum class MechanismKind { kAll, kInclude, kA, kMx, kPtr, kIp4, kIp6, kExists };
std::string_view MechanismName(MechanismKind kind);

struct Mechanism {
  Qualifier qualifier = Qualifier::kPass;
  MechanismKind kind = MechanismKind::kAll;
  std::string domain_spec;         // Unexpanded macro-string; empty = the current domain.
  std::optional<IpAddress> network;  // ip4/ip6 only.
  int cidr4 = 32;                  // ip4-cidr-length (a, mx, ip4).
  int cidr6 = 128;                 // ip6-cidr-length (a, mx, ip6).

  // The term as it would be written: "-ip4:192.0.2.0/24", "mx:example.com//64".
  std::string ToString() const;
};

struct Modifier {
  std::string name;  // Lower-case.
  std::string value;
};

// One parsed SPF record. Value type.
struct Record {
  std::vector<Mechanism> mechanisms;       // In record order.
  std::optional<std::string> redirect;     // domain-spec of redirect= (6.1).
  std::optional<std::string> exp;          // domain-spec of exp= (6.2).
  std::vector<Modifier> unknown_modifiers;  // Ignored by evaluation (6).

  // "v=spf1 <terms>" with redirect and exp at the end; parses back to an equal Record.
  std::string ToString() const;
};

// Whether a TXT string is an SPF record: it begins with "v=spf1" followed by a space or the
// end (RFC 7208 4.5; compared case-insensitively as ABNF strings are).
bool IsSpfRecord(std::string_view txt);

// Parses an SPF record ("v=spf1 ..."). Errors: kParse with the offending term for any syntax
// error (RFC 7208 4.6, 12: non-ASCII, bad mechanism, bad CIDR, bad macro, duplicate redirect/exp,
// bad domain-spec); check_host turns these into permerror. kLimitExceeded past kMaxRecordLength.
// `text` need only live for the call.
[[nodiscard]] Result<Record> ParseRecord(std::string_view text);

// Whether `domain` may be looked up at all: non-empty labels of at most 63 octets, a total of
// at most 253 octets (a trailing dot allowed). RFC 7208 4.3.
bool IsValidDomainName(std::string_view domain);

// --- Evaluation ---
enum class Identity { kMailFrom, kHelo };  // RFC 7208 2.2, 2.3.

struct Options {
  // %{r}: the receiving host's domain (RFC 7208 7.3); "unknown" when not configured.
  std::string receiver = "unknown";
  // %{t}: seconds since the epoch for explanations; 0 means "now from the system clock".
  int64_t now = 0;
  // RFC 7208 allows the void-lookup limit to be configured (4.6.4).
  int max_void_lookups = kMaxVoidLookups;
};

// What check_host() concluded, and why. Value type.
struct Verdict {
  SpfResult result = SpfResult::kNone;
  Identity identity = Identity::kMailFrom;
  std::string domain;  // The domain whose policy was checked (the <domain> of 4.1).
  std::string sender;  // The <sender> used (postmaster@... when MAIL FROM had no local part).
  // For kFail: the text of the exp= explanation (6.2) if the record had a usable one; empty
  // means the receiver's default explanation applies (see DefaultExplanation()).
  std::string explanation;
  // One line for people: which term matched in which record, or what made the error.
  std::string reason;
  // The term that decided the result ("-all", "ip4:192.0.2.0/24"), empty if none matched.
  std::string mechanism;
  int dns_terms = 0;     // DNS-querying terms evaluated (limit kMaxDnsTerms).
  int void_lookups = 0;  // Void lookups seen (limit Options::max_void_lookups).
};

// The explanation a receiver gives when the domain supplied none (RFC 7208 6.2, 8.4).
std::string DefaultExplanation(const Verdict& verdict);

// check_host(<ip>, <domain>, <sender>) of RFC 7208 section 4, for callers that already chose
// the identity. Never fails: DNS trouble and bad records are temperror/permerror verdicts.
// `helo` feeds %{h}. Inputs need only live for the call.
Verdict CheckHost(const IpAddress& ip, std::string_view domain, std::string_view sender,
                  std::string_view helo, dns::Resolver& resolver, const Options& options = {});

// The MAIL FROM identity (RFC 7208 2.4): <sender> is `mail_from` ("user@domain", angle brackets
// allowed); an empty reverse-path (bounces) checks "postmaster@<helo>" instead (2.4). A mail_from
// without '@' is taken as a bare domain with local part "postmaster" (4.3).
// Errors: kInvalidArgument when there is nothing to check (empty MAIL FROM and empty HELO).
[[nodiscard]] Result<Verdict> CheckMailFrom(const IpAddress& ip, std::string_view mail_from,
                                            std::string_view helo, dns::Resolver& resolver,
                                            const Options& options = {});

// The HELO identity (RFC 7208 2.3): checks "postmaster@<helo>". An address literal or a name
// that is not a multi-label domain gives kNone without any DNS query.
Verdict CheckHelo(const IpAddress& ip, std::string_view helo, dns::Resolver& resolver,
                  const Options& options = {});

}  // namespace kakunin::spf

#endif  // KAKUNIN_SPF_H_
