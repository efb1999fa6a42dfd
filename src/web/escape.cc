// Escaping for HTML text and quoted attributes (base/html.h). Input: attacker text from the mail (any bytes).
#include "base/html.h"
#include "base/strings.h"
#include "kakunin/web.h"
#include "web/internal.h"

namespace kakunin::web {

std::string EscapeHtml(std::string_view text) { return base::EscapeHtml(text); }

namespace internal {

std::string CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, base::Utf8PrefixLength(s, max))) + "...";
}

}  // namespace internal
}  // namespace kakunin::web
