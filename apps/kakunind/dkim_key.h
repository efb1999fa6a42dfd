// DKIM signing of kakunind's mail with kakunin's own signer (include/kakunin/dkim.h): the key
// is generated on first start into the data directory (dkim-<selector>.pem, mode 0600) and its
// TXT record is printed so the operator can publish it.
#ifndef KAKUNIN_APPS_KAKUNIND_DKIM_KEY_H_
#define KAKUNIN_APPS_KAKUNIND_DKIM_KEY_H_

#include <memory>
#include <string>

#include "config.h"
#include "kakunin/service.h"

namespace kakunin::kakunind {

struct DkimSetup {
  std::shared_ptr<service::MailSigner> signer;
  std::string txt_record;  // "kakunind._domainkey.example.com IN TXT \"v=DKIM1; k=ed25519; p=...\""
  std::string key_path;
};

// Loads or creates the key for `dkim` in `data_dir`. Errors: kIo, kInvalidArgument, kCrypto.
[[nodiscard]] Result<DkimSetup> SetUpDkim(const DkimOptions& dkim, const std::string& data_dir);

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_APPS_KAKUNIND_DKIM_KEY_H_
