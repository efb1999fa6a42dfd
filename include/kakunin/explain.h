// Explain: what each finding id and reason id that kakunin emits means, and why it matters.
//
// The catalogue is data/findings.json, compiled into the library (kakunin_embed_text). Each entry
// has the id as emitted ("dkim.body_length_limited", "dmarc.pass", "link.userinfo"), the severity
// the code emits it with ("info", "low", "medium", "high", "medium/high" when it depends on the
// case, or "reason" for the reason ids of docs/json.md), a title and a 2-4 sentence explanation
// in English and Japanese, and optionally where to read more (an RFC section or a doc path).
// tests/explain checks that every id the inspect pipeline produces over tests/corpus has an entry.
//
// Left out: the action ids of Report.actions ("phishing.do_not_click", "code.keep_secret",
// "notice.unrequested", ...); each action carries its own text.
//
// Thread-safety: the catalogue is built once on first use (a function-local static) and is
// immutable afterwards; all functions are safe to call from several threads.
#ifndef KAKUNIN_EXPLAIN_H_
#define KAKUNIN_EXPLAIN_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kakunin::explain {

struct FindingInfo {
  std::string id;
  std::string severity;
  std::string title_en;
  std::string title_ja;
  std::string explain_en;
  std::string explain_ja;
  std::string see;  // Optional: "RFC 6376 8.2", "docs/links.md"; empty when none.

  // The title / explanation in `lang` ("ja" gives Japanese, anything else English).
  const std::string& Title(std::string_view lang) const { return lang == "ja" ? title_ja : title_en; }
  const std::string& Explanation(std::string_view lang) const { return lang == "ja" ? explain_ja : explain_en; }
};

// Every entry, sorted by id.
[[nodiscard]] const std::vector<FindingInfo>& AllFindings();

// The entry for `id`, or nullptr when the catalogue has none.
[[nodiscard]] const FindingInfo* FindFinding(std::string_view id);

// Up to `max` catalogue ids closest to `id` (fewest single-character edits; ties by id), for
// "did you mean" hints. `id` is cut to kMaxQueryLength bytes first, which bounds the work.
inline constexpr size_t kMaxQueryLength = 64;
[[nodiscard]] std::vector<std::string_view> ClosestFindings(std::string_view id, size_t max);

}  // namespace kakunin::explain

#endif  // KAKUNIN_EXPLAIN_H_
