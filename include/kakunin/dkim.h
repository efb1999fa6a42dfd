// DKIM: verify and sign DomainKeys Identified Mail signatures.
//
// Implements RFC 6376 (DKIM) verification and signing, with RFC 8301 (rsa-sha1 and RSA keys
// under 1024 bits are never valid) and RFC 8463 (ed25519-sha256). Every tag of the
// DKIM-Signature field (3.5) and of the key record (3.6.1) is read; header and body are
// canonicalized "simple" or "relaxed" (3.4); l= (3.5), t=/x= against a caller-given time,
// i= within d=, key flags t=y / t=s, key h= and s=, revoked keys (empty p=) are honoured.
// Each DKIM-Signature field gets its own result in RFC 8601 2.7.1 words (pass, fail, neutral,
// policy, temperror, permerror) with a reason, the DNSSEC status of its key answer and
// findings for signatures that are valid but risky (docs/dkim.md lists the ids).
//
// Input is a mime::Message (bare-LF files were already turned into CRLF form) or raw bytes
// (VerifyBytes: the fast path for bulk checks, no MIME decoding). Keys come from a dns::Resolver.
//
// Left out on purpose: the q= methods other than dns/txt (none is defined), the z= copied
// headers are parsed but only for diagnostics, DMARC alignment (the dmarc concern does it; the
// alignment finding here is a plain domain-suffix check), ARC (arc/ reuses src/dkim internals).
#ifndef KAKUNIN_DKIM_H_
#define KAKUNIN_DKIM_H_

#include <cstddef>
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

namespace kakunin::dkim {

// RFC 6376 3.4.
enum class Canonicalization { kSimple, kRelaxed };
std::string_view CanonicalizationName(Canonicalization c);  // "simple", "relaxed"

// a= values (RFC 6376 3.3, RFC 8463 3). kRsaSha1 is recognised only to say it is not allowed.
enum class Algorithm { kRsaSha1, kRsaSha256, kEd25519Sha256 };
std::string_view AlgorithmName(Algorithm a);  // "rsa-sha256", ...

// RFC 8601 2.7.1 result words; kNone is "no signature" (never in a SignatureResult).
enum class AuthResult { kNone, kPass, kFail, kNeutral, kPolicy, kTempError, kPermError };
std::string_view AuthResultName(AuthResult r);  // "pass", "temperror", ...

// RFC 8301 3.2: verifiers must not accept RSA keys shorter than this.
inline constexpr int kMinRsaBits = 1024;
// RFC 6376 3.5 (t=): a signature time up to this far in the future is clock skew; past it the
// signature still counts but gets the finding dkim.timestamp_in_future.
inline constexpr int64_t kClockSkewSeconds = 300;
// RFC 6376 6.1 lets verifiers limit the work per message; fields past this are not evaluated
// (each still gets a permerror result saying so).
inline constexpr size_t kMaxSignatures = 16;

struct VerifyOptions {
  // The verification time for t= and x= (Unix seconds). Unset: the clock is read once per message.
  std::optional<int64_t> now;
};

// The outcome of one DKIM-Signature field. Value type.
struct SignatureResult {
  AuthResult result = AuthResult::kPermError;
  std::string reason;        // Short English phrase: "signature verified", "body hash mismatch", ...
  std::string domain;        // d=, lower-case (empty if the field was too broken to say).
  std::string selector;      // s=
  std::string algorithm;     // a= as written, lower-case ("rsa-sha256").
  std::string identity;      // i= as written; empty when absent.
  std::string canonicalization;  // "relaxed/simple", ...
  std::string b_prefix;      // First 8 characters of b= (RFC 6008 header.b); may be shorter.
  int key_bits = 0;          // RSA modulus size or 256 for Ed25519; 0 if no key was read.
  bool testing_key = false;  // Key record has t=y.
  dns::Dnssec dnssec = dns::Dnssec::kUnknown;  // Of the key's TXT answer.
  std::optional<int64_t> timestamp;   // t=
  std::optional<int64_t> expiration;  // x=
  std::optional<uint64_t> body_length;  // l=
  size_t field_index = 0;    // Index of the DKIM-Signature field in Message::fields().
  std::vector<Finding> findings;  // Valid-but-risky facts ("dkim.body_length_limited", ...).
};

// Verifies many messages with one resolver, reusing parsed keys and hash contexts.
// Not thread-safe: use one Verifier per thread (the Resolver may be shared).
class Verifier {
 public:
  // `resolver` must outlive the Verifier.
  Verifier(dns::Resolver& resolver, VerifyOptions options = {});
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // One result per DKIM-Signature field, top to bottom; empty when the message is unsigned.
  std::vector<SignatureResult> Verify(const mime::Message& message);

