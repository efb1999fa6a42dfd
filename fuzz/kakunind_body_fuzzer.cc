// Fuzzes kakunind's request-body reader (apps/kakunind/request_body.cc, what every POST route of
// http_adapter.cc runs first): the Content-Type check and the JSON parse (nlohmann::json without
// exceptions) with the per-field bounds.
// Input: "CONTENT-TYPE\nBODY"; without a newline the whole input is the body, sent as
// application/json.
// Invariants: a refusal carries one of the three documented statuses and error ids; an accepted
// body has an application/json type and is a JSON object whose every value is a string of at
// most kMaxFieldBytes, Get() returns exactly those strings ("" for an absent key), and its
// serialisation (as handlers log or echo it) parses back to the same object.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "request_body.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // http.max_body_bytes is at most 1 MiB (config.cc); httplib refuses a longer body with 413
  // before the reader runs.
  if (size > (1 << 20) + 256) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t nl = in.find('\n');
  const std::string_view type = nl == std::string_view::npos ? std::string_view("application/json") : in.substr(0, nl);
  const std::string body(nl == std::string_view::npos ? in : in.substr(nl + 1));

  using kakunin::kakunind::ParseRequestBody;
  auto parsed = ParseRequestBody(type, body);
  if (!parsed) {
    const auto& e = parsed.error();
    Check((e.status == 415 && e.error == "unsupported_media_type") ||
          (e.status == 400 && (e.error == "invalid_json" || e.error == "invalid_request")));
    Check((e.status == 415) != kakunin::base::ToLower(type).starts_with("application/json"));
    return 0;
  }
  Check(kakunin::base::ToLower(type).starts_with("application/json"));
  const nlohmann::json& j = parsed->j;
  Check(j.is_object());
  for (const auto& [key, value] : j.items()) {
    Check(value.is_string());
    const auto& text = value.get_ref<const std::string&>();
    Check(text.size() <= kakunin::kakunind::kMaxFieldBytes);
    if (key.find('\0') == std::string::npos) Check(parsed->Get(key.c_str()) == text);
  }
  if (!j.contains("email")) Check(parsed->Get("email").empty());
  // Invalid UTF-8 inside a string is refused by the parser, so a strict dump must not throw.
  const std::string dumped = j.dump();
  auto back = nlohmann::json::parse(dumped, nullptr, false);
  Check(!back.is_discarded() && back == j);
  return 0;
}
