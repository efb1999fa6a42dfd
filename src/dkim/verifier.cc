// Verification, RFC 6376 6.1, with RFC 8301 and RFC 8463. See include/kakunin/dkim.h.
#include <cstring>
#include <unordered_map>

#include "base/strings.h"
#include "base/time.h"
#include "dkim/byte_scan.h"
#include "dkim/canonicalize.h"
#include "dkim/crypto.h"
#include "dkim/findings.h"
#include "dkim/from_domain.h"
#include "dkim/key_record.h"
#include "dkim/signature.h"
#include "kakunin/dkim.h"
#include "mime/wire.h"

namespace kakunin::dkim {
namespace {

using internal::HashAlgorithm;
using internal::KeyRecord;
using internal::PublicKey;
using internal::Signature;

// Past this an RSA verify costs more than a message is worth; no real signer uses such keys.
constexpr int kMaxRsaBits = 8192;
// Parsed keys kept per Verifier; the cache is cleared when it fills.
constexpr size_t kMaxCachedKeys = 4096;

// A parsed key record, or why it is unusable.
struct CachedKey {
  std::string error;  // Non-empty: the record is unusable, with this reason.
  KeyRecord record;
  std::shared_ptr<const PublicKey> key;
  std::unique_ptr<internal::KeyVerifier> checker;  // Reused contexts for `key`.
};

struct BodyHash {
  Canonicalization canon;
  HashAlgorithm hash;
  std::optional<uint64_t> limit;
  std::string digest;
  uint64_t canonical_length;
};

bool NeedsNormalization(std::string_view s) {
  if (s.starts_with("From ")) return true;
  return internal::FindBareLf(s.data(), s.data() + s.size(), '\0') != s.data() + s.size();
}

}  // namespace

std::string_view CanonicalizationName(Canonicalization c) {
  return c == Canonicalization::kSimple ? "simple" : "relaxed";
}

std::string_view AlgorithmName(Algorithm a) {
  switch (a) {
    case Algorithm::kRsaSha1:
      return "rsa-sha1";
    case Algorithm::kRsaSha256:
      return "rsa-sha256";
    case Algorithm::kEd25519Sha256:
      return "ed25519-sha256";
  }
  return "unknown";
}

std::string_view AuthResultName(AuthResult r) {
  switch (r) {
    case AuthResult::kNone:
      return "none";
    case AuthResult::kPass:
      return "pass";
    case AuthResult::kFail:
      return "fail";
    case AuthResult::kNeutral:
      return "neutral";
    case AuthResult::kPolicy:
      return "policy";
    case AuthResult::kTempError:
      return "temperror";
    case AuthResult::kPermError:
      return "permerror";
  }
  return "permerror";
}

class Verifier::Impl {
 public:
  Impl(dns::Resolver& resolver, VerifyOptions options) : resolver_(resolver), options_(options) {}

