// The page routes: each GET renders a page, each POST checks the form (csrf.h), calls the same
// service::Service method as the JSON route, then redirects (303) or renders the answer.
//
// Attacker input: every request. Bounds: the body is capped by the server's payload limit,
// each form field at kMaxFieldBytes, the flow cookie at kMaxFlowCookieBytes; header values are
// compared, never echoed; everything shown is escaped by the renderers.
#include <httplib.h>

#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "base/html.h"
#include "base/strings.h"
#include "kakunin/pages.h"
#include "pages/csrf.h"
#include "pages/render.h"

namespace kakunin::pages {

// src/pages/style.css, compiled in (kakunin_embed_text).
namespace internal {
extern const char kPagesCss[];
}

namespace {

using namespace internal;
using nlohmann::json;

// Between the pages of one flow (sign-up -> verify, sign-in -> code, reset -> confirm): the
// flow id, the address and the channel, hex-encoded JSON in an HttpOnly cookie. Its lifetime
// covers a code's (CodeOptions::ttl_seconds, 10 minutes by default) with room to spare.
constexpr char kFlowCookie[] = "kakunin_flow";
constexpr int kFlowCookieSeconds = 3600;
constexpr size_t kMaxFlowCookieBytes = 4 * kMaxFieldBytes;  // Hex of a few bounded fields.

int StatusOf(service::Outcome outcome) {
  static constexpr int kStatus[] = {200, 202, 400, 401, 404, 429, 500};  // In the enum's order.
  static_assert(static_cast<int>(service::Outcome::kInternal) == 6);
  return kStatus[static_cast<int>(outcome)];
}

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");  // Split's views point into it.
  for (std::string_view part : base::Split(header, ';')) {
    part = base::Trim(part);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
  }
  return "";
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (base::IsAsciiDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// One request and its answer, with what every handler needs.
struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  std::map<std::string, std::string> form;  // POST fields (first of each name).
  View view;

  std::string Field(const char* name) const {
    auto it = form.find(name);
    return it == form.end() ? "" : it->second;
  }
};

class Pages {
 public:
  Pages(service::Service& service, PagesOptions options) : service_(service), options_(std::move(options)) {}

  void Register(httplib::Server& srv, const std::shared_ptr<Pages>& self) {
    auto get = [&srv, self](const char* path, void (Pages::*handler)(Exchange&)) {
      srv.Get(path, [self, path, handler](const httplib::Request& req, httplib::Response& res) {
        Exchange ex{req, res, {}, {}};
        self->Begin(ex, path);
        (self.get()->*handler)(ex);
      });
    };
    auto post = [&srv, self](const char* path, const char* page_path, void (Pages::*handler)(Exchange&)) {
      srv.Post(path, [self, page_path, handler](const httplib::Request& req, httplib::Response& res) {
        Exchange ex{req, res, {}, {}};
        if (!self->BeginPost(ex, page_path)) return;
        (self.get()->*handler)(ex);
      });
    };
    get("/signup", &Pages::GetSignup);
    post("/signup", "/signup", &Pages::PostSignup);
    get("/verify", &Pages::GetVerify);
    post("/verify", "/verify", &Pages::PostVerify);
    get("/signin", &Pages::GetSignin);
    post("/signin", "/signin", &Pages::PostSignin);
    get("/signin/code", &Pages::GetCode);
    post("/signin/code", "/signin/code", &Pages::PostCode);
    get("/reset", &Pages::GetReset);
    post("/reset", "/reset", &Pages::PostReset);
    get("/reset/confirm", &Pages::GetResetConfirm);
    post("/reset/confirm", "/reset/confirm", &Pages::PostResetConfirm);
    get("/account", &Pages::GetAccount);
    post("/account/totp", "", &Pages::PostTotpEnroll);
    post("/account/totp/confirm", "", &Pages::PostTotpConfirm);
    post("/account/recovery-codes", "", &Pages::PostRecoveryCodes);
    post("/account/sessions/revoke", "/account", &Pages::PostRevoke);
    post("/signout", "/signin", &Pages::PostSignout);
    get("/", &Pages::GetHome);
    srv.Get("/pages.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "public, max-age=86400");
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_content(kPagesCss, "text/css; charset=utf-8");
    });
  }

