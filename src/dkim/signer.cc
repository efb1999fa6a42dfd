// Signing, RFC 6376 5 (rsa-sha256) and RFC 8463 (ed25519-sha256). See include/kakunin/dkim.h.
#include <algorithm>

#include "base/strings.h"
#include "dkim/base64.h"
#include "dkim/canonicalize.h"
#include "dkim/crypto.h"
#include "dkim/sign.h"
#include "dkim/signature.h"
#include "kakunin/dkim.h"

namespace kakunin::dkim {
namespace {

constexpr size_t kFoldColumn = 78;  // RFC 5322 2.1.1: lines SHOULD be at most 78 characters.
constexpr int kMaxRsaBitsForKeygen = 8192;
constexpr size_t kMaxTxtString = 255;  // RFC 1035 3.3.14 / 3.3: one character-string.

// Appends `tag` to a field being built, folding before it when the line would grow past
// kFoldColumn. `col` is the current line's length.
void AppendTag(std::string& out, size_t& col, std::string_view tag) {
  if (col + 1 + tag.size() > kFoldColumn) {
    out += "\r\n ";
    col = 1;
  } else {
    out += ' ';
    ++col;
  }
  out += tag;
  col += tag.size();
}

// Appends base64 text, breaking it into lines with FWS (verifiers ignore it in b= and bh=).
void AppendFolded(std::string& out, size_t& col, std::string_view value) {
  for (size_t i = 0; i < value.size();) {
    if (col >= kFoldColumn) {
      out += "\r\n ";
      col = 1;
    }
    size_t n = std::min(value.size() - i, kFoldColumn - col);
    out.append(value.substr(i, n));
    col += n;
    i += n;
  }
}

}  // namespace

const std::vector<std::string_view> kDefaultSignedHeaders = {
    "from", "reply-to", "subject", "date", "to", "cc", "resent-date", "resent-from", "resent-sender",
    "resent-to", "resent-cc", "in-reply-to", "references", "list-id", "list-help", "list-unsubscribe",
    "list-subscribe", "list-post", "list-owner", "list-archive", "message-id", "mime-version",
    "content-type", "content-transfer-encoding", "content-id", "content-description"};

struct Signer::State {
  SignOptions options;
  std::shared_ptr<const internal::PrivateKey> key;
};

Signer::Signer(std::shared_ptr<const State> state) : state_(std::move(state)) {}
Signer::Signer(Signer&&) noexcept = default;
Signer& Signer::operator=(Signer&&) noexcept = default;
Signer::~Signer() = default;

Result<Signer> Signer::Create(std::string_view key_text, SignOptions options) {
  options.domain = base::ToLower(options.domain);
  options.selector = base::ToLower(options.selector);
  if (!internal::IsDomainName(options.domain)) return Fail(ErrorCode::kInvalidArgument, "bad signing domain");
  if (!internal::IsDomainName(options.selector)) return Fail(ErrorCode::kInvalidArgument, "bad selector");
  if (options.algorithm == Algorithm::kRsaSha1) {
    return Fail(ErrorCode::kInvalidArgument, "rsa-sha1 must not be used for signing (RFC 8301 3.1)");
  }
  if (!options.identity.empty()) {
    size_t at = options.identity.rfind('@');
    if (at == std::string::npos ||
        !internal::IsWithinDomain(base::ToLower(options.identity.substr(at + 1)), options.domain)) {
      return Fail(ErrorCode::kInvalidArgument, "i= must be an address within d=");
    }
  }
  if (options.expiration && options.now && *options.expiration <= *options.now) {
    return Fail(ErrorCode::kInvalidArgument, "x= must be after t=");
  }
  auto key = internal::PrivateKey::Load(key_text);
  if (!key) return tl::unexpected(key.error());
  if ((*key)->type() != internal::KeyTypeOf(options.algorithm)) {
    return Fail(ErrorCode::kInvalidArgument,
                "the key does not match the algorithm " + std::string(AlgorithmName(options.algorithm)));
  }
  if ((*key)->type() == KeyType::kRsa && (*key)->bits() < kMinRsaBits) {
    return Fail(ErrorCode::kInvalidArgument, "RSA keys under 1024 bits are not allowed (RFC 8301 3.2)");
  }
  for (std::string& h : options.headers) h = base::ToLower(base::Trim(h));
  options.headers.erase(std::remove(options.headers.begin(), options.headers.end(), ""), options.headers.end());
  auto state = std::make_shared<State>();
  state->options = std::move(options);
  state->key = std::move(*key);
  return Signer(std::move(state));
}

Result<KeyType> Signer::KeyTypeOf(std::string_view key_text) {
  auto key = internal::PrivateKey::Load(key_text);
  if (!key) return tl::unexpected(key.error());
  return (*key)->type();
}

Result<std::string> Signer::Sign(const mime::Message& message) const {
  return internal::SignMessage(*state_->key, state_->options, message);
}

namespace internal {

Result<std::string> SignMessage(const PrivateKey& key, const SignOptions& o, const mime::Message& message) {
  const auto& fields = message.fields();
  auto count = [&](std::string_view name) {
    return static_cast<size_t>(std::count_if(fields.begin(), fields.end(), [&](const mime::HeaderField& f) {
      return base::EqualsIgnoreCase(f.name, name);
    }));
  };

  // h=: every present instance of each requested name (5.4.2), plus one extra "from".
  std::vector<std::string> names;
  std::vector<std::string> wanted;
  if (o.headers.empty()) {
    for (std::string_view h : kDefaultSignedHeaders) wanted.emplace_back(h);
  } else {
    wanted = o.headers;
  }
  if (std::find(wanted.begin(), wanted.end(), "from") == wanted.end()) wanted.insert(wanted.begin(), "from");
  std::vector<std::string> seen;
  for (const std::string& name : wanted) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    size_t n = count(name);
    if (name == "from" && o.oversign_from) ++n;
    for (size_t i = 0; i < n; ++i) names.push_back(name);
  }

