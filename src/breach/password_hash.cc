// SHA-1 of a password, computed locally; only the 5-digit prefix is ever sent anywhere.
#include <openssl/evp.h>
#include <sodium.h>

#include <string>

#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string HexRange(const std::array<uint8_t, kSha1Bytes>& bytes, size_t from, size_t to) {
  std::string out;
  out.reserve(to - from);
  for (size_t i = from; i < to; ++i) {
    uint8_t b = bytes[i / 2];
    out.push_back(kHexUpper[(i % 2 == 0) ? (b >> 4) : (b & 0xF)]);
  }
  return out;
}

}  // namespace

PasswordHash PasswordHash::Of(std::string_view password) {
  PasswordHash h;
  unsigned int len = 0;
  // EVP_Digest with the default provider's SHA-1; it keeps no copy of the input.
  EVP_Digest(password.data(), password.size(), h.bytes_.data(), &len, EVP_sha1(), nullptr);
  return h;
}

Result<PasswordHash> PasswordHash::FromHex(std::string_view hex) {
  if (hex.size() != 2 * kSha1Bytes) return Fail(ErrorCode::kParse, "a SHA-1 hash is 40 hex digits");
  PasswordHash h;
  for (size_t i = 0; i < kSha1Bytes; ++i) {
    int hi = HexValue(hex[2 * i]);
    int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Fail(ErrorCode::kParse, "a SHA-1 hash is 40 hex digits");
    h.bytes_[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return h;
}

PasswordHash::~PasswordHash() { sodium_memzero(bytes_.data(), bytes_.size()); }

std::string PasswordHash::Prefix() const { return HexRange(bytes_, 0, kPrefixHexChars); }

std::string PasswordHash::SuffixHex() const { return HexRange(bytes_, kPrefixHexChars, 2 * kSha1Bytes); }

}  // namespace kakunin::breach
