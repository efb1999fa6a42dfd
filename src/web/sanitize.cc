// The mail's HTML as a new, safe fragment built from gumbo's parse tree.
//
// Attacker input: a whole HTML body (UTF-8). Bounds: at most links::kMaxHtmlBytes are read, the
// nesting is limited before parsing (links::internal::LimitHtmlNesting, as the link analysis
// does, because gumbo's tree builder is quadratic in the depth), the tree is walked with an
// explicit stack (no recursion), and past kMaxRenderedDepth open elements tags are unwrapped.
// The output is linear in the input (each byte of text becomes at most 6 bytes, each element
// one fixed tag or placeholder, each link one annotation).
//
// Nothing of the input is written as markup: tag names come from the table below, the only
// attributes copied are numeric table spans, and every text node and attribute value written
// goes through EscapeHtml.
#include <gumbo.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/strings.h"
#include "kakunin/web.h"
#include "links/html_nesting.h"
#include "web/internal.h"

namespace kakunin::web {
namespace {

using internal::Text;

enum class Action {
  kEmit,         // Write the element (under its output name) and its children.
  kUnwrap,       // Write only the children.
  kDrop,         // Write nothing of it.
  kLink,         // a / area: an annotated span.
  kImage,        // A placeholder with the alt text.
  kEmbedded,     // iframe, object, video ...: a placeholder.
  kVector,       // svg / math: a placeholder; nothing inside is read.
  kInput,        // A form field: a placeholder.
  kForm,         // A box saying where the form would send what is typed.
  kButton,       // Its text as a button-looking span.
};

struct Rule {
  Action action;
  const char* name;  // Output tag for kEmit.
};

Rule RuleFor(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: return {Action::kEmit, "p"};
    case GUMBO_TAG_BR: return {Action::kEmit, "br"};
    case GUMBO_TAG_HR: return {Action::kEmit, "hr"};
    case GUMBO_TAG_WBR: return {Action::kEmit, "wbr"};
    case GUMBO_TAG_DIV: return {Action::kEmit, "div"};
    case GUMBO_TAG_SPAN: return {Action::kEmit, "span"};
    case GUMBO_TAG_B: return {Action::kEmit, "b"};
    case GUMBO_TAG_STRONG: return {Action::kEmit, "strong"};
    case GUMBO_TAG_I: return {Action::kEmit, "i"};
    case GUMBO_TAG_EM: return {Action::kEmit, "em"};
    case GUMBO_TAG_U: return {Action::kEmit, "u"};
    case GUMBO_TAG_S: return {Action::kEmit, "s"};
    case GUMBO_TAG_STRIKE: return {Action::kEmit, "s"};
    case GUMBO_TAG_DEL: return {Action::kEmit, "del"};
    case GUMBO_TAG_INS: return {Action::kEmit, "ins"};
    case GUMBO_TAG_SMALL: return {Action::kEmit, "small"};
    case GUMBO_TAG_SUB: return {Action::kEmit, "sub"};
    case GUMBO_TAG_SUP: return {Action::kEmit, "sup"};
    case GUMBO_TAG_MARK: return {Action::kEmit, "mark"};
    case GUMBO_TAG_ABBR: return {Action::kEmit, "abbr"};
    case GUMBO_TAG_CITE: return {Action::kEmit, "cite"};
    case GUMBO_TAG_Q: return {Action::kEmit, "q"};
    case GUMBO_TAG_CODE: return {Action::kEmit, "code"};
    case GUMBO_TAG_TT: return {Action::kEmit, "code"};
    case GUMBO_TAG_KBD: return {Action::kEmit, "kbd"};
    case GUMBO_TAG_SAMP: return {Action::kEmit, "samp"};
    case GUMBO_TAG_VAR: return {Action::kEmit, "var"};
    case GUMBO_TAG_PRE: return {Action::kEmit, "pre"};
    case GUMBO_TAG_XMP: return {Action::kEmit, "pre"};
    case GUMBO_TAG_LISTING: return {Action::kEmit, "pre"};
    case GUMBO_TAG_PLAINTEXT: return {Action::kEmit, "pre"};
    case GUMBO_TAG_BLOCKQUOTE: return {Action::kEmit, "blockquote"};
    case GUMBO_TAG_ADDRESS: return {Action::kEmit, "address"};
    case GUMBO_TAG_H1: return {Action::kEmit, "h1"};
    case GUMBO_TAG_H2: return {Action::kEmit, "h2"};
    case GUMBO_TAG_H3: return {Action::kEmit, "h3"};
    case GUMBO_TAG_H4: return {Action::kEmit, "h4"};
    case GUMBO_TAG_H5: return {Action::kEmit, "h5"};
    case GUMBO_TAG_H6: return {Action::kEmit, "h6"};
    case GUMBO_TAG_UL: return {Action::kEmit, "ul"};
    case GUMBO_TAG_OL: return {Action::kEmit, "ol"};
    case GUMBO_TAG_MENU: return {Action::kEmit, "ul"};
    case GUMBO_TAG_DIR: return {Action::kEmit, "ul"};
    case GUMBO_TAG_LI: return {Action::kEmit, "li"};
    case GUMBO_TAG_DL: return {Action::kEmit, "dl"};
    case GUMBO_TAG_DT: return {Action::kEmit, "dt"};
    case GUMBO_TAG_DD: return {Action::kEmit, "dd"};
    case GUMBO_TAG_TABLE: return {Action::kEmit, "table"};
    case GUMBO_TAG_CAPTION: return {Action::kEmit, "caption"};
    case GUMBO_TAG_THEAD: return {Action::kEmit, "thead"};
    case GUMBO_TAG_TBODY: return {Action::kEmit, "tbody"};
    case GUMBO_TAG_TFOOT: return {Action::kEmit, "tfoot"};
    case GUMBO_TAG_TR: return {Action::kEmit, "tr"};
    case GUMBO_TAG_TD: return {Action::kEmit, "td"};
    case GUMBO_TAG_TH: return {Action::kEmit, "th"};
    case GUMBO_TAG_RUBY: return {Action::kEmit, "ruby"};
    case GUMBO_TAG_RT: return {Action::kEmit, "rt"};
    case GUMBO_TAG_RP: return {Action::kEmit, "rp"};
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
      return {Action::kEmit, "div"};
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_BLINK:
    case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_NOBR:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_ACRONYM:
      return {Action::kEmit, "span"};
    case GUMBO_TAG_A:
    case GUMBO_TAG_AREA:
      return {Action::kLink, nullptr};
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
      return {Action::kImage, nullptr};
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_CANVAS:
      return {Action::kEmbedded, nullptr};
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
      return {Action::kVector, nullptr};
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_ISINDEX:
      return {Action::kInput, nullptr};
    case GUMBO_TAG_FORM: return {Action::kForm, nullptr};
    case GUMBO_TAG_BUTTON: return {Action::kButton, nullptr};
    // Their content is not the mail's text, or they load or run something.
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_SPACER:
    case GUMBO_TAG_NEXTID:
      return {Action::kDrop, nullptr};
    default:
      // html, body, noscript (parsed as markup: scripting is off in gumbo), select, option,
      // textarea, map, unknown and custom elements: their text stays, their tag does not.
      return {Action::kUnwrap, nullptr};
  }
}

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

// colspan / rowspan: 1-1000 digits only (HTML 4.9.11 caps colspan at 1000, rowspan at 65534).
std::string TableSpans(const GumboElement& e) {
  std::string out;
  for (const char* name : {"colspan", "rowspan"}) {
    const char* v = Attr(e, name);
    if (v == nullptr) continue;
    std::string_view s = base::Trim(v);
    if (s.empty() || s.size() > 3) continue;
    bool digits = true;
    for (char c : s) digits = digits && base::IsAsciiDigit(c);
    if (!digits || s == "0") continue;
    out += fmt::format(" {}=\"{}\"", name, s);
  }
  return out;
}

struct Renderer {
  int part_index;
  LinkIndex& index;
  std::string_view lang;
  std::string out;
  int depth = 0;  // Open elements written.

