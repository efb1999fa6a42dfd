// Password hashing and strength rules for kakunind: Argon2id from libsodium (crypto_pwhash_str),
// the project's strength assessment (include/kakunin/password.h: zxcvbn + NIST SP 800-63B checks)
// and, when a database is configured, the offline breached-password check (include/kakunin/breach.h).
//
// Thread-safety: PasswordHasher is immutable after construction and safe to share.
#ifndef KAKUNIN_SERVICE_PASSWORDS_H_
#define KAKUNIN_SERVICE_PASSWORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "kakunin/breach.h"
#include "kakunin/result.h"
#include "kakunin/service.h"

namespace kakunin::service {

class PasswordHasher {
 public:
  // Errors: kInvalidArgument when the Argon2id parameters are outside libsodium's range.
  [[nodiscard]] static Result<PasswordHasher> Create(const PasswordOptions& options);

  // The Argon2id encoded string ($argon2id$v=19$m=...,t=...,p=1$salt$hash). Errors: kCrypto.
  [[nodiscard]] Result<std::string> Hash(std::string_view password) const;
  // Whether `password` matches `encoded`. Malformed `encoded` is a mismatch.
  bool Verify(std::string_view encoded, std::string_view password) const;
  // The same work as a Verify for an account that does not exist (enumeration safety).
  void DummyVerify(std::string_view password) const;

 private:
  PasswordHasher(PasswordOptions options, std::string dummy)
      : options_(std::move(options)), dummy_hash_(std::move(dummy)) {}
  PasswordOptions options_;
  std::string dummy_hash_;
};

// Empty if `password` is acceptable, else a stable error id: "password_too_short",
// "password_too_long", "password_not_utf8", "password_breached", "password_too_weak". `context`
// holds words the password must not lean on (the address, the service name). `breached` may be
// null (no database configured).
std::string CheckStrength(std::string_view password, const std::vector<std::string>& context,
                          const PasswordOptions& options, const breach::Database* breached);

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_PASSWORDS_H_
