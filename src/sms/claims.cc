#include "sms/claims.h"

#include <algorithm>
#include <map>

#include "sms/text.h"

namespace kakunin::sms::internal {
namespace {

// Adds `found` in the order a reader meets them: the brand named most often first (when
// `by_count`), then the one named first in `searched`.
void AddFrom(const std::vector<brands::BrandClaim>& found, std::string_view searched, ClaimWhere where, bool by_count,
             std::vector<Claim>* out) {
  std::map<std::string, int> count;
  for (const auto& c : found) count[c.brand_id] += c.occurrences;
  std::vector<const brands::BrandClaim*> sorted;
  sorted.reserve(found.size());
  for (const auto& c : found) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(), [&](const brands::BrandClaim* a, const brands::BrandClaim* b) {
    if (by_count && count[a->brand_id] != count[b->brand_id]) return count[a->brand_id] > count[b->brand_id];
    return searched.find(a->matched) < searched.find(b->matched);
  });
  for (const auto* c : sorted) out->push_back(Claim{c->brand_id, where, c->matched, c->lookalike});
}

}  // namespace

std::vector<Claim> FindClaims(const brands::BrandRegistry& registry, const Sender& sender, std::string_view text,
                              const std::vector<links::AnalyzedLink>& links) {
  std::vector<Claim> out;
  if (sender.kind == SenderKind::kAlphanumeric) {
    // A sender ID is where a mail has its display name: the same names, the same look-alikes.
    AddFrom(registry.ClaimsInText(sender.raw, brands::ClaimSource::kFromDisplayName), sender.raw,
            ClaimWhere::kSender, false, &out);
  }
  std::string_view heading = FirstLine(text, kHeadingChars);
  AddFrom(registry.ClaimsInText(heading, brands::ClaimSource::kSubject), heading, ClaimWhere::kHeading, false, &out);
  AddFrom(registry.ClaimsInText(text, brands::ClaimSource::kBody), text, ClaimWhere::kText, true, &out);
  for (const auto& l : links) {
    if (l.host.empty()) continue;
    const brands::Brand* b = registry.FindByDomain(l.host);
    if (b == nullptr) continue;
    bool known = std::any_of(out.begin(), out.end(), [&](const Claim& c) {
      return c.brand_id == b->id && c.where == ClaimWhere::kLink;
    });
    if (!known) out.push_back(Claim{b->id, ClaimWhere::kLink, l.host, false});
  }
  return out;
}

const Claim* PrimaryClaim(const std::vector<Claim>& claims) {
  for (const auto& c : claims) {
    if (c.lookalike) return &c;
  }
  // `claims` is in ClaimWhere order.
  return claims.empty() ? nullptr : &claims.front();
}

std::string ImitatedBrand(const brands::BrandRegistry& registry, const links::AnalyzedLink& link) {
  for (const auto& f : link.findings) {
    const std::string& id = f.finding.id;
    if (id != "link.confusable" && id != "link.lookalike" && id != "link.brand_in_domain" &&
        id != "link.brand_in_subdomain") {
      continue;
    }
    // links::BrandList is built from the registry's English names, and its findings say
    // "... not Amazon's." / "... starts with Sagawa Express's name ...".
    for (const auto& b : registry.brands()) {
      if (!b.name_en.empty() && f.finding.message_en.find(" " + b.name_en + "'s") != std::string::npos) return b.id;
    }
  }
  return "";
}

}  // namespace kakunin::sms::internal
