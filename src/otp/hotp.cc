// RFC 4226 HOTP and RFC 6238 TOTP.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "kakunin/otp.h"

namespace kakunin::otp {

Result<std::string> Hotp(std::string_view key, uint64_t counter, int digits, HmacAlgorithm algorithm) {
  if (digits < kMinDigits || digits > kMaxDigits) {
    return Fail(ErrorCode::kInvalidArgument, "HOTP digits must be 6 to 10");
  }
  if (key.empty()) return Fail(ErrorCode::kInvalidArgument, "HOTP key is empty");
  const EVP_MD* md = algorithm == HmacAlgorithm::kSha1     ? EVP_sha1()
                     : algorithm == HmacAlgorithm::kSha256 ? EVP_sha256()
                                                           : EVP_sha512();
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()), msg, sizeof msg, mac, &mac_len) == nullptr) {
    return Fail(ErrorCode::kCrypto, "HMAC failed");
  }
  // RFC 4226 section 5.3 dynamic truncation: 31 bits from the offset in the last nibble.
  const unsigned offset = mac[mac_len - 1] & 0x0f;
  const uint64_t binary = ((mac[offset] & 0x7fu) << 24) | (mac[offset + 1] << 16) |
                          (mac[offset + 2] << 8) | mac[offset + 3];
  uint64_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

Result<std::string> Totp(std::string_view key, int64_t unix_time, int digits, HmacAlgorithm algorithm,
                         int64_t step, int64_t t0) {
  if (step <= 0) return Fail(ErrorCode::kInvalidArgument, "TOTP step must be positive");
  if (unix_time < t0) return Fail(ErrorCode::kInvalidArgument, "TOTP time before T0");
  return Hotp(key, static_cast<uint64_t>((unix_time - t0) / step), digits, algorithm);
}

}  // namespace kakunin::otp
