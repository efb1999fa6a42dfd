// Pages: kakunind's own HTML pages for people with a browser (the JSON API in docs/api.md is
// for programs). Sign-up, address verification, sign-in with its second step (e-mail or SMS code,
// authenticator app, recovery code), password reset, the account page (sessions, sign-out) and
// authenticator-app enrolment with its QR code and recovery codes, in Japanese and English.
//
// The pages call the same service::Service methods as the JSON routes; no flow is implemented
// twice, so limits, enumeration safety and audit are the API's. They are plain HTML forms that
// work without JavaScript: POST, then 303 to a GET page where reloading is harmless
// (RFC 9110 15.4.4); pages that show a secret once (the TOTP secret, recovery codes) are the
// POST's own answer and are never reachable by GET.
//
// Security (docs/pages.md):
//  - Every POST needs the form's token to equal the kakunin_csrf cookie (double submit; the
//    cookie is HttpOnly, SameSite=Strict) and is refused when Sec-Fetch-Site names another site
//    or Origin another host.
//  - Every page: a Content-Security-Policy with no script at all (default-src 'none'), frame
//    ancestors none and X-Frame-Options DENY, nosniff, Referrer-Policy same-origin,
//    Cache-Control no-store.
//  - No secret in a URL: codes and passwords only in POST bodies; the flow id and address
//    between pages travel in the HttpOnly kakunin_flow cookie, never in the query.
// Left out: phone (SMS) enrolment and changing the e-mail address (API only for now).
#ifndef KAKUNIN_PAGES_H_
#define KAKUNIN_PAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "kakunin/service.h"

namespace httplib {
class Server;
}

namespace kakunin::pages {

// Longest form field accepted (addresses, passwords, codes, ids), as the JSON API.
inline constexpr size_t kMaxFieldBytes = 1024;

struct PagesOptions {
  std::string session_cookie = "kakunin_session";  // The JSON API's cookie: one sign-in for both.
  bool cookie_secure = true;                        // Secure flag on every cookie.
  std::vector<std::string> trusted_proxies;         // As the API: whose X-Forwarded-For counts.
  std::string default_language = "ja";              // When neither ?lang= nor Accept-Language decides.
};

// Adds the page routes (GET and POST /signup, /verify, /signin, /signin/code, /reset,
// /reset/confirm, /account and its forms, /signout; GET /, /pages.css) to `server`.
// `service` must outlive `server`. Handlers are thread-safe (they share nothing but `service`).
void RegisterRoutes(httplib::Server& server, service::Service& service, PagesOptions options);

// The Content-Security-Policy every page is sent with.
std::string_view ContentSecurityPolicy();

}  // namespace kakunin::pages

#endif  // KAKUNIN_PAGES_H_
