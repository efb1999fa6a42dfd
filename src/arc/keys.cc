#include "arc/keys.h"

#include "dkim/key_record.h"
#include "kakunin/dkim.h"

namespace kakunin::arc::internal {

Result<std::shared_ptr<const dkim::internal::PublicKey>> KeyCache::Get(const std::string& selector,
                                                                        const std::string& domain) {
  std::string name = selector + "._domainkey." + domain;
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second;
  auto load = [&]() -> Result<std::shared_ptr<const dkim::internal::PublicKey>> {
    auto answer = resolver_.Lookup(name, dns::RrType::kTxt);
    if (!answer) return Fail(ErrorCode::kDnsTempFail, "key " + name + ": DNS error (may be temporary): " + answer.error().message);
    if (answer->records.empty()) return Fail(ErrorCode::kNotFound, "no key record at " + name);
    if (answer->records.size() > 1) return Fail(ErrorCode::kParse, "more than one key record at " + name);
    auto record = dkim::internal::ParseKeyRecord(answer->records[0].data);
    if (!record) return Fail(ErrorCode::kParse, "key " + name + ": " + record.error().message);
    if (record->public_key.empty()) return Fail(ErrorCode::kNotFound, "key " + name + " is revoked (empty p=)");
    if (record->key_type != dkim::KeyType::kRsa) return Fail(ErrorCode::kParse, "key " + name + " is not RSA");
    auto key = dkim::internal::PublicKey::FromKeyRecord(dkim::KeyType::kRsa, record->public_key);
    if (!key) return Fail(ErrorCode::kParse, "key " + name + ": " + key.error().message);
    if ((*key)->bits() < dkim::kMinRsaBits) {
      return Fail(ErrorCode::kCrypto, "key " + name + " has " + std::to_string((*key)->bits()) +
                                          " bits (RFC 8301 3.2 requires 1024)");
    }
    return *key;
  };
  auto result = load();
  cache_.emplace(name, result);
  return result;
}

}  // namespace kakunin::arc::internal
