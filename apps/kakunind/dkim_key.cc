#include "dkim_key.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file.h"
#include "kakunin/dkim.h"
#include "kakunin/message.h"

namespace kakunin::kakunind {
namespace {

// Adapts dkim::Signer to the service's MailSigner: the mail is parsed once as mime::Message.
class DkimMailSigner : public service::MailSigner {
 public:
  explicit DkimMailSigner(dkim::Signer signer) : signer_(std::move(signer)) {}
  Result<std::string> Sign(std::string_view mail) override {
    auto message = mime::Message::Parse(mail);
    if (!message) return tl::unexpected(message.error());
    return signer_.Sign(*message);
  }

 private:
  dkim::Signer signer_;
};

// The public key (p= value) of a PEM private key: SubjectPublicKeyInfo for RSA, the raw 32 bytes
// for Ed25519 (RFC 8463 4.2), base64.
Result<std::string> PublicKeyB64(const std::string& pem, dkim::KeyType type) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) return Fail(ErrorCode::kInvalidArgument, "unreadable DKIM key");
  std::string raw;
  if (type == dkim::KeyType::kEd25519) {
    size_t len = 32;
    raw.resize(len);
    EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &len);
    raw.resize(len);
  } else {
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(key, &der);
    if (len > 0) raw.assign(reinterpret_cast<char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
  }
  EVP_PKEY_free(key);
  if (raw.empty()) return Fail(ErrorCode::kCrypto, "cannot read the DKIM public key");
  std::string b64(4 * ((raw.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  b64.resize(static_cast<size_t>(n));
  return b64;
}

}  // namespace

Result<DkimSetup> SetUpDkim(const DkimOptions& dkim_options, const std::string& data_dir) {
  const dkim::KeyType type = dkim_options.algorithm == "rsa" ? dkim::KeyType::kRsa : dkim::KeyType::kEd25519;
  DkimSetup setup;
  setup.key_path = data_dir + "/dkim-" + dkim_options.selector + ".pem";
  std::string pem;
  auto existing = base::ReadInput(setup.key_path, size_t{64} * 1024);
  if (existing) {
    pem = existing->bytes;
  } else {
    auto generated = dkim::GenerateKey(type, 2048);
    if (!generated) return tl::unexpected(generated.error());
    pem = generated->private_pem;
    // O_EXCL: two processes starting together do not overwrite each other's key.
    int fd = ::open(setup.key_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Fail(ErrorCode::kIo, "create " + setup.key_path + ": " + std::strerror(errno));
    const bool ok = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return Fail(ErrorCode::kIo, "write " + setup.key_path);
  }
  dkim::SignOptions options;
  options.domain = dkim_options.domain;
  options.selector = dkim_options.selector;
  options.algorithm = type == dkim::KeyType::kRsa ? dkim::Algorithm::kRsaSha256 : dkim::Algorithm::kEd25519Sha256;
  auto signer = dkim::Signer::Create(pem, options);
  if (!signer) return tl::unexpected(signer.error());
  auto public_b64 = PublicKeyB64(pem, type);
  if (!public_b64) return tl::unexpected(public_b64.error());
  setup.txt_record = dkim::KeyTxtRecord(options.selector, options.domain, type, *public_b64);
  setup.signer = std::make_shared<DkimMailSigner>(std::move(*signer));
  return setup;
}

}  // namespace kakunin::kakunind
