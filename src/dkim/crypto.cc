#include "dkim/crypto.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>

#include <array>
#include <cstring>

#include "base/strings.h"
#include "dkim/base64.h"

namespace kakunin::dkim::internal {
namespace {

constexpr size_t kEd25519KeyBytes = 32;  // RFC 8032 5.1.5.

// Explicitly fetched once: OpenSSL 3's implicit fetch per EVP_DigestInit_ex costs a provider
// lookup on every message.
const EVP_MD* Md(HashAlgorithm a) {
  static EVP_MD* sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  static EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return a == HashAlgorithm::kSha1 ? sha1 : sha256;
}

struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

int BitsOf(KeyType type, EVP_PKEY* pkey) {
  return type == KeyType::kEd25519 ? 256 : EVP_PKEY_get_bits(pkey);
}

}  // namespace

HashAlgorithm HashOf(Algorithm a) { return a == Algorithm::kRsaSha1 ? HashAlgorithm::kSha1 : HashAlgorithm::kSha256; }
KeyType KeyTypeOf(Algorithm a) { return a == Algorithm::kEd25519Sha256 ? KeyType::kEd25519 : KeyType::kRsa; }

Hasher::Hasher() : ctx_(EVP_MD_CTX_new()) {}
Hasher::~Hasher() { EVP_MD_CTX_free(ctx_); }
void Hasher::Init(HashAlgorithm algorithm) { EVP_DigestInit_ex(ctx_, Md(algorithm), nullptr); }
void Hasher::Append(std::string_view bytes) { EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()); }
std::string Hasher::Final() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, md.data(), &len);
  return std::string(reinterpret_cast<const char*>(md.data()), len);
}

std::string Digest(HashAlgorithm algorithm, std::string_view bytes) {
  Hasher h;
  h.Init(algorithm);
  h.Append(bytes);
  return h.Final();
}

// ---- PublicKey ----

PublicKey::PublicKey(KeyType type, EVP_PKEY* pkey) : type_(type), bits_(BitsOf(type, pkey)), pkey_(pkey) {}
PublicKey::~PublicKey() { EVP_PKEY_free(pkey_); }

Result<std::shared_ptr<const PublicKey>> PublicKey::FromKeyRecord(KeyType type, std::string_view bytes) {
  EVP_PKEY* pkey = nullptr;
  if (type == KeyType::kEd25519) {
    if (bytes.size() != kEd25519KeyBytes) {
      return Fail(ErrorCode::kParse, "ed25519 key is " + std::to_string(bytes.size()) + " bytes, not 32");
    }
    pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, U(bytes), bytes.size());
    if (pkey != nullptr) {
      auto key = std::shared_ptr<PublicKey>(new PublicKey(type, pkey));
      std::memcpy(key->ed25519_raw_.data(), bytes.data(), kEd25519KeyBytes);
      return std::shared_ptr<const PublicKey>(std::move(key));
    }
  } else {
    const unsigned char* p = U(bytes);
    pkey = d2i_PUBKEY(nullptr, &p, static_cast<long>(bytes.size()));
    if (pkey == nullptr || p != U(bytes) + bytes.size()) {
      EVP_PKEY_free(pkey);
      p = U(bytes);
      pkey = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(bytes.size()));
      if (pkey != nullptr && p != U(bytes) + bytes.size()) {
        EVP_PKEY_free(pkey);
        pkey = nullptr;
      }
    }
    if (pkey != nullptr && EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
      EVP_PKEY_free(pkey);
      return Fail(ErrorCode::kParse, "key is not an RSA key");
    }
  }
  if (pkey == nullptr) return Fail(ErrorCode::kParse, "key data is not a valid public key");
  return std::shared_ptr<const PublicKey>(new PublicKey(type, pkey));
}

bool PublicKey::VerifyEd25519(std::string_view digest, std::string_view signature) const {
  static const bool sodium_ready = sodium_init() >= 0;  // Thread-safe, once per process.
  if (!sodium_ready || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(U(signature), U(digest), digest.size(), ed25519_raw_.data()) == 0;
}

bool PublicKey::Verify(HashAlgorithm hash, std::string_view digest, std::string_view signature) const {
  if (type_ == KeyType::kEd25519) return VerifyEd25519(digest, signature);
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), Md(hash)) != 1) {
    return false;
  }
  return EVP_PKEY_verify(ctx.get(), U(signature), signature.size(), U(digest), digest.size()) == 1;
}

// ---- KeyVerifier ----

KeyVerifier::KeyVerifier(std::shared_ptr<const PublicKey> key) : key_(std::move(key)) {}
KeyVerifier::~KeyVerifier() {
  for (EVP_PKEY_CTX* c : rsa_ctx_) EVP_PKEY_CTX_free(c);
}

