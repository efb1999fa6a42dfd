#include "service/passwords.h"

#include <sodium.h>

#include "base/strings.h"
#include "kakunin/password.h"

namespace kakunin::service {
namespace {

// Counts code points, since NIST's length rule is about characters, not bytes.
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

}  // namespace

Result<PasswordHasher> PasswordHasher::Create(const PasswordOptions& options) {
  if (sodium_init() < 0) return Fail(ErrorCode::kCrypto, "sodium_init failed");
  if (options.argon2_opslimit < crypto_pwhash_OPSLIMIT_MIN || options.argon2_opslimit > crypto_pwhash_OPSLIMIT_MAX ||
      options.argon2_memlimit < crypto_pwhash_MEMLIMIT_MIN || options.argon2_memlimit > crypto_pwhash_MEMLIMIT_MAX) {
    return Fail(ErrorCode::kInvalidArgument, "Argon2id parameters outside libsodium's range");
  }
  PasswordHasher hasher(options, "");
  auto dummy = hasher.Hash("kakunind dummy password for unknown accounts");
  if (!dummy) return tl::unexpected(dummy.error());
  hasher.dummy_hash_ = *dummy;
  return hasher;
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options_.argon2_opslimit,
                            options_.argon2_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(ErrorCode::kCrypto, "Argon2id failed (out of memory?)");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  std::string z(encoded);
  return crypto_pwhash_str_verify(z.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::DummyVerify(std::string_view password) const { (void)Verify(dummy_hash_, password); }

std::string CheckStrength(std::string_view password, const std::vector<std::string>& context,
                          const PasswordOptions& options, const breach::Database* breached) {
  if (!base::IsValidUtf8(password) || password.find('\0') != std::string_view::npos) return "password_not_utf8";
  // Cheap bounds first: the assessment below is only run on passwords of a sane length.
  const size_t length = CodePoints(password);
  if (length < options.min_length) return "password_too_short";
  if (length > options.max_length) return "password_too_long";
  password::Context ctx;
  ctx.words = context;
  if (breached != nullptr) {
    ctx.breached = breached->Check(breach::PasswordHash::Of(password)).breached ? 1 : 0;
    if (*ctx.breached != 0) return "password_breached";
  }
  auto strength = password::Assess(password, ctx);
  if (!strength) return "password_not_utf8";
  if (strength->length < options.min_length) return "password_too_short";
  if (!strength->acceptable || strength->entropy_bits < options.min_entropy_bits) return "password_too_weak";
  return "";
}

}  // namespace kakunin::service
