// Links: every link in a message, where it really goes, and how it deceives.
//
// Extraction (Extract, ExtractHtml, ExtractText) is static: nothing is ever fetched or opened.
//  - HTML bodies are parsed with gumbo (HTML5 tree construction, as browsers do): a/area href,
//    form action (with its method and whether it holds a password field), the first base href
//    (which resolves every relative link, HTML 4.2.3), meta refresh, img/iframe src. The visible
//    text of each a/area (alt for area) has entities decoded and whitespace collapsed; zero-width
//    and other invisible format characters are removed from it and reported.
//  - text/plain bodies: URLs with a scheme (http, https, ftp), without one ("www.amazon.co.jp/..."
//    and "host.tld/path"), in angle brackets (RFC 3986 Appendix C, whitespace inside ignored),
//    and URLs hard-wrapped across lines by the sender's mail client.
// Each href is resolved with url::Parse, as the browser would. A mail has no URL of its own: a
// scheme-relative href ("//host/x") is read as https, as webmail clients open it, and other
// relative hrefs without a base href are kept unresolved (Link::relative).
//
// Analysis (Analyze, AnalyzeUrl) turns each link into facts with ids ("link.display_mismatch",
// "link.ip_host", ...; docs/links.md lists them), each with a severity, bilingual message and
// its evidence. Findings are evidence, not verdicts.
//
// Left out: CSS (text hidden with display:none is still "visible"), scripts, images as text
// (a button picture showing a URL), links inside attachments, redirects a server would do.
//
// Thread-safety: functions are pure; Link, AnalyzedLink and LinkFinding are values. BrandList is
// safe for concurrent const use once built.
#ifndef KAKUNIN_LINKS_H_
#define KAKUNIN_LINKS_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/finding.h"
#include "kakunin/message.h"
#include "kakunin/url.h"

namespace kakunin::links {

// Past this many links per message the rest are dropped: real
// newsletters carry a few hundred; 10,000 bounds the analysis cost of a hostile mail.
inline constexpr size_t kMaxLinksPerMessage = 10000;
// Visible link text is cut after this many bytes; a real label is a few words.
inline constexpr size_t kMaxLinkTextBytes = 1024;
// HTML bodies longer than this are cut before parsing (gumbo's tree costs ~10x the input).
inline constexpr size_t kMaxHtmlBytes = 8u << 20;

// Where a link was found.
enum class Element { kA, kArea, kForm, kBase, kMetaRefresh, kImg, kIframe, kText };
// "a", "area", "form", "base", "meta_refresh", "img", "iframe", "text".
std::string_view ElementName(Element element);

struct Link {
  int part_index = 0;          // mime::TextBody::part_index of the body it came from.
  Element element = Element::kA;
  std::string raw;             // The attribute value or text as written (HTML entities decoded).
  std::string href;            // Resolved and serialized (url::Url::Href); empty if it does not parse.
  std::optional<url::Url> url;  // The parsed URL; nullopt when `raw` does not parse.
  std::string parse_error;     // Why it did not parse.
  bool relative = false;       // A relative reference and no base href: it leads nowhere.
  std::string text;            // What the reader sees: link text (a), alt (area), the URL as
                               // written (text); "" otherwise. At most kMaxLinkTextBytes (+3).
  std::vector<std::string> invisible;  // Invisible characters removed from `text`, as "U+200B".
  bool wrapped = false;        // text/plain: joined from several lines or inside <...>.
  bool form_has_password = false;  // form: holds an <input type=password>.
  std::string form_method;     // form: "get" or "post" (lower case).
};

// Which bounds Extract reached, so that a report can say what was not checked.
struct ExtractLimits {
  bool link_count = false;  // kMaxLinksPerMessage links were kept; any further ones were dropped.
  bool html_bytes = false;  // An HTML body over kMaxHtmlBytes was cut before parsing.
  bool html_depth = false;  // Start tags nested deeper than 512 were dropped before parsing.
};

// Extracts the links of every text body of `message`, in body order, at most kMaxLinksPerMessage.
// `reached` (optional) says which bounds were hit.
std::vector<Link> Extract(const mime::Message& message, ExtractLimits* reached = nullptr);
// One finding per bound reached: "links.limit.count", "links.limit.html_size",
// "links.limit.nesting" (docs/links.md).
std::vector<Finding> LimitFindings(const ExtractLimits& reached);
// Extracts links from one HTML body (UTF-8). `part_index` is copied into each Link. `reached`
// (optional) gets html_bytes / html_depth set when those bounds cut the body.
std::vector<Link> ExtractHtml(std::string_view html, int part_index = 0, ExtractLimits* reached = nullptr);
// Extracts links from one text/plain body (UTF-8).
std::vector<Link> ExtractText(std::string_view text, int part_index = 0);

// ---- Analysis ----

// Brands and the registrable domains that really belong to them (amazon.co.jp, amazon.com,
// amazon-adsystem.com ...). The brand registry feeds it; tests and the CLI may add entries.
class BrandList {
 public:
  struct Brand {
    std::string name;                  // Display name, "Amazon".
    std::vector<std::string> domains;  // Registrable domains, lower-case ASCII.
    std::vector<std::string> labels;   // The registrable labels ("amazon"), derived.
    std::vector<std::string> skeletons;  // UTS #39 skeletons of the labels, derived.
  };

  // Adds a brand; domains are reduced to their registrable domains with `psl`.
  void Add(std::string name, const std::vector<std::string>& domains,
           const url::PublicSuffixList& psl = *url::PublicSuffixList::Default());
  // The brand owning `registrable_domain`, or nullptr.
  const Brand* FindByDomain(std::string_view registrable_domain) const;
  const std::vector<Brand>& brands() const { return brands_; }

 private:
  std::vector<Brand> brands_;
};

// A finding about one link, with the concrete evidence ("shown: amazon.co.jp; goes to:
// amazon-check.top").
struct LinkFinding {
  Finding finding;
  std::string evidence;
};

struct AnalyzedLink {
  Link link;
  std::string scheme;              // "https"; "" when the href does not parse.
  std::string host;                // As the browser resolves it, ASCII (punycode).
  std::string unicode_host;        // For display.
  std::string registrable_domain;  // "" for IPs, public suffixes and non-hosts.
  std::vector<LinkFinding> findings;
};

struct AnalyzeOptions {
  std::shared_ptr<const url::PublicSuffixList> psl;  // nullptr = PublicSuffixList::Default().
  const BrandList* brands = nullptr;                 // nullptr = no brand checks.
};

// Analyzes each link. Links from text/plain show their own URL, so they never give
// link.display_mismatch; a text part repeating the HTML links adds no new kind of finding.
std::vector<AnalyzedLink> Analyze(const std::vector<Link>& links, const AnalyzeOptions& options = {});

// One URL given by hand (the `kakunin url` command): parsed against `base` when given.
AnalyzedLink AnalyzeUrl(std::string_view input, const url::Url* base, const AnalyzeOptions& options = {});

// The registrable domain of a shortener service (bit.ly, t.co ...) from data/url-shorteners.txt,
// compiled in; whether `registrable_domain` is one.
bool IsShortener(std::string_view registrable_domain);

}  // namespace kakunin::links

#endif  // KAKUNIN_LINKS_H_
