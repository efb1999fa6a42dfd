#include "http_adapter.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "observability.h"
#include "kakunin/pages.h"
#include "request_body.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;

int HttpStatus(service::Outcome outcome) {
  switch (outcome) {
    case service::Outcome::kOk: return 200;
    case service::Outcome::kAccepted: return 202;
    case service::Outcome::kInvalid: return 400;
    case service::Outcome::kUnauthorized: return 401;
    case service::Outcome::kNotFound: return 404;
    case service::Outcome::kRateLimited: return 429;
    case service::Outcome::kInternal: return 500;
  }
  return 500;
}

void WriteJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void WriteError(httplib::Response& res, int status, std::string_view error) {
  WriteJson(res, status, json{{"error", error}});
}

// Writes the refusal when the body is not a JSON object of bounded strings (request_body.h).
std::optional<Body> ParseBody(const httplib::Request& req, httplib::Response& res) {
  auto body = ParseRequestBody(req.get_header_value("Content-Type"), req.body);
  if (!body) {
    WriteError(res, body.error().status, body.error().error);
    return std::nullopt;
  }
  return std::move(*body);
}

std::string Language(const httplib::Request& req, const Body* body) {
  std::string lang = body ? body->Get("lang") : "";
  if (lang.empty()) lang = base::ToLower(req.get_header_value("Accept-Language")).substr(0, 2);
  return (lang == "ja" || lang == "en") ? lang : "";
}

std::string SessionToken(const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  if (base::StartsWithIgnoreCase(auth, "Bearer ")) return std::string(base::Trim(std::string_view(auth).substr(7)));
  const std::string cookies = req.get_header_value("Cookie");
  for (std::string_view part : base::Split(cookies, ';')) {
    part = base::Trim(part);
    const std::string prefix = std::string(kSessionCookie) + "=";
    if (part.starts_with(prefix)) return std::string(part.substr(prefix.size()));
  }
  return "";
}

}  // namespace