  struct Frame {
    const GumboNode* node;
    bool exit;          // A closing visit: write `close`, drop the depth it took.
    std::string close;
    bool counted;
  };
  std::vector<Frame> stack;

  void PushChildren(const GumboVector& children) {
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), false, {}, false});
    }
  }

  void Placeholder(const char* cls, const std::string& text) {
    out += fmt::format("<span class=\"{}\">[{}]</span>", cls, EscapeHtml(text));
  }

  void Enter(const GumboNode* node) {
    const GumboElement& e = node->v.element;
    // SVG and MathML inside HTML: nothing of it is read (foreignObject, <a xlink:href> ...).
    if (e.tag_namespace != GUMBO_NAMESPACE_HTML && e.tag != GUMBO_TAG_SVG && e.tag != GUMBO_TAG_MATH) return;
    const Rule rule = RuleFor(e.tag);
    static constexpr Text kImage{"image", "画像"};
    static constexpr Text kEmbedded{"embedded content, not shown", "埋め込みコンテンツ（表示しません）"};
    static constexpr Text kVector{"drawing (SVG/MathML), not shown", "図形 (SVG/MathML)（表示しません）"};
    static constexpr Text kPassword{"password field", "パスワード入力欄"};
    static constexpr Text kField{"input field", "入力欄"};
    static constexpr Text kFormNote{"A form inside the mail. What is typed into it would be sent to:",
                                    "メール内のフォームです。入力内容の送信先:"};
    switch (rule.action) {
      case Action::kDrop:
        return;
      case Action::kVector:
        Placeholder("mail-embed", kVector.In(lang));
        return;
      case Action::kEmbedded:
        Placeholder("mail-embed", kEmbedded.In(lang));
        return;
      case Action::kImage: {
        const char* alt = Attr(e, "alt");
        std::string text = kImage.In(lang);
        if (alt != nullptr && !base::Trim(alt).empty()) text += ": " + internal::CutUtf8(base::Trim(alt), 200);
        Placeholder("mail-img", text);
        return;
      }
      case Action::kInput: {
        const char* type = Attr(e, "type");
        if (type != nullptr && base::EqualsIgnoreCase(base::Trim(type), "hidden")) return;
        const bool password = type != nullptr && base::EqualsIgnoreCase(base::Trim(type), "password");
        if (password) {
          Placeholder("mail-input mail-password", kPassword.In(lang));
        } else {
          Placeholder("mail-input", kField.In(lang));
        }
        return;
      }
      case Action::kUnwrap:
        PushChildren(e.children);
        return;
      case Action::kButton:
        stack.push_back({node, true, "</span>", false});
        out += "<span class=\"mail-button\">";
        PushChildren(e.children);
        return;
      case Action::kForm: {
        const char* action = Attr(e, "action");
        const links::AnalyzedLink* link =
            index.Take(part_index, {links::Element::kForm}, action != nullptr ? action : "");
        auto markup = internal::AnnotateLink(link, action != nullptr ? action : "", index, lang);
        out += fmt::format("<div class=\"mail-form\"><span class=\"mail-form-note\">{} {}{}{}</span>",
                           kFormNote.In(lang), markup.open,
                           EscapeHtml(link != nullptr && !link->unicode_host.empty() ? link->unicode_host
                                                                                      : std::string(base::Trim(action != nullptr ? action : ""))),
                           markup.close);
        stack.push_back({node, true, "</div>", false});
        PushChildren(e.children);
        return;
      }
      case Action::kLink: {
        const char* href = Attr(e, "href");
        if (href == nullptr) {
          PushChildren(e.children);
          return;
        }
        const bool area = e.tag == GUMBO_TAG_AREA;
        const links::AnalyzedLink* link =
            index.Take(part_index, {area ? links::Element::kArea : links::Element::kA}, href);
        auto markup = internal::AnnotateLink(link, href, index, lang);
        out += markup.open;
        if (area) {
          const char* alt = Attr(e, "alt");
          out += EscapeHtml(alt != nullptr && !base::Trim(alt).empty() ? internal::CutUtf8(base::Trim(alt), 200)
                                                                        : std::string("[area]"));
          out += markup.close;
          return;
        }
        stack.push_back({node, true, std::move(markup.close), false});
        PushChildren(e.children);
        return;
      }
      case Action::kEmit:
        break;
    }
    const std::string_view name = rule.name;
    const bool is_void = name == "br" || name == "hr" || name == "wbr";
    if (depth >= kMaxRenderedDepth) {
      if (!is_void) PushChildren(e.children);
      return;
    }
    out += fmt::format("<{}{}>", name, (name == "td" || name == "th") ? TableSpans(e) : std::string());
    if (is_void) return;
    ++depth;
    stack.push_back({node, true, fmt::format("</{}>", name), true});
    PushChildren(e.children);
  }

  void Run(const GumboNode* root) {
    stack.push_back({root, false, {}, false});
    while (!stack.empty()) {
      Frame f = std::move(stack.back());
      stack.pop_back();
      if (f.exit) {
        out += f.close;
        if (f.counted) --depth;
        continue;
      }
      const GumboNode* n = f.node;
      switch (n->type) {
        case GUMBO_NODE_DOCUMENT:
          PushChildren(n->v.document.children);
          break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
          Enter(n);
          break;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
          out += EscapeHtml(n->v.text.text);
          break;
        case GUMBO_NODE_COMMENT:
          break;
      }
    }
  }
};

}  // namespace

