#include "observability.h"

#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/metrics.h"

namespace kakunin::kakunind {
namespace {

// Set when routing starts, read after it on the same pool thread. Requests refused while being
// read (413, bad request line) never reach routing: they log duration_ms null.
thread_local std::chrono::steady_clock::time_point t_start;
thread_local bool t_started = false;

std::string NowRfc3339() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

bool IsRouteText(std::string_view path) {
  if (path.empty() || path.size() > 64 || path[0] != '/') return false;
  for (char c : path) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string RouteLabel(std::string_view path, int status) {
  constexpr std::string_view kSessions = "/v1/sessions/";
  if (path.starts_with(kSessions) && path.size() > kSessions.size()) return "/v1/sessions/{id}";
  // A 404 is a path no route matched: whatever the client put there stays out of the log.
  if (status == 404 || !IsRouteText(path)) return "<other>";
  return std::string(path);
}

void InstallObservability(httplib::Server& server, service::Service& service, const HttpOptions& options) {
  if (options.metrics) {
    server.Get("/metrics", [&service](const httplib::Request&, httplib::Response& res) {
      service::Gauges gauges;
      const service::Reply health = service.Health();
      gauges.store_up = health.outcome == service::Outcome::kOk;
      if (gauges.store_up) {
        gauges.queued_messages = health.body.value("queued_messages", int64_t{-1});
        const auto outbox = health.body.value("outbox", nlohmann::json::object());
        gauges.mail_outbox = outbox.value("mail", int64_t{-1});
        gauges.sms_outbox = outbox.value("sms", int64_t{-1});
      }
      res.set_header("Cache-Control", "no-store");
      res.set_content(service.metrics().Render(gauges), "text/plain; version=0.0.4; charset=utf-8");
    });
  }
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_start = std::chrono::steady_clock::now();
    t_started = true;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const bool log = options.access_log;
  const auto trusted = options.trusted_proxies;
  // After routing and the error handler, before the answer is written: the counters and the log
  // line are complete by the time the client has its answer.
  server.set_post_routing_handler([&service, log, trusted](const httplib::Request& req, httplib::Response& res) {
    service.metrics().HttpRequest(res.status);
    const bool timed = std::exchange(t_started, false);
    if (!log) return;
    nlohmann::json line = {
        {"time", NowRfc3339()},
        {"method", req.method.substr(0, 16)},
        {"path", RouteLabel(req.path, res.status)},
        {"status", res.status},
        {"duration_ms", nullptr},
        {"ip", service::ClientIp(req.remote_addr, req.get_header_value("X-Forwarded-For"), trusted)},
    };
    if (timed) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_start);
      line["duration_ms"] = static_cast<double>(us.count()) / 1000.0;
    }
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    // One write per line, so lines from several threads never interleave.
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, text.data(), text.size());
  });
}

}  // namespace kakunin::kakunind
