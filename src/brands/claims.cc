// Finding the brands a message claims to be. Reads the From display name and address, the
// Subject and each text part (HTML reduced to its words), all attacker-controlled; each text is
// folded once (bounded by kMaxClaimTextBytes) and every brand name is searched in it.
#include <algorithm>
#include <map>
#include <utility>

#include "brands/folded_text.h"
#include "brands/html_text.h"
#include "brands/registry_impl.h"

namespace kakunin::brands {
namespace {

using internal::FoldedText;

bool InScope(NameScope scope, ClaimSource source) {
  switch (scope) {
    case NameScope::kAnywhere: return true;
    case NameScope::kHeader: return source != ClaimSource::kBody;
    case NameScope::kExactDisplayName: return false;  // Handled by ExactDisplayName.
  }
  return false;
}

double StrengthOf(ClaimSource source, int occurrences) {
  switch (source) {
    case ClaimSource::kFromDisplayName: return kStrengthDisplayName;
    case ClaimSource::kFromAddress: return kStrengthNameInAddress;
    case ClaimSource::kSubject: return kStrengthSubject;
    case ClaimSource::kBody: return occurrences >= 3 ? kStrengthBodyRepeated : kStrengthBody;
  }
  return kStrengthBody;
}

// Claims for one source, keyed by brand index; the first match is quoted, later ones counted.
class Collector {
 public:
  void Add(size_t brand, ClaimSource source, std::string matched, std::string name) {
    auto [it, inserted] = claims_.try_emplace({brand, source});
    if (inserted) {
      it->second.source = source;
      it->second.matched = std::move(matched);
      it->second.name = std::move(name);
      it->second.occurrences = 1;
    } else {
      ++it->second.occurrences;
    }
  }
  // Records a claim that outranks any name match in the same source (the From domain).
  void Set(size_t brand, ClaimSource source, BrandClaim claim) { claims_[{brand, source}] = std::move(claim); }
  bool Has(size_t brand, ClaimSource source) const { return claims_.count({brand, source}) != 0; }

  std::vector<BrandClaim> Finish(const BrandRegistry::Impl& impl) {
    std::vector<BrandClaim> out;
    for (auto& [key, claim] : claims_) {
      claim.brand_id = impl.brands[key.first].id;
      if (claim.strength == 0.0) claim.strength = StrengthOf(claim.source, claim.occurrences);
      out.push_back(std::move(claim));
    }
    std::stable_sort(out.begin(), out.end(), [](const BrandClaim& a, const BrandClaim& b) {
      if (a.strength != b.strength) return a.strength > b.strength;
      return a.source < b.source;
    });
    return out;
  }

