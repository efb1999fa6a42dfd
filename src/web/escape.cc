// Escaping for HTML text and quoted attributes (base/html.h). Input: attacker text from the mail (any bytes).
#include "base/html.h"
#include "kakunin/web.h"
#include "web/internal.h"

namespace kakunin::web {

std::string EscapeHtml(std::string_view text) { return base::EscapeHtml(text); }

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
