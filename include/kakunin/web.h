// Web: `kakunin web`, a local page where a person pastes a mail's source or drops an .eml file
// and reads the inspect report as a page: a verdict banner in plain words, the mail itself shown
// safely with every link annotated with where it really goes, the sender authentication, and
// what to do, in English or Japanese.
//
// Safe by construction (docs/web.md has the whole argument):
//  - The mail is never given to the browser as markup. HTML bodies are parsed with gumbo (the
//    HTML5 tree builder, as a browser would) and a new fragment is written from the tree: only
//    tags from a fixed allow-list, written by this code (never copied from the input), with
//    no attribute from the mail except table spans; every text node is escaped. Scripts, styles,
//    forms' targets, images, frames, SVG/MathML, <base> and <meta refresh> are dropped or become
//    inert placeholders; links become focusable <span>s that show their real destination on
//    hover or focus. The result is parsed again and checked (FindUnsafeMarkup) before use.
//  - Every response carries a Content-Security-Policy that allows nothing but this server's own
//    style sheet (default-src 'none'; no script at all), frame-ancestors 'none', nosniff,
//    Referrer-Policy no-referrer and Cache-Control no-store. The page loads nothing from
//    anywhere else.
//  - The form posts with a random per-process token in a hidden field; the Host header must name
//    the loopback address the server listens on (which defeats DNS rebinding), and Origin /
//    Sec-Fetch-Site must not show another site. The server listens on loopback only.
//  - Request size is bounded; the mail lives in memory for one request and is never written
//    anywhere (no log of it, no file, no cookie).
// Left out: attachments are listed, never opened; CSS of the mail (layout, colours, hidden text)
// is not applied; images are not shown.
#ifndef KAKUNIN_WEB_H_
#define KAKUNIN_WEB_H_

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/inspect.h"
#include "kakunin/links.h"
#include "kakunin/result.h"

namespace kakunin::web {

// The port `kakunin web` listens on unless told otherwise (unassigned by IANA).
inline constexpr int kDefaultPort = 8931;
// A mail larger than this is refused (413): real mails with attachments are a few MiB, and the
// analysis holds several copies of the message.
inline constexpr size_t kDefaultMaxMessageBytes = 10u << 20;
// HTML bodies are rendered up to the size the link analysis reads (links::kMaxHtmlBytes), and
// text bodies up to this many bytes: past it, a note says the rest is not shown.
inline constexpr size_t kMaxTextBodyBytes = 1u << 20;
// Shown link destinations are cut after this many bytes (a phishing URL can be kilobytes long).
inline constexpr size_t kMaxShownUrlBytes = 2048;
// Elements nested deeper than this in a mail's HTML are unwrapped (their text is kept).
inline constexpr int kMaxRenderedDepth = 256;

// What a page needs besides the report.
struct PageContext {
  std::string lang = "en";   // "en" or "ja".
  std::string csrf_token;    // Put in the hidden field of every form.
  size_t max_message_bytes = kDefaultMaxMessageBytes;
};

// The links of one report, indexed for rendering the mail bodies. Links are matched to the
// elements of a body in document order, by part and raw attribute value.
class LinkIndex {
 public:
  // `links` and `registry` must outlive the index.
  LinkIndex(const std::vector<links::AnalyzedLink>& links, const brands::BrandRegistry& registry);
  ~LinkIndex();
  LinkIndex(const LinkIndex&) = delete;
  LinkIndex& operator=(const LinkIndex&) = delete;

  // The next unmatched link of `part_index` of one of `elements` whose raw value is `raw`
  // (compared with surrounding spaces trimmed), or nullptr. Marks it matched.
  const links::AnalyzedLink* Take(int part_index, std::initializer_list<links::Element> elements,
                                  std::string_view raw);
  // The links of `part_index` of kind `element` not taken yet, in document order.
  std::vector<const links::AnalyzedLink*> Untaken(int part_index, links::Element element) const;
  // The brand that owns `host`, or nullptr (a link to the brand's own site).
  const brands::Brand* BrandOf(std::string_view host) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A mail HTML body (UTF-8) as a safe HTML fragment, with links annotated from `index`
// (part `part_index`) and messages in `lang`. At most links::kMaxHtmlBytes of input are read.
// Thread-compatible: `index` is mutated (links are taken).
std::string SanitizeMailHtml(std::string_view html, int part_index, LinkIndex& index, std::string_view lang);
// A text/plain body as a safe fragment (a <pre>), URLs annotated like links. At most
// kMaxTextBodyBytes are shown.
std::string RenderMailText(std::string_view text, int part_index, LinkIndex& index, std::string_view lang);

// Checks a fragment produced by SanitizeMailHtml/RenderMailText: parses it with gumbo and returns
// a description of the first element or attribute outside the output allow-list (a link, an
// image, a script, any URL-bearing, style or event-handler attribute), or nullopt when safe.
std::optional<std::string> FindUnsafeMarkup(std::string_view fragment);

// Escapes `text` for HTML text and quoted attribute values (& < > " ' and control characters).
std::string EscapeHtml(std::string_view text);

// The pages, as complete UTF-8 documents. Pure functions.
std::string RenderUploadPage(const PageContext& context, std::string_view error = {});
// `raw` is the mail as posted: the language switch re-posts it (base64 in a hidden field).
std::string RenderReportPage(const Report& report, std::string_view raw, const brands::BrandRegistry& registry,
                             const PageContext& context);
// The style sheet the pages use, served from /style.css (CSP style-src 'self').
std::string_view StyleSheet();
// The Content-Security-Policy sent with every response.
std::string_view ContentSecurityPolicy();

struct ServerOptions {
  // A loopback address: "127.0.0.1" (default), another 127.x address, "::1" or "localhost".
  std::string host = "127.0.0.1";
  int port = kDefaultPort;  // 0: a free port chosen by the system (see Server::port()).
  size_t max_message_bytes = kDefaultMaxMessageBytes;
  // "en" or "ja" forces the default language; "" (auto) follows the browser's Accept-Language.
  // A ?lang= query or the form's language switch wins over both.
  std::string lang;
  // The analysis: resolver, clock, trusted authserv-ids, brands. Pointers are not owned and
  // must outlive the server; inspect runs one message at a time.
  InspectOptions inspect;
};

// The HTTP server (cpp-httplib). Bind, then Run on one thread; Stop from any other thread.
// Requests are served by a small thread pool; the inspections themselves run one at a time.
class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the socket. Errors: kInvalidArgument for a host that is not loopback, kIo when the
  // address cannot be bound (in use, ...).
  [[nodiscard]] Result<void> Bind();
  // The bound port (after Bind).
  int port() const;
  // The page's address, "http://127.0.0.1:8931/" (after Bind).
  std::string url() const;
  // Serves until Stop. REQUIRES: Bind succeeded.
  void Run();
  // Makes Run return. Thread-safe; not async-signal-safe.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kakunin::web

#endif  // KAKUNIN_WEB_H_
