// The range API over HTTP with libcurl. Only GET <base><prefix> is ever sent.
#include <curl/curl.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

struct Body {
  std::string bytes;
  bool too_big = false;
};

size_t Append(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  size_t n = size * count;
  if (body->bytes.size() + n > kMaxRangeResponseBytes) {
    body->too_big = true;
    return 0;  // Makes libcurl stop with CURLE_WRITE_ERROR.
  }
  body->bytes.append(data, n);
  return n;
}

bool IsUpperHexPrefix(std::string_view prefix) {
  if (prefix.size() != kPrefixHexChars) return false;
  for (char c : prefix) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

class HttpRangeClient : public RangeClient {
 public:
  explicit HttpRangeClient(HttpRangeOptions options) : options_(std::move(options)) {
    if (!options_.base_url.empty() && options_.base_url.back() != '/') options_.base_url.push_back('/');
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<std::string> FetchRange(std::string_view prefix) override {
    // The k-anonymity promise rests on this: nothing longer than 5 hex digits goes out.
    if (!IsUpperHexPrefix(prefix)) return Fail(ErrorCode::kInvalidArgument, "range prefix must be 5 hex digits");
    const std::string& base = options_.base_url;
    if (!base.starts_with("http://") && !base.starts_with("https://")) {
      return Fail(ErrorCode::kInvalidArgument, "range base URL must start with http:// or https://");
    }
    std::string url = base + std::string(prefix);
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
    curl_slist* headers = nullptr;
    if (options_.add_padding) headers = curl_slist_append(headers, "Add-Padding: true");
    Body body;
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // HIBP serves gzip/brotli.
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (body.too_big) return Fail(ErrorCode::kLimitExceeded, "range response larger than 4 MiB");
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return Fail(ErrorCode::kIo, "range request timed out (" + std::to_string(options_.timeout_ms) + " ms)");
    }
    if (rc != CURLE_OK) {
      std::string why = error[0] != '\0' ? error : curl_easy_strerror(rc);
      return Fail(ErrorCode::kIo, "range request failed: " + why);
    }
    if (status != 200) {
      std::string hint = status == 429 ? " (rate limited; try again later)" : "";
      return Fail(ErrorCode::kIo, "range request answered HTTP " + std::to_string(status) + hint);
    }
    return std::move(body.bytes);
  }

 private:
  HttpRangeOptions options_;
};

}  // namespace

std::string RangeBaseUrl(std::string_view flag) {
  if (!flag.empty()) return std::string(flag);
  const char* env = std::getenv("KAKUNIN_PWNED_RANGE_URL");
  if (env != nullptr && env[0] != '\0') return env;
  return std::string(kDefaultRangeBaseUrl);
}

std::unique_ptr<RangeClient> MakeHttpRangeClient(HttpRangeOptions options) {
  return std::make_unique<HttpRangeClient>(std::move(options));
}

}  // namespace kakunin::breach
