// Authentication-Results (RFC 8601): reading, trusting and writing the verdicts that mail
// servers stamp on a message, and finding where the user's own provider accepted it.
//
// - Parse(): a tolerant RFC 8601 2.2 parser: comments (nested, with quoted-pairs), quoted
//   strings, method versions ("dkim/1"), the header version ("example.net 1;"), "none",
//   reason=, ptype.property=value properties, odd spacing and folding. A damaged resinfo is
//   skipped with a warning instead of losing the whole header. Microsoft 365 writes no
//   authserv-id at all; that is accepted and flagged.
// - ParseReceived(): the from/by clauses of an RFC 5321 4.4 trace field, including the TCP-info
//   comment forms of Postfix, Sendmail, Exim, Exchange and Gmail.
// - Classify(): the trust rule. The hop where the user's provider accepted the message from
//   outside ("entry hop") is the lowest Received header, counting from the top, that the provider
//   wrote; every header above the first Received header the provider did not write was added
//   after delivery reached the provider. An Authentication-Results (or ARC-Authentication-
//   Results) header counts only if its authserv-id is trusted and it sits in that upper part.
//   An Authentication-Results with a trusted authserv-id lower down was written by the sender and
//   is reported as forged (an ARC-Authentication-Results there belongs to an earlier ARC hop and
//   is left to ARC validation); results from other servers are shown, never believed.
// - FindSpfInputs(): SPF's inputs (client IP, HELO, MAIL FROM) from the entry hop's Received
//   header and Return-Path, or the reason they cannot be known.
// - Write(): an Authentication-Results header field from results.
//
// Trusted providers: the caller's authserv-ids (--trust-authserv) plus the providers in
// data/providers.json (Gmail, Outlook/Microsoft 365, Yahoo, iCloud, and Japanese carriers and
// ISPs), compiled in. A recognised provider's ids are trusted only when that provider wrote the
// entry hop.
//
// Left out: ARC chain validation (arc/), and RFC 8601 5's removal of forged headers (we report,
// we never rewrite a message). Thread-safety: pure functions; results are values.
#ifndef KAKUNIN_AUTHRES_H_
#define KAKUNIN_AUTHRES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/dmarc.h"
#include "kakunin/dns.h"
#include "kakunin/message.h"
#include "kakunin/result.h"
#include "kakunin/spf.h"

namespace kakunin::authres {

// A header field value longer than this is not parsed (RFC 5322 2.1.1 line limits make real ones
// far shorter; a huge value is an attack on the parser). Bounds Parse and ParseReceived.
inline constexpr size_t kMaxFieldLength = 64u << 10;
// Results kept per header (RFC 8601 does not bound them; real headers carry a handful).
inline constexpr size_t kMaxResults = 64;
// Properties kept per result.
inline constexpr size_t kMaxProperties = 32;
// Comment nesting depth accepted (RFC 5322 3.2.2 allows any; past it the field is malformed).
inline constexpr int kMaxCommentDepth = 16;

// ptype.property=value (RFC 8601 2.3), e.g. header.d=example.com.
struct Property {
  std::string ptype;     // "smtp", "header", "body", "policy" (lower case); "" if missing.
  std::string property;  // "mailfrom", "d", "from", ... (lower case).
  std::string value;     // Unquoted.
};

// One method's result (RFC 8601 2.2 "resinfo").
struct MethodResult {
  std::string method;  // "spf", "dkim", "dmarc", "arc", ... (lower case).
  int method_version = 0;  // "dkim/1" -> 1; 0 when absent.
  std::string result;      // "pass", "fail", ... (lower case).
  std::string reason;      // reason= value, unquoted; may be empty.
  std::string comment;     // The first comment after the result, e.g. "(sender IP is ...)".
  std::vector<Property> properties;

