#include "inspect/verdict.h"

#include <fmt/format.h>

#include <algorithm>

namespace kakunin::inspect {
namespace {

Reason Make(std::string id, std::string en, std::string ja) { return Reason{std::move(id), std::move(en), std::move(ja)}; }

Reason AuthReason(const Evidence& e) {
  switch (e.auth) {
    case AuthState::kAuthenticated:
      return Make(e.auth_reason_id, fmt::format("Authenticated as {} ({}).", e.sender_domain, e.auth_detail),
                  fmt::format("{} からの送信であることを確認しました（{}）。", e.sender_domain, e.auth_detail_ja));
    case AuthState::kFailed:
      return Make(e.auth_reason_id,
                  fmt::format("{}'s authentication failed ({}): the sender address is forged.", e.sender_domain,
                              e.auth_detail),
                  fmt::format("{} の送信元認証に失敗しました（{}）。差出人は偽装されています。", e.sender_domain,
                              e.auth_detail_ja));
    case AuthState::kUnverifiable:
      break;
  }
  return Make(e.auth_reason_id.empty() ? "auth.unverified" : e.auth_reason_id,
              fmt::format("Could not confirm that the mail comes from {}: {}.", e.sender_domain, e.auth_detail),
              fmt::format("{} からの送信であることを確認できませんでした（{}）。", e.sender_domain, e.auth_detail_ja));
}

Reason OffBrand(const Evidence& e) {
  std::string hosts;
  for (size_t i = 0; i < e.off_brand_hosts.size() && i < 3; ++i) hosts += (i ? ", " : "") + e.off_brand_hosts[i];
  return Make("brand.links_off_brand", fmt::format("Links lead away from {}: {}.", e.brand_name, hosts),
              fmt::format("リンク先が {} のサイトではありません: {}。", e.brand_name, hosts));
}

}  // namespace

Decision Decide(const Evidence& e) {
  Decision d;
  auto add = [&d](Reason r) { d.reasons.push_back(std::move(r)); };
  auto add_links = [&](size_t max) {
    size_t added = 0;
    for (size_t i = 0; i < e.deceptive_links.size() && added < max; ++i) {
      const Reason& r = e.deceptive_links[i];
      bool dup = std::any_of(d.reasons.begin(), d.reasons.end(),
                             [&](const Reason& x) { return x.message_en == r.message_en; });
      if (!dup) {
        add(r);
        ++added;
      }
    }
  };
  const bool claims = e.claim != ClaimStrength::kNone && !e.brand_id.empty();

  if (claims) {
    // Row 1: the sender's domain imitates the brand.
    if (e.claim == ClaimStrength::kStrong && !e.sender_is_brand && e.lookalike_brand == e.brand_id) {
      d.verdict = Verdict::kPhishing;
      d.rule = 1;
      add(Make("brand.lookalike_sender",
               fmt::format("Claims to be {} but is sent from {}, a look-alike of its domain ({}).", e.brand_name,
                           e.sender_domain, e.lookalike_evidence),
               fmt::format("{} を名乗っていますが、送信元 {} はそのドメインに似せた別のドメインです（{}）。",
                           e.brand_name, e.sender_domain, e.lookalike_evidence)));
      add_links(2);
      return d;
    }
    // Row 2: a strong claim from someone else's domain.
    if (e.claim == ClaimStrength::kStrong && !e.sender_is_brand) {
      d.verdict = Verdict::kPhishing;
      d.rule = 2;
      add(Make("brand.sender_mismatch",
               fmt::format("Claims to be {} (\"{}\" in the {}) but is sent from {}, which is not {}'s.", e.brand_name,
                           e.claim_text, e.claim_where, e.sender_domain.empty() ? "no address" : e.sender_domain,
                           e.brand_name),
               fmt::format("{} を名乗っています（{}に「{}」）が、送信元 {} は {} のドメインではありません。", e.brand_name,
                           e.claim_where_ja, e.claim_text, e.sender_domain.empty() ? "（なし）" : e.sender_domain,
                           e.brand_name)));
      add_links(2);
      return d;
    }
    if (e.sender_is_brand) {
      switch (e.auth) {
        case AuthState::kFailed:  // Row 3.
          d.verdict = Verdict::kPhishing;
          d.rule = 3;
          add(AuthReason(e));
          add_links(2);
          return d;
        case AuthState::kAuthenticated:
          if (!e.deceptive_links.empty()) {  // Row 4.
            d.verdict = Verdict::kPhishing;
            d.rule = 4;
            add_links(3);
            add(AuthReason(e));
            return d;
          }
          if (!e.risky_auth.empty() || !e.off_brand_hosts.empty() || e.sender_shared_mailbox) {  // Row 5.
            d.verdict = Verdict::kSuspicious;
            d.rule = 5;
            for (const auto& r : e.risky_auth) add(r);
            if (!e.off_brand_hosts.empty()) add(OffBrand(e));
            if (e.sender_shared_mailbox) {
              add(Make("brand.shared_mailbox_domain",
                       fmt::format("{} is {}'s domain, but its customers have mailboxes there too: authentication proves "
                                   "the domain, not that {} wrote this. Check the notice in {}'s app or site.",
                                   e.sender_domain, e.brand_name, e.brand_name, e.brand_name),
                       fmt::format("{} は {} のドメインですが、利用者のメールアドレスにも使われています。認証で分かるのは"
                                   "ドメインまでで、{} 自身が送ったとは限りません。{} のアプリやサイトで確認してください。",
                                   e.sender_domain, e.brand_name, e.brand_name, e.brand_name)));
            }
            add(AuthReason(e));
            return d;
          }
          d.verdict = Verdict::kGenuine;  // Row 6.
          d.rule = 6;
          add(AuthReason(e));
          return d;
        case AuthState::kUnverifiable:
          if (!e.deceptive_links.empty() || !e.off_brand_hosts.empty()) {  // Row 7.
            d.verdict = Verdict::kSuspicious;
            d.rule = 7;
            add_links(3);
            if (!e.off_brand_hosts.empty()) add(OffBrand(e));
            add(AuthReason(e));
            return d;
          }
          d.verdict = Verdict::kUnknown;  // Row 8.
          d.rule = 8;
          add(AuthReason(e));
          return d;
      }
    }
    // Row 9: only the body names the brand, the sender is not the brand, and it reads like a lure.
    if (e.lure_notice && !e.off_brand_hosts.empty()) {
      d.verdict = Verdict::kSuspicious;
      d.rule = 9;
      add(Make("brand.sender_mismatch",
               fmt::format("The text speaks for {} but the mail is sent from {}.", e.brand_name, e.sender_domain),
               fmt::format("本文は {} を名乗っていますが、送信元は {} です。", e.brand_name, e.sender_domain)));
      add(OffBrand(e));
      return d;
    }
  }
  if (!e.deceptive_links.empty()) {  // Row 10.
    d.verdict = Verdict::kSuspicious;
    d.rule = 10;
    add_links(3);
    return d;
  }
  d.verdict = Verdict::kUnknown;  // Row 11.
  d.rule = 11;
  add(Make("brand.none", "The mail claims no brand that kakunin knows; nothing in it deceives.",
           "既知のブランドを名乗っておらず、欺くような内容も見つかりませんでした。"));
  if (!e.sender_domain.empty()) add(AuthReason(e));
  return d;
}

}  // namespace kakunin::inspect
