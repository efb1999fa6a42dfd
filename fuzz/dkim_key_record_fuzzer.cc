// Fuzzes the DKIM key record parser (RFC 6376 3.6.1, RFC 8463 4) and the public-key decoding
// behind it (DER SubjectPublicKeyInfo / PKCS#1 for RSA, 32 raw bytes for Ed25519).
// Invariants: a parsed record's flags agree with its lists; p= re-encoded to base64 decodes to
// the same bytes; a key that decodes reports a plausible size for its type.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dkim/base64.h"
#include "dkim/crypto.h"
#include "dkim/key_record.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A TXT record of 8 KiB holds an RSA-16384 key; DNS answers are at most 64 KiB anyway.
  if (size > (8u << 10)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  using namespace kakunin::dkim::internal;
  auto rec = ParseKeyRecord(in);
  if (!rec) return 0;
  auto has = [](const std::vector<std::string>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  Check(rec->AllowsEmail() == (has(rec->service_types, "email") || has(rec->service_types, "*")));
  Check(rec->testing() == has(rec->flags, "y"));
  Check(rec->AllowsHash("sha256") == (rec->hash_algorithms.empty() || has(rec->hash_algorithms, "sha256")));
  auto round = Base64Decode(Base64Encode(rec->public_key));
  Check(round.has_value() && *round == rec->public_key);
  if (!rec->public_key.empty()) {
    auto key = PublicKey::FromKeyRecord(rec->key_type, rec->public_key);
    if (key) {
      Check((*key)->type() == rec->key_type);
      Check((*key)->type() == kakunin::dkim::KeyType::kEd25519 ? (*key)->bits() == 256 : (*key)->bits() > 0);
    }
  }
  return 0;
}
