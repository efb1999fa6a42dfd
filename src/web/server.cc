// The HTTP side of kakunin web (cpp-httplib): routes, security headers, CSRF and Host checks.
//
// Attacker input: every request (a page on another site can make the browser send requests
// here). Bounds: the body is at most PayloadLimit() bytes (httplib answers 413 past it), the
// mail at most max_message_bytes; header values are only compared, never echoed.
#include <arpa/inet.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <fmt/format.h>

#include <mutex>
#include <set>

#include "base/html.h"
#include "base/strings.h"
#include "dkim/base64.h"
#include "kakunin/web.h"
#include "web/internal.h"
#ifdef KAKUNIN_WEB_SMS
#include "web/sms_page.h"
#endif

namespace kakunin::web {
namespace {

using internal::Text;

// Room for the multipart framing and the small fields around the mail.
constexpr size_t kFormOverheadBytes = 64u << 10;

std::string RandomToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // No randomness: refuse to serve forms.
  return base::HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool IsLoopback(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr a{};
  return inet_pton(AF_INET, host.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

std::string FieldOf(const httplib::Request& req, const char* name) {
  return req.has_file(name) ? req.get_file_value(name).content : std::string();
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  httplib::Server http;
  std::string token = RandomToken();
  std::mutex inspect_mutex;  // InspectOptions' alias registry is single-threaded; one mail at a time.
  int port = 0;
  std::set<std::string> hosts;  // Host header values that name this server.

  size_t PayloadLimit() const { return options.max_message_bytes / 3 * 4 + 4 + kFormOverheadBytes; }

  std::string Lang(const httplib::Request& req, const std::string& field) const {
    if (field == "en" || field == "ja") return field;
    std::string query = req.get_param_value("lang");
    if (query == "en" || query == "ja") return query;
    if (options.lang == "en" || options.lang == "ja") return options.lang;
    const std::string accepted = base::PreferredLanguage(req.get_header_value("Accept-Language"), {"ja", "en"});
    return accepted.empty() ? "en" : accepted;
  }

  PageContext Context(const std::string& lang) const {
    return PageContext{lang, token, options.max_message_bytes};
  }

  void Html(httplib::Response& res, int status, const std::string& page) const {
    res.status = status;
    res.set_content(page, "text/html; charset=utf-8");
  }

  void ErrorPage(httplib::Response& res, int status, const std::string& lang, std::string_view message) const {
    Html(res, status, RenderUploadPage(Context(lang), message));
  }

  // The cross-site request checks for a POST; "" when it may proceed, else why not.
  std::string RefusePost(const httplib::Request& req, const std::string& form_token) const {
    // Browsers since 2020 send Sec-Fetch-Site; only this page's own form is same-origin.
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    if (!site.empty() && site != "same-origin") return "sec-fetch-site";
    // With Referrer-Policy no-referrer a browser sends "Origin: null" for our own form.
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && origin != "null" && origin != "http://" + req.get_header_value("Host")) return "origin";
    if (form_token.size() != token.size() || CRYPTO_memcmp(form_token.data(), token.data(), token.size()) != 0) {
      return "token";
    }
    return "";
  }

  void Inspect(const httplib::Request& req, httplib::Response& res) {
    static constexpr Text kForbidden{
        "This form is out of date or was sent from another page. Please choose the mail again.",
        "フォームが古いか、別のページから送信されました。もう一度メールを選んでください。"};
    static constexpr Text kTooLarge{"The mail is larger than {} MiB.", "メールが {} MiB を超えています。"};
    static constexpr Text kEmpty{"No mail was given: drop a file or paste the source.",
                                 "メールがありません。ファイルをドロップするか、ソースを貼り付けてください。"};
    static constexpr Text kNotMail{"This does not look like a mail's source ({}). Paste the whole source, header "
                                   "included.",
                                   "メールのソースではないようです（{}）。ヘッダーを含むソース全体を貼り付けてください。"};
    const std::string lang = Lang(req, FieldOf(req, "lang"));
    if (!base::StartsWithIgnoreCase(req.get_header_value("Content-Type"), "multipart/form-data")) {
      ErrorPage(res, 415, lang, kForbidden.In(lang));
      return;
    }
    if (!RefusePost(req, FieldOf(req, "token")).empty()) {
      ErrorPage(res, 403, lang, kForbidden.In(lang));
      return;
    }
    std::string mail = FieldOf(req, "file");
    if (mail.empty()) {
      const std::string b64 = FieldOf(req, "source_b64");
      if (!b64.empty()) {
        auto decoded = dkim::internal::Base64Decode(b64);
        if (!decoded) {
          ErrorPage(res, 400, lang, kForbidden.In(lang));
          return;
        }
        mail = std::move(*decoded);
      }
    }
    if (mail.empty()) mail = FieldOf(req, "source");
    if (base::Trim(mail).empty()) {
      ErrorPage(res, 400, lang, kEmpty.In(lang));
      return;
    }
    if (mail.size() > options.max_message_bytes) {
      ErrorPage(res, 413, lang, fmt::format(fmt::runtime(kTooLarge.In(lang)), options.max_message_bytes >> 20));
      return;
    }
    std::unique_lock lock(inspect_mutex);
    auto report = InspectBytes(mail, options.inspect);
    lock.unlock();
    if (!report) {
      ErrorPage(res, 400, lang, fmt::format(fmt::runtime(kNotMail.In(lang)), report.error().message));
      return;
    }
    const brands::BrandRegistry& registry =
        options.inspect.brands != nullptr ? *options.inspect.brands : brands::BrandRegistry::Default();
    Html(res, 200, RenderReportPage(*report, mail, registry, Context(lang)));
  }

#ifdef KAKUNIN_WEB_SMS
  void InspectSms(const httplib::Request& req, httplib::Response& res) {
    static constexpr Text kForbidden{
        "This form is out of date or was sent from another page. Please paste the message again.",
        "フォームが古いか、別のページから送信されました。もう一度メッセージを貼り付けてください。"};
    static constexpr Text kBad{"This message cannot be checked: {}", "このメッセージは確認できません: {}"};
    const std::string lang = Lang(req, FieldOf(req, "lang"));
    auto error = [&](int status, const std::string& message) {
      Html(res, status, RenderSmsPage(Context(lang), message));
    };
    if (!base::StartsWithIgnoreCase(req.get_header_value("Content-Type"), "multipart/form-data") ||
        !RefusePost(req, FieldOf(req, "token")).empty()) {
      error(403, kForbidden.In(lang));
      return;
    }
    sms::Options o;
    o.brands = options.inspect.brands;
    if (std::string sender = FieldOf(req, "sender"); !base::Trim(sender).empty()) o.sender = std::move(sender);
    auto report = sms::Analyze(FieldOf(req, "text"), o);
    if (!report) {
      error(report.error().code == ErrorCode::kLimitExceeded ? 413 : 400,
            fmt::format(fmt::runtime(kBad.In(lang)), report.error().message));
      return;
    }
    const brands::BrandRegistry& registry =
        options.inspect.brands != nullptr ? *options.inspect.brands : brands::BrandRegistry::Default();
    Html(res, 200, RenderSmsReportPage(*report, registry, Context(lang)));
  }
#endif

  void Routes() {
    http.new_task_queue = [] { return new httplib::ThreadPool(4); };
    http.set_payload_max_length(PayloadLimit());
    http.set_read_timeout(30);
    http.set_write_timeout(30);
    http.set_keep_alive_timeout(5);
    http.set_default_headers({
        {"Content-Security-Policy", std::string(ContentSecurityPolicy())},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
    });
    // DNS rebinding: a page on another site whose name resolves to 127.0.0.1 would be
    // same-origin with us under its own name; the Host header gives it away.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (hosts.count(req.get_header_value("Host")) != 0) return httplib::Server::HandlerResponse::Unhandled;
      res.status = 421;
      res.set_content("421 Misdirected Request: this server answers only to its loopback address.\n",
                      "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    });
    http.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      Html(res, 200, RenderUploadPage(Context(Lang(req, ""))));
    });
    http.Get("/style.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(StyleSheet()), "text/css; charset=utf-8");
    });
    http.Post("/inspect", [this](const httplib::Request& req, httplib::Response& res) { Inspect(req, res); });
#ifdef KAKUNIN_WEB_SMS
    http.Get("/sms", [this](const httplib::Request& req, httplib::Response& res) {
      Html(res, 200, RenderSmsPage(Context(Lang(req, ""))));
    });
    http.Post("/sms", [this](const httplib::Request& req, httplib::Response& res) { InspectSms(req, res); });
#endif
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      static constexpr Text kNotFound{"There is no such page here.", "そのページはありません。"};
      static constexpr Text kTooLarge{"The mail is larger than {} MiB.", "メールが {} MiB を超えています。"};
      if (!res.body.empty()) return;
      const std::string lang = Lang(req, "");
      if (res.status == 413) {
        ErrorPage(res, 413, lang, fmt::format(fmt::runtime(kTooLarge.In(lang)), options.max_message_bytes >> 20));
      } else if (res.status == 404) {
        ErrorPage(res, 404, lang, kNotFound.In(lang));
      } else {
        res.set_content(fmt::format("{} error\n", res.status), "text/plain; charset=utf-8");
      }
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
      res.status = 500;
      res.set_content("500 internal error\n", "text/plain; charset=utf-8");
    });
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->Routes();
}

