// FindUnsafeMarkup: the sanitiser's output, parsed again as a browser would and checked against
// the output allow-list. Input: a fragment this library wrote (from attacker text); gumbo's
// parse is bounded as in sanitize.cc (the fragment nests at most kMaxRenderedDepth + a few).
#include <gumbo.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/strings.h"
#include "kakunin/web.h"

namespace kakunin::web {
namespace {

bool AllowedElement(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "div", "span", "p", "br", "hr", "wbr", "b", "strong", "i", "em", "u", "s", "del", "ins", "small", "sub",
      "sup", "mark", "abbr", "cite", "q", "code", "kbd", "samp", "var", "pre", "blockquote", "address", "h1", "h2",
      "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot",
      "tr", "td", "th", "ruby", "rt", "rp", "strong"};
  for (auto n : kNames) {
    if (n == name) return true;
  }
  return false;
}

bool OnlyChars(std::string_view v, std::string_view allowed_punct) {
  for (char c : v) {
    if (!(base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || allowed_punct.find(c) != std::string_view::npos)) {
      return false;
    }
  }
  return true;
}

// nullopt when the attribute is one the renderers write, with a value of the expected shape.
std::optional<std::string> CheckAttribute(std::string_view element, const GumboAttribute& a) {
  const std::string_view name = a.name;
  const std::string_view value = a.value;
  if (name == "class" && OnlyChars(value, " -_")) return std::nullopt;
  if (name == "tabindex" && value == "0") return std::nullopt;
  if (name == "role" && value == "tooltip") return std::nullopt;
  // Inert text: shown by the browser as a tooltip, read by tests; never a URL to load.
  if (name == "title" || name == "data-dest" || name == "data-site") return std::nullopt;
  if ((name == "colspan" || name == "rowspan") && (element == "td" || element == "th") && !value.empty() &&
      value.size() <= 3 && value.find_first_not_of("0123456789") == std::string_view::npos) {
    return std::nullopt;
  }
  return fmt::format("attribute {}=\"{}\" on <{}>", name, std::string(value.substr(0, 80)), element);
}

}  // namespace

std::optional<std::string> FindUnsafeMarkup(std::string_view fragment) {
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  GumboOutput* output = gumbo_parse_with_options(&options, fragment.data(), fragment.size());
  std::optional<std::string> problem;
  std::vector<const GumboNode*> stack = {output->root};
  bool root = true;
  while (!stack.empty() && !problem) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_COMMENT) {
      problem = "a comment";
      break;
    }
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = n->v.element;
    const std::string name = e.tag == GUMBO_TAG_UNKNOWN ? "unknown element" : gumbo_normalized_tagname(e.tag);
    // The fragment parser's own root is an <html> holding the fragment.
    if (!(root && e.tag == GUMBO_TAG_HTML)) {
      if (e.tag_namespace != GUMBO_NAMESPACE_HTML || !AllowedElement(name)) {
        problem = "element <" + name + ">";
        break;
      }
      for (unsigned i = 0; i < e.attributes.length; ++i) {
        problem = CheckAttribute(name, *static_cast<const GumboAttribute*>(e.attributes.data[i]));
        if (problem) break;
      }
    }
    root = false;
    for (unsigned i = e.children.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(e.children.data[i - 1]));
  }
  gumbo_destroy_output(&options, output);
  return problem;
}

}  // namespace kakunin::web
