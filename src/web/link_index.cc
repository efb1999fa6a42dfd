// LinkIndex and the markup of one annotated link.
//
// Input: links the analysis found in attacker HTML/text. Bounds: a lookup looks at most
// kMatchWindow links ahead of the first unmatched one, so a hostile mail with thousands of links
// that never match costs at most kMatchWindow comparisons per element.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/strings.h"
#include "kakunin/web.h"
#include "web/internal.h"

namespace kakunin::web {
namespace {

constexpr size_t kMatchWindow = 64;

struct PartLinks {
  std::vector<const links::AnalyzedLink*> links;
  std::vector<bool> taken;
  size_t first_open = 0;  // Every link before this one is taken.
};

}  // namespace

struct LinkIndex::Impl {
  const brands::BrandRegistry& registry;
  std::map<int, PartLinks> parts;
};

LinkIndex::LinkIndex(const std::vector<links::AnalyzedLink>& links, const brands::BrandRegistry& registry)
    : impl_(std::make_unique<Impl>(Impl{registry, {}})) {
  for (const auto& l : links) {
    PartLinks& p = impl_->parts[l.link.part_index];
    p.links.push_back(&l);
    p.taken.push_back(false);
  }
}

LinkIndex::~LinkIndex() = default;

const links::AnalyzedLink* LinkIndex::Take(int part_index, std::initializer_list<links::Element> elements,
                                           std::string_view raw) {
  auto it = impl_->parts.find(part_index);
  if (it == impl_->parts.end()) return nullptr;
  PartLinks& p = it->second;
  raw = base::Trim(raw);
  const size_t end = std::min(p.links.size(), p.first_open + kMatchWindow);
  for (size_t i = p.first_open; i < end; ++i) {
    if (p.taken[i]) continue;
    const links::Link& l = p.links[i]->link;
    if (std::find(elements.begin(), elements.end(), l.element) == elements.end()) continue;
    if (base::Trim(l.raw) != raw) continue;
    p.taken[i] = true;
    while (p.first_open < p.links.size() && p.taken[p.first_open]) ++p.first_open;
    return p.links[i];
  }
  return nullptr;
}

std::vector<const links::AnalyzedLink*> LinkIndex::Untaken(int part_index, links::Element element) const {
  std::vector<const links::AnalyzedLink*> out;
  auto it = impl_->parts.find(part_index);
  if (it == impl_->parts.end()) return out;
  for (size_t i = 0; i < it->second.links.size(); ++i) {
    if (!it->second.taken[i] && it->second.links[i]->link.element == element) out.push_back(it->second.links[i]);
  }
  return out;
}

const brands::Brand* LinkIndex::BrandOf(std::string_view host) const {
  return host.empty() ? nullptr : impl_->registry.FindByDomain(host);
}

namespace internal {

bool IsDeceptive(const links::AnalyzedLink& link) {
  return std::any_of(link.findings.begin(), link.findings.end(),
                     [](const links::LinkFinding& f) { return f.finding.severity >= Severity::kMedium; });
}

LinkMarkup AnnotateLink(const links::AnalyzedLink* link, std::string_view raw, LinkIndex& index,
                        std::string_view lang) {
  static constexpr Text kGoesTo{"Really goes to:", "実際の行き先:"};
  static constexpr Text kSite{"site", "サイト"};
  static constexpr Text kOwnSite{"This is {}'s own site.", "{} の正規サイトです。"};
  static constexpr Text kNotWeb{"Not a web address:", "Web アドレスではありません:"};
  static constexpr Text kUnanalysed{"Not analysed; written destination:", "未解析。記載された行き先:"};
  static constexpr Text kNoDestination{"Leads nowhere (a relative address in a mail).",
                                       "行き先がありません（メール内の相対アドレス）。"};
  static constexpr Text kNotClickable{"Links in the mail are not clickable here.",
                                      "ここではメール内のリンクは開けません。"};
  const bool ja = lang == "ja";
  std::string kind = "link-plain";
  std::string pop;      // HTML of the pop-up.
  std::string title;    // The same as plain text (escaped when written).
  std::string dest;     // data-dest: the host, ASCII.
  std::string site;     // data-site: the registrable domain.
  if (link == nullptr) {
    kind = "link-unknown";
    const std::string shown = CutUtf8(base::Trim(raw), kMaxShownUrlBytes);
    pop += fmt::format("<span class=\"pop-line\">{}</span><span class=\"pop-url\">{}</span>",
                       kUnanalysed.In(lang), EscapeHtml(shown));
    title = std::string(kUnanalysed.In(lang)) + " " + shown;
  } else {
    const links::Link& l = link->link;
    const std::string url = CutUtf8(l.href.empty() ? base::Trim(l.raw) : std::string_view(l.href), kMaxShownUrlBytes);
    dest = link->host;
    site = link->registrable_domain;
    if (!link->host.empty()) {
      const std::string host = link->unicode_host.empty() ? link->host : link->unicode_host;
      std::string host_html = fmt::format("<strong class=\"pop-host\">{}</strong>", EscapeHtml(host));
      if (!site.empty() && site != link->host) {
        host_html += fmt::format(" <span class=\"pop-site\">({}: {})</span>", kSite.In(lang), EscapeHtml(site));
      }
      pop += fmt::format("<span class=\"pop-line\">{} {}</span>", kGoesTo.In(lang), host_html);
      title = std::string(kGoesTo.In(lang)) + " " + host;
      if (const brands::Brand* b = index.BrandOf(link->host); b != nullptr && !IsDeceptive(*link)) {
        kind = "link-brand";
        const std::string name = ja && !b->name_ja.empty() ? b->name_ja : b->name_en;
        const std::string own = fmt::format(fmt::runtime(kOwnSite.In(lang)), name);
        pop += fmt::format("<span class=\"pop-line pop-ok\">{}</span>", EscapeHtml(own));
        title += "\n" + own;
      }
    } else if (l.relative) {
      pop += fmt::format("<span class=\"pop-line\">{}</span>", kNoDestination.In(lang));
      title = kNoDestination.In(lang);
    } else {
      pop += fmt::format("<span class=\"pop-line\">{}</span>", kNotWeb.In(lang));
      title = kNotWeb.In(lang);
    }
    pop += fmt::format("<span class=\"pop-url\">{}</span>", EscapeHtml(url));
    title += "\n" + url;
    if (IsDeceptive(*link)) kind = "link-deceptive";
    for (const auto& f : link->findings) {
      if (f.finding.severity < Severity::kLow) continue;
      const std::string& message = f.finding.Message(lang);
      pop += fmt::format("<span class=\"pop-warn pop-{}\">{}</span>", SeverityName(f.finding.severity),
                         EscapeHtml(message));
      title += "\n! " + message;
    }
  }
  pop += fmt::format("<span class=\"pop-note\">{}</span>", kNotClickable.In(lang));
  LinkMarkup m;
  m.open = fmt::format("<span class=\"link {}\" tabindex=\"0\" title=\"{}\" data-dest=\"{}\" data-site=\"{}\">", kind,
                       EscapeHtml(title), EscapeHtml(dest), EscapeHtml(site));
  m.close = fmt::format("<span class=\"link-pop\" role=\"tooltip\">{}</span></span>", pop);
  return m;
}

}  // namespace internal
}  // namespace kakunin::web
