// DMARC: does the message's From domain vouch for it, and what does it ask receivers to do?
// (RFC 7489)
//
// Implements the record syntax (6.3, 6.4: v, p, sp, pct, adkim, aspf, rua, ruf, fo, rf, ri),
// policy discovery at the RFC5322.From domain and then at its Organizational Domain (6.6.3, 3.2,
// with the Public Suffix List), identifier alignment in relaxed and strict modes for DKIM and SPF
// (3.1), the result (pass / fail / none / temperror / permerror) and the policy the domain asks
// for, including sp= for subdomains and pct= sampling (6.6.4). Zero or several From addresses is
// reported as its own finding (6.6.1).
//
// DMARCbis (draft-ietf-dmarc-dmarcbis) differs; where it does, the code says so. Chiefly: it
// finds the Organizational Domain by a DNS tree walk instead of the PSL, drops pct= for t=, and
// adds np= for non-existent subdomains. kakunin follows RFC 7489.
//
// Left out: sending aggregate/failure reports (rua/ruf are parsed and shown only), and the
// external-destination verification of 7.1.
//
// DKIM and SPF results come in as the plain structs below, so this module depends on neither
// verifier. Thread-safety: pure functions over the inputs, the resolver and the public suffix
// list, all of which are safe to share between threads.
#ifndef KAKUNIN_DMARC_H_
#define KAKUNIN_DMARC_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/dns.h"
#include "kakunin/finding.h"
#include "kakunin/message.h"
#include "kakunin/result.h"
#include "kakunin/url.h"

namespace kakunin::dmarc {

// A DMARC TXT record longer than this is refused (a DNS answer cannot usefully carry more);
// bounds the parser on attacker-controlled DNS data.
inline constexpr size_t kMaxRecordLength = 4096;
// Report URIs kept per rua/ruf tag (RFC 7489 6.2 expects "a few"); the rest are ignored.
inline constexpr size_t kMaxReportUris = 16;

enum class Policy { kNone, kQuarantine, kReject };  // RFC 7489 6.3 "p"
std::string_view PolicyName(Policy policy);         // "none", "quarantine", "reject"

enum class Alignment { kRelaxed, kStrict };  // RFC 7489 3.1 "adkim"/"aspf"

// One parsed DMARC record with the RFC 7489 6.3 defaults filled in. Value type.
struct Record {
  Policy policy = Policy::kNone;                  // p=
  std::optional<Policy> subdomain_policy;         // sp= (absent: p applies)
  int pct = 100;                                  // pct= 0..100 (DMARCbis: removed, t= instead)
  Alignment adkim = Alignment::kRelaxed;          // adkim=
  Alignment aspf = Alignment::kRelaxed;           // aspf=
  std::vector<std::string> rua;                   // rua= URIs, as written (with any !size)
  std::vector<std::string> ruf;                   // ruf=
  std::vector<std::string> fo = {"0"};            // fo= options: "0", "1", "d", "s"
  std::vector<std::string> rf = {"afrf"};         // rf= report formats
  uint32_t ri = 86400;                            // ri= seconds
  // RFC 7489 6.6.3: a missing or invalid p= with a usable rua= is read as p=none.
  bool policy_defaulted = false;
  // Values that were invalid and replaced by their defaults (6.3: "syntax errors in the
  // remainder of the record SHOULD be discarded in favor of default values").
  std::vector<std::string> warnings;

