#include "sms/requests.h"

#include <string>

#include "brands/folded_text.h"

namespace kakunin::sms::internal {
namespace {

struct Phrase {
  RequestKind kind;
  const char* text;
};

// Only requests are listed, never the phrases genuine senders use to say the opposite: "do not
// reply to this message", "本メッセージへの返信はできません", "返信不要", "Amazon will never call you".
// So "reply to this message" and "返信で" (a prefix of "返信できません") are absent on purpose.
// Matching is after NFKC and case folding with spaces, dots and hyphens ignored, Latin phrases on
// word boundaries (brands/folded_text.h), so "ＣＡＬＬ ＵＳ" and "お 電 話 く だ さ い" match too.
constexpr Phrase kPhrases[] = {
    {RequestKind::kReply, "返信してください"},
    {RequestKind::kReply, "ご返信ください"},
    {RequestKind::kReply, "返信ください"},
    {RequestKind::kReply, "返信をお願い"},
    {RequestKind::kReply, "ご返信をお願い"},
    {RequestKind::kReply, "返信願います"},
    {RequestKind::kReply, "返信にて"},
    {RequestKind::kReply, "コードを返信"},
    {RequestKind::kReply, "番号を返信"},
    {RequestKind::kReply, "reply with"},
    {RequestKind::kReply, "reply yes"},
    {RequestKind::kReply, "reply to confirm"},
    {RequestKind::kReply, "reply to verify"},
    {RequestKind::kReply, "reply now"},
    {RequestKind::kReply, "text back"},
    {RequestKind::kReply, "send us the code"},
    {RequestKind::kReply, "send the code"},
    {RequestKind::kCall, "お電話ください"},
    {RequestKind::kCall, "電話してください"},
    {RequestKind::kCall, "お電話をお願い"},
    {RequestKind::kCall, "お電話にて"},
    {RequestKind::kCall, "までお電話"},
    {RequestKind::kCall, "へお電話"},
    {RequestKind::kCall, "折り返しお電話"},
    {RequestKind::kCall, "折り返しご連絡ください"},
    {RequestKind::kCall, "電話でご連絡ください"},
    {RequestKind::kCall, "お問い合わせ窓口までご連絡ください"},
    {RequestKind::kCall, "call us"},
    {RequestKind::kCall, "call this number"},
    {RequestKind::kCall, "call the number"},
    {RequestKind::kCall, "call now"},
    {RequestKind::kCall, "please call"},
    {RequestKind::kCall, "call immediately"},
    {RequestKind::kCall, "give us a call"},
    {RequestKind::kCall, "contact us immediately"},
};

struct Compiled {
  const Phrase* phrase;
  brands::internal::Pattern pattern;
};

const std::vector<Compiled>& Table() {
  static const std::vector<Compiled> table = [] {
    std::vector<Compiled> out;
    for (const Phrase& p : kPhrases) out.push_back({&p, brands::internal::Compile(p.text, false)});
    return out;
  }();
  return table;
}

}  // namespace

std::vector<Request> FindRequests(std::string_view utf8) {
  std::vector<Request> out;
  brands::internal::FoldedText text = brands::internal::Fold(utf8, kMaxMessageBytes);
  bool have[2] = {false, false};  // One request per kind: overlapping phrases say the same thing.
  for (const Compiled& c : Table()) {
    bool& found = have[static_cast<int>(c.phrase->kind)];
    brands::internal::ForEachMatch(text, c.pattern, [&](size_t from, size_t to) {
      if (found) return;
      found = true;
      out.push_back(Request{c.phrase->kind, c.phrase->text, std::string(text.Source(utf8, from, to))});
    });
  }
  return out;
}

}  // namespace kakunin::sms::internal
