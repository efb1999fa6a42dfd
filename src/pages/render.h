// The pages as HTML documents: pure functions of what they show, so tests can check the markup
// and the escaping without a server. Everything that is not a literal of this file (addresses,
// user agents, codes, the secret, error texts) is escaped here with base::EscapeHtml; the only
// markup from elsewhere is the QR code's SVG, which is checked first (SafeQrSvg).
#ifndef KAKUNIN_PAGES_RENDER_H_
#define KAKUNIN_PAGES_RENDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/html.h"

namespace kakunin::pages::internal {

using base::Text;  // One phrase in both languages.

// What every page needs besides its own content.
struct View {
  std::string lang = "en";  // "ja" or "en".
  std::string csrf;         // The form token (the kakunin_csrf cookie's value).
  // The GET path the language switch links to; "" leaves the switch out (pages that show a
  // secret once: leaving them would lose it).
  std::string path;
};

// A service error id ("invalid_code", "locked", ...) in words; `retry_after` in seconds for
// the limits. Unknown ids give a generic sentence (never the id itself).
std::string ErrorMessage(std::string_view error, int64_t retry_after, std::string_view lang);
// A notice id ("sent", "resent", "signed_out", "password_changed") in words; "" if unknown.
std::string NoticeMessage(std::string_view notice, std::string_view lang);
// After a sign-in with a recovery code: that it is spent and how many are left.
std::string RecoveryLeftMessage(int64_t left, std::string_view lang);

// `error` and `notice` are plain text (escaped here); "" for none.
std::string SignupPage(const View& view, std::string_view email, std::string_view error);
std::string VerifyPage(const View& view, std::string_view email, std::string_view error, std::string_view notice);
std::string SigninPage(const View& view, std::string_view email, std::string_view error, std::string_view notice);
// `channel`: "mail", "sms" or "totp" (then a recovery code may be entered instead).
std::string CodePage(const View& view, std::string_view channel, std::string_view error, std::string_view notice);
std::string ResetPage(const View& view, std::string_view email, std::string_view error);
std::string ResetConfirmPage(const View& view, std::string_view email, std::string_view error);
// `me` and `sessions` are the bodies of Service::Me and Service::ListSessions.
std::string AccountPage(const View& view, const nlohmann::json& me, const nlohmann::json& sessions,
                        std::string_view error, std::string_view notice);
// `enrol` is TotpEnroll's body (secret, qr.svg, digits, period); null after a wrong code, when
// only the code form is shown again.
std::string TotpEnrollPage(const View& view, const nlohmann::json& enrol, std::string_view error);
std::string RecoveryCodesPage(const View& view, const std::vector<std::string>& codes);
// The answer to a refused POST (another site, no or a wrong token).
std::string ForbiddenPage(const View& view);

// `svg` if it is the QR code otp::QrSvg draws (only <svg>, <rect> and <path> elements, no
// script, no event handler, no link, no style), else nullopt: it is inlined into the page.
std::optional<std::string> SafeQrSvg(std::string_view svg);

}  // namespace kakunin::pages::internal

#endif  // KAKUNIN_PAGES_RENDER_H_
