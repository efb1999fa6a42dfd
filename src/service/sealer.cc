#include "service/sealer.h"

#include <sodium.h>

#include "kakunin/otp.h"

namespace kakunin::service {
namespace {

// The inverse of otp::Base64UrlEncode; returns false on any byte outside the alphabet.
bool Base64UrlDecode(std::string_view in, std::string* out) {
  std::string bin(in.size(), '\0');
  size_t bin_len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), in.data(), in.size(),
                        nullptr, &bin_len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return false;
  }
  bin.resize(bin_len);
  *out = std::move(bin);
  return true;
}

constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

}  // namespace

Result<std::string> Sealer::Seal(std::string_view plaintext) const {
  std::string out(kNonce + plaintext.size() + kTag, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(p, kNonce);
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(
          p + kNonce, &len, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
          nullptr, 0, nullptr, p, reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return Fail(ErrorCode::kCrypto, "seal failed");
  }
  return otp::Base64UrlEncode(out);
}

Result<std::string> Sealer::Open(std::string_view sealed) const {
  std::string bin;
  if (!Base64UrlDecode(sealed, &bin) || bin.size() < kNonce + kTag) {
    return Fail(ErrorCode::kCrypto, "sealed message is malformed");
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bin.data());
  std::string out(bin.size() - kNonce - kTag, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &len, nullptr,
                                                 p + kNonce, bin.size() - kNonce, nullptr, 0, p,
                                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return Fail(ErrorCode::kCrypto, "sealed message does not open with this key");
  }
  out.resize(len);
  return out;
}

}  // namespace kakunin::service
