#include "service/alerts.h"

#include <arpa/inet.h>

#include <array>
#include <utility>

#include "service/ip.h"

namespace kakunin::service {
namespace {

// First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kBrowsers = {{
    {"Edg/", "Edge"},
    {"OPR/", "Opera"},
    {"Firefox/", "Firefox"},
    {"SamsungBrowser/", "Samsung Internet"},
    {"Chrome/", "Chrome"},
    {"CriOS/", "Chrome"},
    {"Safari/", "Safari"},
    {"curl/", "curl"},
    {"python-requests/", "Python requests"},
    {"Wget/", "Wget"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kSystems = {{
    {"Android", "Android"},
    {"iPhone", "iPhone"},
    {"iPad", "iPad"},
    {"Windows", "Windows"},
    {"CrOS", "ChromeOS"},
    {"Mac OS X", "macOS"},
    {"Macintosh", "macOS"},
    {"Linux", "Linux"},
}};

}  // namespace

bool IsKnownClient(const std::vector<store::Session>& sessions, const Client& c, int ipv4_prefix, int ipv6_prefix) {
  const std::string network = NetworkOf(c.ip, ipv4_prefix, ipv6_prefix);
  for (const auto& s : sessions) {
    if (s.user_agent == c.user_agent && NetworkOf(s.client_ip, ipv4_prefix, ipv6_prefix) == network) return true;
  }
  return false;
}

std::string DescribeUserAgent(std::string_view ua) {
  ua = ua.substr(0, 512);  // The transport cuts at 256; bounded here too.
  std::string_view browser, system;
  for (const auto& [token, name] : kBrowsers) {
    if (ua.find(token) != std::string_view::npos) {
      browser = name;
      break;
    }
  }
  for (const auto& [token, name] : kSystems) {
    if (ua.find(token) != std::string_view::npos) {
      system = name;
      break;
    }
  }
  std::string out = browser.empty() ? "unknown browser" : std::string(browser);
  if (!system.empty()) out += " on " + std::string(system);
  return out;
}

std::string DescribeIp(std::string_view text) {
  auto ip = ParseIp(text);
  if (!ip) return "unknown";
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(ip->family, ip->bytes.data(), buf, sizeof buf) == nullptr) return "unknown";
  return buf;
}

}  // namespace kakunin::service