HttpServer::HttpServer(service::Service& service, HttpOptions options)
    : service_(service), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  auto& srv = *server_;
  const int threads = options_.threads;
  srv.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  srv.set_payload_max_length(options_.max_body_bytes);
  srv.set_tcp_nodelay(true);  // Answers are one small write; never wait for a delayed ACK.
  srv.set_keep_alive_max_count(10000);
  srv.set_keep_alive_timeout(5);
  srv.set_read_timeout(10);
  srv.set_write_timeout(10);
  srv.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
    WriteError(res, 500, "internal");
  });
  srv.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      WriteError(res, res.status, res.status == 404 ? "not_found" : res.status == 413 ? "payload_too_large" : "bad_request");
    }
  });

  auto client = [this](const httplib::Request& req, const Body* body) {
    service::Client c;
    c.ip = service::ClientIp(req.remote_addr, req.get_header_value("X-Forwarded-For"), options_.trusted_proxies);
    c.user_agent = req.get_header_value("User-Agent").substr(0, 256);
    c.language = Language(req, body);
    return c;
  };
  auto reply = [this](httplib::Response& res, const service::Reply& r) {
    if (r.outcome == service::Outcome::kRateLimited && r.retry_after > 0) {
      res.set_header("Retry-After", std::to_string(r.retry_after));
    }
    const std::string flags = std::string("; Path=/; HttpOnly; SameSite=Strict") + (options_.cookie_secure ? "; Secure" : "");
    if (!r.session_token.empty()) {
      res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + r.session_token + flags);
    } else if (r.clear_session) {
      res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + flags + "; Max-Age=0");
    }
    WriteJson(res, HttpStatus(r.outcome), r.body);
  };
  // Routes without a session.
  using Handler = std::function<service::Reply(const service::Client&, const Body&)>;
  auto open = [&](const char* path, std::initializer_list<const char*> required, const Handler& handler) {
    std::vector<const char*> fields(required);
    srv.Post(path, [fields, handler, client, reply](const httplib::Request& req, httplib::Response& res) {
      auto body = ParseBody(req, res);
      if (!body) return;
      for (const char* key : fields) {
        if (!body->j.contains(key)) return WriteJson(res, 400, json{{"error", "missing_field"}, {"field", key}});
      }
      reply(res, handler(client(req, &*body), *body));
    });
  };
  // Routes that need a session.
  using SessionHandler = std::function<service::Reply(const service::Client&, const store::Session&, const Body&)>;
  auto authed = [&, this](const char* method, const char* path, std::initializer_list<const char*> required,
                          const SessionHandler& handler) {
    std::vector<const char*> fields(required);
    auto fn = [this, fields, handler, client, reply, method](const httplib::Request& req, httplib::Response& res) {
      auto session = service_.Authenticate(SessionToken(req));
      if (!session) return WriteError(res, 401, "no_session");
      Body body{json::object()};
      if (std::string_view(method) == "POST") {
        auto parsed = ParseBody(req, res);
        if (!parsed) return;
        body = *parsed;
        for (const char* key : fields) {
          if (!body.j.contains(key)) return WriteJson(res, 400, json{{"error", "missing_field"}, {"field", key}});
        }
      }
      if (req.matches.size() > 1) body.j["id"] = req.matches[1].str();
      reply(res, handler(client(req, &body), *session, body));
    };
    if (std::string_view(method) == "POST") {
      srv.Post(path, fn);
    } else if (std::string_view(method) == "DELETE") {
      srv.Delete(path, fn);
    } else {
      srv.Get(path, fn);
    }
  };

  auto& svc = service_;
  open("/v1/signup", {"email", "password"},
       [&svc](const service::Client& c, const Body& b) { return svc.Signup(c, b.Get("email"), b.Get("password")); });
  open("/v1/email/verify", {"email", "flow_id", "code"}, [&svc](const service::Client& c, const Body& b) {
    return svc.VerifyEmail(c, b.Get("email"), b.Get("flow_id"), b.Get("code"));
  });
  open("/v1/email/verify/resend", {"email", "flow_id"}, [&svc](const service::Client& c, const Body& b) {
    return svc.ResendVerification(c, b.Get("email"), b.Get("flow_id"));
  });
  open("/v1/login", {"email", "password"},
       [&svc](const service::Client& c, const Body& b) { return svc.Login(c, b.Get("email"), b.Get("password")); });
  open("/v1/login/code", {"flow_id", "code"},
       [&svc](const service::Client& c, const Body& b) { return svc.LoginCode(c, b.Get("flow_id"), b.Get("code")); });
  open("/v1/login/code/resend", {"flow_id"},
       [&svc](const service::Client& c, const Body& b) { return svc.ResendLoginCode(c, b.Get("flow_id")); });
  open("/v1/password/reset", {"email"},
       [&svc](const service::Client& c, const Body& b) { return svc.RequestPasswordReset(c, b.Get("email")); });
  open("/v1/password/reset/confirm", {"email", "code", "new_password"},
       [&svc](const service::Client& c, const Body& b) {
         return svc.ConfirmPasswordReset(c, b.Get("email"), b.Get("code"), b.Get("new_password"));
       });
  authed("POST", "/v1/email/change", {"new_email", "password"},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.RequestEmailChange(c, s, b.Get("new_email"), b.Get("password"));
         });
  authed("POST", "/v1/email/change/confirm", {"code"},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.ConfirmEmailChange(c, s, b.Get("code"));
         });
  authed("POST", "/v1/account/two-step", {"method", "password"},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.SetTwoStep(c, s, b.Get("method"), b.Get("phone"), b.Get("password"));
         });
  authed("POST", "/v1/account/two-step/confirm", {"code"},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.ConfirmPhone(c, s, b.Get("code"));
         });
  authed("POST", "/v1/totp/enroll", {"password"},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.TotpEnroll(c, s, b.Get("password"));
         });
  authed("POST", "/v1/totp/confirm", {"code"},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.TotpConfirm(c, s, b.Get("code"));
         });
  authed("POST", "/v1/totp/recovery-codes", {"password"},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.TotpRecoveryCodes(c, s, b.Get("password"));
         });
  authed("GET", "/v1/me", {}, [&svc](const service::Client&, const store::Session& s, const Body&) { return svc.Me(s); });
  authed("POST", "/v1/logout", {},
         [&svc](const service::Client& c, const store::Session& s, const Body&) { return svc.Logout(c, s); });
  authed("GET", "/v1/sessions", {},
         [&svc](const service::Client&, const store::Session& s, const Body&) { return svc.ListSessions(s); });
  authed("DELETE", R"(/v1/sessions/([A-Za-z0-9_-]{1,64}))", {},
         [&svc](const service::Client& c, const store::Session& s, const Body& b) {
           return svc.RevokeSession(c, s, b.Get("id"));
         });
  pages::RegisterRoutes(srv, service_, {kSessionCookie, options_.cookie_secure, options_.trusted_proxies});  // HTML pages.
  InstallObservability(srv, service_, options_);
  srv.Get("/v1/health", [this](const httplib::Request&, httplib::Response& res) {
    service::Reply r = service_.Health();
    WriteJson(res, HttpStatus(r.outcome), r.body);
  });
}

HttpServer::~HttpServer() { Stop(); }

Result<int> HttpServer::Bind() {
  if (options_.port == 0) {
    const int port = server_->bind_to_any_port(options_.host);
    if (port <= 0) return Fail(ErrorCode::kIo, "cannot bind " + options_.host);
    return port;
  }
  if (!server_->bind_to_port(options_.host, options_.port)) {
    return Fail(ErrorCode::kIo, "cannot bind " + options_.host + ":" + std::to_string(options_.port));
  }
  return options_.port;
}

bool HttpServer::Serve() { return server_->listen_after_bind(); }

void HttpServer::Stop() {
  if (server_) server_->stop();
}

}  // namespace kakunin::kakunind
