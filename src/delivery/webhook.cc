// SMS delivery: one JSON POST to the configured webhook through libcurl.
#include <nlohmann/json.hpp>

#include "delivery/curl_handle.h"
#include "kakunin/delivery.h"

namespace kakunin::delivery {
namespace {

// The webhook's reply body is not used; read at most this much so a hostile endpoint cannot
// make us buffer without bound.
constexpr size_t kMaxReplyBytes = 4096;

size_t Discard(char*, size_t size, size_t count, void* user) {
  auto* seen = static_cast<size_t*>(user);
  *seen += size * count;
  return *seen > kMaxReplyBytes ? 0 : size * count;
}

}  // namespace

SendResult SendSms(const WebhookOptions& options, std::string_view to, std::string_view text,
                   std::string_view idempotency_key) {
  SendResult result;
  CurlPtr curl = NewCurl();
  if (!curl) {
    result.detail = "curl_easy_init failed";
    return result;
  }
  const std::string body = nlohmann::json{{"to", to}, {"text", text}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  SlistPtr headers(curl_slist_append(nullptr, "Content-Type: application/json"));
  if (!options.bearer_token.empty()) {
    headers.reset(curl_slist_append(headers.release(), ("Authorization: Bearer " + options.bearer_token).c_str()));
  }
  if (!idempotency_key.empty()) {
    headers.reset(curl_slist_append(headers.release(), ("Idempotency-Key: " + std::string(idempotency_key)).c_str()));
  }
  size_t seen = 0;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  const CURLcode code = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  if (result.status >= 200 && result.status <= 299) {
    result.outcome = Outcome::kSent;
    return result;
  }
  const long s = result.status;
  // No reply, timeouts, throttling and server errors may clear up; other 4xx are about the request.
  const bool temporary = s == 0 || s == 408 || s == 429 || s >= 500;
  result.outcome = temporary ? Outcome::kTemporary : Outcome::kPermanent;
  result.detail = code == CURLE_OK ? "HTTP " + std::to_string(s) : curl_easy_strerror(code);
  return result;
}

}  // namespace kakunin::delivery
