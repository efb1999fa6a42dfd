// ARC chain validation (RFC 8617 5.2). Fields are attacker-controlled; the work is bounded by
// kMaxInstances sets (one AMS and one AS check each) and one key lookup per distinct selector.
#include <map>

#include "arc/arc_set.h"
#include "arc/keys.h"
#include "base/strings.h"
#include "dkim/canonicalize.h"
#include "dkim/crypto.h"
#include "kakunin/arc.h"
#include "kakunin/dkim.h"

namespace kakunin::arc {
namespace {

using dkim::Canonicalization;
using internal::ArcResults;
using internal::ArcSignature;

struct Instance {
  std::vector<const mime::HeaderField*> aar, ams, as;
};

ChainResult Failed(ChainResult r, std::string reason) {
  r.status = ChainStatus::kFail;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

namespace internal {

bool VerifyAms(const ArcSignature& sig, const mime::Message& message, KeyCache& keys, std::string& why) {
  auto key = keys.Get(sig.selector, sig.domain);
  if (!key) {
    why = key.error().message;
    return false;
  }
  dkim::internal::Hasher hasher;
  hasher.Init(dkim::internal::HashAlgorithm::kSha256);
  dkim::internal::CanonicalizeBody(sig.body_relaxed ? Canonicalization::kRelaxed : Canonicalization::kSimple,
                                   message.body(), std::nullopt, hasher);
  if (hasher.Final() != sig.body_hash) {
    why = "body hash mismatch";
    return false;
  }
  Canonicalization hc = sig.header_relaxed ? Canonicalization::kRelaxed : Canonicalization::kSimple;
  std::string data;
  for (const mime::HeaderField* f : dkim::internal::SelectSignedFields(message.fields(), sig.signed_headers)) {
    if (f != nullptr) dkim::internal::CanonicalizeHeader(hc, f->name, f->raw, data);
  }
  std::string self = dkim::internal::RemoveTagValue(sig.field->raw, sig.b_offset, sig.b_size);
  dkim::internal::CanonicalizeHeader(hc, sig.field->name, self, data);
  if (data.ends_with("\r\n")) data.resize(data.size() - 2);
  std::string digest = dkim::internal::Digest(dkim::internal::HashAlgorithm::kSha256, data);
  if (!(*key)->Verify(dkim::internal::HashAlgorithm::kSha256, digest, sig.signature)) {
    why = "signature did not verify";
    return false;
  }
  return true;
}

std::string SealedData(const std::vector<const mime::HeaderField*>& aar, const std::vector<const mime::HeaderField*>& ams,
                       const std::vector<const mime::HeaderField*>& as, int upto, const std::string& last_seal_raw) {
  // RFC 8617 5.1.1: for each instance 1..i, its AAR, AMS and AS, relaxed; the newest AS with an
  // empty b= and no final CRLF.
  std::string data;
  for (int j = 1; j <= upto; ++j) {
    size_t k = static_cast<size_t>(j - 1);
    dkim::internal::CanonicalizeHeader(Canonicalization::kRelaxed, aar[k]->name, aar[k]->raw, data);
    dkim::internal::CanonicalizeHeader(Canonicalization::kRelaxed, ams[k]->name, ams[k]->raw, data);
    if (j < upto) {
      dkim::internal::CanonicalizeHeader(Canonicalization::kRelaxed, as[k]->name, as[k]->raw, data);
    } else {
      dkim::internal::CanonicalizeHeader(Canonicalization::kRelaxed, as[k]->name, last_seal_raw, data);
    }
  }
  if (data.ends_with("\r\n")) data.resize(data.size() - 2);
  return data;
}

}  // namespace internal

std::string_view ChainStatusName(ChainStatus status) {
  switch (status) {
    case ChainStatus::kNone: return "none";
    case ChainStatus::kPass: return "pass";
    case ChainStatus::kFail: return "fail";
  }
  return "none";
}

ChainResult Validate(const mime::Message& message, dns::Resolver& resolver, const ValidateOptions& /*options*/) {
  ChainResult r;
  std::map<int, Instance> sets;
  for (const auto& f : message.fields()) {
    bool aar = base::EqualsIgnoreCase(f.name, "ARC-Authentication-Results");
    bool ams = base::EqualsIgnoreCase(f.name, "ARC-Message-Signature");
    bool as = base::EqualsIgnoreCase(f.name, "ARC-Seal");
    if (!aar && !ams && !as) continue;
    auto i = internal::InstanceOf(f);
    if (!i) return Failed(r, std::string(f.name) + " has no valid instance (i=1..50)");
    Instance& slot = sets[*i];
    (aar ? slot.aar : ams ? slot.ams : slot.as).push_back(&f);
  }
  if (sets.empty()) {
    r.reason = "no ARC header fields";
    return r;
  }
  r.instances = sets.rbegin()->first;
  std::vector<const mime::HeaderField*> aar, ams, as;
  for (int i = 1; i <= r.instances; ++i) {
    auto it = sets.find(i);
    if (it == sets.end()) return Failed(r, "instance " + std::to_string(i) + " is missing");
    const Instance& in = it->second;
    if (in.aar.size() != 1 || in.ams.size() != 1 || in.as.size() != 1) {
      return Failed(r, "instance " + std::to_string(i) + " has " + std::to_string(in.aar.size()) + " AAR, " +
                           std::to_string(in.ams.size()) + " AMS, " + std::to_string(in.as.size()) +
                           " AS (RFC 8617 4.2.1 wants exactly one each)");
    }
    aar.push_back(in.aar[0]);
    ams.push_back(in.ams[0]);
    as.push_back(in.as[0]);
  }

  std::vector<ArcSignature> msigs, seals;
  for (int i = 1; i <= r.instances; ++i) {
    size_t k = static_cast<size_t>(i - 1);
    Hop hop;
    hop.instance = i;
    auto results = internal::ParseResults(*aar[k]);
    auto msig = internal::ParseMessageSignature(*ams[k]);
    auto seal = internal::ParseSeal(*as[k]);
    if (results) {
      hop.authserv_id = results->authserv_id;
      hop.claimed = results->claimed;
    }
    if (msig) {
      hop.ams_domain = msig->domain;
      hop.ams_selector = msig->selector;
    }
    if (seal) {
      hop.seal_domain = seal->domain;
      hop.seal_selector = seal->selector;
      hop.cv = seal->cv;
    }
    r.hops.push_back(hop);
    if (!results) return Failed(r, "instance " + std::to_string(i) + ": " + results.error().message);
    if (!msig) return Failed(r, "instance " + std::to_string(i) + ": " + msig.error().message);
    if (!seal) return Failed(r, "instance " + std::to_string(i) + ": " + seal.error().message);
    msigs.push_back(std::move(*msig));
    seals.push_back(std::move(*seal));
  }

  // 5.2 step 2-3: cv= states.
  if (seals.back().cv == "fail") return Failed(r, "the newest ARC-Seal records cv=fail");
  for (int i = 1; i <= r.instances; ++i) {
    const std::string& cv = seals[static_cast<size_t>(i - 1)].cv;
    if (i == 1 && cv != "none") return Failed(r, "ARC-Seal i=1 has cv=" + cv + " (must be none)");
    if (i > 1 && cv != "pass") return Failed(r, "ARC-Seal i=" + std::to_string(i) + " has cv=" + cv + " (must be pass)");
  }

  internal::KeyCache keys(resolver);
  // 5.2 step 4: the newest AMS.
  size_t newest = static_cast<size_t>(r.instances - 1);
  std::string why;
  r.hops[newest].ams_checked = true;
  r.hops[newest].ams_valid = internal::VerifyAms(msigs[newest], message, keys, why);
  if (!r.hops[newest].ams_valid) {
    return Failed(r, "ARC-Message-Signature i=" + std::to_string(r.instances) + ": " + why);
  }
  // 5.2 step 5: every seal, newest first.
  for (int i = r.instances; i >= 1; --i) {
    size_t k = static_cast<size_t>(i - 1);
    const ArcSignature& seal = seals[k];
    auto key = keys.Get(seal.selector, seal.domain);
    r.hops[k].seal_checked = true;
    if (!key) return Failed(r, "ARC-Seal i=" + std::to_string(i) + ": " + key.error().message);
    std::string self = dkim::internal::RemoveTagValue(seal.field->raw, seal.b_offset, seal.b_size);
    std::string data = internal::SealedData(aar, ams, as, i, self);
    std::string digest = dkim::internal::Digest(dkim::internal::HashAlgorithm::kSha256, data);
    r.hops[k].seal_valid = (*key)->Verify(dkim::internal::HashAlgorithm::kSha256, digest, seal.signature);
    if (!r.hops[k].seal_valid) return Failed(r, "ARC-Seal i=" + std::to_string(i) + ": signature did not verify");
  }
  // 5.2 step 6: oldest-pass, walking down while older AMS still verify.
  r.oldest_pass = r.instances;
  for (int i = r.instances - 1; i >= 1; --i) {
    size_t k = static_cast<size_t>(i - 1);
    r.hops[k].ams_checked = true;
    r.hops[k].ams_valid = internal::VerifyAms(msigs[k], message, keys, why);
    if (!r.hops[k].ams_valid) break;
    r.oldest_pass = i;
  }
  r.status = ChainStatus::kPass;
  r.reason = "chain of " + std::to_string(r.instances) + " ARC set(s) verified; oldest-pass=" +
             std::to_string(r.oldest_pass);
  return r;
}

}  // namespace kakunin::arc
