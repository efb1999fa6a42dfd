// IP addresses for kakunind: parsing (RFC 4291 2.2 text forms via inet_pton, IPv4-mapped IPv6
// taken as IPv4) and the client network a failure budget counts against. Internal.
#ifndef KAKUNIN_SERVICE_IP_H_
#define KAKUNIN_SERVICE_IP_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace kakunin::service {

struct Ip {
  int family = 0;  // AF_INET or AF_INET6
  std::array<unsigned char, 16> bytes{};
};

// Accepts "a.b.c.d", an IPv6 text form and "[v6]". Attacker input: at most 45 bytes are parsed.
std::optional<Ip> ParseIp(std::string_view text);

// Whether the first `bits` bits of `a` and `b` agree (same family required).
bool SamePrefix(const Ip& a, const Ip& b, int bits);

// The client's network in CIDR form: "203.0.113.0/24", "2001:db8:1::/48". Text that is no address
// is returned as it is (bounded to 64 bytes), so it still names one client.
std::string NetworkOf(std::string_view ip, int ipv4_prefix, int ipv6_prefix);

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_IP_H_
