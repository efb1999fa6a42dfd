// The cryptography of DKIM (RFC 6376 3.3, RFC 8301, RFC 8463) and ARC (RFC 8617 reuses it) on
// OpenSSL 3 EVP: SHA-1/SHA-256 hashing, RSA PKCS#1 v1.5 and Ed25519 verify and sign. Internal.
//
// Ed25519-SHA256 (RFC 8463 3) signs the SHA-256 digest of the header data with PureEdDSA, so
// both algorithms take the same 32-byte header digest here. Ed25519 signatures are checked with
// libsodium (the library under dkimpy's PyNaCl): 1.7x OpenSSL 3.0's verify speed on this machine
// (docs/PERFORMANCE.md), and strict: small-order and non-canonical keys or points do not verify,
// which can only turn a malformed signature into a failure, never a forgery into a pass.
// Thread-safety: Hasher is not thread-safe (one per thread); PublicKey and PrivateKey are
// immutable after creation and safe to share.
#ifndef KAKUNIN_DKIM_CRYPTO_H_
#define KAKUNIN_DKIM_CRYPTO_H_

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "dkim/canonicalize.h"
#include "kakunin/dkim.h"
#include "kakunin/result.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;
typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_pkey_ctx_st EVP_PKEY_CTX;

namespace kakunin::dkim::internal {

enum class HashAlgorithm { kSha1, kSha256 };
HashAlgorithm HashOf(Algorithm a);
KeyType KeyTypeOf(Algorithm a);

// A reusable message-digest context. Also a ByteSink, so the body canonicalizer can feed it.
class Hasher : public ByteSink {
 public:
  Hasher();
  ~Hasher() override;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Init(HashAlgorithm algorithm);
  void Append(std::string_view bytes) override;
  // The digest; the context must be Init-ed again before reuse.
  std::string Final();

 private:
  EVP_MD_CTX* ctx_;
};

// One-call digest.
std::string Digest(HashAlgorithm algorithm, std::string_view bytes);

class PublicKey {
 public:
  // From a key record's p= bytes: for kRsa a DER SubjectPublicKeyInfo or (as some publish it)
  // a bare PKCS#1 RSAPublicKey; for kEd25519 the raw 32-byte key (RFC 8463 4).
  // Errors: kParse (not a key of that type, trailing bytes).
  [[nodiscard]] static Result<std::shared_ptr<const PublicKey>> FromKeyRecord(KeyType type, std::string_view bytes);

  ~PublicKey();
  PublicKey(const PublicKey&) = delete;
  PublicKey& operator=(const PublicKey&) = delete;

  KeyType type() const { return type_; }
  int bits() const { return bits_; }
  // Whether `signature` is valid over `digest` (a digest made with `hash`).
  bool Verify(HashAlgorithm hash, std::string_view digest, std::string_view signature) const;

 private:
  friend class KeyVerifier;
  PublicKey(KeyType type, EVP_PKEY* pkey);
  bool VerifyEd25519(std::string_view digest, std::string_view signature) const;
  KeyType type_;
  int bits_;
  EVP_PKEY* pkey_;
  std::array<unsigned char, 32> ed25519_raw_{};  // The key record's bytes, for kEd25519.
};

// Verification contexts for one key, set up once and reused for every message signed with it
// (OpenSSL 3 fetches the algorithm and builds provider state on each init). Not thread-safe:
// owned by one Verifier.
class KeyVerifier {
 public:
  explicit KeyVerifier(std::shared_ptr<const PublicKey> key);
  ~KeyVerifier();
  KeyVerifier(const KeyVerifier&) = delete;
  KeyVerifier& operator=(const KeyVerifier&) = delete;

  const PublicKey& key() const { return *key_; }
  // Same contract as PublicKey::Verify.
  bool Verify(HashAlgorithm hash, std::string_view digest, std::string_view signature);

 private:
  std::shared_ptr<const PublicKey> key_;
  EVP_PKEY_CTX* rsa_ctx_[2] = {nullptr, nullptr};  // Per HashAlgorithm, initialised on first use.
};

class PrivateKey {
 public:
  // From PEM (PKCS#8, traditional RSA) or, for Ed25519, a base64 32-byte seed. Errors: kInvalidArgument.
  [[nodiscard]] static Result<std::shared_ptr<const PrivateKey>> Load(std::string_view text);
  // A fresh key; `rsa_bits` for kRsa only. Errors: kCrypto.
  [[nodiscard]] static Result<std::shared_ptr<const PrivateKey>> Generate(KeyType type, int rsa_bits);

  ~PrivateKey();
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;

  KeyType type() const { return type_; }
  int bits() const { return bits_; }
  // Signs a digest made with `hash`. Errors: kCrypto.
  [[nodiscard]] Result<std::string> Sign(HashAlgorithm hash, std::string_view digest) const;
  // The p= bytes of the matching key record (see PublicKey::FromKeyRecord).
  [[nodiscard]] Result<std::string> PublicKeyRecordBytes() const;
  // PKCS#8 PEM.
  [[nodiscard]] Result<std::string> ToPem() const;

 private:
  PrivateKey(KeyType type, EVP_PKEY* pkey);
  KeyType type_;
  int bits_;
  EVP_PKEY* pkey_;
};

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_CRYPTO_H_