 private:
  // --- Request plumbing -------------------------------------------------------------------

  std::string Language(const Exchange& ex) const {
    for (const std::string& lang : {ex.Field("lang"), ex.req.get_param_value("lang")}) {
      if (lang == "ja" || lang == "en") return lang;
    }
    std::string accepted = base::PreferredLanguage(ex.req.get_header_value("Accept-Language"), {"ja", "en"});
    if (!accepted.empty()) return accepted;
    return options_.default_language == "en" ? "en" : "ja";
  }

  void Begin(Exchange& ex, std::string_view path) {
    ex.view.lang = Language(ex);
    ex.view.path = std::string(path);
    ex.view.csrf = CookieValue(ex.req, kCsrfCookie);
    if (!IsCsrfToken(ex.view.csrf)) {
      ex.view.csrf = NewCsrfToken();
      SetCookie(ex, kCsrfCookie, ex.view.csrf, -1);
    }
  }

  // Parses and checks the form; answers 403 (or 400) itself and returns false when refused.
  bool BeginPost(Exchange& ex, std::string_view page_path) {
    httplib::Params params;
    httplib::detail::parse_query_text(ex.req.body, params);
    bool too_long = false;
    for (const auto& [name, value] : params) {
      too_long = too_long || value.size() > kMaxFieldBytes;
      ex.form.emplace(name, value);
    }
    Begin(ex, page_path);
    const std::string cookie = CookieValue(ex.req, kCsrfCookie);
    const std::string content_type = ex.req.get_header_value("Content-Type");
    const std::string site = ex.req.get_header_value("Sec-Fetch-Site");
    const std::string origin = ex.req.get_header_value("Origin");
    const std::string host = ex.req.get_header_value("Host");
    const std::string token = ex.Field("csrf");
    const std::string refused = RefusePost({content_type, site, origin, host, cookie, token});
    if (!refused.empty() || too_long) {
      ex.view.path.clear();
      Page(ex, refused.empty() ? 400 : 403, ForbiddenPage(ex.view));
      return false;
    }
    return true;
  }

  service::Client ClientOf(const Exchange& ex) const {
    service::Client c;
    c.ip = service::ClientIp(ex.req.remote_addr, ex.req.get_header_value("X-Forwarded-For"), options_.trusted_proxies);
    c.user_agent = ex.req.get_header_value("User-Agent").substr(0, 256);
    c.language = ex.view.lang;
    return c;
  }

  std::optional<store::Session> SessionOf(const Exchange& ex) const {
    const std::string token = CookieValue(ex.req, options_.session_cookie);
    if (token.empty()) return std::nullopt;
    return service_.Authenticate(token);
  }

  // max_age: -1 for a browser-session cookie, 0 to delete.
  void SetCookie(Exchange& ex, std::string_view name, std::string_view value, int max_age) const {
    std::string cookie = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
    if (options_.cookie_secure) cookie += "; Secure";
    if (max_age >= 0) cookie += "; Max-Age=" + std::to_string(max_age);
    ex.res.set_header("Set-Cookie", cookie);
  }

  void Page(Exchange& ex, int status, const std::string& html) const {
    ex.res.status = status;
    ex.res.set_header("Content-Security-Policy", std::string(ContentSecurityPolicy()));
    ex.res.set_header("X-Frame-Options", "DENY");
    ex.res.set_header("X-Content-Type-Options", "nosniff");
    ex.res.set_header("Referrer-Policy", "same-origin");
    ex.res.set_header("Cache-Control", "no-store");
    ex.res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    ex.res.set_content(html, "text/html; charset=utf-8");
  }

  // 303 See Other to `path` in the page's language; `query` adds "&name=value" pairs.
  void Redirect(Exchange& ex, std::string_view path, std::string_view query = {}) const {
    ex.res.status = 303;
    ex.res.set_header("Location", std::string(path) + "?lang=" + ex.view.lang + std::string(query));
    ex.res.set_header("Cache-Control", "no-store");
  }

