#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "kakunin/report.h"

namespace kakunin::report {
namespace {

struct Palette {
  const char* bold;
  const char* red;
  const char* yellow;
  const char* green;
  const char* dim;
  const char* reset;
};

constexpr Palette kPlain{"", "", "", "", "", ""};
constexpr Palette kAnsi{"\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[2m", "\x1b[0m"};

struct Words {
  const char* verdict;
  const char* from;
  const char* to;
  const char* subject;
  const char* date;
  const char* parts;
  const char* attachments;
  const char* findings;
  const char* none;
  const char* actions;
  const char* authentication;
  const char* why;
  const char* links;
  const char* notice;
  const char* code;
};

constexpr Words kEn{"Verdict", "From", "To", "Subject", "Date", "MIME parts", "Attachments", "Findings", "none",
                    "What to do", "Authentication", "Why", "Links", "Notice", "Code"};
constexpr Words kJa{"判定", "差出人", "宛先", "件名", "日付", "MIME パート", "添付ファイル", "検出事項", "なし",
                    "対処", "送信元の認証", "理由", "リンク", "通知の種類", "コード"};

std::string VerdictLabel(Verdict v, bool ja) {
  switch (v) {
    case Verdict::kGenuine: return ja ? "本物 (genuine)" : "genuine";
    case Verdict::kSuspicious: return ja ? "要注意 (suspicious)" : "suspicious";
    case Verdict::kPhishing: return ja ? "フィッシング (phishing)" : "phishing";
    case Verdict::kUnknown: return ja ? "判定不能 (unknown)" : "unknown";
  }
  return "unknown";
}

const char* VerdictColor(Verdict v, const Palette& p) {
  switch (v) {
    case Verdict::kGenuine: return p.green;
    case Verdict::kSuspicious: return p.yellow;
    case Verdict::kPhishing: return p.red;
    case Verdict::kUnknown: return p.dim;
  }
  return p.dim;
}

std::string MailboxList(const std::vector<mime::Mailbox>& list) {
  std::string out;
  for (const auto& mb : list) {
    if (!out.empty()) out += ", ";
    std::string addr = mb.address_unicode.empty() || mb.address_unicode == mb.address
                           ? mb.address
                           : mb.address + " = " + mb.address_unicode;
    out += mb.display_name.empty() ? "<" + addr + ">" : mb.display_name + " <" + addr + ">";
  }
  return out;
}

using base::Printable;

}  // namespace

std::string RenderText(const Report& report, std::string_view lang, Color color) {
  const bool ja = lang == "ja";
  const Words& w = ja ? kJa : kEn;
  const Palette& p = color == Color::kYes ? kAnsi : kPlain;
  const mime::Message& m = report.message;
  std::string out;
  out += fmt::format("{}{}: {}{}{}\n", p.bold, w.verdict, VerdictColor(report.verdict, p),
                     VerdictLabel(report.verdict, ja), p.reset);
  for (const auto& r : report.reasons) out += fmt::format("  - {}\n", Printable(ja ? r.message_ja : r.message_en));
  out += "\n";
  out += fmt::format("  {}: {}\n", w.from, Printable(MailboxList(m.from())));
  out += fmt::format("  {}: {}\n", w.to, Printable(MailboxList(m.to())));
  out += fmt::format("  {}: {}\n", w.subject, Printable(m.subject()));
  out += fmt::format("  {}: {}\n", w.date, Printable(m.date_raw()));
  out += fmt::format("  {}: {}\n", w.notice, triage::NoticeKindName(report.notice.kind));
  if (report.notice.code) out += fmt::format("  {}: {}\n", w.code, Printable(report.notice.code->code));
  size_t leaves = 0;
  for (const auto& part : m.parts()) leaves += !part.is_multipart;
  out += fmt::format("  {}: {}\n", w.parts, leaves);
  if (!m.attachments().empty()) {
    out += fmt::format("  {}:\n", w.attachments);
    for (const auto& a : m.attachments()) {
      out += fmt::format("    - {} ({}, {} bytes)\n", Printable(a.filename.empty() ? "-" : a.filename),
                         a.content_type, a.size);
    }
  }
  const AuthenticationReport& auth = report.authentication;
  out += fmt::format("\n{}{}{}: {}{}{}\n", p.bold, w.authentication, p.reset, auth.authenticated ? p.green : p.yellow,
                     ja ? auth.summary_ja : auth.summary_en, p.reset);
  for (const auto& r : auth.dkim) out += fmt::format("  {}\n", Printable(dkim::FormatAuthResults(r)));
  if (auth.spf) {
    out += fmt::format("  spf={} smtp.mailfrom={} ({})\n", spf::SpfResultName(auth.spf->result),
                       Printable(auth.spf->domain), Printable(auth.spf->reason));
  } else if (auth.dns_available) {
    out += fmt::format("  spf: {}\n", Printable(auth.spf_inputs.reason));
  }
  if (auth.arc) {
    out += fmt::format("  arc={} ({})\n", arc::ChainStatusName(auth.arc->status), Printable(auth.arc->reason));
  }
  for (const auto& st : auth.stamps) {
    if (!st.header) continue;
    out += fmt::format("  {} Authentication-Results by {}: {} entries\n", authres::TrustName(st.trust),
                       Printable(st.header->authserv_id), st.header->results.size());
  }
  if (auth.dmarc) {
    for (const auto& v : auth.dmarc->verdicts) {
      out += fmt::format("  dmarc={} header.from={} policy={} ({})\n", dmarc::DmarcResultName(v.result),
                         Printable(v.from_domain), dmarc::PolicyName(v.requested_policy), Printable(v.reason));
    }
  }
  if (!report.links.empty()) {
    out += fmt::format("\n{}{}{}:\n", p.bold, w.links, p.reset);
    size_t shown = 0;
    for (const auto& l : report.links) {
      if (++shown > 20) {
        out += fmt::format("  ... {} more\n", report.links.size() - 20);
        break;
      }
      const bool bad = std::any_of(l.findings.begin(), l.findings.end(),
                                   [](const links::LinkFinding& f) { return f.finding.severity >= Severity::kMedium; });
      std::string shown_text = l.link.text.empty() ? std::string() : "\"" + l.link.text.substr(0, 60) + "\" -> ";
      out += fmt::format("  {}{}{}{}{}\n", bad ? p.red : "", Printable(shown_text),
                         Printable(l.unicode_host.empty() ? l.link.raw.substr(0, 80) : l.unicode_host),
                         l.registrable_domain.empty() || l.registrable_domain == l.host
                             ? std::string()
                             : " (" + Printable(l.registrable_domain) + ")",
                         bad ? p.reset : "");
    }
  }
  out += fmt::format("\n{}{}{}:", p.bold, w.findings, p.reset);
  if (report.findings.empty()) {
    out += fmt::format(" {}\n", w.none);
  } else {
    out += "\n";
    for (const auto& f : report.findings) {
      const char* c = f.severity == Severity::kHigh     ? p.red
                      : f.severity == Severity::kMedium ? p.yellow
                                                        : p.dim;
      out += fmt::format("  {}[{}]{} {} {}({}){}\n", c, SeverityName(f.severity), p.reset, f.Message(lang), p.dim,
                         f.id, p.reset);
    }
  }
  if (!report.actions.empty()) {
    out += fmt::format("\n{}{}{}:\n", p.bold, w.actions, p.reset);
    for (const auto& a : report.actions) out += fmt::format("  - {}\n", ja ? a.message_ja : a.message_en);
  }
  return out;
}

}  // namespace kakunin::report
