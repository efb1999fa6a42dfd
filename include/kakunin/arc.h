// ARC: the Authenticated Received Chain (RFC 8617). Validates the chain of ARC sets
// (ARC-Authentication-Results, ARC-Message-Signature, ARC-Seal) that intermediaries such as mailing
// lists and forwarders add, and seals a new set.
//
// Validation (RFC 8617 5.2): set structure and instance numbering (1..N, one field of each kind per
// instance, N <= kMaxInstances), cv= states (i=1 none, later pass, a sealed fail ends the chain),
// the newest ARC-Message-Signature, every ARC-Seal, and the oldest instance whose AMS still
// verifies ("oldest-pass", 5.2 step 6). Each hop reports what it claimed (its AAR). Signatures
// reuse DKIM's canonicalization, tag lists, key records and crypto (src/dkim internals).
// Only rsa-sha256 is accepted (RFC 8617 4.1.2, 4.1.3 define no other algorithm; RSA keys under
// 1024 bits are refused as RFC 8301 asks for DKIM).
//
// Sealing (5.1): a new AAR from the caller's Authentication-Results, an AMS over the chosen header
// fields plus the body, and an AS over every set, with cv= from validating the existing chain.
// Tag order and spacing follow the ValiMail test suite's normal form.
//
// Left out: ARC reporting, and deciding whether to trust an intermediary (a caller's policy).
// Thread-safety: pure functions over the message and the resolver (thread-safe); Sealer is
// immutable after Create and safe to share.
#ifndef KAKUNIN_ARC_H_
#define KAKUNIN_ARC_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/dns.h"
#include "kakunin/message.h"
#include "kakunin/result.h"

namespace kakunin::arc {

// RFC 8617 4.2.1: instance values range from 1 to 50.
inline constexpr int kMaxInstances = 50;

enum class ChainStatus { kNone, kPass, kFail };  // RFC 8617 4.4 cv values.
std::string_view ChainStatusName(ChainStatus status);  // "none", "pass", "fail"

// What one ARC set (one instance) says and whether its signatures verify.
struct Hop {
  int instance = 0;
  std::string authserv_id;   // From its AAR.
  std::string claimed;       // The AAR's results, as written (after "i=N; authserv-id;").
  std::string seal_domain;   // AS d=
  std::string seal_selector;
  std::string cv;            // AS cv= as written
  std::string ams_domain;    // AMS d=
  std::string ams_selector;
  bool ams_valid = false;    // Checked for the newest instance and while walking down to oldest-pass.
  bool ams_checked = false;
  bool seal_valid = false;
  bool seal_checked = false;
};

struct ValidateOptions {
  // Signatures whose t= is further in the future than this are still accepted (clock skew); ARC
  // has no expiry. 0 = "now" from the system clock; only reported.
  int64_t now = 0;
};

// The chain's state. Value type.
struct ChainResult {
  ChainStatus status = ChainStatus::kNone;
  std::string reason;
  int instances = 0;    // N, the newest instance (0 without ARC fields).
  int oldest_pass = 0;  // Lowest instance whose AMS (and every newer one) verifies; 0 if none.
  std::vector<Hop> hops;  // Instance 1 first.
};

// Validates the ARC chain of `message`. Never fails: a malformed chain is kFail with the reason;
// DNS trouble fetching a key is kFail with a reason that says it may be temporary.
ChainResult Validate(const mime::Message& message, dns::Resolver& resolver, const ValidateOptions& options = {});

struct SealOptions {
  std::string domain;      // d=
  std::string selector;    // s=
  std::string authserv_id;  // Which Authentication-Results fields to copy into the AAR.
  // Header fields for the AMS h= (lower case, in order; fields are taken bottom-up, and the new
  // AAR counts as the topmost field). Empty = "from:to:subject:date:message-id".
  std::vector<std::string> signed_headers;
  int64_t timestamp = 0;   // t=; 0 = now.
};

// The three fields of a new ARC set, each "Name: value" without the final CRLF, in the order
// they are prepended to the message (AS first, then AMS, then AAR).
struct ArcSet {
  int instance = 0;
  ChainStatus cv = ChainStatus::kNone;
  std::string seal;
  std::string message_signature;
  std::string authentication_results;
};

// Seals messages with one key. Immutable; thread-safe.
class Sealer {
 public:
  // `private_key_pem`: an RSA key (PKCS#1 or PKCS#8 PEM). Errors: kInvalidArgument (bad key,
  // not RSA, empty domain/selector/authserv-id).
  [[nodiscard]] static Result<Sealer> Create(std::string_view private_key_pem, SealOptions options);

  // Adds a set to `message`: validates its chain with `resolver` for cv=. A chain that fails
  // validation gets cv=fail and a seal over the new set only (RFC 8617 5.1.1). Errors:
  // kInvalidArgument when the newest set already says cv=fail (5.1.2: no further sets),
  // kLimitExceeded when the chain already has kMaxInstances sets, kCrypto.
  [[nodiscard]] Result<ArcSet> Seal(const mime::Message& message, dns::Resolver& resolver) const;

 private:
  struct Key;
  Sealer(std::shared_ptr<const Key> key, SealOptions options);
  std::shared_ptr<const Key> key_;
  SealOptions options_;
};

}  // namespace kakunin::arc

#endif  // KAKUNIN_ARC_H_