  // Turns a reply's session into the cookie (or clears it).
  void ApplySession(Exchange& ex, const service::Reply& r) const {
    if (!r.session_token.empty()) {
      SetCookie(ex, options_.session_cookie, r.session_token, -1);
    } else if (r.clear_session) {
      SetCookie(ex, options_.session_cookie, "", 0);
    }
  }

  std::string ErrorOf(const Exchange& ex, const service::Reply& r) const {
    if (r.outcome == service::Outcome::kRateLimited && r.retry_after > 0) {
      ex.res.set_header("Retry-After", std::to_string(r.retry_after));
    }
    return ErrorMessage(r.error, r.retry_after, ex.view.lang);
  }

  void SetFlow(Exchange& ex, const json& flow) const {
    SetCookie(ex, kFlowCookie, base::HexEncode(flow.dump()), kFlowCookieSeconds);
  }
  void ClearFlow(Exchange& ex) const { SetCookie(ex, kFlowCookie, "", 0); }
  // The flow of `kind` this browser is in, or nullopt.
  std::optional<json> FlowOf(const Exchange& ex, std::string_view kind) const {
    const std::string raw = CookieValue(ex.req, kFlowCookie);
    if (raw.empty() || raw.size() > kMaxFlowCookieBytes) return std::nullopt;
    auto bytes = HexDecode(raw);
    if (!bytes) return std::nullopt;
    json flow = json::parse(*bytes, nullptr, false);
    if (!flow.is_object() || flow.value("k", "") != kind) return std::nullopt;
    for (const auto& [key, value] : flow.items()) {
      if (!value.is_string()) return std::nullopt;
    }
    return flow;
  }

  // --- Sign-up and verification -----------------------------------------------------------

  void GetSignup(Exchange& ex) { Page(ex, 200, SignupPage(ex.view, "", "")); }

  void PostSignup(Exchange& ex) {
    const std::string email = ex.Field("email");
    service::Reply r = service_.Signup(ClientOf(ex), email, ex.Field("password"));
    if (r.outcome != service::Outcome::kAccepted) return Page(ex, StatusOf(r.outcome), SignupPage(ex.view, email, ErrorOf(ex, r)));
    SetFlow(ex, {{"k", "signup"}, {"f", r.body.value("flow_id", "")}, {"e", email}});
    Redirect(ex, "/verify", "&notice=sent");
  }

  void GetVerify(Exchange& ex) {
    auto flow = FlowOf(ex, "signup");
    if (!flow) return Redirect(ex, "/signup");
    Page(ex, 200, VerifyPage(ex.view, flow->value("e", ""), "", NoticeMessage(ex.req.get_param_value("notice"), ex.view.lang)));
  }

  void PostVerify(Exchange& ex) {
    auto flow = FlowOf(ex, "signup");
    if (!flow) return Redirect(ex, "/signup");
    const std::string email = flow->value("e", ""), flow_id = flow->value("f", "");
    if (ex.Field("action") == "resend") {
      service::Reply r = service_.ResendVerification(ClientOf(ex), email, flow_id);
      if (r.outcome != service::Outcome::kAccepted) {
        return Page(ex, StatusOf(r.outcome), VerifyPage(ex.view, email, ErrorOf(ex, r), ""));
      }
      return Redirect(ex, "/verify", "&notice=resent");
    }
    service::Reply r = service_.VerifyEmail(ClientOf(ex), email, flow_id, ex.Field("code"));
    if (r.outcome != service::Outcome::kOk) return Page(ex, StatusOf(r.outcome), VerifyPage(ex.view, email, ErrorOf(ex, r), ""));
    ApplySession(ex, r);
    ClearFlow(ex);
    Redirect(ex, "/account");
  }

  // --- Sign-in ----------------------------------------------------------------------------

  void GetSignin(Exchange& ex) {
    Page(ex, 200, SigninPage(ex.view, "", "", NoticeMessage(ex.req.get_param_value("notice"), ex.view.lang)));
  }

