#include "sms/policy.h"

#include <fmt/format.h>

namespace kakunin::sms::internal {
namespace {

Reason Make(std::string id, std::string en, std::string ja) { return Reason{std::move(id), std::move(en), std::move(ja)}; }

std::string Hosts(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::string out;
  size_t shown = 0;
  for (const auto* list : {&a, &b}) {
    for (const auto& h : *list) {
      if (shown++ == 3) return out + ", ...";
      out += (out.empty() ? "" : ", ") + h;
    }
  }
  return out;
}

std::string_view WhereEn(ClaimWhere w) {
  switch (w) {
    case ClaimWhere::kSender: return "sender ID";
    case ClaimWhere::kHeading: return "first line";
    case ClaimWhere::kText: return "text";
    case ClaimWhere::kLink: return "link";
  }
  return "text";
}

std::string_view WhereJa(ClaimWhere w) {
  switch (w) {
    case ClaimWhere::kSender: return "送信者名";
    case ClaimWhere::kHeading: return "冒頭";
    case ClaimWhere::kText: return "本文";
    case ClaimWhere::kLink: return "リンク";
  }
  return "本文";
}

std::string_view LureEn(triage::NoticeKind k) {
  switch (k) {
    case triage::NoticeKind::kAccountLockedLure: return "an account-suspended";
    case triage::NoticeKind::kPaymentProblemLure: return "a payment-problem";
    case triage::NoticeKind::kDeliveryProblemLure: return "a missed-delivery";
    case triage::NoticeKind::kPrizeLure: return "a prize or refund";
    default: return "a";
  }
}

std::string_view LureJa(triage::NoticeKind k) {
  switch (k) {
    case triage::NoticeKind::kAccountLockedLure: return "アカウント停止";
    case triage::NoticeKind::kPaymentProblemLure: return "支払いトラブル";
    case triage::NoticeKind::kDeliveryProblemLure: return "不在・配達トラブル";
    case triage::NoticeKind::kPrizeLure: return "当選・返金";
    default: return "";
  }
}

Reason ClaimReason(const Evidence& e) {
  return Make("sms.brand_claim",
              fmt::format("Speaks for {} (\"{}\" in the {}).", e.brand_name, e.claim_text, WhereEn(e.claim_where)),
              fmt::format("{} を名乗っています（{}に「{}」）。", e.brand_name_ja, WhereJa(e.claim_where), e.claim_text));
}

Reason OffBrand(const Evidence& e) {
  const std::string hosts = Hosts(e.off_brand_hosts, e.shortened_hosts);
  if (e.off_brand_hosts.empty()) {
    return Make("sms.shortened_link",
                fmt::format("Its link goes through a URL shortener ({}), not {}'s own site: the real destination is "
                            "hidden.",
                            hosts, e.brand_name),
                fmt::format("リンクが {} 自身のサイトではなく短縮 URL（{}）で、本当の行き先が隠されています。",
                            e.brand_name_ja, hosts));
  }
  return Make("brand.links_off_brand", fmt::format("Links lead away from {}: {}.", e.brand_name, hosts),
              fmt::format("リンク先が {} のサイトではありません: {}。", e.brand_name_ja, hosts));
}

Reason LureLink(const Evidence& e) {
  const std::string hosts = Hosts(e.off_brand_hosts, e.shortened_hosts);
  return Make("sms.lure_link",
              fmt::format("It is {} lure whose link goes to a site no known brand owns: {}.", LureEn(e.kind), hosts),
              fmt::format("{}を装う誘導文で、リンク先はどの既知ブランドのものでもありません: {}。", LureJa(e.kind), hosts));
}

Reason RequestReason(const Request& r) {
  if (r.kind == RequestKind::kCall) {
    return Make("sms.asks_call",
                fmt::format("It asks you to call (\"{}\"); a genuine code or account notice never does.", r.matched),
                fmt::format("電話をかけるよう求めています（「{}」）。本物のコード通知やアカウント通知は電話を求めません。",
                            r.matched));
  }
  return Make("sms.asks_reply",
              fmt::format("It asks you to reply (\"{}\"); a genuine code or account notice never does.", r.matched),
              fmt::format("返信を求めています（「{}」）。本物のコード通知やアカウント通知は返信を求めません。", r.matched));
}

Reason ContentOnly() {
  return Make("sms.content_only",
              "Judged on content alone: a text message cannot be authenticated, and its sender ID or number can be "
              "forged.",
              "内容のみで判定しました。SMS には送信元の認証がなく、送信者名や番号は偽装できます。");
}

}  // namespace

Decision Decide(const Evidence& e) {
  Decision d;
  auto decide = [&d](Verdict v, int rule) {
    d.verdict = v;
    d.rule = rule;
  };
  auto add = [&d](Reason r) { d.reasons.push_back(std::move(r)); };
  auto add_links = [&](size_t max) {
    for (size_t i = 0; i < e.deceptive_links.size() && i < max; ++i) add(e.deceptive_links[i]);
  };
  const bool brand = !e.brand_id.empty();
  const bool leaves = !e.off_brand_hosts.empty() || !e.shortened_hosts.empty();
  const bool speaks_as_brand = e.strong_claim || e.code_notice || e.account_notice;

  if (brand && e.lookalike) {  // Row 1.
    decide(Verdict::kPhishing, 1);
    add(Make("brand.lookalike_name",
             fmt::format("\"{}\" imitates the name {} (a look-alike spelling in the {}); {} never misspells its own name.",
                         e.claim_text, e.brand_name, WhereEn(e.claim_where), e.brand_name),
             fmt::format("「{}」は {} の名前に似せた表記です（{}）。本物が自分の名前を崩して書くことはありません。",
                         e.claim_text, e.brand_name_ja, WhereJa(e.claim_where))));
    add_links(2);
    return d;
  }
  if (!e.deceptive_links.empty() && (brand || e.lure)) {  // Row 2.
    decide(Verdict::kPhishing, 2);
    add_links(3);
    if (e.claimed) add(ClaimReason(e));
    return d;
  }
  if (brand && e.claimed && e.lure && leaves) {  // Row 3.
    decide(Verdict::kPhishing, 3);
    add(ClaimReason(e));
    add(OffBrand(e));
    return d;
  }
  if (!brand && e.lure && leaves) {  // Row 4.
    decide(Verdict::kPhishing, 4);
    add(LureLink(e));
    return d;
  }
  if (brand && e.claimed && speaks_as_brand && leaves) {  // Row 5.
    decide(Verdict::kPhishing, 5);
    add(ClaimReason(e));
    add(OffBrand(e));
    return d;
  }
  if (brand && e.claimed && (e.code_notice || e.account_notice || e.lure) && !e.requests.empty()) {  // Row 6.
    decide(Verdict::kPhishing, 6);
    add(RequestReason(e.requests.front()));
    add(ClaimReason(e));
    return d;
  }
  if (!e.deceptive_links.empty()) {  // Row 7.
    decide(Verdict::kSuspicious, 7);
    add_links(3);
    return d;
  }
  if (brand && e.claimed && leaves) {  // Row 8.
    decide(Verdict::kSuspicious, 8);
    add(ClaimReason(e));
    add(OffBrand(e));
    return d;
  }
  if (!e.requests.empty()) {  // Row 9.
    decide(Verdict::kSuspicious, 9);
    add(RequestReason(e.requests.front()));
    return d;
  }
  if (!brand && e.code_notice && leaves) {  // Row 10.
    decide(Verdict::kSuspicious, 10);
    add(Make("sms.code_with_link",
             fmt::format("A code message with a link to {}: a code is typed into the service you are signing in to, "
                         "never into a site a message sends you to.",
                         Hosts(e.off_brand_hosts, e.shortened_hosts)),
             fmt::format("コードの通知に {} へのリンクがあります。コードは自分で開いたサービスに入力するもので、"
                         "メッセージのリンク先に入力するものではありません。",
                         Hosts(e.off_brand_hosts, e.shortened_hosts))));
    return d;
  }
  if (!brand && !e.shortened_hosts.empty()) {  // Row 11.
    decide(Verdict::kSuspicious, 11);
    add(Make("link.shortener",
             fmt::format("Its link goes through a URL shortener ({}), which hides where it leads.",
                         Hosts({}, e.shortened_hosts)),
             fmt::format("リンクが短縮 URL（{}）で、行き先が隠されています。", Hosts({}, e.shortened_hosts))));
    return d;
  }
  if (brand && e.claimed && (e.code_notice || e.account_notice) && e.other_links == 0 && !e.lure) {  // Row 12.
    decide(Verdict::kGenuine, 12);
    add(ClaimReason(e));
    if (e.own_links > 0) {
      add(Make("sms.brand_links_only", fmt::format("Its only links are on {}'s own domains.", e.brand_name),
               fmt::format("リンクは {} 自身のドメインのみです。", e.brand_name_ja)));
    } else {
      add(Make("sms.no_link", "It has no link and asks for no reply or call, as genuine code notices do.",
               "リンクがなく、返信や電話も求めていません。本物のコード通知と同じ形です。"));
    }
    add(ContentOnly());
    return d;
  }
  if (brand && e.claimed && e.lure) {  // Row 13.
    decide(Verdict::kUnknown, 13);
    add(ClaimReason(e));
    add(Make("sms.lure_without_exit",
             fmt::format("It reads like {} notice, but it has no link away from {} and asks for no reply or call; "
                         "check in {}'s app or site rather than through the message.",
                         LureEn(e.kind), e.brand_name, e.brand_name),
             fmt::format("{}の通知の文面ですが、{} 以外へのリンクや返信・電話の依頼はありません。メッセージからではなく"
                         "{} のアプリやサイトで確認してください。",
                         LureJa(e.kind), e.brand_name_ja, e.brand_name_ja)));
    add(ContentOnly());
    return d;
  }
  if (brand && e.claimed) {  // Row 14.
    decide(Verdict::kUnknown, 14);
    add(ClaimReason(e));
    add(Make("sms.nothing_deceives", "Nothing in it deceives, but nothing proves who sent it.",
             "欺く要素は見つかりませんが、送信者を証明するものもありません。"));
    add(ContentOnly());
    return d;
  }
  if (e.code_notice) {  // Row 15.
    decide(Verdict::kUnknown, 15);
    add(Make("sms.code_no_brand", "A code message that names no service kakunin knows; nothing in it deceives.",
             "既知のサービス名がないコード通知です。欺く要素は見つかりませんでした。"));
    return d;
  }
  decide(Verdict::kUnknown, 16);  // Row 16.
  add(Make("brand.none", "The message speaks for no brand that kakunin knows; nothing in it deceives.",
           "既知のブランドを名乗っておらず、欺くような内容も見つかりませんでした。"));
  return d;
}

}  // namespace kakunin::sms::internal
