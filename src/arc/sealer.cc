// ARC sealing (RFC 8617 5.1): a new AAR, AMS and AS on top of the existing chain, in the tag order
// and spacing of the ValiMail suite's normal form (tags sorted, one space after ';').
#include <ctime>

#include "arc/arc_set.h"
#include "arc/keys.h"
#include "base/strings.h"
#include "dkim/base64.h"
#include "dkim/canonicalize.h"
#include "dkim/crypto.h"
#include "kakunin/arc.h"
#include "kakunin/authres.h"

namespace kakunin::arc {

struct Sealer::Key {
  std::shared_ptr<const dkim::internal::PrivateKey> key;
};

namespace {

using dkim::Canonicalization;
using dkim::internal::HashAlgorithm;

constexpr const char* kDefaultSignedHeaders[] = {"from", "to", "subject", "date", "message-id"};

// A header field as mime::HeaderField would hold it, for fields we create.
struct OwnedField {
  std::string name;
  std::string raw;  // "Name: value\r\n"
  mime::HeaderField View() const { return mime::HeaderField{name, raw}; }
};

OwnedField MakeField(std::string name, const std::string& value) {
  OwnedField f;
  f.raw = name + ": " + value + "\r\n";
  f.name = std::move(name);
  return f;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

}  // namespace

Sealer::Sealer(std::shared_ptr<const Key> key, SealOptions options) : key_(std::move(key)), options_(std::move(options)) {}

Result<Sealer> Sealer::Create(std::string_view private_key_pem, SealOptions options) {
  if (options.domain.empty() || options.selector.empty() || options.authserv_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "ARC sealing needs a domain, a selector and an authserv-id");
  }
  auto key = dkim::internal::PrivateKey::Load(private_key_pem);
  if (!key) return Fail(ErrorCode::kInvalidArgument, "ARC key: " + key.error().message);
  if ((*key)->type() != dkim::KeyType::kRsa) {
    return Fail(ErrorCode::kInvalidArgument, "ARC signs with rsa-sha256 only (RFC 8617 4.1.2)");
  }
  options.domain = base::ToLower(options.domain);
  options.selector = base::ToLower(options.selector);
  if (options.signed_headers.empty()) {
    for (const char* h : kDefaultSignedHeaders) options.signed_headers.emplace_back(h);
  }
  for (auto& h : options.signed_headers) h = base::ToLower(h);
  auto k = std::make_shared<Key>();
  k->key = std::move(*key);
  return Sealer(std::move(k), std::move(options));
}

Result<ArcSet> Sealer::Seal(const mime::Message& message, dns::Resolver& resolver) const {
  ChainResult chain = Validate(message, resolver);
  if (chain.instances >= kMaxInstances) return Fail(ErrorCode::kLimitExceeded, "the chain already has 50 ARC sets");
  // RFC 8617 5.1.2: once a sealer recorded cv=fail, nobody adds further sets.
  if (!chain.hops.empty() && chain.hops.back().cv == "fail") {
    return Fail(ErrorCode::kInvalidArgument, "the newest ARC set already records cv=fail; no set is added");
  }
  ArcSet set;
  set.instance = chain.instances + 1;
  set.cv = chain.instances == 0 ? ChainStatus::kNone : chain.status == ChainStatus::kPass ? ChainStatus::kPass
                                                                                         : ChainStatus::kFail;
  std::string i = std::to_string(set.instance);
  int64_t t = options_.timestamp != 0 ? options_.timestamp : static_cast<int64_t>(std::time(nullptr));

  // AAR: every Authentication-Results with our authserv-id, results in order, one per line.
  std::vector<std::string> results;
  for (const mime::HeaderField* f : message.FindAll("Authentication-Results")) {
    auto parsed = authres::Parse(f->RawValue());
    if (!parsed || parsed->authserv_id != base::ToLower(options_.authserv_id)) continue;
    for (auto& r : authres::ResultTexts(f->RawValue())) results.push_back(std::move(r));
  }
  std::string aar_value = "i=" + i + "; " + options_.authserv_id;
  aar_value += results.empty() ? "; none" : ";\r\n  " + Join(results, ";\r\n  ");
  OwnedField aar = MakeField("ARC-Authentication-Results", aar_value);

  // AMS over the signed headers (the new AAR counts as the newest field) and the body.
  std::vector<mime::HeaderField> fields;
  fields.push_back(aar.View());
  fields.insert(fields.end(), message.fields().begin(), message.fields().end());
  const std::vector<std::string>& h = options_.signed_headers;
  dkim::internal::Hasher body_hasher;
  body_hasher.Init(HashAlgorithm::kSha256);
  dkim::internal::CanonicalizeBody(Canonicalization::kRelaxed, message.body(), std::nullopt, body_hasher);
  std::string bh = dkim::internal::Base64Encode(body_hasher.Final());
  std::string ams_tags_before_b = "a=rsa-sha256; b=";
  std::string ams_tags_after_b = "; bh=" + bh + "; c=relaxed/relaxed; d=" + options_.domain + "; h=" + Join(h, ":") +
                                 "; i=" + i + "; s=" + options_.selector + "; t=" + std::to_string(t);
  OwnedField ams_unsigned = MakeField("ARC-Message-Signature", ams_tags_before_b + ams_tags_after_b);
  std::string data;
  for (const mime::HeaderField* f : dkim::internal::SelectSignedFields(fields, h)) {
    if (f != nullptr) dkim::internal::CanonicalizeHeader(Canonicalization::kRelaxed, f->name, f->raw, data);
  }
  dkim::internal::CanonicalizeHeader(Canonicalization::kRelaxed, ams_unsigned.name, ams_unsigned.raw, data);
  if (data.ends_with("\r\n")) data.resize(data.size() - 2);
  auto ams_sig = key_->key->Sign(HashAlgorithm::kSha256, dkim::internal::Digest(HashAlgorithm::kSha256, data));
  if (!ams_sig) return tl::unexpected(ams_sig.error());
  OwnedField ams = MakeField("ARC-Message-Signature",
                             ams_tags_before_b + dkim::internal::Base64Encode(*ams_sig) + ams_tags_after_b);

  // AS over every set, old ones as they are and ours with an empty b=.
  std::vector<const mime::HeaderField*> aars, amss, ass;
  for (int j = 1; j <= chain.instances; ++j) {
    for (const auto& f : message.fields()) {
      if (internal::InstanceOf(f) != j) continue;
      if (base::EqualsIgnoreCase(f.name, "ARC-Authentication-Results")) aars.push_back(&f);
      if (base::EqualsIgnoreCase(f.name, "ARC-Message-Signature")) amss.push_back(&f);
      if (base::EqualsIgnoreCase(f.name, "ARC-Seal")) ass.push_back(&f);
    }
  }
  if (set.cv == ChainStatus::kFail || aars.size() != static_cast<size_t>(chain.instances) ||
      amss.size() != aars.size() || ass.size() != aars.size()) {
    // RFC 8617 5.1.1: with cv=fail the seal covers only the set being added (the rest is broken).
    aars.clear();
    amss.clear();
    ass.clear();
  }
  std::string cv(ChainStatusName(set.cv));
  std::string as_after_b = "; cv=" + cv + "; d=" + options_.domain + "; i=" + i + "; s=" + options_.selector +
                           "; t=" + std::to_string(t);
  OwnedField as_unsigned = MakeField("ARC-Seal", "a=rsa-sha256; b=" + as_after_b);
  mime::HeaderField aar_view = aar.View(), ams_view = ams.View(), as_view = as_unsigned.View();
  aars.push_back(&aar_view);
  amss.push_back(&ams_view);
  ass.push_back(&as_view);
  std::string seal_data = internal::SealedData(aars, amss, ass, static_cast<int>(aars.size()), as_unsigned.raw);
  auto as_sig = key_->key->Sign(HashAlgorithm::kSha256, dkim::internal::Digest(HashAlgorithm::kSha256, seal_data));
  if (!as_sig) return tl::unexpected(as_sig.error());

  set.authentication_results = aar.raw.substr(0, aar.raw.size() - 2);
  set.message_signature = ams.raw.substr(0, ams.raw.size() - 2);
  set.seal = "ARC-Seal: a=rsa-sha256; b=" + dkim::internal::Base64Encode(*as_sig) + as_after_b;
  return set;
}

}  // namespace kakunin::arc
