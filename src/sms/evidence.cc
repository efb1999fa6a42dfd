#include <algorithm>
#include <set>

#include "kakunin/links.h"
#include "sms/claims.h"
#include "sms/policy.h"

namespace kakunin::sms::internal {
namespace {

// Findings that mean a link deceives the reader about where it goes (the same set as inspect's
// evidence stage; link.display_mismatch cannot occur in plain text).
bool IsDeceptive(const links::LinkFinding& f) {
  static const std::set<std::string, std::less<>> kIds = {
      "link.userinfo",         "link.confusable", "link.ip_host",       "link.punycode_mixed_script",
      "link.brand_in_subdomain", "link.lookalike", "link.brand_in_domain"};
  if (kIds.count(f.finding.id)) return true;
  return (f.finding.id == "link.non_http" || f.finding.id == "link.redirect") && f.finding.severity == Severity::kHigh;
}

}  // namespace

Evidence GatherEvidence(const Report& report, const brands::BrandRegistry& registry) {
  Evidence e;
  if (const Claim* c = PrimaryClaim(report.claims)) {
    e.brand_id = c->brand_id;
    e.claimed = c->where != ClaimWhere::kLink;
    e.strong_claim = c->where == ClaimWhere::kSender || c->where == ClaimWhere::kHeading || c->lookalike;
    e.lookalike = c->lookalike;
    e.claim_text = c->matched;
    e.claim_where = c->where;
  }
  std::set<std::string> off, shortened;
  for (const auto& l : report.links) {
    std::string imitated;
    for (const auto& f : l.findings) {
      if (!IsDeceptive(f)) continue;
      e.deceptive_links.push_back(Reason{f.finding.id, f.finding.message_en + " [" + l.link.href + "]",
                                         f.finding.message_ja + " [" + l.link.href + "]"});
      if (imitated.empty()) imitated = ImitatedBrand(registry, l);
    }
    // A link that imitates a brand speaks for it when the text names none.
    if (e.brand_id.empty() && !imitated.empty()) {
      e.brand_id = imitated;
      e.claim_text = l.host;
      e.claim_where = ClaimWhere::kLink;
    }
  }
  if (const brands::Brand* b = registry.FindById(e.brand_id)) {
    e.brand_name = b->name_en;
    e.brand_name_ja = b->name_ja.empty() ? b->name_en : b->name_ja;
  }
  for (const auto& l : report.links) {
    if ((l.scheme != "http" && l.scheme != "https") || l.host.empty()) continue;
    std::optional<brands::DomainMatch> owner = registry.MatchDomain(l.host);
    const bool brand_site = owner && owner->brand != nullptr &&
                            (owner->role == brands::DomainRole::kMail || owner->role == brands::DomainRole::kLink);
    if (brand_site && owner->brand->id == e.brand_id) {
      ++e.own_links;
    } else if (brand_site) {
      ++e.other_links;
    } else if (links::IsShortener(l.registrable_domain)) {
      shortened.insert(l.host);
    } else {
      // Unknown sites, IP addresses, and hosts where anyone can publish (a brand's own
      // user-content domain, such as amazonaws.com, proves nothing about the brand).
      off.insert(l.host);
    }
  }
  e.off_brand_hosts.assign(off.begin(), off.end());
  e.shortened_hosts.assign(shortened.begin(), shortened.end());

  using triage::NoticeKind;
  e.kind = report.notice.kind;
  e.lure = e.kind == NoticeKind::kAccountLockedLure || e.kind == NoticeKind::kPaymentProblemLure ||
           e.kind == NoticeKind::kDeliveryProblemLure || e.kind == NoticeKind::kPrizeLure;
  e.code_notice = e.kind == NoticeKind::kSignInCode || e.kind == NoticeKind::kEmailVerification ||
                  e.kind == NoticeKind::kPasswordReset;
  e.account_notice = e.kind == NoticeKind::kSignInAlert || e.kind == NoticeKind::kAccountChange;
  e.requests = report.requests;
  return e;
}

}  // namespace kakunin::sms::internal
