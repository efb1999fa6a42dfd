// The DKIM-Signature field, RFC 6376 3.5 (with RFC 8463's a=ed25519-sha256). Internal; the tag
// readers below are shared with ARC-Message-Signature / ARC-Seal (RFC 8617 4.1).
//
// Input is an attacker-controlled header field value; bounds: the tag list (kMaxTags), h=
// (kMaxSignedHeaders names), l= (at most 76 digits per 3.5, and must fit in 64 bits).
// Thread-safety: pure functions; Signature is a value type.
#ifndef KAKUNIN_DKIM_SIGNATURE_H_
#define KAKUNIN_DKIM_SIGNATURE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dkim/tag_list.h"
#include "kakunin/dkim.h"
#include "kakunin/result.h"

namespace kakunin::dkim::internal {

// More h= names than any legitimate signer uses (even with oversigning every RFC 5322 field);
// bounds the work of header selection.
inline constexpr size_t kMaxSignedHeaders = 256;

struct Signature {
  Algorithm algorithm = Algorithm::kRsaSha256;
  std::string algorithm_name;  // a= as written, lower-case.
  std::string signature;       // b=, decoded.
  std::string body_hash;       // bh=, decoded.
  std::string b_text;          // b= as written (FWS removed), for header.b.
  Canonicalization header_canon = Canonicalization::kSimple;
  Canonicalization body_canon = Canonicalization::kSimple;
  std::string domain;                       // d=, lower-case, no trailing dot.
  std::vector<std::string> signed_headers;  // h=, lower-case.
  std::string identity;                     // i= as written; empty when absent.
  std::string identity_domain;              // Domain part of i= (or d=), lower-case.
  std::optional<uint64_t> body_length;      // l=
  std::string selector;                     // s=, lower-case.
  std::optional<int64_t> timestamp;         // t=
  std::optional<int64_t> expiration;        // x=
  size_t b_value_begin = 0;  // Offset of the b= value in the parsed text.
  size_t b_value_size = 0;
};

// Parses the value of a DKIM-Signature field (text after the colon). Fills `out` with what it
// could read (domain, selector and algorithm name first, so a broken signature can still be
// named) and returns an error with an RFC-worded reason when the signature is unusable:
// syntax, v= not "1", a required tag missing (v a b bh d h s), unknown a=/c=/q=, h= without
// "from", i= not within d=, bad base64, l= or t=/x= not a number, x= not after t=.
[[nodiscard]] Result<void> ParseSignature(std::string_view value, Signature& out);

// ---- Tag readers shared with ARC ----
[[nodiscard]] Result<Algorithm> ParseAlgorithm(std::string_view value);
// c=: "relaxed", "simple/relaxed", ...; the body part defaults to simple (3.5).
[[nodiscard]] Result<std::pair<Canonicalization, Canonicalization>> ParseCanonicalization(std::string_view value);
// h=: colon-separated field names, lower-cased. Errors: an empty name, too many names.
[[nodiscard]] Result<std::vector<std::string>> ParseHeaderList(std::string_view value);
// A decimal number of at most `max_digits` digits that fits in 63 bits.
std::optional<int64_t> ParseDecimal(std::string_view value, size_t max_digits);
// Whether `name` is a syntactically valid domain name (LDH labels of 1-63 octets, 253 total;
// '_' allowed as some signers use it in selectors).
bool IsDomainName(std::string_view name);
// Whether `sub` equals `domain` or is a subdomain of it (both lower-case).
bool IsWithinDomain(std::string_view sub, std::string_view domain);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_SIGNATURE_H_