  void PostSignin(Exchange& ex) {
    const std::string email = ex.Field("email");
    service::Reply r = service_.Login(ClientOf(ex), email, ex.Field("password"));
    if (r.outcome != service::Outcome::kOk) return Page(ex, StatusOf(r.outcome), SigninPage(ex.view, email, ErrorOf(ex, r), ""));
    if (r.body.value("status", "") == "code_required") {
      SetFlow(ex, {{"k", "login"}, {"f", r.body.value("flow_id", "")}, {"c", r.body.value("channel", "mail")}});
      return Redirect(ex, "/signin/code");
    }
    ApplySession(ex, r);
    Redirect(ex, "/account");
  }

  void GetCode(Exchange& ex) {
    auto flow = FlowOf(ex, "login");
    if (!flow) return Redirect(ex, "/signin");
    Page(ex, 200, CodePage(ex.view, flow->value("c", ""), "", NoticeMessage(ex.req.get_param_value("notice"), ex.view.lang)));
  }

  void PostCode(Exchange& ex) {
    auto flow = FlowOf(ex, "login");
    if (!flow) return Redirect(ex, "/signin");
    const std::string channel = flow->value("c", ""), flow_id = flow->value("f", "");
    if (ex.Field("action") == "resend") {
      service::Reply r = service_.ResendLoginCode(ClientOf(ex), flow_id);
      if (r.outcome != service::Outcome::kAccepted) {
        return Page(ex, StatusOf(r.outcome), CodePage(ex.view, channel, ErrorOf(ex, r), ""));
      }
      return Redirect(ex, "/signin/code", "&notice=code_resent");
    }
    service::Reply r = service_.LoginCode(ClientOf(ex), flow_id, ex.Field("code"));
    if (r.outcome != service::Outcome::kOk) return Page(ex, StatusOf(r.outcome), CodePage(ex.view, channel, ErrorOf(ex, r), ""));
    ApplySession(ex, r);
    ClearFlow(ex);
    auto left = r.body.find("recovery_codes_left");
    if (left != r.body.end() && left->is_number_integer()) {
      return Redirect(ex, "/account", "&recovery_left=" + std::to_string(left->get<int64_t>()));
    }
    Redirect(ex, "/account");
  }

  // --- Password reset ---------------------------------------------------------------------

  void GetReset(Exchange& ex) { Page(ex, 200, ResetPage(ex.view, "", "")); }

  void PostReset(Exchange& ex) {
    const std::string email = ex.Field("email");
    service::Reply r = service_.RequestPasswordReset(ClientOf(ex), email);
    if (r.outcome != service::Outcome::kAccepted) return Page(ex, StatusOf(r.outcome), ResetPage(ex.view, email, ErrorOf(ex, r)));
    SetFlow(ex, {{"k", "reset"}, {"e", email}});
    Redirect(ex, "/reset/confirm");
  }

  void GetResetConfirm(Exchange& ex) {
    auto flow = FlowOf(ex, "reset");
    if (!flow) return Redirect(ex, "/reset");
    Page(ex, 200, ResetConfirmPage(ex.view, flow->value("e", ""), ""));
  }

  void PostResetConfirm(Exchange& ex) {
    auto flow = FlowOf(ex, "reset");
    if (!flow) return Redirect(ex, "/reset");
    const std::string email = flow->value("e", "");
    service::Reply r = service_.ConfirmPasswordReset(ClientOf(ex), email, ex.Field("code"), ex.Field("new_password"));
    if (r.outcome != service::Outcome::kOk) {
      return Page(ex, StatusOf(r.outcome), ResetConfirmPage(ex.view, email, ErrorOf(ex, r)));
    }
    ClearFlow(ex);
    SetCookie(ex, options_.session_cookie, "", 0);  // Every session of the account has ended.
    Redirect(ex, "/signin", "&notice=password_changed");
  }

  // --- Account ----------------------------------------------------------------------------

  void GetHome(Exchange& ex) { Redirect(ex, SessionOf(ex) ? "/account" : "/signin"); }

