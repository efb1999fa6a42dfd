#include "dkim/crypto.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::dkim::internal {
namespace {

// Ed25519 verification goes through libsodium, keys and signatures through OpenSSL: the two must
// agree on keys OpenSSL made, and a changed digest or signature must fail.
TEST(CryptoTest, Ed25519SignedByOpenSslVerifiesAndTamperingFails) {
  auto priv = PrivateKey::Generate(KeyType::kEd25519, 0);
  ASSERT_TRUE(priv) << priv.error().message;
  auto raw = (*priv)->PublicKeyRecordBytes();
  ASSERT_TRUE(raw);
  auto pub = PublicKey::FromKeyRecord(KeyType::kEd25519, *raw);
  ASSERT_TRUE(pub) << pub.error().message;
  std::string digest = Digest(HashAlgorithm::kSha256, "header data");
  auto sig = (*priv)->Sign(HashAlgorithm::kSha256, digest);
  ASSERT_TRUE(sig);
  KeyVerifier verifier(*pub);
  EXPECT_TRUE((*pub)->Verify(HashAlgorithm::kSha256, digest, *sig));
  EXPECT_TRUE(verifier.Verify(HashAlgorithm::kSha256, digest, *sig));
  std::string other = Digest(HashAlgorithm::kSha256, "header datA");
  EXPECT_FALSE(verifier.Verify(HashAlgorithm::kSha256, other, *sig));
  std::string bad = *sig;
  bad[10] ^= 1;
  EXPECT_FALSE(verifier.Verify(HashAlgorithm::kSha256, digest, bad));
  EXPECT_FALSE(verifier.Verify(HashAlgorithm::kSha256, digest, sig->substr(0, 63)));
  EXPECT_FALSE(verifier.Verify(HashAlgorithm::kSha256, digest, *sig + "x"));
}

TEST(CryptoTest, Ed25519SmallOrderKeyNeverVerifies) {
  // The identity point (small order): with it, s = 0 and R = identity "verify" any message under
  // a lax check. It must fail here.
  std::string identity(32, '\0');
  identity[0] = 1;
  auto pub = PublicKey::FromKeyRecord(KeyType::kEd25519, identity);
  if (!pub) GTEST_SKIP() << "OpenSSL refuses the identity point as a key: " << pub.error().message;
  std::string sig(64, '\0');
  sig[0] = 1;  // R = identity, S = 0.
  EXPECT_FALSE((*pub)->Verify(HashAlgorithm::kSha256, Digest(HashAlgorithm::kSha256, "x"), sig));
}

}  // namespace
}  // namespace kakunin::dkim::internal
