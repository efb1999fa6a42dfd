#include "brands/html_text.h"

#include <array>
#include <cstdint>
#include <utility>

#include "base/strings.h"
#include "brands/folded_text.h"

namespace kakunin::brands::internal {
namespace {

// A decoded character reference; NUL becomes U+FFFD as in HTML.
void AppendCodePoint(std::string* out, uint32_t c) { AppendUtf8(out, c == 0 ? 0xFFFD : c); }

constexpr std::array<std::pair<std::string_view, uint32_t>, 12> kNamed = {{
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
    {"yen", 0xA5}, {"copy", 0xA9}, {"reg", 0xAE}, {"shy", 0xAD}, {"zwj", 0x200D}, {"zwnj", 0x200C},
}};

// Decodes the reference at s[i] == '&'; returns the bytes consumed (0: not a reference).
size_t DecodeReference(std::string_view s, size_t i, std::string* out) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    uint32_t value = 0;
    size_t digits = 0;
    while (j < s.size() && digits < 8) {
      char c = s[j];
      int d = base::IsAsciiDigit(c) ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      ++j;
      ++digits;
    }
    if (digits == 0) return 0;
    if (j < s.size() && s[j] == ';') ++j;
    AppendCodePoint(out, value);
    return j - i;
  }
  size_t name_end = j;
  while (name_end < s.size() && name_end - j < 8 && base::IsAsciiAlpha(s[name_end])) ++name_end;
  std::string name = base::ToLower(s.substr(j, name_end - j));
  for (const auto& [n, value] : kNamed) {
    if (name == n) {
      if (name_end < s.size() && s[name_end] == ';') ++name_end;
      AppendCodePoint(out, value);
      return name_end - i;
    }
  }
  return 0;
}

// The value of attribute `attr` inside the tag text `tag` (between '<' and '>'), decoded.
std::string AttributeValue(std::string_view tag, std::string_view attr) {
  size_t pos = 0;
  while ((pos = base::FindIgnoreCase(tag, attr, pos)) != std::string_view::npos) {
    size_t k = pos + attr.size();
    bool at_start = pos > 0 && (base::IsWsp(tag[pos - 1]) || tag[pos - 1] == '\n' || tag[pos - 1] == '\r');
    while (k < tag.size() && base::IsWsp(tag[k])) ++k;
    if (!at_start || k >= tag.size() || tag[k] != '=') {
      pos += attr.size();
      continue;
    }
    ++k;
    while (k < tag.size() && base::IsWsp(tag[k])) ++k;
    char quote = k < tag.size() && (tag[k] == '"' || tag[k] == '\'') ? tag[k] : '\0';
    if (quote != '\0') ++k;
    size_t end = k;
    while (end < tag.size() && (quote != '\0' ? tag[end] != quote : !base::IsWsp(tag[end]))) ++end;
    std::string value;
    for (size_t i = k; i < end;) {
      size_t used = tag[i] == '&' ? DecodeReference(tag.substr(0, end), i, &value) : 0;
      if (used == 0) value.push_back(tag[i++]);
      else i += used;
    }
    return value;
  }
  return {};
}

// Lower-case tag name of the tag text after '<' ("/td", "img").
std::string TagName(std::string_view tag) {
  size_t i = 0;
  if (i < tag.size() && tag[i] == '/') ++i;
  size_t b = i;
  while (i < tag.size() && (base::IsAsciiAlpha(tag[i]) || base::IsAsciiDigit(tag[i]))) ++i;
  return (tag[0] == '/' ? "/" : "") + base::ToLower(tag.substr(b, i - b));
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  std::string skip_until;  // A closing tag name while inside script/style/head.
  bool in_title = false;
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) end = html.size();
      std::string_view tag = html.substr(i + 1, end - i - 1);
      i = end + 1;
      if (tag.empty()) continue;
      std::string name = TagName(tag);
      if (!skip_until.empty()) {
        // An unclosed <head> must not hide the body.
        if (name == skip_until || (skip_until == "/head" && name == "body")) {
          skip_until.clear();
          in_title = false;
        } else if (skip_until == "/head" && name == "title") {
          in_title = true;
        } else if (skip_until == "/head" && name == "/title") {
          in_title = false;
        }
        out.push_back('\n');
        continue;
      }
      if (name == "script" || name == "style" || name == "head") {
        skip_until = "/" + name;
        continue;
      }
      if (name == "img") {
        std::string alt = AttributeValue(tag, "alt");
        if (!alt.empty()) out += "\n" + alt;
      }
      out.push_back('\n');
      continue;
    }
    if (!skip_until.empty() && !in_title) {
      ++i;
      continue;
    }
    if (c == '&') {
      size_t used = DecodeReference(html, i, &out);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace kakunin::brands::internal
