#include "inspect/evidence.h"

#include <algorithm>
#include <set>

namespace kakunin::inspect {
namespace {

// Findings that mean a link deceives the reader about where it goes.
bool IsDeceptive(const links::LinkFinding& f) {
  static const std::set<std::string, std::less<>> kIds = {
      "link.display_mismatch", "link.userinfo",          "link.confusable",        "link.ip_host",
      "link.form_password",    "link.punycode_mixed_script", "link.brand_in_subdomain", "link.lookalike",
      "link.brand_in_domain",  "link.meta_refresh"};
  if (kIds.count(f.finding.id)) return true;
  // javascript:/data: links and open redirects through a brand's own domain are rated high.
  return (f.finding.id == "link.non_http" || f.finding.id == "link.redirect") && f.finding.severity == Severity::kHigh;
}

// Images and frames load by themselves; what the reader clicks or submits is what deceives.
bool IsClickable(links::Element e) {
  return e != links::Element::kImg && e != links::Element::kIframe && e != links::Element::kBase;
}

void SetAuth(const AuthenticationReport& a, Evidence& e) {
  if (a.authenticated) {
    e.auth = AuthState::kAuthenticated;
    if (a.method == "dmarc") {
      e.auth_reason_id = "dmarc.pass";
      e.auth_detail = "DMARC pass";
      e.auth_detail_ja = "DMARC 合格";
    } else if (a.method == "arc") {
      e.auth_reason_id = "arc.pass";
      e.auth_detail = "ARC record of the trusted forwarder " + a.method_detail;
      e.auth_detail_ja = "信頼する転送元 " + a.method_detail + " の ARC 記録";
    } else if (a.method == "provider") {
      e.auth_reason_id = "authres.trusted";
      e.auth_detail = "your provider " + a.method_detail + " recorded a pass at delivery";
      e.auth_detail_ja = "配送時にプロバイダー " + a.method_detail + " が合格と記録";
    } else {
      e.auth_reason_id = a.method + ".pass";
      e.auth_detail = a.method + " aligned with From";
      e.auth_detail_ja = "差出人と一致する " + a.method;
    }
    return;
  }
  if (a.failed) {
    e.auth = AuthState::kFailed;
    e.auth_reason_id = "dmarc.fail";
    e.auth_detail = "DMARC fail";
    e.auth_detail_ja = "DMARC 不合格";
    return;
  }
  e.auth = AuthState::kUnverifiable;
  if (!a.dns_available) {
    e.auth_reason_id = "auth.no_dns";
    e.auth_detail = "no DNS was available to fetch keys and policies";
    e.auth_detail_ja = "鍵やポリシーを取得する DNS が使えません";
    return;
  }
  for (const auto& r : a.dkim) {
    if (r.result == dkim::AuthResult::kTempError) {
      e.auth_reason_id = "dkim.temperror";
      e.auth_detail = "DKIM key lookup failed temporarily (" + r.reason + ")";
      e.auth_detail_ja = "DKIM 鍵の取得が一時的に失敗（" + r.reason + "）";
      return;
    }
  }
  for (const auto& r : a.dkim) {
    if (r.result == dkim::AuthResult::kPermError) {
      e.auth_reason_id = "dkim.permerror";
      e.auth_detail = "the DKIM signature of " + r.domain + " cannot be checked (" + r.reason +
                      "); if the key was withdrawn, your provider's stamp from delivery time can confirm it";
      e.auth_detail_ja = r.domain + " の DKIM 署名を検証できません（" + r.reason +
                         "）。鍵が撤去された場合は、配送時のプロバイダーの認証結果（--trust-authserv）で確認できます";
      return;
    }
  }
  if (a.dkim.empty()) {
    e.auth_reason_id = "dkim.none";
    e.auth_detail = "the mail is not DKIM-signed";
    e.auth_detail_ja = "DKIM 署名がありません";
  } else {
    e.auth_reason_id = "dkim.not_aligned";
    e.auth_detail = "no signature from the From domain verified";
    e.auth_detail_ja = "差出人ドメインの署名を検証できません";
  }
}

void SetWhere(brands::ClaimSource source, Evidence& e) {
  switch (source) {
    case brands::ClaimSource::kFromDisplayName:
      e.claim_where = "sender name";
      e.claim_where_ja = "差出人名";
      return;
    case brands::ClaimSource::kFromAddress:
      e.claim_where = "sender address";
      e.claim_where_ja = "差出人アドレス";
      return;
    case brands::ClaimSource::kSubject:
      e.claim_where = "subject";
      e.claim_where_ja = "件名";
      return;
    case brands::ClaimSource::kBody:
      e.claim_where = "text";
      e.claim_where_ja = "本文";
      return;
  }
}

}  // namespace

Evidence GatherEvidence(const Report& report, const SenderFacts& sender, const brands::BrandRegistry& registry) {
  Evidence e;
  e.sender_domain = sender.domain;
  e.lookalike_brand = sender.lookalike_brand;
  e.lookalike_evidence = sender.lookalike_evidence;

  // The brand: the one owning the From domain when the mail claims it (or claims nothing else),
  // otherwise the strongest claim.
  const brands::BrandClaim* best = nullptr;
  for (const auto& c : report.claims) {
    if (!sender.owner_brand.empty() && c.brand_id == sender.owner_brand) {
      best = &c;
      break;
    }
    if (best == nullptr || c.strength > best->strength) best = &c;
  }
  if (best != nullptr) {
    e.brand_id = best->brand_id;
    e.claim = best->strength >= brands::kStrengthSubject ? ClaimStrength::kStrong : ClaimStrength::kWeak;
    e.claim_text = best->matched;
    SetWhere(best->source, e);
  } else if (!sender.owner_brand.empty()) {
    e.brand_id = sender.owner_brand;
    e.claim = ClaimStrength::kStrong;
    e.claim_text = sender.domain;
    SetWhere(brands::ClaimSource::kFromAddress, e);
  }
  if (const brands::Brand* b = registry.FindById(e.brand_id)) e.brand_name = b->name_en;
  e.sender_is_brand = !e.brand_id.empty() && sender.owner_brand == e.brand_id;
  e.sender_shared_mailbox = e.sender_is_brand && sender.shared_mailbox;

  SetAuth(report.authentication, e);

  std::set<std::string> off;
  for (const auto& l : report.links) {
    if (!IsClickable(l.link.element)) continue;
    std::optional<brands::DomainMatch> owner;
    if (!l.host.empty()) owner = registry.MatchDomain(l.host);
    const bool on_claimed_brand = owner && owner->brand != nullptr && owner->brand->id == e.brand_id &&
                                  (owner->role == brands::DomainRole::kMail || owner->role == brands::DomainRole::kLink);
    for (const auto& f : l.findings) {
      if (!IsDeceptive(f)) continue;
      // Text showing one of the brand's hosts over a link to another of its hosts is routine.
      if (on_claimed_brand && (f.finding.id == "link.display_mismatch" || f.finding.id == "link.redirect")) continue;
      e.deceptive_links.push_back(Reason{f.finding.id, f.finding.message_en + " [" + l.link.href + "]",
                                         f.finding.message_ja + " [" + l.link.href + "]"});
    }
    // Links to unknown sites leave the brand; links to other well-known brands (app stores,
    // social media) do not count, nor the sender's own domain.
    if (!e.brand_id.empty() && !l.registrable_domain.empty() && !owner &&
        l.registrable_domain != sender.domain && (l.scheme == "http" || l.scheme == "https")) {
      off.insert(l.host);
    }
  }
  e.off_brand_hosts.assign(off.begin(), off.end());

  using triage::NoticeKind;
  const NoticeKind k = report.notice.kind;
  e.lure_notice = k == NoticeKind::kAccountLockedLure || k == NoticeKind::kPaymentProblemLure ||
                  k == NoticeKind::kDeliveryProblemLure || k == NoticeKind::kPrizeLure;

  for (const auto& r : report.authentication.dkim) {
    if (r.result != dkim::AuthResult::kPass) continue;
    for (const auto& f : r.findings) {
      if (f.id == "dkim.body_length_limited" || f.id == "dkim.header_injection") {
        e.risky_auth.push_back(Reason{f.id, f.message_en, f.message_ja});
      }
    }
  }
  return e;
}

}  // namespace kakunin::inspect