  internal::HashAlgorithm hash = internal::HashOf(o.algorithm);
  internal::Hasher hasher;
  hasher.Init(hash);
  uint64_t body_total = internal::CanonicalizeBody(o.body_canon, message.body(), o.body_length, hasher);
  if (o.body_length && *o.body_length > body_total) {
    return Fail(ErrorCode::kInvalidArgument, "l= is longer than the canonical body");
  }
  std::string bh = internal::Base64Encode(hasher.Final());

  std::string field = "DKIM-Signature:";
  size_t col = field.size();
  AppendTag(field, col, "v=1;");
  AppendTag(field, col, "a=" + std::string(AlgorithmName(o.algorithm)) + ";");
  AppendTag(field, col,
            "c=" + std::string(CanonicalizationName(o.header_canon)) + "/" +
                std::string(CanonicalizationName(o.body_canon)) + ";");
  AppendTag(field, col, "d=" + o.domain + ";");
  AppendTag(field, col, "s=" + o.selector + ";");
  if (!o.identity.empty()) AppendTag(field, col, "i=" + o.identity + ";");
  if (o.now) AppendTag(field, col, "t=" + std::to_string(*o.now) + ";");
  if (o.expiration) AppendTag(field, col, "x=" + std::to_string(*o.expiration) + ";");
  if (o.body_length) AppendTag(field, col, "l=" + std::to_string(*o.body_length) + ";");
  // h= without spaces; folded (FWS is allowed around ':') only when a line would get too long.
  for (size_t i = 0; i < names.size(); ++i) {
    std::string piece = (i == 0 ? "h=" : "") + names[i] + (i + 1 == names.size() ? ";" : ":");
    if (i == 0) {
      AppendTag(field, col, piece);
    } else if (col + piece.size() > kFoldColumn) {
      field += "\r\n " + piece;
      col = 1 + piece.size();
    } else {
      field += piece;
      col += piece.size();
    }
  }
  AppendTag(field, col, "bh=");
  AppendFolded(field, col, bh + ";");
  AppendTag(field, col, "b=");
  std::string unsigned_field = field + "\r\n";

  std::string data;
  for (const mime::HeaderField* f : internal::SelectSignedFields(fields, names)) {
    if (f != nullptr) internal::CanonicalizeHeader(o.header_canon, f->name, f->raw, data);
  }
  internal::CanonicalizeHeader(o.header_canon, "DKIM-Signature", unsigned_field, data);
  data.resize(data.size() - 2);
  auto sig = key.Sign(hash, internal::Digest(hash, data));
  if (!sig) return tl::unexpected(sig.error());
  // The value goes right after "b=", so the field hashed above is this one with b= emptied.
  AppendFolded(field, col, internal::Base64Encode(*sig));
  return field + "\r\n";
}

}  // namespace internal

Result<GeneratedKey> GenerateKey(KeyType type, int rsa_bits) {
  if (type == KeyType::kRsa && (rsa_bits < kMinRsaBits || rsa_bits > kMaxRsaBitsForKeygen)) {
    return Fail(ErrorCode::kInvalidArgument, "RSA key size must be between 1024 and 8192 bits");
  }
  auto key = internal::PrivateKey::Generate(type, rsa_bits);
  if (!key) return tl::unexpected(key.error());
  auto pem = (*key)->ToPem();
  if (!pem) return tl::unexpected(pem.error());
  auto pub = (*key)->PublicKeyRecordBytes();
  if (!pub) return tl::unexpected(pub.error());
  return GeneratedKey{std::move(*pem), internal::Base64Encode(*pub)};
}

std::string KeyTxtRecord(std::string_view selector, std::string_view domain, KeyType type,
                         std::string_view public_b64) {
  std::string text = std::string("v=DKIM1; k=") + (type == KeyType::kRsa ? "rsa" : "ed25519") + "; p=" +
                     std::string(public_b64);
  // Absolute (trailing dot), so the line is valid anywhere in a BIND master file.
  std::string out = std::string(selector) + "._domainkey." + std::string(domain) + ". IN TXT";
  for (size_t i = 0; i < text.size(); i += kMaxTxtString) {
    out += " \"" + text.substr(i, kMaxTxtString) + "\"";
  }
  return out;
}

}  // namespace kakunin::dkim
