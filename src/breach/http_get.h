// One HTTPS GET with libcurl, bounded in time and size, for the HIBP clients (range and account).
// Internal to src/breach. Thread-safety: HttpGet may be called from several threads at once
// (each call has its own curl handle; curl_global_init runs once).
#ifndef KAKUNIN_SRC_BREACH_HTTP_GET_H_
#define KAKUNIN_SRC_BREACH_HTTP_GET_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::breach::internal {

struct HttpRequest {
  std::string url;                   // Must start with http:// or https://.
  std::vector<std::string> headers;  // "Name: value" lines, sent as given.
  std::string user_agent;
  long timeout_ms = 10000;           // Whole request.
  long connect_timeout_ms = 5000;
  size_t max_body_bytes = 0;         // Past this the transfer is cut off.
  std::string_view what = "request"; // Names the request in error messages ("range request").
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::optional<long> retry_after_seconds;  // From a Retry-After header (seconds or HTTP date).
};

// Any HTTP status is a value; only transport failures are errors. Redirects are not followed.
// Errors: kInvalidArgument (not an http(s) URL), kLimitExceeded (body over max_body_bytes),
// kIo (timeout, connection refused, TLS, ...; the message names `what`, never the headers).
[[nodiscard]] Result<HttpResponse> HttpGet(const HttpRequest& request);

// A base URL: `flag` when non-empty, else the environment variable `env` when set and
// non-empty, else `fallback`.
std::string BaseUrl(std::string_view flag, const char* env, std::string_view fallback);

}  // namespace kakunin::breach::internal

#endif  // KAKUNIN_SRC_BREACH_HTTP_GET_H_