  std::vector<SignatureResult> VerifyFields(const std::vector<mime::HeaderField>& fields, std::string_view body) {
    std::vector<SignatureResult> results;
    now_ = options_.now ? *options_.now : base::UnixNow();
    body_hashes_.clear();
    from_domains_.clear();
    bool from_read = false;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!base::EqualsIgnoreCase(fields[i].name, "DKIM-Signature")) continue;
      if (!from_read) {
        for (const mime::HeaderField& f : fields) {
          if (!base::EqualsIgnoreCase(f.name, "From")) continue;
          for (std::string& d : internal::FromDomains(f.RawValue())) from_domains_.push_back(std::move(d));
        }
        from_read = true;
      }
      SignatureResult r;
      r.field_index = i;
      if (results.size() >= kMaxSignatures) {
        r.result = AuthResult::kNeutral;
        r.reason = "not evaluated: more than " + std::to_string(kMaxSignatures) + " signatures";
      } else {
        VerifyOne(fields, i, body, r);
      }
      results.push_back(std::move(r));
    }
    return results;
  }

  Result<std::vector<SignatureResult>> VerifyBytes(std::string_view bytes) {
    std::string_view wire = bytes;
    if (NeedsNormalization(bytes)) {
      mime::internal::WireInfo info;
      normalized_ = mime::internal::NormalizeToWire(bytes, info);
      wire = normalized_;
    }
    mime::internal::HeaderSplit split;
    if (!mime::internal::SplitHeader(wire, mime::Limits{}.max_header_fields, split)) {
      return Fail(ErrorCode::kParse, "not a mail message (no header field on the first line)");
    }
    return VerifyFields(split.fields, wire.substr(split.body_begin));
  }

 private:
  static void Set(SignatureResult& r, AuthResult result, std::string reason) {
    r.result = result;
    r.reason = std::move(reason);
  }

  void VerifyOne(const std::vector<mime::HeaderField>& fields, size_t index, std::string_view body,
                 SignatureResult& r) {
    const mime::HeaderField& field = fields[index];
    std::string_view value = field.RawValue();
    Signature sig;
    auto parsed = internal::ParseSignature(value, sig);
    r.domain = sig.domain;
    r.selector = sig.selector;
    r.algorithm = sig.algorithm_name;
    r.b_prefix = sig.b_text.substr(0, 8);
    if (!parsed) {
      // RFC 8601 2.7.1: "neutral: the signature ... contained syntax errors or were not
      // otherwise able to be processed".
      Set(r, AuthResult::kNeutral, parsed.error().message);
      return;
    }
    r.identity = sig.identity;
    r.canonicalization =
        std::string(CanonicalizationName(sig.header_canon)) + "/" + std::string(CanonicalizationName(sig.body_canon));
    r.timestamp = sig.timestamp;
    r.expiration = sig.expiration;
    r.body_length = sig.body_length;

    // RFC 6376 6.1.1: an expired signature is PERMFAIL. A t= in the future only "MAY" be
    // ignored (3.5); real signers' clocks drift, so it is a finding instead (below).
    if (sig.expiration && now_ > *sig.expiration) {
      Set(r, AuthResult::kPermError, "signature expired (x=)");
      return;
    }

    const CachedKey* key = FetchKey(sig, r);
    if (key == nullptr) return;
    if (!CheckKey(sig, *key, r)) return;

    // Body hash (6.1.3), once per (canonicalization, hash, l=) in this message.
    const BodyHash& bh = BodyHashFor(sig, body);
    if (sig.body_length && *sig.body_length > bh.canonical_length) {
      Set(r, AuthResult::kFail, "l= is longer than the body");
      return;
    }
    if (bh.digest != sig.body_hash) {
      Set(r, AuthResult::kFail, "body hash mismatch");
      return;
    }

    // Header hash (3.7): the h= fields bottom-up, then this field with an empty b= value.
    header_data_.clear();
    for (const mime::HeaderField* f : internal::SelectSignedFields(fields, sig.signed_headers)) {
      if (f != nullptr) internal::CanonicalizeHeader(sig.header_canon, f->name, f->raw, header_data_);
    }
    size_t b_offset = static_cast<size_t>(value.data() - field.raw.data()) + sig.b_value_begin;
    std::string self = internal::RemoveTagValue(field.raw, b_offset, sig.b_value_size);
    internal::CanonicalizeHeader(sig.header_canon, field.name, self, header_data_);
    if (header_data_.ends_with("\r\n")) header_data_.resize(header_data_.size() - 2);  // 3.7: no final CRLF.
    HashAlgorithm hash = internal::HashOf(sig.algorithm);
    hasher_.Init(hash);
    hasher_.Append(header_data_);
    std::string digest = hasher_.Final();
    if (!key->checker->Verify(hash, digest, sig.signature)) {
      Set(r, AuthResult::kFail, "signature did not verify");
      return;
    }

    // RFC 8301: valid cryptography is still not acceptable with rsa-sha1 or a short RSA key.
    if (sig.algorithm == Algorithm::kRsaSha1) {
      Set(r, AuthResult::kPolicy, "rsa-sha1 is not acceptable (RFC 8301 3.1)");
    } else if (key->key->type() == KeyType::kRsa && key->key->bits() < kMinRsaBits) {
      Set(r, AuthResult::kPolicy,
          "RSA key of " + std::to_string(key->key->bits()) + " bits is too short (RFC 8301 3.2 requires 1024)");
    } else {
      Set(r, AuthResult::kPass, "signature verified");
    }
    internal::RiskInput risk{&sig, &key->record, bh.canonical_length, &fields, &from_domains_};
    r.findings = internal::RiskFindings(risk);
    if (sig.timestamp && *sig.timestamp > now_ + kClockSkewSeconds) {
      r.findings.push_back(Finding{
          "dkim.timestamp_in_future", Severity::kLow,
          "The signature claims to have been made " + std::to_string(*sig.timestamp - now_) +
              " seconds in the future (t=); the signer's clock is wrong or the time was forged.",
          "署名の作成時刻（t=）が " + std::to_string(*sig.timestamp - now_) +
              " 秒先の未来になっています。署名側の時計が狂っているか、時刻が偽装されています。"});
    }
  }

  // Looks up and parses the key record (6.1.2); sets r's result and returns nullptr on failure.
  const CachedKey* FetchKey(const Signature& sig, SignatureResult& r) {
    if (key_cache_.size() >= kMaxCachedKeys) key_cache_.clear();  // Before any reference is taken.
    std::string name = sig.selector + "._domainkey." + sig.domain;
    auto answer = resolver_.Lookup(name, dns::RrType::kTxt);
    if (!answer) {
      if (answer.error().code == ErrorCode::kDnsTempFail) {
        Set(r, AuthResult::kTempError, "key lookup failed temporarily: " + answer.error().message);
      } else {
        Set(r, AuthResult::kPermError, "key lookup failed: " + answer.error().message);
      }
      return nullptr;
    }
    r.dnssec = answer->dnssec;
    if (answer->status != dns::Status::kOk || answer->records.empty()) {
      Set(r, AuthResult::kPermError, "no key record at " + name);
      return nullptr;
    }
    // 3.6.2.2: several TXT records are not meaningful; take the first one that is a key record.
    const CachedKey* first = nullptr;
    for (const dns::Record& rec : answer->records) {
      const CachedKey& k = Parse(rec.data);
      if (first == nullptr) first = &k;
      if (k.error.empty()) return &k;
    }
    Set(r, AuthResult::kPermError, first->error);
    return nullptr;
  }

  const CachedKey& Parse(const std::string& txt) {
    auto it = key_cache_.find(txt);
    if (it != key_cache_.end()) return it->second;
    CachedKey k;
    auto rec = internal::ParseKeyRecord(txt);
    if (!rec) {
      k.error = rec.error().message;
    } else {
      k.record = std::move(*rec);
      if (!k.record.public_key.empty()) {
        auto key = PublicKey::FromKeyRecord(k.record.key_type, k.record.public_key);
        if (key) {
          k.key = std::move(*key);
          k.checker = std::make_unique<internal::KeyVerifier>(k.key);
        } else {
          k.error = "key record p= is not a usable key: " + key.error().message;
        }
      }
    }
    return key_cache_.emplace(txt, std::move(k)).first->second;
  }

  // The key-record rules of 3.6.1 and 6.1.2 that depend on the signature.
  static bool CheckKey(const Signature& sig, const CachedKey& key, SignatureResult& r) {
    const KeyRecord& rec = key.record;
    r.testing_key = rec.testing();
    if (rec.public_key.empty()) {
      Set(r, AuthResult::kPermError, "key revoked (empty p=)");
      return false;
    }
    r.key_bits = key.key->bits();
    if (rec.key_type != internal::KeyTypeOf(sig.algorithm)) {
      Set(r, AuthResult::kPermError, "key type k= does not match a=" + sig.algorithm_name);
      return false;
    }
    std::string_view hash = internal::HashOf(sig.algorithm) == HashAlgorithm::kSha1 ? "sha1" : "sha256";
    if (!rec.AllowsHash(hash)) {
      Set(r, AuthResult::kPermError, "key h= does not allow " + std::string(hash));
      return false;
    }
    if (!rec.AllowsEmail()) {
      Set(r, AuthResult::kPermError, "key s= does not allow email");
      return false;
    }
    if (rec.strict_identity() && sig.identity_domain != sig.domain) {
      Set(r, AuthResult::kPermError, "key t=s forbids an i= subdomain of d=");
      return false;
    }
    if (key.key->type() == KeyType::kRsa && key.key->bits() > kMaxRsaBits) {
      Set(r, AuthResult::kPermError, "RSA key longer than " + std::to_string(kMaxRsaBits) + " bits");
      return false;
    }
    return true;
  }

  const BodyHash& BodyHashFor(const Signature& sig, std::string_view body) {
    HashAlgorithm hash = internal::HashOf(sig.algorithm);
    for (const BodyHash& b : body_hashes_) {
      if (b.canon == sig.body_canon && b.hash == hash && b.limit == sig.body_length) return b;
    }
    hasher_.Init(hash);
    uint64_t length = internal::CanonicalizeBody(sig.body_canon, body, sig.body_length, hasher_);
    body_hashes_.push_back(BodyHash{sig.body_canon, hash, sig.body_length, hasher_.Final(), length});
    return body_hashes_.back();
  }

  dns::Resolver& resolver_;
  VerifyOptions options_;
  int64_t now_ = 0;
  internal::Hasher hasher_;
  std::unordered_map<std::string, CachedKey> key_cache_;
  std::vector<BodyHash> body_hashes_;
  std::vector<std::string> from_domains_;
  std::string header_data_;
  std::string normalized_;
};

Verifier::Verifier(dns::Resolver& resolver, VerifyOptions options)
    : impl_(std::make_unique<Impl>(resolver, options)) {}
Verifier::~Verifier() = default;

std::vector<SignatureResult> Verifier::Verify(const mime::Message& message) {
  return impl_->VerifyFields(message.fields(), message.body());
}

Result<std::vector<SignatureResult>> Verifier::VerifyBytes(std::string_view bytes) {
  return impl_->VerifyBytes(bytes);
}

std::vector<SignatureResult> VerifyAll(const mime::Message& message, dns::Resolver& resolver,
                                       const VerifyOptions& options) {
  Verifier verifier(resolver, options);
  return verifier.Verify(message);
}

std::string FormatAuthResults(const SignatureResult& r) {
  std::string out = "dkim=" + std::string(AuthResultName(r.result));
  if (!r.domain.empty()) out += " header.d=" + r.domain;
  if (!r.selector.empty()) out += " header.s=" + r.selector;
  if (!r.algorithm.empty()) out += " header.a=" + r.algorithm;
  if (!r.reason.empty()) out += " (" + r.reason + ")";
  return out;
}

}  // namespace kakunin::dkim
