#include "request_body.h"

#include "base/strings.h"

namespace kakunin::kakunind {

std::string Body::Get(const char* key) const {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

tl::expected<Body, BodyError> ParseRequestBody(std::string_view content_type, const std::string& body) {
  if (!base::ToLower(content_type).starts_with("application/json")) {
    return tl::unexpected(BodyError{415, "unsupported_media_type"});
  }
  Body parsed{nlohmann::json::parse(body, nullptr, false)};
  if (parsed.j.is_discarded() || !parsed.j.is_object()) return tl::unexpected(BodyError{400, "invalid_json"});
  for (const auto& [key, value] : parsed.j.items()) {
    if (!value.is_string() || value.get_ref<const std::string&>().size() > kMaxFieldBytes) {
      return tl::unexpected(BodyError{400, "invalid_request"});
    }
  }
  return parsed;
}

}  // namespace kakunin::kakunind
