#include "mime/gmime_util.h"

#include <mutex>

namespace kakunin::mime::internal {

void EnsureGMime() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_mime_init();
    // Raw 8-bit header text in Japanese mail is usually Shift_JIS (CP932) or EUC-JP.
    static const char* kFallback[] = {"UTF-8", "CP932", "EUC-JP", "ISO-8859-1", nullptr};
    GMimeParserOptions* defaults = g_mime_parser_options_get_default();
    g_mime_parser_options_set_fallback_charsets(defaults, kFallback);
    g_mime_parser_options_set_rfc2047_compliance_mode(defaults, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(defaults, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(defaults, GMIME_RFC_COMPLIANCE_LOOSE);
  });
}

}  // namespace kakunin::mime::internal
