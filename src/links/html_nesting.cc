// Attacker input: a whole HTML body; one pass, output no longer than the input.
#include "links/html_nesting.h"

#include "base/strings.h"

namespace kakunin::links::internal {
namespace {

bool IsLinkElement(std::string_view name) {
  return name == "a" || name == "area" || name == "form" || name == "input" || name == "img" || name == "iframe" ||
         name == "base" || name == "meta" || name == "html" || name == "head" || name == "body";
}

bool DoesNotNest(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
      "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot", "colgroup", "rb",
      "rt", "rp", "rtc"};
  for (auto n : kNames) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace

std::string LimitHtmlNesting(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  int depth = 0;
  size_t i = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) lt = html.size();
    out.append(html.substr(i, lt - i));
    i = lt;
    if (i >= html.size()) break;
    if (html.substr(i, 4) == "<!--") {
      size_t end = html.find("-->", i + 4);
      end = end == std::string_view::npos ? html.size() : end + 3;
      out.append(html.substr(i, end - i));
      i = end;
      continue;
    }
    bool end_tag = i + 1 < html.size() && html[i + 1] == '/';
    size_t name_start = i + (end_tag ? 2 : 1);
    size_t name_end = name_start;
    while (name_end < html.size() && (base::IsAsciiAlpha(html[name_end]) || base::IsAsciiDigit(html[name_end]))) ++name_end;
    if (name_end == name_start || !base::IsAsciiAlpha(html[name_start])) {
      out.push_back('<');
      ++i;
      continue;
    }
    std::string name = base::ToLower(html.substr(name_start, name_end - name_start));
    // The tag ends at the first '>' outside quotes.
    size_t j = name_end;
    char quote = 0;
    while (j < html.size() && (quote != 0 || html[j] != '>')) {
      if (quote == 0 && (html[j] == '"' || html[j] == '\'')) {
        quote = html[j];
      } else if (quote != 0 && html[j] == quote) {
        quote = 0;
      }
      ++j;
    }
    size_t tag_end = j < html.size() ? j + 1 : html.size();
    std::string_view tag = html.substr(i, tag_end - i);
    i = tag_end;
    if (end_tag) {
      if (!DoesNotNest(name) && depth > 0) --depth;
      out.append(tag);
      continue;
    }
    bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (!DoesNotNest(name) && !self_closing) {
      if (depth >= kMaxHtmlDepth && !IsLinkElement(name)) continue;  // Dropped.
      ++depth;
    }
    out.append(tag);
    if (name == "script" || name == "style") {
      // Raw text: tags inside are not tags.
      std::string close = "</" + name;
      size_t end = base::FindIgnoreCase(html, close, i);
      if (end == std::string_view::npos) end = html.size();
      out.append(html.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

}  // namespace kakunin::links::internal