  // The same on raw bytes (CRLF or bare LF, optionally one mbox message), without MIME decoding:
  // the fast path for bulk checks. Error kParse if the bytes are not a mail message.
  // `bytes` need only stay valid for the call.
  [[nodiscard]] Result<std::vector<SignatureResult>> VerifyBytes(std::string_view bytes);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// One-shot form of Verifier::Verify (what `kakunin inspect` calls).
std::vector<SignatureResult> VerifyAll(const mime::Message& message, dns::Resolver& resolver,
                                       const VerifyOptions& options = {});

// "dkim=pass header.d=example.com header.s=sel header.a=rsa-sha256 (signature verified)", the
// RFC 8601 resinfo for one result (no trailing ';').
std::string FormatAuthResults(const SignatureResult& r);

// ---- Signing ----

enum class KeyType { kRsa, kEd25519 };

struct SignOptions {
  std::string domain;    // d=
  std::string selector;  // s=
  Algorithm algorithm = Algorithm::kRsaSha256;  // Must match the key; kRsaSha1 is refused.
  Canonicalization header_canon = Canonicalization::kRelaxed;
  Canonicalization body_canon = Canonicalization::kRelaxed;
  // Header names to sign (h=), in order; those absent from the message are still listed only
  // when oversigned. Empty = kDefaultSignedHeaders.
  std::vector<std::string> headers;
  // Add one more "from" to h= than the message has From fields, so a From added later breaks
  // the signature (RFC 6376 8.15).
  bool oversign_from = true;
  std::optional<int64_t> now;         // t=; unset = no t= tag.
  std::optional<int64_t> expiration;  // x= (absolute Unix time); must be after `now`.
  std::string identity;               // i=; empty = no i= tag. Must be within d=.
  std::optional<uint64_t> body_length;  // l=; the canonical body is signed only up to here.
};

// RFC 6376 5.4.1's recommended set, in this order; names absent from a message are skipped.
extern const std::vector<std::string_view> kDefaultSignedHeaders;

// A private key and the options to sign with. Immutable after Create; safe to share between
// threads (each Sign call uses its own OpenSSL contexts).
class Signer {
 public:
  // `key` is a PEM private key (RSA or Ed25519, PKCS#8 or traditional RSA), or for Ed25519 also
  // the base64 32-byte seed of RFC 8463 A.1. Errors: kInvalidArgument (unreadable key, key type
  // not matching options.algorithm, RSA key under kMinRsaBits, missing domain/selector, i= not
  // within d=, rsa-sha1).
  [[nodiscard]] static Result<Signer> Create(std::string_view key, SignOptions options);

  // The DKIM-Signature field for `message` ("DKIM-Signature: v=1; ...\r\n", folded at 78
  // columns), to be put on top of the message. Error kCrypto if OpenSSL fails.
  [[nodiscard]] Result<std::string> Sign(const mime::Message& message) const;

  // The type of the private key in `key` (same formats as Create), e.g. to pick the algorithm.
  // Errors: kInvalidArgument.
  [[nodiscard]] static Result<KeyType> KeyTypeOf(std::string_view key);

  Signer(Signer&&) noexcept;
  Signer& operator=(Signer&&) noexcept;
  ~Signer();

 private:
  struct State;
  explicit Signer(std::shared_ptr<const State> state);
  std::shared_ptr<const State> state_;
};

// ---- Keys ----

struct GeneratedKey {
  std::string private_pem;  // PKCS#8 PEM.
  std::string public_b64;   // p= value: SubjectPublicKeyInfo (RSA) or the raw 32 bytes (Ed25519).
};

// Generates a key. `rsa_bits` applies to kRsa only and must be in [kMinRsaBits, 8192].
// Errors: kInvalidArgument (bits), kCrypto.
[[nodiscard]] Result<GeneratedKey> GenerateKey(KeyType type, int rsa_bits = 2048);

// The zone-file line publishing `public_b64`:
// `sel._domainkey.example.com. IN TXT "v=DKIM1; k=rsa; p=..."` with the text cut into strings of
// at most 255 bytes (RFC 1035 3.3.14), as DNS requires.
std::string KeyTxtRecord(std::string_view selector, std::string_view domain, KeyType type,
                         std::string_view public_b64);

}  // namespace kakunin::dkim

#endif  // KAKUNIN_DKIM_H_
