#include <fmt/format.h>

#include <string>

#include "base/strings.h"
#include "kakunin/scan.h"

namespace kakunin::scan {
namespace {

constexpr Verdict kOrder[] = {Verdict::kPhishing, Verdict::kSuspicious, Verdict::kGenuine, Verdict::kUnknown};

struct Words {
  std::string_view scanned, messages, skipped, interrupted, source_failed, by_verdict, by_brand, no_brand, listed,
      more, from, subject, brand;
  std::string_view verdicts[4];  // Indexed by Verdict.
};

constexpr Words kEnglish = {"Scanned", "messages", "skipped (not readable as mail)",
                            "Interrupted: the counts cover only the messages scanned so far.",
                            "The mailbox could not be read to the end", "Verdicts", "By brand", "(no brand)",
                            "Listed messages", "more not listed", "From", "Subject", "Brand",
                            {"genuine", "suspicious", "phishing", "unknown"}};
constexpr Words kJapanese = {"スキャン", "通", "スキップ (メールとして読めない)",
                             "中断しました: 集計はここまでにスキャンしたメールだけです。",
                             "メールボックスを最後まで読めませんでした", "判定", "ブランド別", "(ブランドなし)",
                             "該当メール", "通は省略", "差出人", "件名", "ブランド",
                             {"本物", "要注意", "フィッシング", "不明"}};

}  // namespace

std::string RenderSummaryText(const Summary& summary, std::string_view lang) {
  const Words& w = lang == "ja" ? kJapanese : kEnglish;
  const bool ja = lang == "ja";
  std::string out;
  uint64_t total = summary.inspected + summary.skipped;
  double rate = summary.seconds > 0 ? static_cast<double>(total) / summary.seconds : 0;
  out += fmt::format("{} ({}): {} {}, {:.1f} s, {:.0f}/s\n", w.scanned, SourceKindName(summary.kind), total,
                     w.messages, summary.seconds, rate);
  if (summary.interrupted) out += fmt::format("{}\n", w.interrupted);
  if (summary.source_error) out += fmt::format("{}: {}\n", w.source_failed, base::Printable(summary.source_error->message));
  out += fmt::format("\n{}:\n", w.by_verdict);
  for (Verdict v : kOrder) {
    out += fmt::format("  {:<12} {:>8}\n", w.verdicts[static_cast<size_t>(v)], summary.by_verdict[static_cast<size_t>(v)]);
  }
  out += fmt::format("  {:<12} {:>8}  {}\n", "-", summary.skipped, w.skipped);
  if (!summary.by_brand.empty()) {
    out += fmt::format("\n{}:\n", w.by_brand);
    for (const auto& [brand, counts] : summary.by_brand) {
      std::string line = fmt::format("  {:<20}", brand.empty() ? std::string(w.no_brand) : base::Printable(brand));
      for (Verdict v : kOrder) {
        line += fmt::format(" {} {}", w.verdicts[static_cast<size_t>(v)], counts[static_cast<size_t>(v)]);
        if (v != Verdict::kUnknown) line += ja ? "、" : ",";
      }
      out += line + "\n";
    }
  }
  if (!summary.listed.empty()) {
    out += fmt::format("\n{} ({}):\n", w.listed, summary.listed.size() + summary.not_listed);
    for (const Listed& l : summary.listed) {
      out += fmt::format("\n  [{}] {}\n", w.verdicts[static_cast<size_t>(l.verdict)],
                         base::Printable(LocationText(l.location)));
      if (!l.from.empty()) out += fmt::format("    {}: {}\n", w.from, base::Printable(l.from));
      out += fmt::format("    {}: {}\n", w.subject, base::Printable(l.subject));
      if (l.brand) out += fmt::format("    {}: {}\n", w.brand, base::Printable(*l.brand));
      for (const Reason& r : l.reasons) {
        const std::string& text = ja && !r.message_ja.empty() ? r.message_ja : r.message_en;
        out += fmt::format("    - {} ({})\n", base::Printable(text), r.id);
      }
    }
    if (summary.not_listed > 0) out += fmt::format("\n  ... {} {}\n", summary.not_listed, w.more);
  }
  return out;
}

}  // namespace kakunin::scan
