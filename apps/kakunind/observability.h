// Operations for kakunind's HTTP side: GET /metrics (Prometheus text exposition 0.0.4, the
// service's counters plus store and queue gauges read at scrape time) and the access log, one
// JSON object per request on stderr:
//   {"time":"2026-11-28T23:30:02.123Z","method":"POST","path":"/v1/login","status":401,
//    "duration_ms":41.2,"ip":"203.0.113.9"}
// The log never holds bodies, query strings, headers, codes, passwords, tokens or addresses:
// `path` is the route (session ids become {id}; unknown paths are "<other>").
//
// Thread-safety: the handlers run on httplib's pool; counters are atomics and each log line is
// one write(2) to stderr.
#ifndef KAKUNIN_APPS_KAKUNIND_OBSERVABILITY_H_
#define KAKUNIN_APPS_KAKUNIND_OBSERVABILITY_H_

#include <string>
#include <string_view>

#include "config.h"
#include "kakunin/service.h"

namespace httplib {
class Server;
}

namespace kakunin::kakunind {

// What the access log shows for a request path with this status.
std::string RouteLabel(std::string_view path, int status);

// Adds GET /metrics (when options.metrics) and the pre- and post-routing handlers that time each
// request, count it by status and, when options.access_log, write its line. `service` must
// outlive `server`.
void InstallObservability(httplib::Server& server, service::Service& service, const HttpOptions& options);

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_APPS_KAKUNIND_OBSERVABILITY_H_
