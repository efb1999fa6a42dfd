// Building a DKIM-Signature field, RFC 6376 5 and 3.7 (RFC 8463 for Ed25519). Internal: the public
// Signer adds the RFC 8301 policy checks (no rsa-sha1, no short keys) in front of this, while
// tests use it directly to make the signatures a verifier must refuse.
// Thread-safety: pure function over immutable inputs.
#ifndef KAKUNIN_DKIM_SIGN_H_
#define KAKUNIN_DKIM_SIGN_H_

#include <string>

#include "dkim/crypto.h"
#include "kakunin/dkim.h"
#include "kakunin/message.h"
#include "kakunin/result.h"

namespace kakunin::dkim::internal {

// The DKIM-Signature field ("DKIM-Signature: ...\r\n", folded) signing `message` with `key` as
// `options` say (options.domain/selector already lower-case). Errors: kInvalidArgument when
// l= exceeds the canonical body, kCrypto when OpenSSL fails.
[[nodiscard]] Result<std::string> SignMessage(const PrivateKey& key, const SignOptions& options,
                                              const mime::Message& message);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_SIGN_H_
