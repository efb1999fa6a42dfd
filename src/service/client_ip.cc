// Client addresses behind reverse proxies. The X-Forwarded-For header is attacker-controlled
// unless the hop that added it is trusted, so it is walked from the right and only past
// addresses in trusted_proxies.
#include <arpa/inet.h>

#include <optional>

#include "base/strings.h"
#include "kakunin/service.h"
#include "service/ip.h"

namespace kakunin::service {
namespace {

struct Cidr {
  Ip net;
  int bits = 0;
};

std::optional<Cidr> ParseCidr(std::string_view text) {
  const size_t slash = text.find('/');
  auto ip = ParseIp(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const int max_bits = ip->family == AF_INET ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view b = text.substr(slash + 1);
    if (b.empty() || b.size() > 3) return std::nullopt;
    bits = 0;
    for (char c : b) {
      if (!base::IsAsciiDigit(c)) return std::nullopt;
      bits = bits * 10 + (c - '0');
    }
    if (bits > max_bits) return std::nullopt;
  }
  return Cidr{*ip, bits};
}

bool Contains(const Cidr& cidr, const Ip& ip) { return SamePrefix(cidr.net, ip, cidr.bits); }

bool Trusted(const Ip& ip, const std::vector<std::string>& trusted) {
  for (const auto& entry : trusted) {
    auto cidr = ParseCidr(entry);
    if (cidr && Contains(*cidr, ip)) return true;
  }
  return false;
}

}  // namespace

Result<void> CheckCidrs(const std::vector<std::string>& cidrs) {
  for (const auto& c : cidrs) {
    if (!ParseCidr(c)) return Fail(ErrorCode::kInvalidArgument, "not an address or CIDR: " + c);
  }
  return {};
}

std::string ClientIp(std::string_view peer, std::string_view forwarded_for,
                     const std::vector<std::string>& trusted_proxies) {
  auto current = ParseIp(peer);
  if (!current) return std::string(peer);
  std::string answer(base::Trim(peer));
  auto hops = base::Split(forwarded_for, ',');
  // Bound: at most 32 hops are considered; a longer chain is no proxy setup anyone runs.
  size_t considered = 0;
  while (Trusted(*current, trusted_proxies) && !hops.empty() && considered++ < 32) {
    std::string_view hop = base::Trim(hops.back());
    hops.pop_back();
    auto ip = ParseIp(hop);
    if (!ip) break;
    current = ip;
    answer = std::string(hop);
  }
  if (answer.front() == '[') answer = answer.substr(1, answer.size() - 2);
  return answer;
}

}  // namespace kakunin::service