 private:
  std::map<std::pair<size_t, ClaimSource>, BrandClaim> claims_;
};

void MatchNames(const BrandRegistry::Impl& impl, std::string_view input, const FoldedText& text,
                ClaimSource source, Collector* out) {
  for (size_t b = 0; b < impl.compiled.size(); ++b) {
    const CompiledBrand& brand = impl.compiled[b];
    std::vector<std::pair<size_t, size_t>> excluded;
    bool excluded_known = false;
    for (const CompiledName& name : brand.names) {
      if (!InScope(name.scope, source)) continue;
      internal::ForEachMatch(text, name.pattern, [&](size_t from, size_t to) {
        if (!excluded_known) {  // Phrases that are no claim, found once per brand and text.
          for (const internal::Pattern& p : brand.not_claims) {
            internal::ForEachMatch(text, p, [&](size_t f, size_t t) { excluded.emplace_back(f, t); });
          }
          excluded_known = true;
        }
        for (const auto& [f, t] : excluded) {
          if (f <= from && to <= t) return;
        }
        out->Add(b, source, std::string(text.Source(input, from, to)), name.text);
      });
    }
  }
}

// Lookalike spellings in a short header text, for brands not already claimed there by name.
void MatchLookalikes(const BrandRegistry::Impl& impl, std::string_view input, ClaimSource source, Collector* out) {
  constexpr size_t kMaxQuotedBytes = 200;
  std::optional<internal::Skeletons> text;
  for (size_t b = 0; b < impl.compiled.size(); ++b) {
    if (out->Has(b, source)) continue;
    const CompiledBrand& brand = impl.compiled[b];
    for (const CompiledName& name : brand.names) {
      if (!name.skeleton || !InScope(name.scope, source)) continue;
      if (!text) text = internal::SkeletonsOf(input);
      if (!internal::SkeletonContains(*text, *name.skeleton)) continue;
      bool excluded = false;
      for (const internal::Skeletons& n : brand.not_claim_skeletons) {
        excluded = excluded || internal::SkeletonContains(*text, n);
      }
      if (excluded) break;
      BrandClaim claim;
      claim.source = source;
      claim.matched = std::string(input.substr(0, kMaxQuotedBytes));
      claim.name = name.text;
      claim.strength = StrengthOf(source, 1);
      claim.lookalike = true;
      out->Set(b, source, std::move(claim));
      break;
    }
  }
}

void MatchExactDisplayName(const BrandRegistry::Impl& impl, const std::string& display, const FoldedText& text,
                           Collector* out) {
  for (size_t b = 0; b < impl.compiled.size(); ++b) {
    for (const CompiledName& name : impl.compiled[b].names) {
      if (name.scope != NameScope::kExactDisplayName || name.pattern.text.empty()) continue;
      const std::u32string& whole = name.pattern.case_sensitive ? text.exact : text.folded;
      if (whole == name.pattern.text) out->Add(b, ClaimSource::kFromDisplayName, display, name.text);
    }
  }
}

void MatchFrom(const BrandRegistry& registry, const BrandRegistry::Impl& impl, const mime::Mailbox& from,
               Collector* out) {
  if (!from.display_name.empty()) {
    FoldedText text = internal::Fold(from.display_name, kMaxClaimTextBytes);
    MatchNames(impl, from.display_name, text, ClaimSource::kFromDisplayName, out);
    MatchExactDisplayName(impl, from.display_name, text, out);
    MatchLookalikes(impl, from.display_name, ClaimSource::kFromDisplayName, out);
  }
  if (from.address.empty()) return;
  std::string domain = from.Domain();
  auto m = registry.MatchDomain(domain);
  // On a mailbox or hosting domain only the local part is the sender's choice: "taro@gmail.com"
  // claims nothing, "amazon-support@gmail.com" claims Amazon.
  std::string_view searched = from.address;
  if (m && (m->role == DomainRole::kMailbox || m->role == DomainRole::kUserContent)) {
    searched = searched.substr(0, searched.rfind('@'));
  }
  FoldedText text = internal::Fold(searched, kMaxClaimTextBytes);
  MatchNames(impl, searched, text, ClaimSource::kFromAddress, out);
  if (m && (m->role == DomainRole::kMail || m->role == DomainRole::kLink)) {
    BrandClaim claim;
    claim.source = ClaimSource::kFromAddress;
    claim.matched = domain;
    claim.name = m->matched;
    claim.strength = kStrengthOwnFromDomain;
    size_t index = static_cast<size_t>(m->brand - impl.brands.data());
    out->Set(index, ClaimSource::kFromAddress, std::move(claim));
  }
}

}  // namespace

std::vector<BrandClaim> BrandRegistry::ClaimsOf(const mime::Message& message) const {
  const Impl& impl = *impl_;
  Collector out;
  for (const mime::Mailbox& from : message.from()) MatchFrom(*this, impl, from, &out);
  if (!message.subject().empty()) {
    FoldedText text = internal::Fold(message.subject(), kMaxClaimTextBytes);
    MatchNames(impl, message.subject(), text, ClaimSource::kSubject, &out);
    MatchLookalikes(impl, message.subject(), ClaimSource::kSubject, &out);
  }
  for (const mime::TextBody& body : message.texts()) {
    std::string html_text;
    std::string_view input = body.text;
    if (body.is_html) {
      html_text = internal::HtmlToText(body.text.substr(0, std::min(body.text.size(), 4 * kMaxClaimTextBytes)));
      input = html_text;
    }
    FoldedText text = internal::Fold(input, kMaxClaimTextBytes);
    MatchNames(impl, input, text, ClaimSource::kBody, &out);
  }
  return out.Finish(impl);
}

std::optional<std::string> PrimaryBrand(const std::vector<BrandClaim>& claims, double min_strength) {
  struct Tally {
    double best = 0.0;
    int places = 0;
    int occurrences = 0;
    size_t first = 0;
  };
  std::map<std::string, Tally> tally;
  for (size_t i = 0; i < claims.size(); ++i) {
    const BrandClaim& c = claims[i];
    auto [it, inserted] = tally.try_emplace(c.brand_id);
    if (inserted) it->second.first = i;
    it->second.best = std::max(it->second.best, c.strength);
    it->second.places += 1;
    it->second.occurrences += c.occurrences;
  }
  const std::string* winner = nullptr;
  const Tally* w = nullptr;
  for (const auto& [id, t] : tally) {
    if (t.best < min_strength) continue;
    bool better = w == nullptr || t.best > w->best ||
                  (t.best == w->best && (t.places > w->places ||
                                         (t.places == w->places && (t.occurrences > w->occurrences ||
                                                                    (t.occurrences == w->occurrences && t.first < w->first)))));
    if (better) {
      winner = &id;
      w = &t;
    }
  }
  if (winner == nullptr) return std::nullopt;
  return *winner;
}

std::vector<BrandClaim> BrandRegistry::ClaimsInText(std::string_view utf8, ClaimSource source) const {
  Collector out;
  FoldedText text = internal::Fold(utf8, kMaxClaimTextBytes);
  MatchNames(*impl_, utf8, text, source, &out);
  if (source == ClaimSource::kFromDisplayName) MatchExactDisplayName(*impl_, std::string(utf8), text, &out);
  if (source == ClaimSource::kFromDisplayName || source == ClaimSource::kSubject) {
    MatchLookalikes(*impl_, utf8, source, &out);
  }
  return out.Finish(*impl_);
}

}  // namespace kakunin::brands
