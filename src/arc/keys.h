// ARC keys: the DKIM key record (RFC 8617 4.1.2/4.1.3 use RFC 6376 3.6.1 records at
// <selector>._domainkey.<domain>), RSA only, at least 1024 bits. Internal to arc/.
// Not thread-safe (a per-validation cache).
#ifndef KAKUNIN_ARC_KEYS_H_
#define KAKUNIN_ARC_KEYS_H_

#include <map>
#include <memory>
#include <string>

#include "arc/arc_set.h"
#include "dkim/crypto.h"
#include "kakunin/dns.h"

namespace kakunin::arc::internal {

class KeyCache {
 public:
  explicit KeyCache(dns::Resolver& resolver) : resolver_(resolver) {}
  // The key, or an Error (kDnsTempFail for DNS trouble, kNotFound, kParse, kCrypto) whose message
  // says what is wrong. Each (selector, domain) is looked up once.
  Result<std::shared_ptr<const dkim::internal::PublicKey>> Get(const std::string& selector, const std::string& domain);

 private:
  dns::Resolver& resolver_;
  std::map<std::string, Result<std::shared_ptr<const dkim::internal::PublicKey>>> cache_;
};

// The AMS check shared by validation and sealing; `why` gets the reason on failure.
bool VerifyAms(const ArcSignature& sig, const mime::Message& message, KeyCache& keys, std::string& why);

// The bytes an ARC-Seal of instance `upto` signs (RFC 8617 5.1.1), with `last_seal_raw` standing
// for the newest AS field (its b= value emptied).
std::string SealedData(const std::vector<const mime::HeaderField*>& aar, const std::vector<const mime::HeaderField*>& ams,
                       const std::vector<const mime::HeaderField*>& as, int upto, const std::string& last_seal_raw);

}  // namespace kakunin::arc::internal

#endif  // KAKUNIN_ARC_KEYS_H_
