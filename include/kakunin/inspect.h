// Inspect: the pipeline from one message to a report (DESIGN.md: bytes -> evidence -> verdict).
//
// Each stage runs once per message and hands its typed result on; nothing downstream re-parses
// the mail. Stages added by later work (authentication, links, triage) fill their own sections
// of Report. A Report is a plain value: safe to copy and read from several threads.
#ifndef KAKUNIN_INSPECT_H_
#define KAKUNIN_INSPECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/alias.h"
#include "kakunin/arc.h"
#include "kakunin/authres.h"
#include "kakunin/brands.h"
#include "kakunin/dkim.h"
#include "kakunin/dmarc.h"
#include "kakunin/dns.h"
#include "kakunin/finding.h"
#include "kakunin/links.h"
#include "kakunin/message.h"
#include "kakunin/notice.h"
#include "kakunin/result.h"
#include "kakunin/spf.h"

namespace kakunin {

enum class Verdict { kGenuine, kSuspicious, kPhishing, kUnknown };
// "genuine", "suspicious", "phishing", "unknown".
std::string_view VerdictName(Verdict verdict);

// One step the reader should take, in both languages.
struct Action {
  std::string id;
  std::string message_en;
  std::string message_ja;
};

struct InspectOptions {
  mime::Limits limits;
  // The time results are judged at (DKIM x=, ...); unset = the clock.
  std::optional<int64_t> now;
  // Not owned; must outlive the call. Null means no DNS: checks that need it are not evaluated.
  dns::Resolver* resolver = nullptr;
  // authserv-ids whose Authentication-Results headers are trusted (the user's own provider).
  std::vector<std::string> trusted_authserv_ids;
  // Not owned; null means the shipped registry (brands::BrandRegistry::Default()).
  const brands::BrandRegistry* brands = nullptr;
  // The user's alias registry (kakunin alias); null = not consulted. Not owned; used from the
  // calling thread only (alias::Registry is not thread-safe).
  const alias::Registry* aliases = nullptr;
};

// One piece of decisive evidence behind the verdict: the id of a finding or an authentication
// result ("dmarc.pass", "brand.sender_mismatch", "link.display_mismatch") and why it matters.
struct Reason {
  std::string id;
  std::string message_en;
  std::string message_ja;
};

// How the message authenticates, from live checks and trusted stamps.
struct AuthenticationReport {
  bool dns_available = false;  // A resolver was given; without one nothing live was checked.
  std::vector<dkim::SignatureResult> dkim;
  authres::SpfInputs spf_inputs;          // Where SPF's IP/HELO/MAIL FROM came from, or why not.
  std::optional<spf::Verdict> spf;        // Set when SPF was evaluated.
  std::optional<dmarc::Evaluation> dmarc;
  std::optional<arc::ChainResult> arc;    // Set when the message has ARC sets and DNS was available.
  std::vector<authres::Stamp> stamps;     // Authentication-Results fields, each with its trust.
  // The verdict the triage reads: is the message authenticated as its From domain, and how.
  bool authenticated = false;
  std::string authenticated_domain;  // The From domain it is authenticated as.
  // "dmarc", "dkim" (live checks), "arc" (a trusted forwarder's ARC set), "provider" (the
  // trusted provider's Authentication-Results from delivery time); empty when not authenticated.
  std::string method;
  std::string method_detail;  // Who vouched: the forwarder or provider's authserv-id.
  // Live checks show the From domain forged: DMARC fails and a signature breaks or SPF was
  // evaluated (not merely a key that could not be fetched).
  bool failed = false;
  std::string summary_en;
  std::string summary_ja;
};

struct Report {
  mime::Message message;
  AuthenticationReport authentication;
  std::vector<links::AnalyzedLink> links;
  std::vector<brands::BrandClaim> claims;  // Every brand the message claims, strongest first.
  std::optional<std::string> brand;        // The brand the verdict is about (registry id).
  triage::Notice notice;                   // What kind of notice it is, and its one-time code.
  std::string odds_en;                     // Brute-force odds of the code, when there is one.
  std::string odds_ja;
  double odds_over_window = 0.0;           // The chance of guessing it over the attacker's window (0..1).
  Verdict verdict = Verdict::kUnknown;
  std::vector<Reason> reasons;  // Why the verdict, most decisive first.
  std::vector<Finding> findings;  // Parser findings first, then each stage's.
  std::vector<Action> actions;
};

// Runs every stage over an already-parsed message.
[[nodiscard]] Report Inspect(mime::Message message, const InspectOptions& options);

// Parses `bytes` and inspects it. Errors: those of mime::Message::Parse.
[[nodiscard]] Result<Report> InspectBytes(std::string_view bytes, const InspectOptions& options);

}  // namespace kakunin

#endif  // KAKUNIN_INSPECT_H_
