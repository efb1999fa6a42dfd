// Verification codes: uniform generation and the keyed, bound storage hash.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>

#include "base/strings.h"
#include "kakunin/otp.h"

namespace kakunin::otp {
namespace {

uint64_t PowerOfTen(int digits) {
  uint64_t v = 1;
  for (int i = 0; i < digits; ++i) v *= 10;
  return v;
}

void AppendField(std::string& out, std::string_view field) {
  uint32_t n = static_cast<uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  out.append(field);
}

}  // namespace

Result<std::string> GenerateCode(int digits) {
  if (digits < kMinDigits || digits > kMaxDigits) {
    return Fail(ErrorCode::kInvalidArgument, "code digits must be 6 to 10");
  }
  const uint64_t range = PowerOfTen(digits);
  // Rejection sampling: values at or above the largest multiple of `range` would make low codes
  // more likely, so they are drawn again (at most a 2^-33 chance per draw for 10 digits).
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
  for (;;) {
    auto bytes = RandomBytes(sizeof(uint64_t));
    if (!bytes) return tl::unexpected(bytes.error());
    uint64_t v = 0;
    std::memcpy(&v, bytes->data(), sizeof v);
    if (v >= limit) continue;
    std::string code = std::to_string(v % range);
    return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
  }
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &mac_len);
  return std::string(reinterpret_cast<char*>(mac), mac_len);
}

CodeHasher::CodeHasher(std::string key) : key_(std::move(key)) {}

std::string CodeHasher::Hash(const CodeBinding& binding, std::string_view code) const {
  std::string input = "kakunin-code-v1";
  AppendField(input, binding.purpose);
  AppendField(input, binding.flow_id);
  AppendField(input, binding.address);
  AppendField(input, code);
  std::string hex = base::HexEncode(HmacSha256(key_, input));
  OPENSSL_cleanse(input.data(), input.size());
  return hex;
}

bool CodeHasher::Matches(const CodeBinding& binding, std::string_view code,
                         std::string_view stored_hash) const {
  return ConstantTimeEquals(Hash(binding, code), stored_hash);
}

}  // namespace kakunin::otp