  // "v=DMARC1; p=...; ..." with every tag that differs from its default; parses back to an
  // equal Record (warnings aside).
  std::string ToString() const;
};

// Whether a TXT string is a DMARC record: its first tag is v=DMARC1 (6.4, exact value).
bool IsDmarcRecord(std::string_view txt);

// Parses a DMARC record. Errors: kParse when the record must be ignored as a whole (no leading
// v=DMARC1, malformed tag list, no valid p= and no valid rua=), kLimitExceeded past
// kMaxRecordLength. Other bad values become defaults plus a warning. `text` need only live for
// the call.
[[nodiscard]] Result<Record> ParseRecord(std::string_view text);

// RFC 7489 3.2: the Organizational Domain is the public suffix plus one label, lower case. A
// domain that is itself a public suffix (or malformed) is its own Organizational Domain.
// (DMARCbis replaces the PSL with a DNS tree walk.)
std::string OrganizationalDomain(std::string_view domain, const url::PublicSuffixList& psl);

// --- Inputs from the verifiers (plain values; fill them from dkim/spf results) ---
struct DkimInput {
  std::string domain;    // The signature's d=.
  bool pass = false;     // The signature verified (RFC 6376 SUCCESS).
  std::string selector;  // s=, for the report only.
};
struct SpfInput {
  // The domain SPF checked: the MAIL FROM domain, or the HELO domain when MAIL FROM was empty
  // (RFC 7489 3.1.2, 4.1).
  std::string domain;
  bool pass = false;       // SPF result "pass".
  std::string result;      // RFC 8601 name ("softfail", ...), for the report only.
};

enum class DmarcResult { kNone, kPass, kFail, kTempError, kPermError };
std::string_view DmarcResultName(DmarcResult result);  // RFC 8601 names.

struct Options {
  // Null = url::PublicSuffixList::Default() (Debian's publicsuffix list, else libpsl's own);
  // tests load ../shared/testdata/psl/public_suffix_list.dat with url::PublicSuffixList::Load.
  std::shared_ptr<const url::PublicSuffixList> psl;
  // pct= sampling (6.6.4): a value in 0..99 compared with pct (the message is "selected" when
  // sample < pct). Unset = drawn at random per message.
  std::optional<int> pct_sample;
};

// The evaluation for one From domain. Value type.
struct Verdict {
  DmarcResult result = DmarcResult::kNone;
  std::string from_domain;
  std::string organizational_domain;
  std::string record_domain;  // Where the record was found ("" if none): From or org domain.
  std::optional<Record> record;
  // The policy the domain asks for this message: sp= when the record came from the
  // Organizational Domain for a subdomain and has sp=, else p=. kNone when there is no record.
  Policy requested_policy = Policy::kNone;
  // After pct= sampling (6.6.4: a message not selected gets the next weaker policy).
  Policy applied_policy = Policy::kNone;
  bool sampled_out = false;
  bool dkim_aligned = false;
  std::string dkim_domain;  // The aligned passing d=, else the first passing d=, else "".
  bool spf_aligned = false;
  std::string spf_domain;
  std::string reason;  // One line for people.
};

// The whole answer for one message: one Verdict per distinct From domain, plus findings
// ("dmarc.no_from", "dmarc.multiple_from", "dmarc.from_without_domain").
struct Evaluation {
  DmarcResult result = DmarcResult::kNone;  // The worst of the verdicts (fail beats pass).
  Policy applied_policy = Policy::kNone;    // The strictest applied policy.
  std::vector<Verdict> verdicts;
  std::vector<Finding> findings;
};

// Evaluates one From domain. Never fails: DNS trouble is temperror, a record that must be
// ignored is permerror. Inputs need only live for the call.
Verdict EvaluateDomain(std::string_view from_domain, const std::vector<DkimInput>& dkim,
                       const std::optional<SpfInput>& spf, dns::Resolver& resolver,
                       const Options& options = {});

// Evaluates the From addresses `from_domains` (one entry per address, "" for an address
// without a domain). Zero entries, or entries with different domains, add findings; each
// distinct domain is evaluated.
Evaluation Evaluate(const std::vector<std::string>& from_domains, const std::vector<DkimInput>& dkim,
                    const std::optional<SpfInput>& spf, dns::Resolver& resolver, const Options& options = {});

// The same over a parsed message's From header.
Evaluation EvaluateMessage(const mime::Message& message, const std::vector<DkimInput>& dkim,
                           const std::optional<SpfInput>& spf, dns::Resolver& resolver,
                           const Options& options = {});

// Whether two domains are aligned (RFC 7489 3.1): strict = equal ignoring case; relaxed = same
// Organizational Domain.
bool Aligned(std::string_view a, std::string_view b, Alignment mode, const url::PublicSuffixList& psl);

}  // namespace kakunin::dmarc

#endif  // KAKUNIN_DMARC_H_