bool KeyVerifier::Verify(HashAlgorithm hash, std::string_view digest, std::string_view signature) {
  if (key_->type_ == KeyType::kEd25519) return key_->VerifyEd25519(digest, signature);
  EVP_PKEY_CTX*& ctx = rsa_ctx_[hash == HashAlgorithm::kSha1 ? 0 : 1];
  if (ctx == nullptr) {
    ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key_->pkey_, nullptr);
    if (ctx == nullptr || EVP_PKEY_verify_init(ctx) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx, Md(hash)) != 1) {
      EVP_PKEY_CTX_free(ctx);
      ctx = nullptr;
      return false;
    }
  }
  return EVP_PKEY_verify(ctx, U(signature), signature.size(), U(digest), digest.size()) == 1;
}

// ---- PrivateKey ----

PrivateKey::PrivateKey(KeyType type, EVP_PKEY* pkey) : type_(type), bits_(BitsOf(type, pkey)), pkey_(pkey) {}
PrivateKey::~PrivateKey() { EVP_PKEY_free(pkey_); }

Result<std::shared_ptr<const PrivateKey>> PrivateKey::Load(std::string_view text) {
  EVP_PKEY* pkey = nullptr;
  if (text.find("-----BEGIN") != std::string_view::npos) {
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (pkey == nullptr) return Fail(ErrorCode::kInvalidArgument, "cannot read the PEM private key");
  } else {
    auto seed = Base64Decode(base::Trim(text));
    if (!seed || seed->size() != kEd25519KeyBytes) {
      return Fail(ErrorCode::kInvalidArgument, "key is neither PEM nor a base64 Ed25519 seed");
    }
    pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, U(*seed), seed->size());
    if (pkey == nullptr) return Fail(ErrorCode::kInvalidArgument, "cannot use the Ed25519 seed");
  }
  int id = EVP_PKEY_get_base_id(pkey);
  if (id == EVP_PKEY_RSA) return std::shared_ptr<const PrivateKey>(new PrivateKey(KeyType::kRsa, pkey));
  if (id == EVP_PKEY_ED25519) return std::shared_ptr<const PrivateKey>(new PrivateKey(KeyType::kEd25519, pkey));
  EVP_PKEY_free(pkey);
  return Fail(ErrorCode::kInvalidArgument, "key is neither RSA nor Ed25519");
}

Result<std::shared_ptr<const PrivateKey>> PrivateKey::Generate(KeyType type, int rsa_bits) {
  EVP_PKEY* pkey = type == KeyType::kRsa ? EVP_RSA_gen(static_cast<unsigned int>(rsa_bits))
                                         : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (pkey == nullptr) return Fail(ErrorCode::kCrypto, "key generation failed");
  return std::shared_ptr<const PrivateKey>(new PrivateKey(type, pkey));
}

Result<std::string> PrivateKey::Sign(HashAlgorithm hash, std::string_view digest) const {
  std::string sig;
  size_t len = 0;
  if (type_ == KeyType::kEd25519) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, pkey_, nullptr) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, U(digest), digest.size()) != 1) {
      return Fail(ErrorCode::kCrypto, "ed25519 signing failed");
    }
    sig.resize(len);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, U(digest), digest.size()) != 1) {
      return Fail(ErrorCode::kCrypto, "ed25519 signing failed");
    }
  } else {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), Md(hash)) != 1 ||
        EVP_PKEY_sign(ctx.get(), nullptr, &len, U(digest), digest.size()) != 1) {
      return Fail(ErrorCode::kCrypto, "rsa signing failed");
    }
    sig.resize(len);
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, U(digest), digest.size()) != 1) {
      return Fail(ErrorCode::kCrypto, "rsa signing failed");
    }
  }
  sig.resize(len);
  return sig;
}

Result<std::string> PrivateKey::PublicKeyRecordBytes() const {
  if (type_ == KeyType::kEd25519) {
    std::string raw(kEd25519KeyBytes, '\0');
    size_t len = raw.size();
    if (EVP_PKEY_get_raw_public_key(pkey_, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1) {
      return Fail(ErrorCode::kCrypto, "cannot read the Ed25519 public key");
    }
    raw.resize(len);
    return raw;
  }
  int len = i2d_PUBKEY(pkey_, nullptr);
  if (len <= 0) return Fail(ErrorCode::kCrypto, "cannot encode the RSA public key");
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_PUBKEY(pkey_, &p);
  return der;
}

Result<std::string> PrivateKey::ToPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey_, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Fail(ErrorCode::kCrypto, "cannot write the PEM private key");
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace kakunin::dkim::internal