std::string SanitizeMailHtml(std::string_view html, int part_index, LinkIndex& index, std::string_view lang) {
  if (html.size() > links::kMaxHtmlBytes) html = html.substr(0, links::kMaxHtmlBytes);
  const std::string limited = links::internal::LimitHtmlNesting(html);
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, limited.data(), limited.size());
  Renderer r{part_index, index, lang, {}, 0, {}};
  r.out.reserve(limited.size() + limited.size() / 4);
  r.Run(output->document);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return std::move(r.out);
}

std::string RenderMailText(std::string_view text, int part_index, LinkIndex& index, std::string_view lang) {
  static constexpr Text kCut{"(The rest of this text is not shown: it is longer than {} KiB.)",
                             "（これ以降の本文は {} KiB を超えるため表示しません。）"};
  // A link the analysis found is looked for at most this far ahead, so that links it joined
  // from wrapped lines (not found verbatim) cost a bounded search each.
  constexpr size_t kSearchWindow = 64u << 10;
  const bool cut = text.size() > kMaxTextBodyBytes;
  const std::string shown = internal::CutUtf8(text, kMaxTextBodyBytes);
  std::string_view body = shown;
  std::string out = "<pre class=\"mail-text\">";
  size_t cursor = 0;
  for (const links::AnalyzedLink* link : index.Untaken(part_index, links::Element::kText)) {
    const std::string& raw = link->link.raw;
    if (raw.empty() || cursor >= body.size()) continue;
    const std::string_view window = body.substr(cursor, kSearchWindow + raw.size());
    const size_t at = window.find(raw);
    if (at == std::string_view::npos) continue;
    out += EscapeHtml(body.substr(cursor, at));
    auto markup = internal::AnnotateLink(link, raw, index, lang);
    out += markup.open + EscapeHtml(raw) + markup.close;
    cursor += at + raw.size();
  }
  if (cursor < body.size()) out += EscapeHtml(body.substr(cursor));
  out += "</pre>";
  if (cut) out += fmt::format("<p class=\"note\">{}</p>", fmt::format(fmt::runtime(kCut.In(lang)), kMaxTextBodyBytes >> 10));
  return out;
}

}  // namespace kakunin::web
