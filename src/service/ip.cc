#include "service/ip.h"

#include <arpa/inet.h>

#include <cstring>

#include "base/strings.h"

namespace kakunin::service {

std::optional<Ip> ParseIp(std::string_view text) {
  text = base::Trim(text);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 45) return std::nullopt;  // INET6_ADDRSTRLEN - 1
  std::string s(text);
  Ip ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = AF_INET;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = AF_INET6;
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address.
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(ip.bytes.data(), kMapped, 12) == 0) {
      Ip v4;
      v4.family = AF_INET;
      std::memcpy(v4.bytes.data(), ip.bytes.data() + 12, 4);
      return v4;
    }
    return ip;
  }
  return std::nullopt;
}

bool SamePrefix(const Ip& a, const Ip& b, int bits) {
  if (a.family != b.family) return false;
  for (size_t i = 0; bits > 0 && i < a.bytes.size(); ++i, bits -= 8) {
    const unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if ((a.bytes[i] & mask) != (b.bytes[i] & mask)) return false;
  }
  return true;
}

std::string NetworkOf(std::string_view text, int ipv4_prefix, int ipv6_prefix) {
  auto ip = ParseIp(text);
  if (!ip) return std::string(text.substr(0, 64));
  const int bits = ip->family == AF_INET ? ipv4_prefix : ipv6_prefix;
  Ip net;
  net.family = ip->family;
  int left = bits;
  for (size_t i = 0; left > 0 && i < net.bytes.size(); ++i, left -= 8) {
    net.bytes[i] = ip->bytes[i] & (left >= 8 ? 0xffu : (0xffu << (8 - left)) & 0xffu);
  }
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(net.family, net.bytes.data(), buf, sizeof buf) == nullptr) return std::string(text.substr(0, 64));
  return std::string(buf) + "/" + std::to_string(bits);
}

}  // namespace kakunin::service
