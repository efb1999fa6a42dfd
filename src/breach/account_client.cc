// HIBP API v3 breachedaccount over HTTP with libcurl:
//   GET <base>breachedaccount/<percent-encoded address>?truncateResponse=false
//   hibp-api-key: <key>, User-Agent: kakunin/...
// The address is attacker-influenced only in so far as the user typed it; it is bounded by
// kMaxAddressBytes and percent-encoded (curl_easy_escape), so it cannot leave the path.
#include <curl/curl.h>

#include <cstdlib>
#include <string>

#include "breach/http_get.h"
#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

bool IsKeyByte(char c) { return c > 0x20 && c < 0x7f; }

std::string Escape(std::string_view text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  if (escaped == nullptr) return {};
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

std::string StatusError(const internal::HttpResponse& response) {
  std::string status = "HIBP answered HTTP " + std::to_string(response.status);
  switch (response.status) {
    case 400:
      return status + ": HIBP does not accept this address";
    case 401:
    case 403:
      return status + ": the API key was rejected (check $KAKUNIN_HIBP_API_KEY or hibp.conf)";
    case 429: {
      std::string wait = response.retry_after_seconds
                             ? "retry after " + std::to_string(*response.retry_after_seconds) + " s"
                             : "try again later";
      return status + ": rate limited; " + wait;
    }
    default:
      return status;
  }
}

class HttpAccountClient : public AccountClient {
 public:
  explicit HttpAccountClient(HttpAccountOptions options) : options_(std::move(options)) {
    if (!options_.base_url.empty() && options_.base_url.back() != '/') options_.base_url.push_back('/');
  }

  Result<std::optional<std::string>> FetchBreachedAccount(std::string_view address) override {
    auto valid = ValidateAccountAddress(address);
    if (!valid) return tl::unexpected(valid.error());
    const std::string& key = options_.api_key;
    if (key.empty()) return Fail(ErrorCode::kInvalidArgument, "no HIBP API key");
    for (char c : key) {
      if (!IsKeyByte(c)) {
        return Fail(ErrorCode::kInvalidArgument, "the HIBP API key holds a space or control character");
      }
    }
    if (key.size() > kMaxApiKeyBytes) return Fail(ErrorCode::kInvalidArgument, "the HIBP API key is too long");
    internal::HttpRequest request{
        .url = options_.base_url + "breachedaccount/" + Escape(address) + "?truncateResponse=false",
        .headers = {"hibp-api-key: " + key, "Accept: application/json"},
        .user_agent = options_.user_agent,
        .timeout_ms = options_.timeout_ms,
        .connect_timeout_ms = options_.connect_timeout_ms,
        .max_body_bytes = kMaxAccountResponseBytes,
        .what = "HIBP account request"};
    auto response = internal::HttpGet(request);
    if (!response) return tl::unexpected(response.error());
    if (response->status == 404) return std::optional<std::string>();
    if (response->status != 200) return Fail(ErrorCode::kIo, StatusError(*response));
    return std::optional<std::string>(std::move(response->body));
  }

 private:
  HttpAccountOptions options_;
};

}  // namespace

Result<void> ValidateAccountAddress(std::string_view address) {
  if (address.empty()) return Fail(ErrorCode::kInvalidArgument, "empty address");
  if (address.size() > kMaxAddressBytes) {
    return Fail(ErrorCode::kInvalidArgument, "address longer than 254 bytes (RFC 5321 4.5.3.1.3)");
  }
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return Fail(ErrorCode::kInvalidArgument, "address holds a space or control character");
  }
  size_t at = address.rfind('@');
  if (at == std::string_view::npos) return Fail(ErrorCode::kInvalidArgument, "not an e-mail address (no '@')");
  if (at == 0) return Fail(ErrorCode::kInvalidArgument, "not an e-mail address (nothing before '@')");
  std::string_view domain = address.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.') {
    return Fail(ErrorCode::kInvalidArgument, "not an e-mail address (the domain needs a dot, as in example.com)");
  }
  if (address.substr(0, at).find('@') != std::string_view::npos && address.front() != '"') {
    return Fail(ErrorCode::kInvalidArgument, "not an e-mail address (more than one '@')");
  }
  return {};
}

std::string AccountBaseUrl(std::string_view flag) {
  return internal::BaseUrl(flag, "KAKUNIN_HIBP_API_URL", kDefaultAccountBaseUrl);
}

std::unique_ptr<AccountClient> MakeHttpAccountClient(HttpAccountOptions options) {
  return std::make_unique<HttpAccountClient>(std::move(options));
}

Result<AccountFinding> CheckAccount(AccountClient& client, std::string_view address) {
  auto valid = ValidateAccountAddress(address);
  if (!valid) return tl::unexpected(valid.error());
  auto body = client.FetchBreachedAccount(address);
  if (!body) return tl::unexpected(body.error());
  AccountFinding finding;
  if (!body->has_value()) {
    finding.status = AccountStatus::kNotFound;
    return finding;
  }
  auto breaches = ParseBreachedAccountResponse(**body);
  if (!breaches) return tl::unexpected(breaches.error());
  // HIBP answers 404, never an empty array, for an address in no breach; an empty array is
  // taken at its word.
  finding.status = breaches->empty() ? AccountStatus::kNotFound : AccountStatus::kBreached;
  finding.breaches = std::move(*breaches);
  return finding;
}

}  // namespace kakunin::breach
