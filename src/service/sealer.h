// Seals queued messages (which hold codes until they reach the outbox) with XChaCha20-Poly1305,
// so the database never holds a code in clear. Thread-safety: immutable, safe to share.
#ifndef KAKUNIN_SERVICE_SEALER_H_
#define KAKUNIN_SERVICE_SEALER_H_

#include <string>
#include <string_view>

#include "kakunin/result.h"

namespace kakunin::service {

class Sealer {
 public:
  // REQUIRES: key.size() == 32.
  explicit Sealer(std::string key) : key_(std::move(key)) {}
  // base64url(nonce | ciphertext | tag). Errors: kCrypto.
  [[nodiscard]] Result<std::string> Seal(std::string_view plaintext) const;
  // Errors: kCrypto when the text was not sealed with this key or was changed.
  [[nodiscard]] Result<std::string> Open(std::string_view sealed) const;

 private:
  std::string key_;
};

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_SEALER_H_
