// The SMS pipeline: text -> reading copy -> links, claims, notice, requests -> verdict -> actions.
// Each stage runs once and hands its result on (DESIGN.md); nothing downstream re-reads the text.
#include <set>
#include <utility>

#include "base/strings.h"
#include "inspect/content.h"
#include "kakunin/sms.h"
#include "sms/claims.h"
#include "sms/policy.h"
#include "sms/requests.h"
#include "sms/text.h"

namespace kakunin::sms {
namespace {

Finding SenderFinding(const Sender& s) {
  switch (s.kind) {
    case SenderKind::kAlphanumeric:
      return Finding{"sms.sender_alphanumeric", Severity::kInfo,
                     "The sender ID \"" + s.raw +
                         "\" is a name, not a number: whoever sends through an SMS gateway can set it to any name, and "
                         "the phone files a forged message in the same thread as genuine ones. It is not evidence.",
                     "送信者名「" + s.raw +
                         "」は番号ではなく名前です。SMS の送信サービスを使えば誰でも任意の名前を設定でき、偽物も本物と"
                         "同じスレッドに表示されます。証拠にはなりません。"};
    case SenderKind::kShortCode:
      return Finding{"sms.sender_short_code", Severity::kInfo,
                     "The sender is the short code " + s.normalized +
                         ". kakunin has no public list of who owns which short code, so it proves nothing either way.",
                     "送信元は短縮番号 " + s.normalized +
                         " です。短縮番号の持ち主を示す公開の一覧がないため、真偽の根拠にはしていません。"};
    case SenderKind::kPhoneNumber:
      return Finding{"sms.sender_phone_number", Severity::kInfo,
                     "The sender is the phone number " + s.normalized +
                         ". A number says nothing about who wrote the message: it can be forged, and phishing is often "
                         "sent from infected or rented phones.",
                     "送信元は電話番号 " + s.normalized +
                         " です。番号は偽装でき、乗っ取られた端末や借りた回線から送られることも多いため、送信者の証明に"
                         "なりません。"};
    case SenderKind::kNone:
      break;
  }
  return Finding{};
}

// A code with too little text around it to classify ("Your verification code is 482913": the
// phrase weighs half for sign-in and half for registration) is read as the code kind that scored
// highest, ties going to a sign-in code: most codes sent by SMS are 2-step codes, and that reading
// gives the stronger advice (docs/sms.md).
triage::NoticeKind CodeKind(const triage::Notice& notice) {
  using triage::NoticeKind;
  NoticeKind best = NoticeKind::kSignInCode;
  double best_score = 0.0;
  for (NoticeKind k : {NoticeKind::kSignInCode, NoticeKind::kEmailVerification, NoticeKind::kPasswordReset}) {
    for (const auto& [kind, score] : notice.scores) {
      if (kind == k && score > best_score) {
        best = k;
        best_score = score;
      }
    }
  }
  return best;
}

}  // namespace

std::string_view ClaimWhereName(ClaimWhere where) {
  switch (where) {
    case ClaimWhere::kSender: return "sender_id";
    case ClaimWhere::kHeading: return "heading";
    case ClaimWhere::kText: return "text";
    case ClaimWhere::kLink: return "link";
  }
  return "text";
}

std::string_view RequestKindName(RequestKind kind) { return kind == RequestKind::kCall ? "call" : "reply"; }

Result<Report> Analyze(std::string_view text, const Options& options) {
  if (text.size() > kMaxMessageBytes) {
    return Fail(ErrorCode::kLimitExceeded,
                "the message is longer than " + std::to_string(kMaxMessageBytes) +
                    " bytes, more than any text message can hold");
  }
  if (base::Trim(text).empty()) return Fail(ErrorCode::kInvalidArgument, "the message is empty");
  const brands::BrandRegistry& registry = options.brands ? *options.brands : brands::BrandRegistry::Default();

  Report r;
  r.text = internal::ValidUtf8(text);
  if (r.text.size() != text.size() || r.text != text) {
    r.findings.push_back(Finding{"sms.invalid_utf8", Severity::kLow,
                                 "The text is not valid UTF-8; the bad bytes were replaced by U+FFFD.",
                                 "本文に UTF-8 として不正なバイトがあり、U+FFFD に置き換えました。"});
  }
  r.normalized = internal::ReadingCopy(r.text);
  if (options.sender) {
    r.sender = ClassifySender(*options.sender);
    if (r.sender.kind != SenderKind::kNone) r.findings.push_back(SenderFinding(r.sender));
  }

  links::BrandList scratch;
  links::AnalyzeOptions link_options;
  link_options.brands = &inspect::BrandListFor(registry, scratch);
  r.links = links::Analyze(links::ExtractText(r.normalized), link_options);
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& l : r.links) {
    for (const auto& f : l.findings) {
      if (seen.insert({f.finding.id, f.finding.message_en}).second) r.findings.push_back(f.finding);
    }
  }

  r.claims = internal::FindClaims(registry, r.sender, r.text, r.links);
  r.notice = triage::NoticeClassifier::Default().ClassifyText("", r.normalized);
  if (r.notice.kind == triage::NoticeKind::kOther && r.notice.code) r.notice.kind = CodeKind(r.notice);
  r.requests = internal::FindRequests(r.normalized);
  for (const auto& q : r.requests) {
    r.findings.push_back(q.kind == RequestKind::kCall
                             ? Finding{"sms.asks_call", Severity::kMedium, "The message asks you to call: \"" + q.matched + "\".",
                                       "電話をかけるよう求めています: 「" + q.matched + "」。"}
                             : Finding{"sms.asks_reply", Severity::kMedium, "The message asks for a reply: \"" + q.matched + "\".",
                                       "返信を求めています: 「" + q.matched + "」。"});
  }

  internal::Evidence evidence = internal::GatherEvidence(r, registry);
  internal::Decision decision = internal::Decide(evidence);
  r.verdict = decision.verdict;
  r.rule = decision.rule;
  r.reasons = std::move(decision.reasons);
  if (!evidence.brand_id.empty()) r.brand = evidence.brand_id;
  const brands::Brand* brand = r.brand ? registry.FindById(*r.brand) : nullptr;

  if (r.notice.code) {
    triage::CodeOddsText odds = triage::DescribeCodeOdds(*r.notice.code, brand ? &brand->code_policy : nullptr);
    r.odds_en = std::move(odds.en);
    r.odds_ja = std::move(odds.ja);
    r.odds_over_window = odds.over_window;
  }
  r.actions = internal::PlanActions(r, evidence, brand);
  return r;
}

std::string_view MessageLanguage(const Report& report) { return internal::HasJapanese(report.text) ? "ja" : "en"; }

}  // namespace kakunin::sms
