// Special schemes and their default ports (URL Standard 4.1). Internal.
#ifndef KAKUNIN_URL_SCHEME_H_
#define KAKUNIN_URL_SCHEME_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace kakunin::url::internal {

// Whether `scheme` (lower case) is ftp, file, http, https, ws or wss.
bool IsSpecialScheme(std::string_view scheme);
// 21, 80, 443, 80, 443 for ftp/http/https/ws/wss; nullopt otherwise (file has none).
std::optional<uint32_t> DefaultPort(std::string_view scheme);

}  // namespace kakunin::url::internal

#endif  // KAKUNIN_URL_SCHEME_H_
