// Notice classification: phrase scores per kind over the Subject and the text parts.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>

#include "brands/folded_text.h"
#include "brands/html_text.h"
#include "triage/notice_phrases.h"
#include "triage/one_time_code.h"

namespace kakunin::triage {
namespace internal {
extern const char kBuiltinNoticePhrasesJson[];
}  // namespace internal

namespace {

constexpr std::array<std::pair<NoticeKind, std::string_view>, 10> kKindNames = {{
    {NoticeKind::kEmailVerification, "email_verification"},
    {NoticeKind::kPasswordReset, "password_reset"},
    {NoticeKind::kSignInCode, "sign_in_code"},
    {NoticeKind::kSignInAlert, "sign_in_alert"},
    {NoticeKind::kAccountChange, "account_change"},
    {NoticeKind::kAccountLockedLure, "account_locked_lure"},
    {NoticeKind::kPaymentProblemLure, "payment_problem_lure"},
    {NoticeKind::kDeliveryProblemLure, "delivery_problem_lure"},
    {NoticeKind::kPrizeLure, "prize_lure"},
    {NoticeKind::kOther, "other"},
}};

// A kind needs at least this score (one full-weight phrase) to be reported instead of "other".
constexpr double kMinScore = 1.0;
// Scores at or above this are "clear" (confidence saturates): three phrases, or one in the Subject
// plus one in the body.
constexpr double kClearScore = 3.0;

struct Texts {
  std::string subject;
  std::vector<std::string> bodies;
};

Notice Score(const NoticeClassifier::Impl& impl, const Texts& texts) {
  std::map<NoticeKind, double> scores;
  std::map<NoticeKind, std::vector<NoticeEvidence>> evidence;
  auto scan = [&](std::string_view input, bool in_subject) {
    brands::internal::FoldedText folded = brands::internal::Fold(input, kMaxNoticeTextBytes);
    for (const KindPhrases& k : impl.kinds) {
      // Text already counted for this kind: a phrase inside a longer one that matched
      // ("verify your email" in "verify your email address") adds nothing. Phrases are sorted
      // longest first when loaded.
      std::vector<std::pair<size_t, size_t>> counted;
      for (const Phrase& p : k.phrases) {
        // Each phrase counts once per kind: in the Subject if it is there, else in the body.
        auto& ev = evidence[k.kind];
        bool seen = std::any_of(ev.begin(), ev.end(), [&](const NoticeEvidence& e) { return e.phrase == p.text; });
        if (seen) continue;
        std::optional<std::pair<size_t, size_t>> first;
        brands::internal::ForEachMatch(folded, p.pattern, [&](size_t from, size_t to) {
          bool inside = std::any_of(counted.begin(), counted.end(),
                                    [&](const auto& c) { return c.first <= from && to <= c.second; });
          if (!first && !inside) first = std::make_pair(from, to);
        });
        if (!first) continue;
        counted.push_back(*first);
        double w = p.weight * (in_subject ? impl.subject_weight : 1.0);
        scores[k.kind] += w;
        ev.push_back({k.kind, p.text, std::string(folded.Source(input, first->first, first->second)), in_subject, w});
      }
    }
  };
  scan(texts.subject, true);
  for (const std::string& body : texts.bodies) scan(body, false);

  Notice notice;
  for (const auto& [kind, score] : scores) {
    if (score > 0) notice.scores.emplace_back(kind, score);
  }
  // Highest first; on a tie the kind listed first in NoticeKind wins (more specific notices are
  // listed before the lures).
  std::stable_sort(notice.scores.begin(), notice.scores.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (notice.scores.empty() || notice.scores[0].second < kMinScore) return notice;
  const double top = notice.scores[0].second;
  const double second = notice.scores.size() > 1 ? notice.scores[1].second : 0.0;
  notice.kind = notice.scores[0].first;
  // Confidence: how far the winner is ahead (margin share) times how much evidence it has.
  notice.confidence = std::min(1.0, top / kClearScore) * ((top - second) / top);
  notice.evidence = std::move(evidence[notice.kind]);
  return notice;
}

Texts TextsOf(const mime::Message& message) {
  Texts t;
  t.subject = message.subject();
  for (const mime::TextBody& body : message.texts()) {
    if (body.is_html) {
      t.bodies.push_back(brands::internal::HtmlToText(
          std::string_view(body.text).substr(0, std::min(body.text.size(), 4 * kMaxNoticeTextBytes))));
    } else {
      t.bodies.push_back(body.text);
    }
  }
  return t;
}

std::optional<OneTimeCode> CodeIn(const NoticeClassifier::Impl& impl, const Texts& texts) {
  if (auto c = internal::FindCode(impl, texts.subject)) {
    c->code.in_subject = true;
    return c->code;
  }
  std::optional<internal::CodeCandidate> best;
  for (const std::string& body : texts.bodies) {
    auto c = internal::FindCode(impl, body);
    if (c && (!best || c->distance < best->distance)) best = std::move(c);
  }
  if (!best) return std::nullopt;
  return best->code;
}

}  // namespace

std::string_view NoticeKindName(NoticeKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "other";
}

std::optional<NoticeKind> ParseNoticeKind(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

NoticeClassifier::NoticeClassifier() : impl_(std::make_shared<Impl>()) {}
NoticeClassifier::~NoticeClassifier() = default;
NoticeClassifier::NoticeClassifier(const NoticeClassifier&) = default;
NoticeClassifier& NoticeClassifier::operator=(const NoticeClassifier&) = default;
NoticeClassifier::NoticeClassifier(NoticeClassifier&&) noexcept = default;
NoticeClassifier& NoticeClassifier::operator=(NoticeClassifier&&) noexcept = default;

Result<NoticeClassifier> NoticeClassifier::FromJson(std::string_view json, std::string_view origin) {
  if (json.size() > kMaxPhraseFileBytes) {
    return Fail(ErrorCode::kLimitExceeded, std::string(origin) + ": larger than 1 MiB (kMaxPhraseFileBytes)");
  }
  auto impl = internal::ParsePhraseFile(json, origin);
  if (!impl) return tl::unexpected(impl.error());
  NoticeClassifier c;
  c.impl_ = std::make_shared<const Impl>(std::move(*impl));
  return c;
}

const NoticeClassifier& NoticeClassifier::Default() {
  static const NoticeClassifier* const classifier = [] {
    auto c = FromJson(internal::kBuiltinNoticePhrasesJson, "data/notice_phrases.json (built in)");
    if (!c) {
      // The shipped file is checked by tests/triage; reaching this is a build of a broken file.
      std::fprintf(stderr, "kakunin: %s\n", c.error().ToString().c_str());
      std::abort();
    }
    return new NoticeClassifier(std::move(*c));
  }();
  return *classifier;
}

Notice NoticeClassifier::Classify(const mime::Message& message) const {
  Texts texts = TextsOf(message);
  Notice n = Score(*impl_, texts);
  n.code = CodeIn(*impl_, texts);
  return n;
}

Notice NoticeClassifier::ClassifyText(std::string_view subject, std::string_view body_utf8) const {
  Texts texts{std::string(subject), {std::string(body_utf8)}};
  Notice n = Score(*impl_, texts);
  n.code = CodeIn(*impl_, texts);
  return n;
}

std::optional<OneTimeCode> NoticeClassifier::ExtractCode(std::string_view subject, std::string_view body_utf8) const {
  return CodeIn(*impl_, Texts{std::string(subject), {std::string(body_utf8)}});
}

}  // namespace kakunin::triage
