#include "spf/macro.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "base/strings.h"

namespace kakunin::spf::internal {
namespace {

// A transformer count past this keeps every part; bounds the integer parse (RFC 7208 7.1 sets
// no maximum, and a name has at most 127 labels).
constexpr int kMaxTransformerDigits = 128;

constexpr std::string_view kDelimiters = ".-+,/_=";  // RFC 7208 7.1 "delimiter".

bool IsMacroLetter(char lower, MacroContext context) {
  if (std::string_view("slodipvh").find(lower) != std::string_view::npos) return true;
  return context == MacroContext::kExplanation && std::string_view("crt").find(lower) != std::string_view::npos;
}

bool IsLiteral(char c, MacroContext context) {
  // macro-literal = %x21-24 / %x26-7E; explain-string adds SP.
  if (c == ' ') return context == MacroContext::kExplanation;
  return c >= 0x21 && c <= 0x7e && c != '%';
}

struct MacroTerm {
  char letter = 0;  // As written (upper case asks for URL escaping).
  int keep = 0;     // 0 = all parts.
  bool reverse = false;
  std::string delimiters;
};

// Parses "{...}" starting after '{' at `pos`; on success `pos` is past '}'.
Result<MacroTerm> ParseMacroTerm(std::string_view text, size_t& pos, MacroContext context) {
  MacroTerm term;
  if (pos >= text.size()) return Fail(ErrorCode::kParse, "unterminated macro");
  term.letter = text[pos++];
  if (!IsMacroLetter(base::AsciiLower(term.letter), context)) {
    return Fail(ErrorCode::kParse, std::string("unknown macro letter '") + term.letter + "'");
  }
  bool has_digits = false;
  int value = 0;
  while (pos < text.size() && base::IsAsciiDigit(text[pos])) {
    has_digits = true;
    value = std::min(value * 10 + (text[pos] - '0'), kMaxTransformerDigits);
    ++pos;
  }
  if (has_digits && value == 0) return Fail(ErrorCode::kParse, "macro transformer 0 is not allowed");
  term.keep = value;
  if (pos < text.size() && base::AsciiLower(text[pos]) == 'r') {
    term.reverse = true;
    ++pos;
  }
  while (pos < text.size() && kDelimiters.find(text[pos]) != std::string_view::npos) {
    term.delimiters.push_back(text[pos++]);
  }
  if (pos >= text.size() || text[pos] != '}') return Fail(ErrorCode::kParse, "malformed macro");
  ++pos;
  return term;
}

std::string UrlEscape(std::string_view s) {
  // RFC 7208 7.3: uppercase macro letters are URL-escaped (RFC 3986 unreserved kept).
  std::string out;
  for (char c : s) {
    if (base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  return out;
}

std::string MacroValue(char lower, const MacroEnv& env) {
  switch (lower) {
    case 's': return std::string(env.sender);
    case 'l': return std::string(env.local_part);
    case 'o': return std::string(env.sender_domain);
    case 'd': return std::string(env.domain);
    case 'i': return DottedAddress(env.ip);
    case 'p': return env.validated_name ? env.validated_name() : std::string("unknown");
    case 'v': return env.ip.is_v4() ? "in-addr" : "ip6";
    case 'h': return std::string(env.helo);
    case 'c': return env.ip.ToString();
    case 'r': return std::string(env.receiver);
    case 't': return std::to_string(env.now != 0 ? env.now : static_cast<int64_t>(std::time(nullptr)));
    default: return {};
  }
}

std::string Transform(const std::string& value, const MacroTerm& term) {
  std::string_view delims = term.delimiters.empty() ? std::string_view(".") : std::string_view(term.delimiters);
  std::vector<std::string_view> parts;
  std::string_view rest(value);
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || delims.find(rest[i]) != std::string_view::npos) {
      parts.push_back(rest.substr(start, i - start));
      start = i + 1;
    }
  }
  if (term.reverse) std::reverse(parts.begin(), parts.end());
  size_t first = 0;
  if (term.keep > 0 && static_cast<size_t>(term.keep) < parts.size()) first = parts.size() - static_cast<size_t>(term.keep);
  std::string out;
  for (size_t i = first; i < parts.size(); ++i) {
    if (i > first) out.push_back('.');
    out += parts[i];
  }
  return out;
}

// Walks `text`; calls `on_literal(char)` / `on_macro(term)` for each piece.
template <class Literal, class Macro>
Result<void> Walk(std::string_view text, MacroContext context, Literal on_literal, Macro on_macro) {
  size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    if (c != '%') {
      if (!IsLiteral(c, context)) {
        return Fail(ErrorCode::kParse, "character not allowed in a macro string");
      }
      on_literal(std::string_view(&text[pos], 1));
      ++pos;
      continue;
    }
    if (pos + 1 >= text.size()) return Fail(ErrorCode::kParse, "'%' at end of macro string");
    char next = text[pos + 1];
    pos += 2;
    if (next == '%') {
      on_literal("%");
    } else if (next == '_') {
      on_literal(" ");
    } else if (next == '-') {
      on_literal("%20");
    } else if (next == '{') {
      auto term = ParseMacroTerm(text, pos, context);
      if (!term) return tl::unexpected(term.error());
      auto r = on_macro(*term);
      if (!r) return r;
    } else {
      return Fail(ErrorCode::kParse, std::string("'%") + next + "' is not a macro");
    }
  }
  return {};
}

}  // namespace

std::string DottedAddress(const IpAddress& ip) {
  if (ip.is_v4()) return ip.ToString();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 16; ++i) {
    if (i > 0) out.push_back('.');
    out.push_back(kHex[ip.bytes()[i] >> 4]);
    out.push_back('.');
    out.push_back(kHex[ip.bytes()[i] & 0x0f]);
  }
  return out;
}

Result<void> CheckMacroString(std::string_view text, MacroContext context) {
  return Walk(
      text, context, [](std::string_view) {}, [](const MacroTerm&) -> Result<void> { return {}; });
}

Result<std::string> ExpandMacroString(std::string_view text, MacroContext context, const MacroEnv& env) {
  std::string out;
  bool too_long = false;
  auto append = [&](std::string_view s) {
    if (out.size() + s.size() > kMaxExpansionLength) {
      too_long = true;
      return;
    }
    out += s;
  };
  auto r = Walk(text, context, append, [&](const MacroTerm& term) -> Result<void> {
    std::string value = Transform(MacroValue(base::AsciiLower(term.letter), env), term);
    if (term.letter >= 'A' && term.letter <= 'Z') value = UrlEscape(value);
    append(value);
    return {};
  });
  if (!r) return tl::unexpected(r.error());
  if (too_long) return Fail(ErrorCode::kLimitExceeded, "macro expansion too long");
  return out;
}

}  // namespace kakunin::spf::internal
