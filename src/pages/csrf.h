// Cross-site request forgery defence for the pages' forms (internal).
//
// Double submit (OWASP CSRF cheat sheet): each browser gets a random token in the kakunin_csrf
// cookie (HttpOnly, SameSite=Strict) and every form carries it in a hidden field; a POST whose
// field differs from its cookie is refused. Another site can make the browser post, but can
// neither read the token nor (SameSite=Strict, Secure) send or plant the cookie. Fetch metadata
// and Origin are checked first, so a browser that sends them is stopped before the token matters.
#ifndef KAKUNIN_PAGES_CSRF_H_
#define KAKUNIN_PAGES_CSRF_H_

#include <string>
#include <string_view>

namespace kakunin::pages::internal {

inline constexpr char kCsrfCookie[] = "kakunin_csrf";
inline constexpr size_t kTokenBytes = 32;  // 256 bits, hex-encoded in the cookie and field.

// A new token (64 lower-case hex digits). Aborts if the system has no randomness.
std::string NewCsrfToken();
// Whether `s` has the shape of a token (so a cookie of any other shape is replaced).
bool IsCsrfToken(std::string_view s);

// What a POST brings that the check looks at (header values as received; "" when absent).
struct PostFacts {
  std::string_view content_type;
  std::string_view sec_fetch_site;
  std::string_view origin;
  std::string_view host;
  std::string_view cookie_token;
  std::string_view form_token;
};
// "" when the POST may proceed, else why not ("content-type", "sec-fetch-site", "origin",
// "token"). Origin may be "null" (privacy modes, redirects) and then the token decides.
std::string RefusePost(const PostFacts& facts);

}  // namespace kakunin::pages::internal

#endif  // KAKUNIN_PAGES_CSRF_H_
