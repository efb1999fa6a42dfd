#include "url/percent.h"

namespace kakunin::url::internal {

bool InEncodeSet(unsigned char c, EncodeSet set) {
  if (c < 0x20 || c > 0x7E) return true;  // C0 control percent-encode set.
  switch (set) {
    case EncodeSet::kC0Control:
      return false;
    case EncodeSet::kFragment:
      return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
    case EncodeSet::kQuery:
    case EncodeSet::kSpecialQuery:
    case EncodeSet::kPath:
    case EncodeSet::kUserinfo:
      break;
  }
  if (c == ' ' || c == '"' || c == '#' || c == '<' || c == '>') return true;
  if (set == EncodeSet::kQuery) return false;
  if (set == EncodeSet::kSpecialQuery) return c == '\'';
  if (c == '?' || c == '^' || c == '`' || c == '{' || c == '}') return true;
  if (set == EncodeSet::kPath) return false;
  return c == '/' || c == ':' || c == ';' || c == '=' || c == '@' || (c >= '[' && c <= '^') || c == '|';
}

void AppendEncoded(std::string& out, char c, EncodeSet set) {
  auto b = static_cast<unsigned char>(c);
  if (!InEncodeSet(b, set)) {
    out.push_back(c);
    return;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[b >> 4]);
  out.push_back(kHex[b & 0xF]);
}

void AppendEncoded(std::string& out, std::string_view s, EncodeSet set) {
  for (char c : s) AppendEncoded(out, c, set);
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && IsHexDigit(s[i + 1]) && IsHexDigit(s[i + 2])) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string SanitizeUtf8(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(s[i++]);
      continue;
    }
    // Lengths and second-byte ranges from the WHATWG Encoding Standard's UTF-8 decoder, which
    // replaces the maximal invalid prefix (never consuming a byte that could start a sequence).
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      out += kReplacement;
      ++i;
      continue;
    }
    size_t j = i + 1;
    size_t got = 0;
    while (got < need && j < s.size()) {
      auto b = static_cast<unsigned char>(s[j]);
      if (b < lo || b > hi) break;
      lo = 0x80;
      hi = 0xBF;
      ++j;
      ++got;
    }
    if (got == need) {
      out.append(s.substr(i, j - i));
    } else {
      out += kReplacement;
    }
    i = j;
  }
  return out;
}

}  // namespace kakunin::url::internal
