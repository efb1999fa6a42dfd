// Links from HTML bodies via gumbo.
//
// Attacker input: the whole HTML body. Bounds: kMaxHtmlBytes before parsing; nesting limited to
// kMaxHtmlDepth before parsing (internal::LimitHtmlNesting); the tree is walked
// with an explicit stack (no recursion, so deep nesting cannot overflow the C++ stack); each text
// node is appended to at most one link (the innermost open a/area), so the walk is linear.
#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "kakunin/links.h"
#include "links/html_nesting.h"
#include "links/resolve.h"
#include "links/text_util.h"

namespace kakunin::links {
namespace {

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

// The URL in a meta refresh content ("5; url=https://x/" or "0;URL='x'"), HTML 4.2.5.3 in short:
// skip the delay, a ';' or ',', spaces, "url", spaces, '=', spaces, then an optional quote.
std::string RefreshTarget(std::string_view content) {
  size_t i = 0;
  while (i < content.size() && (base::IsAsciiDigit(content[i]) || content[i] == '.' || content[i] == ' ')) ++i;
  if (i < content.size() && (content[i] == ';' || content[i] == ',')) ++i;
  while (i < content.size() && base::IsWsp(content[i])) ++i;
  std::string_view rest = content.substr(i);
  if (base::StartsWithIgnoreCase(rest, "url")) {
    size_t j = 3;
    while (j < rest.size() && base::IsWsp(rest[j])) ++j;
    if (j < rest.size() && rest[j] == '=') {
      ++j;
      while (j < rest.size() && base::IsWsp(rest[j])) ++j;
      rest = rest.substr(j);
    }
  }
  if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) {
    char quote = rest.front();
    rest.remove_prefix(1);
    size_t end = rest.find(quote);
    if (end != std::string_view::npos) rest = rest.substr(0, end);
  }
  return internal::TrimSpace(rest);
}

struct Walker {
  int part_index;
  std::vector<Link> links;
  std::optional<url::Url> base;
  std::vector<size_t> open_anchor;  // Indices into links of a/area being walked (innermost last).
  std::vector<size_t> open_form;

  // Returns false once kMaxLinksPerMessage links are held (the link is dropped).
  bool Add(Element element, std::string_view raw) {
    if (links.size() >= kMaxLinksPerMessage) return false;
    Link link;
    link.part_index = part_index;
    link.element = element;
    link.raw = std::string(raw);
    internal::Resolve(link, base ? &*base : nullptr);
    links.push_back(std::move(link));
    return true;
  }

  // Called when entering an element; returns whether it opened an anchor or form to close later.
  int Enter(const GumboElement& e) {
    int opened = 0;
    switch (e.tag) {
      case GUMBO_TAG_A:
      case GUMBO_TAG_AREA:
        if (const char* href = Attr(e, "href"); href != nullptr && Add(e.tag == GUMBO_TAG_A ? Element::kA : Element::kArea, href)) {
          if (e.tag == GUMBO_TAG_AREA) {
            if (const char* alt = Attr(e, "alt")) {
              internal::AppendVisible(alt, links.back().text, links.back().invisible, kMaxLinkTextBytes);
            }
          } else {
            open_anchor.push_back(links.size() - 1);
            opened |= 1;
          }
        }
        break;
      case GUMBO_TAG_FORM: {
        const char* action = Attr(e, "action");
        // A form without action submits to the document's own URL, which a mail does not have.
        const char* method = Attr(e, "method");
        if (Add(Element::kForm, action != nullptr ? action : "")) {
          links.back().form_method = method != nullptr ? base::ToLower(method) : "get";
          open_form.push_back(links.size() - 1);
          opened |= 2;
        }
        break;
      }
      case GUMBO_TAG_INPUT:
        if (const char* type = Attr(e, "type"); type != nullptr && base::EqualsIgnoreCase(type, "password")) {
          if (!open_form.empty()) {
            links[open_form.back()].form_has_password = true;
          } else {
            // A password box outside any form still asks for the password inside the mail.
            if (Add(Element::kForm, "")) links.back().form_has_password = true;
          }
        }
        break;
      case GUMBO_TAG_META:
        if (const char* equiv = Attr(e, "http-equiv"); equiv != nullptr && base::EqualsIgnoreCase(equiv, "refresh")) {
          if (const char* content = Attr(e, "content")) {
            std::string target = RefreshTarget(content);
            if (!target.empty()) Add(Element::kMetaRefresh, target);
          }
        }
        break;
      case GUMBO_TAG_IMG:
      case GUMBO_TAG_IFRAME:
        if (const char* src = Attr(e, "src")) Add(e.tag == GUMBO_TAG_IMG ? Element::kImg : Element::kIframe, src);
        break;
      default:
        break;
    }
    return opened;
  }
};

// HTML 4.2.3: the frozen base URL comes from the first base element with an href, in tree order.
std::optional<url::Url> FindBase(const GumboNode* root, int part_index, std::vector<Link>& links) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = n->v.element;
    if (e.tag == GUMBO_TAG_BASE) {
      if (const char* href = Attr(e, "href")) {
        Link link;
        link.part_index = part_index;
        link.element = Element::kBase;
        link.raw = href;
        internal::Resolve(link, nullptr);
        auto parsed = link.url;
        links.push_back(std::move(link));
        return parsed;
      }
    }
    for (unsigned i = e.children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i - 1]));
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<Link> ExtractHtml(std::string_view html, int part_index, ExtractLimits* reached) {
  if (html.size() > kMaxHtmlBytes) {
    html = html.substr(0, kMaxHtmlBytes);
    if (reached != nullptr) reached->html_bytes = true;
  }
  const std::string limited = internal::LimitHtmlNesting(html);
  // LimitHtmlNesting only ever drops start tags, so a shorter result means some were dropped.
  if (reached != nullptr && limited.size() < html.size()) reached->html_depth = true;
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, limited.data(), limited.size());
  Walker w;
  w.part_index = part_index;
  w.base = FindBase(output->root, part_index, w.links);
  // Explicit DFS with exit markers: {node, opened} where opened != -1 marks a closing visit.
  struct Frame {
    const GumboNode* node;
    int opened;  // -1: enter; otherwise bits of what Enter opened (1 anchor, 2 form).
  };
  std::vector<Frame> stack = {{output->root, -1}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    if (f.opened >= 0) {
      if ((f.opened & 1) != 0) w.open_anchor.pop_back();
      if ((f.opened & 2) != 0) w.open_form.pop_back();
      continue;
    }
    const GumboNode* n = f.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      if (!w.open_anchor.empty()) {
        Link& link = w.links[w.open_anchor.back()];
        internal::AppendVisible(n->v.text.text, link.text, link.invisible, kMaxLinkTextBytes);
      }
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    const GumboVector* children = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
    if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboElement& e = n->v.element;
      if (e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_STYLE || e.tag == GUMBO_TAG_TEMPLATE) continue;
      int opened = w.Enter(e);
      if (opened != 0) stack.push_back({n, opened});
      // An image inside a link is what the reader sees: its alt text stands for it.
      if (e.tag == GUMBO_TAG_IMG && !w.open_anchor.empty()) {
        if (const char* alt = Attr(e, "alt")) {
          Link& link = w.links[w.open_anchor.back()];
          internal::AppendVisible(alt, link.text, link.invisible, kMaxLinkTextBytes);
        }
      }
    }
    for (unsigned i = children->length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(children->data[i - 1]), -1});
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  for (auto& link : w.links) link.text = internal::TrimSpace(link.text);
  return std::move(w.links);
}

}  // namespace kakunin::links
