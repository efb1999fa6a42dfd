// Escaping for HTML text and quoted attributes. Input: attacker text from the mail (any bytes).
#include "kakunin/web.h"
#include "web/internal.h"

namespace kakunin::web {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t':
      case '\n':
      case '\r': out.push_back(c); break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        // C0 controls and DEL have no business in a page (NUL even changes parsing).
        if (u < 0x20 || u == 0x7F) {
          out += "\xEF\xBF\xBD";  // U+FFFD
        } else {
          out.push_back(c);
        }
      }
    }
  }
  return out;
}

namespace internal {

std::string CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t end = max;
  // Back up over continuation bytes (10xxxxxx) so that no sequence is split.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "...";
}

}  // namespace internal
}  // namespace kakunin::web
