// HttpGet with libcurl. The request headers may carry an API key: they are never put in an
// error message, and libcurl's verbose mode is never turned on.
#include "breach/http_get.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>

namespace kakunin::breach::internal {
namespace {

struct Body {
  std::string bytes;
  size_t max_bytes = 0;
  bool too_big = false;
};

size_t Append(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  size_t n = size * count;
  if (body->bytes.size() + n > body->max_bytes) {
    body->too_big = true;
    return 0;  // Makes libcurl stop with CURLE_WRITE_ERROR.
  }
  body->bytes.append(data, n);
  return n;
}

std::string Bytes(size_t n) {
  if (n % (1u << 20) == 0) return std::to_string(n >> 20) + " MiB";
  return std::to_string(n) + " bytes";
}

}  // namespace

Result<HttpResponse> HttpGet(const HttpRequest& request) {
  const std::string what(request.what);
  if (!request.url.starts_with("http://") && !request.url.starts_with("https://")) {
    return Fail(ErrorCode::kInvalidArgument, what + ": base URL must start with http:// or https://");
  }
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
  curl_slist* headers = nullptr;
  for (const std::string& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  Body body;
  body.max_bytes = request.max_body_bytes;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, request.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // HIBP serves gzip/brotli.
  CURLcode rc = curl_easy_perform(curl);
  HttpResponse response;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_off_t retry_after = 0;
  if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0) {
    response.retry_after_seconds = static_cast<long>(retry_after);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (body.too_big) {
    return Fail(ErrorCode::kLimitExceeded, what + ": response larger than " + Bytes(request.max_body_bytes));
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return Fail(ErrorCode::kIo, what + " timed out (" + std::to_string(request.timeout_ms) + " ms)");
  }
  if (rc != CURLE_OK) {
    std::string why = error[0] != '\0' ? error : curl_easy_strerror(rc);
    return Fail(ErrorCode::kIo, what + " failed: " + why);
  }
  response.body = std::move(body.bytes);
  return response;
}

std::string BaseUrl(std::string_view flag, const char* env, std::string_view fallback) {
  if (!flag.empty()) return std::string(flag);
  const char* value = std::getenv(env);
  if (value != nullptr && value[0] != '\0') return value;
  return std::string(fallback);
}

}  // namespace kakunin::breach::internal
