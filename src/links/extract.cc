// Extract over a whole message, and the resolution shared by both extractors.
#include <string>
#include <vector>

#include "kakunin/links.h"
#include "links/resolve.h"

namespace kakunin::links {
namespace internal {

void Resolve(Link& link, const url::Url* base) {
  if (link.raw.empty()) {
    link.parse_error = "empty";
    return;
  }
  auto parsed = url::Parse(link.raw, base);
  if (!parsed && base == nullptr) {
    // Stand-in for the document URL a mail lacks; only used to tell relative references apart.
    static const url::Url kNoDocument = *url::Parse("https://no-document.invalid/");
    auto relative = url::Parse(link.raw, &kNoDocument);
    if (relative && relative->host && relative->host->serialized != "no-document.invalid") {
      parsed = std::move(relative);  // "//host/x": the host is real, the scheme is https.
    } else if (relative) {
      link.relative = true;
    }
  }
  if (!parsed) {
    link.parse_error = parsed.error().message;
    return;
  }
  link.href = parsed->Href();
  link.url = std::move(*parsed);
}

}  // namespace internal

std::string_view ElementName(Element element) {
  switch (element) {
    case Element::kA: return "a";
    case Element::kArea: return "area";
    case Element::kForm: return "form";
    case Element::kBase: return "base";
    case Element::kMetaRefresh: return "meta_refresh";
    case Element::kImg: return "img";
    case Element::kIframe: return "iframe";
    case Element::kText: return "text";
  }
  return "a";
}

std::vector<Link> Extract(const mime::Message& message, ExtractLimits* reached) {
  ExtractLimits local;
  ExtractLimits& r = reached != nullptr ? *reached : local;
  std::vector<Link> all;
  for (const auto& body : message.texts()) {
    std::vector<Link> links =
        body.is_html ? ExtractHtml(body.text, body.part_index, &r) : ExtractText(body.text, body.part_index);
    // Each extractor stops at the cap itself; a body that reached it may have held more.
    if (links.size() >= kMaxLinksPerMessage) r.link_count = true;
    for (auto& link : links) {
      if (all.size() >= kMaxLinksPerMessage) {
        r.link_count = true;
        return all;
      }
      all.push_back(std::move(link));
    }
  }
  return all;
}

std::vector<Finding> LimitFindings(const ExtractLimits& reached) {
  std::vector<Finding> out;
  if (reached.link_count) {
    const std::string n = std::to_string(kMaxLinksPerMessage);
    out.push_back(Finding{"links.limit.count", Severity::kMedium,
                          "Link checks stopped at " + n + " links; any further links were not checked.",
                          "リンクの検査は " + n + " 個で打ち切りました。それ以降のリンクは検査していません。"});
  }
  if (reached.html_bytes) {
    const std::string n = std::to_string(kMaxHtmlBytes);
    out.push_back(Finding{"links.limit.html_size", Severity::kMedium,
                          "An HTML part is larger than " + n + " bytes; links after that point were not checked.",
                          "HTML パートが " + n + " バイトを超えるため、それ以降のリンクは検査していません。"});
  }
  if (reached.html_depth) {
    out.push_back(Finding{"links.limit.nesting", Severity::kLow,
                          "HTML elements are nested deeper than 512 levels; the deeper tags were dropped before "
                          "the links were read (the links themselves were kept).",
                          "HTML 要素の入れ子が 512 段を超えているため、深い部分のタグを除いてからリンクを読みました"
                          "（リンク自体は残しています）。"});
  }
  return out;
}

}  // namespace kakunin::links
