// Url record helpers and the URL serializer (URL Standard 4.5).
#include <string>

#include "kakunin/url.h"
#include "url/scheme.h"

namespace kakunin::url {
namespace internal {

bool IsSpecialScheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "file" || scheme == "ftp" || scheme == "ws" ||
         scheme == "wss";
}

std::optional<uint32_t> DefaultPort(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return std::nullopt;
}

}  // namespace internal

bool Url::IsSpecial() const { return internal::IsSpecialScheme(scheme); }

std::string Url::Pathname() const {
  if (has_opaque_path) return path.empty() ? std::string() : path[0];
  std::string out;
  for (const auto& segment : path) {
    out.push_back('/');
    out += segment;
  }
  return out;
}

std::string Url::HostAndPort() const {
  std::string out = Hostname();
  if (port) out += ":" + std::to_string(*port);
  return out;
}

std::optional<uint16_t> Url::EffectivePort() const {
  if (port) return port;
  auto def = internal::DefaultPort(scheme);
  if (def) return static_cast<uint16_t>(*def);
  return std::nullopt;
}

std::string Url::Href() const {
  std::string out = scheme + ":";
  if (host) {
    out += "//";
    if (!username.empty() || !password.empty()) {
      out += username;
      if (!password.empty()) out += ":" + password;
      out += "@";
    }
    out += HostAndPort();
  } else if (!has_opaque_path && path.size() > 1 && path[0].empty()) {
    out += "/.";  // Keeps "web+demo:/.//not-a-host/" from re-parsing with a host.
  }
  out += Pathname();
  if (query) out += "?" + *query;
  if (fragment) out += "#" + *fragment;
  return out;
}

}  // namespace kakunin::url
