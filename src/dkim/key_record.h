// The DKIM key record, RFC 6376 3.6.1 (TXT at <selector>._domainkey.<domain>), with RFC 8463's
// k=ed25519. Internal; ARC (RFC 8617 4.1.3) looks up the same records.
//
// Input is an attacker-controlled DNS TXT string; bounds: the tag list (kMaxTags).
// Thread-safety: pure functions; KeyRecord is a value type.
#ifndef KAKUNIN_DKIM_KEY_RECORD_H_
#define KAKUNIN_DKIM_KEY_RECORD_H_

#include <string>
#include <string_view>
#include <vector>

#include "kakunin/dkim.h"
#include "kakunin/result.h"

namespace kakunin::dkim::internal {

struct KeyRecord {
  KeyType key_type = KeyType::kRsa;           // k=, default rsa.
  std::vector<std::string> hash_algorithms;   // h=, lower-case; empty = any.
  std::vector<std::string> service_types;     // s=, lower-case; default {"*"}.
  std::vector<std::string> flags;             // t=, lower-case.
  std::string public_key;                     // p=, decoded; empty = revoked (3.6.1).
  bool testing() const;                       // t=y
  bool strict_identity() const;               // t=s: i= domain must equal d=.
  bool AllowsHash(std::string_view hash) const;  // "sha256", "sha1"
  bool AllowsEmail() const;                   // s= has "email" or "*".
};

// Parses a key record. Errors (kParse, with the reason): tag-list syntax, v= present but not
// first or not "DKIM1", p= missing, p= not base64, k= neither "rsa" nor "ed25519".
// A record with an empty p= parses (a revoked key); the caller reports it.
[[nodiscard]] Result<KeyRecord> ParseKeyRecord(std::string_view text);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_KEY_RECORD_H_
