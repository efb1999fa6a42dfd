// The range API over HTTP with libcurl. Only GET <base><prefix> is ever sent.
#include <cstdlib>
#include <string>

#include "breach/http_get.h"
#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

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
  }

  Result<std::string> FetchRange(std::string_view prefix) override {
    // The k-anonymity promise rests on this: nothing longer than 5 hex digits goes out.
    if (!IsUpperHexPrefix(prefix)) return Fail(ErrorCode::kInvalidArgument, "range prefix must be 5 hex digits");
    internal::HttpRequest request;
    request.url = options_.base_url + std::string(prefix);
    if (options_.add_padding) request.headers.push_back("Add-Padding: true");
    request.user_agent = options_.user_agent;
    request.timeout_ms = options_.timeout_ms;
    request.connect_timeout_ms = options_.connect_timeout_ms;
    request.max_body_bytes = kMaxRangeResponseBytes;
    request.what = "range request";
    auto response = internal::HttpGet(request);
    if (!response) return tl::unexpected(response.error());
    if (response->status != 200) {
      std::string hint = response->status == 429 ? " (rate limited; try again later)" : "";
      return Fail(ErrorCode::kIo, "range request answered HTTP " + std::to_string(response->status) + hint);
    }
    return std::move(response->body);
  }

 private:
  HttpRangeOptions options_;
};

}  // namespace

std::string RangeBaseUrl(std::string_view flag) {
  return internal::BaseUrl(flag, "KAKUNIN_PWNED_RANGE_URL", kDefaultRangeBaseUrl);
}

std::unique_ptr<RangeClient> MakeHttpRangeClient(HttpRangeOptions options) {
  return std::make_unique<HttpRangeClient>(std::move(options));
}

}  // namespace kakunin::breach
