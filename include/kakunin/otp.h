// One-time codes: generation, keyed storage hashes and constant-time comparison, plus the
// RFC 4226 (HOTP) and RFC 6238 (TOTP) truncation helpers.
//
// Verification codes sent by mail or SMS are drawn uniformly from [0, 10^digits) with OpenSSL's
// CSPRNG (RAND_bytes, rejection sampling so no value is more likely than another). They are never
// stored: CodeHasher turns a code into HMAC-SHA-256(server key, purpose | flow id | address | code),
// so a hash is bound to the flow, the purpose and the address it was issued for, and a copy of the
// database alone does not let anyone test codes offline.
//
// Left out: TOTP enrolment, replay protection and recovery codes (issue 10 builds them on Hotp/Totp).
#ifndef KAKUNIN_OTP_H_
#define KAKUNIN_OTP_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kakunin/result.h"

namespace kakunin::otp {

// Fewer than 6 digits makes the per-day attacker odds in docs/kakunind.md too high; more than 10
// exceeds what RFC 4226 section 5.3's 31-bit dynamic truncation can carry.
constexpr int kMinDigits = 6;
constexpr int kMaxDigits = 10;

// Returns `digits` decimal digits, uniformly distributed. Errors: kInvalidArgument (digits outside
// [kMinDigits, kMaxDigits]), kCrypto (the CSPRNG failed).
[[nodiscard]] Result<std::string> GenerateCode(int digits);

// Returns `n` bytes from the CSPRNG. Errors: kCrypto.
[[nodiscard]] Result<std::string> RandomBytes(size_t n);

// Returns `n` random bytes as unpadded base64url (RFC 4648 section 5): session tokens, flow ids.
// Errors: kCrypto.
[[nodiscard]] Result<std::string> RandomToken(size_t n);

// Unpadded base64url of `bytes` (RFC 4648 section 5).
std::string Base64UrlEncode(std::string_view bytes);

// Compares in time that depends only on the lengths, never on where the first difference is.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// HMAC-SHA-256(key, data), 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

// What a code is bound to. Each field is length-prefixed in the MAC input, so no two different
// bindings give the same input. The views must stay valid for the call only.
struct CodeBinding {
  std::string_view purpose;
  std::string_view flow_id;
  std::string_view address;
};

// Keyed storage hash of codes. Immutable after construction: safe to use from several threads.
class CodeHasher {
 public:
  // REQUIRES: key.size() >= 32 (a 256-bit server secret).
  explicit CodeHasher(std::string key);

  // Lower-case hex of the HMAC over `binding` and `code`.
  std::string Hash(const CodeBinding& binding, std::string_view code) const;

  // Whether `code` for `binding` hashes to `stored_hash`, compared in constant time.
  bool Matches(const CodeBinding& binding, std::string_view code, std::string_view stored_hash) const;

 private:
  std::string key_;
};

enum class HmacAlgorithm { kSha1, kSha256, kSha512 };

// RFC 4226 section 5.3: HOTP(K, C) truncated to `digits` decimal digits. Errors: kInvalidArgument
// (digits outside [kMinDigits, kMaxDigits] or an empty key), kCrypto.
[[nodiscard]] Result<std::string> Hotp(std::string_view key, uint64_t counter, int digits,
                                       HmacAlgorithm algorithm = HmacAlgorithm::kSha1);

// RFC 6238 section 4: HOTP with T = floor((unix_time - t0) / step). Errors: as Hotp, plus
// kInvalidArgument for step <= 0 or unix_time < t0.
[[nodiscard]] Result<std::string> Totp(std::string_view key, int64_t unix_time, int digits,
                                       HmacAlgorithm algorithm = HmacAlgorithm::kSha1,
                                       int64_t step = 30, int64_t t0 = 0);

}  // namespace kakunin::otp

#endif  // KAKUNIN_OTP_H_
