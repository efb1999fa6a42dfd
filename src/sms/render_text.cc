#include <fmt/format.h>

#include <algorithm>

#include "kakunin/sms.h"
#include "sms/text.h"

namespace kakunin::sms {
namespace {

struct Words {
  const char* verdict;
  const char* sender;
  const char* none;
  const char* brand;
  const char* notice;
  const char* code;
  const char* asks;
  const char* links;
  const char* findings;
  const char* actions;
  const char* not_evidence;
};

constexpr Words kEn{"Verdict", "Sender", "not given", "Brand", "Notice", "Code", "Asks for", "Links", "Findings",
                    "What to do", "not evidence: SMS senders are not authenticated"};
constexpr Words kJa{"判定", "送信者", "指定なし", "ブランド", "通知の種類", "コード", "求めていること", "リンク",
                    "検出事項", "対処", "証拠になりません: SMS の送信者は認証されません"};

std::string VerdictLabel(Verdict v, bool ja) {
  switch (v) {
    case Verdict::kGenuine: return ja ? "本物の可能性が高い (genuine, 内容による判定)" : "genuine (by content)";
    case Verdict::kSuspicious: return ja ? "要注意 (suspicious)" : "suspicious";
    case Verdict::kPhishing: return ja ? "フィッシング (phishing)" : "phishing";
    case Verdict::kUnknown: return ja ? "判定不能 (unknown)" : "unknown";
  }
  return "unknown";
}

const char* Color(Verdict v, bool on) {
  if (!on) return "";
  switch (v) {
    case Verdict::kGenuine: return "\x1b[32m";
    case Verdict::kSuspicious: return "\x1b[33m";
    case Verdict::kPhishing: return "\x1b[31m";
    case Verdict::kUnknown: return "\x1b[2m";
  }
  return "";
}

// One line of message-controlled text.
std::string Line(std::string_view s) {
  std::string out = internal::Printable(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

}  // namespace

std::string RenderText(const Report& report, std::string_view lang, report::Color color) {
  const bool ja = lang == "ja";
  const bool ansi = color == report::Color::kYes;
  const Words& w = ja ? kJa : kEn;
  const char* bold = ansi ? "\x1b[1m" : "";
  const char* reset = ansi ? "\x1b[0m" : "";
  std::string out = fmt::format("{}{}: {}{}{}\n", bold, w.verdict, Color(report.verdict, ansi),
                                VerdictLabel(report.verdict, ja), reset);
  for (const auto& r : report.reasons) out += fmt::format("  - {}\n", Line(ja ? r.message_ja : r.message_en));
  out += "\n";
  if (report.sender.kind == SenderKind::kNone) {
    out += fmt::format("  {}: {}\n", w.sender, w.none);
  } else {
    out += fmt::format("  {}: {} ({}; {})\n", w.sender, Line(report.sender.raw), SenderKindName(report.sender.kind),
                       w.not_evidence);
  }
  out += fmt::format("  {}: {}\n", w.brand, report.brand ? *report.brand : "-");
  out += fmt::format("  {}: {}\n", w.notice, triage::NoticeKindName(report.notice.kind));
  if (report.notice.code) out += fmt::format("  {}: {}\n", w.code, Line(report.notice.code->code));
  for (const auto& q : report.requests) {
    out += fmt::format("  {}: {} (\"{}\")\n", w.asks, RequestKindName(q.kind), Line(q.matched));
  }
  if (!report.links.empty()) {
    out += fmt::format("\n{}{}{}:\n", bold, w.links, reset);
    for (const auto& l : report.links) {
      const std::string_view raw = internal::CutUtf8(l.link.raw, 80);
      std::string where = l.unicode_host.empty() ? std::string(raw) : l.unicode_host;
      if (!l.registrable_domain.empty() && l.registrable_domain != l.host) where += " (" + l.registrable_domain + ")";
      out += fmt::format("  {} -> {}\n", Line(raw), Line(where));
      for (const auto& f : l.findings) {
        out += fmt::format("      [{}] {} ({})\n", SeverityName(f.finding.severity), Line(f.finding.Message(lang)),
                           f.finding.id);
      }
    }
  }
  std::vector<const Finding*> own;
  for (const auto& f : report.findings) {
    if (f.id.rfind("sms.", 0) == 0) own.push_back(&f);
  }
  if (!own.empty()) {
    out += fmt::format("\n{}{}{}:\n", bold, w.findings, reset);
    for (const Finding* f : own) {
      out += fmt::format("  [{}] {} ({})\n", SeverityName(f->severity), Line(f->Message(lang)), f->id);
    }
  }
  if (!report.actions.empty()) {
    out += fmt::format("\n{}{}{}:\n", bold, w.actions, reset);
    for (const auto& a : report.actions) out += fmt::format("  - {}\n", Line(ja ? a.message_ja : a.message_en));
  }
  return out;
}

}  // namespace kakunin::sms