  // The value of ptype.property, or "" (e.g. Find("header", "d")).
  std::string Find(std::string_view ptype, std::string_view property) const;
};

// One Authentication-Results header field, parsed. Value type.
struct Header {
  std::string authserv_id;           // Lower case; empty if the writer left it out.
  bool missing_authserv_id = false;  // Microsoft 365 style "Authentication-Results: spf=pass ...".
  int version = 1;                   // RFC 8601 2.2 authres-version.
  bool none = false;                 // "authserv-id; none": no method was applied.
  std::vector<MethodResult> results;
  std::vector<std::string> warnings;  // Parts that were skipped as malformed.
  // For ARC-Authentication-Results: the i= instance (RFC 8617 4.1.1); 0 otherwise.
  int arc_instance = 0;
};

// Parses the value of an Authentication-Results field (everything after the colon; folding
// allowed). For ARC-Authentication-Results, a leading "i=N;" is read into arc_instance.
// Errors: kParse when not even an authserv-id or a first result can be read,
// kLimitExceeded past kMaxFieldLength. `value` need only live for the call.
[[nodiscard]] Result<Header> Parse(std::string_view value);

// The results of an Authentication-Results value exactly as written, one string per resinfo
// (trimmed, without the separating ';'), after the authserv-id (and ARC's "i=N;"). Used to copy
// results verbatim, e.g. into an ARC-Authentication-Results field. Empty if none.
std::vector<std::string> ResultTexts(std::string_view value);

// Writes "Authentication-Results: <id>; <method>=<result> ..." folded one result per line, with
// CRLF line ends and a final CRLF. Values that are not RFC 2045 tokens are quoted. An empty
// `results` list writes "none". REQUIRES: header.authserv_id non-empty.
std::string Write(const Header& header);

// --- Received (RFC 5321 4.4) ---
struct ReceivedHop {
  std::string from_name;  // As given after "from" (the HELO name in most MTAs); may be "[ip]".
  std::string helo;       // The HELO/EHLO name: an explicit helo= / "HELO x" if present, else from_name.
  std::string reverse_name;  // The name the receiver found by reverse DNS, if written.
  std::string ip;         // The client IP the receiver saw ("" if none written).
  std::string by;         // The receiving host, lower case.
  std::string with;       // Protocol ("ESMTPS", ...).
};

// Parses a Received field value. Errors: kParse when neither a from nor a by clause is present;
// kLimitExceeded past kMaxFieldLength.
[[nodiscard]] Result<ReceivedHop> ParseReceived(std::string_view value);

// --- Providers and trust ---
struct Provider {
  std::string id;    // "gmail", "outlook", "docomo", ...
  std::string name;  // "Gmail", ...
  std::vector<std::string> host_suffixes;     // Received "by" hosts under these belong to it.
  // Its inbound MX hosts: their Received is the entry hop. Empty: the lowest Received of the
  // provider's block at the top of the header is.
  std::vector<std::string> entry_host_suffixes;
  std::vector<std::string> authserv_suffixes;  // Trusted authserv-ids: equal to or under these.
  bool writes_no_authserv_id = false;          // Microsoft 365.
};

// The providers shipped in data/providers.json (compiled in).
const std::vector<Provider>& BuiltinProviders();

struct TrustPolicy {
  // authserv-ids / host names of the user's own mail system (--trust-authserv). A Received "by"
  // host equal to or under one of them was written by it.
  std::vector<std::string> trusted_ids;
  // Also recognise the built-in providers.
  bool use_builtin_providers = true;
};

enum class Trust { kTrusted, kUntrusted, kForged };
std::string_view TrustName(Trust trust);  // "trusted", "untrusted", "forged"

// One A-R or ARC-A-R field of the message with its trust decision.
struct Stamp {
  std::string field_name;  // "Authentication-Results" or "ARC-Authentication-Results".
  size_t field_index = 0;  // Position among all header fields, 0 = top.
  std::optional<Header> header;  // nullopt if unparseable (then `parse_error` says why).
  std::string parse_error;
  Trust trust = Trust::kUntrusted;
  std::string why;
};

// Where the provider accepted the message from outside.
struct EntryHop {
  bool found = false;
  size_t field_index = 0;    // The Received field of the entry hop.
  size_t received_index = 0;  // Its position among Received fields, 0 = top.
  ReceivedHop hop;
  std::string provider;  // Provider name, or the matching --trust-authserv value.
  std::string reason;    // Why it was (not) found.
};

struct Classification {
  EntryHop entry;
  // Index (among all header fields) of the first Received field the provider did not write;
  // fields above it were added after the provider accepted the message. Equals the number of
  // fields when every Received was the provider's.
  size_t boundary_field_index = 0;
  std::vector<Stamp> stamps;  // Top to bottom.
};

// Applies the trust rule to `message`. Never fails: odd headers become untrusted stamps.
Classification Classify(const mime::Message& message, const TrustPolicy& policy);

// --- SPF inputs (RFC 7208 needs the client IP, HELO and MAIL FROM of the entry hop) ---
struct SpfInputs {
  bool evaluated = false;  // false: SPF is "not evaluated"; `reason` says why.
  std::string ip;
  std::string helo;
  std::string mail_from;  // From the top Return-Path, without angle brackets; "" = null sender.
  std::string provider;
  std::string reason;
};

// Finds SPF's inputs from the entry hop and the topmost Return-Path.
SpfInputs FindSpfInputs(const mime::Message& message, const TrustPolicy& policy);

// SPF for a received message in one call: FindSpfInputs, then spf::CheckMailFrom when the inputs
// are known. `verdict` is empty exactly when `inputs.evaluated` is false ("not evaluated").
struct MessageSpf {
  SpfInputs inputs;
  std::optional<spf::Verdict> verdict;
};
MessageSpf CheckMessageSpf(const mime::Message& message, const TrustPolicy& policy, dns::Resolver& resolver,
                           const spf::Options& options = {});

// --- Building results to Write() (for --emit-authres) ---
// "spf=<result> smtp.mailfrom=<sender>" (or smtp.helo for the HELO identity), RFC 8601 2.7.2.
MethodResult SpfMethodResult(const spf::Verdict& verdict);
// "dmarc=<result> (p=<asked> dis=<applied>) header.from=<domain>" (RFC 7489 11.2).
MethodResult DmarcMethodResult(const dmarc::Verdict& verdict);

}  // namespace kakunin::authres

#endif  // KAKUNIN_AUTHRES_H_
