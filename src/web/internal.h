// Helpers shared by the web page's renderers (not part of the public API).
#ifndef KAKUNIN_WEB_INTERNAL_H_
#define KAKUNIN_WEB_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/html.h"
#include "kakunin/links.h"
#include "kakunin/web.h"

namespace kakunin::web::internal {

using base::Text;  // One phrase in both languages.

// src/web/style.css, compiled in (kakunin_embed_text).
extern const char kStyleCss[];

// `s` cut to at most `max` bytes without splitting a UTF-8 sequence; "..." appended when cut.
std::string CutUtf8(std::string_view s, size_t max);

// The markup that opens an annotated link (a focusable span; `link` may be null when the
// analysis did not see it, then `raw` is shown) and the markup that closes it (the pop-up with
// the destination and warnings, then the end tag). The caller puts the link's label between.
struct LinkMarkup {
  std::string open;
  std::string close;
};
LinkMarkup AnnotateLink(const links::AnalyzedLink* link, std::string_view raw, LinkIndex& index,
                        std::string_view lang);

// Whether an analysed link deceives (a finding of medium severity or more), as the text report
// marks it.
bool IsDeceptive(const links::AnalyzedLink& link);

// The parts the mail and SMS report pages share (report_page.cc). Everything is escaped here.
std::string BrandName(const brands::Brand* brand, std::string_view lang);  // "" for none.
// The verdict banner: the verdict in plain words (naming the brand when there is one) and the
// reasons; `genuine_domain` names the sender of a genuine mail without a brand.
std::string VerdictBanner(Verdict verdict, const brands::Brand* brand, const std::vector<Reason>& reasons,
                          std::string_view genuine_domain, std::string_view lang);
// The actions as a checklist, then the brand's official pages as real links (registry only).
std::string ActionChecklist(const std::vector<Action>& actions, const brands::Brand* brand, std::string_view lang);
// Every finding, folded; "" when there are none.
std::string FindingList(const std::vector<Finding>& findings, std::string_view lang);

}  // namespace kakunin::web::internal

#endif  // KAKUNIN_WEB_INTERNAL_H_
