// kakunind request bodies: the bytes of a POST, checked and parsed before any route sees them.
// Attacker-controlled: the size is bounded by http.max_body_bytes (httplib refuses longer with
// 413 before this runs); parsing never throws; the result is a JSON object whose every value is
// a string of at most kMaxFieldBytes. Only application/json is accepted (docs/api.md): requiring
// it also stops cross-site form posts, which cannot send this type without CORS.
//
// Thread-safety: free functions over their arguments; Body is a value.
#ifndef KAKUNIN_APPS_KAKUNIND_REQUEST_BODY_H_
#define KAKUNIN_APPS_KAKUNIND_REQUEST_BODY_H_

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace kakunin::kakunind {

// Longest JSON string value accepted in a request body (addresses, passwords, codes, ids).
inline constexpr size_t kMaxFieldBytes = 1024;

// A parsed request body: a JSON object of bounded strings.
struct Body {
  nlohmann::json j;
  // The field's value, or "" when it is absent.
  std::string Get(const char* key) const;
};

// Why a body was refused: the HTTP status and the stable error id of docs/api.md.
struct BodyError {
  int status;
  std::string_view error;  // "unsupported_media_type" (415), "invalid_json", "invalid_request" (400)
};

// Parses `body` sent with the Content-Type header `content_type`.
[[nodiscard]] tl::expected<Body, BodyError> ParseRequestBody(std::string_view content_type, const std::string& body);

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_APPS_KAKUNIND_REQUEST_BODY_H_
