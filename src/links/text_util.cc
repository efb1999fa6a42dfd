#include "links/text_util.h"

#include <cstdio>

#include "base/strings.h"

namespace kakunin::links::internal {

bool IsInvisible(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0x00AD ||
         cp == 0x034F || cp == 0x180E || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 ||
         (cp >= 0xE0000 && cp <= 0xE007F);
}

char32_t NextCodePoint(std::string_view s, size_t* i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(*i);
  if (c < 0x80) {
    ++*i;
    return c;
  }
  size_t need = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c <= 0xDF ? 1 : 0;
  if (need == 0 || *i + need >= s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = c & (0x3F >> need);
  for (size_t k = 1; k <= need; ++k) {
    if ((b(*i + k) & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b(*i + k) & 0x3F);
  }
  *i += need + 1;
  return cp;
}

void AppendVisible(std::string_view in, std::string& out, std::vector<std::string>& removed, size_t max_bytes) {
  size_t i = 0;
  while (i < in.size() && out.size() < max_bytes) {
    size_t start = i;
    char32_t cp = NextCodePoint(in, &i);
    if (cp == 0xFFFD && i - start == 1 && static_cast<unsigned char>(in[start]) >= 0x80) continue;
    if (IsInvisible(cp)) {
      char name[16];
      std::snprintf(name, sizeof(name), "U+%04X", static_cast<unsigned>(cp));
      bool seen = false;
      for (const auto& r : removed) seen = seen || r == name;
      if (!seen) removed.emplace_back(name);
      continue;
    }
    // Space, tab, CR, LF, FF and NBSP (U+00A0) all read as one space.
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' || cp == 0xA0) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.append(in.substr(start, i - start));
  }
}

std::string TrimSpace(std::string_view s) { return std::string(base::Trim(s)); }

}  // namespace kakunin::links::internal