  void AccountWith(Exchange& ex, const store::Session& s, int status, std::string_view error, std::string_view notice) {
    ex.view.path = "/account";
    service::Reply me = service_.Me(s);
    service::Reply sessions = service_.ListSessions(s);
    if (me.outcome != service::Outcome::kOk) return Page(ex, StatusOf(me.outcome), AccountPage(ex.view, {}, {}, ErrorOf(ex, me), ""));
    Page(ex, status, AccountPage(ex.view, me.body, sessions.body, error, notice));
  }

  void GetAccount(Exchange& ex) {
    auto s = SessionOf(ex);
    if (!s) return Redirect(ex, "/signin");
    std::string notice = NoticeMessage(ex.req.get_param_value("notice"), ex.view.lang);
    const std::string left = ex.req.get_param_value("recovery_left");
    if (!left.empty() && left.size() <= 3 && std::all_of(left.begin(), left.end(), base::IsAsciiDigit)) {
      notice = RecoveryLeftMessage(std::stoll(left), ex.view.lang);
    }
    AccountWith(ex, *s, 200, "", notice);
  }

  void PostTotpEnroll(Exchange& ex) {
    auto s = SessionOf(ex);
    if (!s) return Redirect(ex, "/signin");
    service::Reply r = service_.TotpEnroll(ClientOf(ex), *s, ex.Field("password"));
    if (r.outcome != service::Outcome::kOk) return AccountWith(ex, *s, StatusOf(r.outcome), ErrorOf(ex, r), "");
    Page(ex, 200, TotpEnrollPage(ex.view, r.body, ""));
  }

  void PostTotpConfirm(Exchange& ex) {
    auto s = SessionOf(ex);
    if (!s) return Redirect(ex, "/signin");
    service::Reply r = service_.TotpConfirm(ClientOf(ex), *s, ex.Field("code"));
    if (r.outcome != service::Outcome::kOk) return Page(ex, StatusOf(r.outcome), TotpEnrollPage(ex.view, nullptr, ErrorOf(ex, r)));
    ShowRecoveryCodes(ex, r);
  }

  void PostRecoveryCodes(Exchange& ex) {
    auto s = SessionOf(ex);
    if (!s) return Redirect(ex, "/signin");
    service::Reply r = service_.TotpRecoveryCodes(ClientOf(ex), *s, ex.Field("password"));
    if (r.outcome != service::Outcome::kOk) return AccountWith(ex, *s, StatusOf(r.outcome), ErrorOf(ex, r), "");
    ShowRecoveryCodes(ex, r);
  }

  void ShowRecoveryCodes(Exchange& ex, const service::Reply& r) {
    std::vector<std::string> codes;
    for (const json& code : r.body.value("recovery_codes", json::array())) {
      if (code.is_string()) codes.push_back(code.get<std::string>());
    }
    Page(ex, 200, RecoveryCodesPage(ex.view, codes));
  }

  void PostRevoke(Exchange& ex) {
    auto s = SessionOf(ex);
    if (!s) return Redirect(ex, "/signin");
    service::Reply r = service_.RevokeSession(ClientOf(ex), *s, ex.Field("id"));
    if (r.outcome != service::Outcome::kOk) return AccountWith(ex, *s, StatusOf(r.outcome), ErrorOf(ex, r), "");
    ApplySession(ex, r);
    if (r.clear_session) return Redirect(ex, "/signin", "&notice=signed_out");
    Redirect(ex, "/account", "&notice=session_revoked");
  }

  void PostSignout(Exchange& ex) {
    if (auto s = SessionOf(ex)) service_.Logout(ClientOf(ex), *s);
    SetCookie(ex, options_.session_cookie, "", 0);
    Redirect(ex, "/signin", "&notice=signed_out");
  }

  service::Service& service_;
  const PagesOptions options_;
};

}  // namespace

void RegisterRoutes(httplib::Server& server, service::Service& service, PagesOptions options) {
  auto pages = std::make_shared<Pages>(service, std::move(options));
  pages->Register(server, pages);
}

std::string_view ContentSecurityPolicy() {
  return "default-src 'none'; style-src 'self'; img-src 'none'; form-action 'self'; base-uri 'none'; "
         "frame-ancestors 'none'";
}

}  // namespace kakunin::pages