Server::~Server() = default;

Result<void> Server::Bind() {
  const std::string& host = impl_->options.host;
  if (!IsLoopback(host)) {
    return Fail(ErrorCode::kInvalidArgument,
                host + " is not a loopback address: kakunin web serves this computer only (127.0.0.1, ::1)");
  }
  const std::string bind_host = host == "localhost" ? "127.0.0.1" : host;
  if (impl_->options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(bind_host);
    if (impl_->port <= 0) return Fail(ErrorCode::kIo, "cannot listen on " + bind_host);
  } else {
    if (!impl_->http.bind_to_port(bind_host, impl_->options.port)) {
      return Fail(ErrorCode::kIo, fmt::format("cannot listen on {}:{} (in use?)", bind_host, impl_->options.port));
    }
    impl_->port = impl_->options.port;
  }
  const std::string p = std::to_string(impl_->port);
  const std::string own = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  for (const std::string& h : {std::string("127.0.0.1"), std::string("localhost"), std::string("[::1]"), own}) {
    impl_->hosts.insert(h + ":" + p);
    if (impl_->port == 80) impl_->hosts.insert(h);
  }
  return {};
}

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string& host = impl_->options.host;
  return fmt::format("http://{}:{}/", host.find(':') != std::string::npos ? "[" + host + "]" : host, impl_->port);
}

void Server::Run() { impl_->http.listen_after_bind(); }

void Server::Stop() { impl_->http.stop(); }

}  // namespace kakunin::web
