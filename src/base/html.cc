// Escaping for HTML text and quoted attributes, and the Accept-Language choice.
// Input: attacker text (any bytes).
#include "base/html.h"

#include <cstdlib>

#include "base/strings.h"

namespace kakunin::base {

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

std::string PreferredLanguage(std::string_view accept_language, std::initializer_list<std::string_view> supported) {
  std::string best;
  double best_q = 0;
  for (std::string_view item : Split(accept_language.substr(0, 1024), ',')) {
    item = Trim(item);
    std::string_view tag = item.substr(0, item.find(';'));
    double q = 1;
    if (size_t at = item.find(";q="); at != std::string_view::npos) {
      q = std::strtod(std::string(item.substr(at + 3, 5)).c_str(), nullptr);
    }
    const std::string lower = ToLower(Trim(tag));
    for (std::string_view lang : supported) {
      if (!lower.starts_with(lang)) continue;
      if (q > best_q) {
        best = std::string(lang);
        best_q = q;
      }
      break;
    }
  }
  return best;
}

}  // namespace kakunin::base
