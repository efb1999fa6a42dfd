// One-time codes: generation, keyed storage hashes and constant-time comparison, plus the
// RFC 4226 (HOTP) and RFC 6238 (TOTP) truncation helpers.
//
// Verification codes sent by mail or SMS are drawn uniformly from [0, 10^digits) with OpenSSL's
// CSPRNG (RAND_bytes, rejection sampling so no value is more likely than another). They are never
// stored: CodeHasher turns a code into HMAC-SHA-256(server key, purpose | flow id | address | code),
// so a hash is bound to the flow, the purpose and the address it was issued for, and a copy of the
// database alone does not let anyone test codes offline.
//
// Authenticator apps (RFC 6238 TOTP over RFC 4226 HOTP): secrets in RFC 4648 base32, the
// otpauth:// key URI that apps scan, the verification window (one step of drift either way) with
// the "only after the last accepted step" rule that gives replay protection, recovery codes, and
// QR codes of the URI (libqrencode) as SVG, PNG (libpng) and UTF-8 blocks for a terminal.
//
// Left out: storing secrets, last accepted steps and recovery-code hashes (store/, sealed by
// service/); HOTP counters for hardware tokens (no resynchronisation, RFC 4226 section 7.4).
#ifndef KAKUNIN_OTP_H_
#define KAKUNIN_OTP_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// --- Authenticator apps (TOTP) ---

// RFC 4226 section 4 R6: at least 128 bits of shared secret, 160 recommended (SHA-1's size).
constexpr size_t kTotpSecretBytes = 20;
// RFC 6238 section 5.2: "at most one time step is allowed as the network delay"; we allow one
// step either way for clock skew of the phone.
constexpr int kTotpDriftSteps = 1;

struct TotpParams {
  HmacAlgorithm algorithm = HmacAlgorithm::kSha1;  // What every authenticator app supports.
  int digits = 6;
  int64_t period = 30;  // RFC 6238 section 5.2's recommended time step.
};

// "SHA1", "SHA256", "SHA512" (the otpauth:// spelling).
std::string_view AlgorithmName(HmacAlgorithm algorithm);

// RFC 4648 section 6 base32, upper case, without "=" padding (as otpauth:// URIs carry it).
std::string Base32Encode(std::string_view bytes);
// Accepts upper or lower case, ignores spaces and "=" padding. Errors: kParse (another
// character, or a length no encoder produces).
[[nodiscard]] Result<std::string> Base32Decode(std::string_view text);

// The time step of `unix_time`: floor(unix_time / period) (T0 = 0).
int64_t TotpStep(int64_t unix_time, int64_t period);

// The step in [now_step - kTotpDriftSteps, now_step + kTotpDriftSteps] whose code is `code` and
// which is after `after_step` (the last step accepted for this secret, or -1), comparing in
// constant time; the earliest such step if several match. nullopt: no such step (wrong code,
// outside the window, or a replay of a step already used). `code` is attacker input: anything
// that is not exactly params.digits digits is refused before any HMAC.
std::optional<int64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_time,
                                 const TotpParams& params, int64_t after_step);

// The Key Uri Format authenticator apps scan:
// otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30,
// label and parameters percent-encoded (RFC 3986 unreserved characters left as they are).
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view key,
                       const TotpParams& params);

// Recovery codes: kRecoveryCodeChars characters of the base32 alphabet in lower case (5 bits
// each, 50 bits per code) shown as "xxxxx-xxxxx". Errors: kCrypto.
constexpr size_t kRecoveryCodeChars = 10;
[[nodiscard]] Result<std::string> GenerateRecoveryCode();
// The canonical form of what a user typed (lower case, without spaces and hyphens), or nullopt
// if it cannot be a recovery code.
std::optional<std::string> NormalizeRecoveryCode(std::string_view typed);

// --- QR codes (libqrencode, error correction level M) ---

// A QR code of `text` as modules: true = dark, row by row, `size` x `size`.
struct QrCode {
  int size = 0;
  std::vector<bool> modules;
  bool Dark(int x, int y) const { return modules[static_cast<size_t>(y) * size + x]; }
};
// Errors: kInvalidArgument (too long for a QR code: above 2,331 bytes at level M), kInternal.
[[nodiscard]] Result<QrCode> EncodeQr(std::string_view text);
// An SVG image with a 4-module quiet zone (ISO/IEC 18004), one path, `scale` pixels per module.
std::string QrSvg(const QrCode& qr, int scale = 4);
// A grey-scale PNG with the quiet zone, `scale` pixels per module. Errors: kInternal (libpng).
[[nodiscard]] Result<std::string> QrPng(const QrCode& qr, int scale = 4);
// Upper/lower half blocks (U+2580, U+2584, U+2588), two module rows per text line, dark modules
// printed as spaces on a light background so that it scans from a dark terminal too.
std::string QrUtf8(const QrCode& qr);

}  // namespace kakunin::otp

#endif  // KAKUNIN_OTP_H_
