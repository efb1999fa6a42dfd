// IpAddress: parsing and printing through inet_pton/inet_ntop, prefix comparison by bits.
#include <arpa/inet.h>

#include <cstring>

#include "kakunin/spf.h"

namespace kakunin::spf {

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  // Attacker-controlled (Received headers, CLI): copy into a bounded buffer for inet_pton.
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN + 1];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  std::array<uint8_t, 16> bytes{};
  if (text.find(':') == std::string_view::npos) {
    if (inet_pton(AF_INET, buf, bytes.data()) != 1) return std::nullopt;
    return V4({bytes[0], bytes[1], bytes[2], bytes[3]});
  }
  if (inet_pton(AF_INET6, buf, bytes.data()) != 1) return std::nullopt;
  return V6(bytes);
}

IpAddress IpAddress::V4(const std::array<uint8_t, 4>& bytes) {
  IpAddress ip;
  ip.family_ = Family::kV4;
  std::memcpy(ip.bytes_.data(), bytes.data(), 4);
  return ip;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  IpAddress ip;
  ip.family_ = Family::kV6;
  ip.bytes_ = bytes;
  return ip;
}

std::optional<IpAddress> IpAddress::MappedV4() const {
  if (is_v4()) return std::nullopt;
  static constexpr uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(bytes_.data(), kPrefix, 12) != 0) return std::nullopt;
  return V4({bytes_[12], bytes_[13], bytes_[14], bytes_[15]});
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  const char* s = inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof(buf));
  return s != nullptr ? std::string(s) : std::string();
}

bool IpAddress::InNetwork(const IpAddress& network, int prefix_bits) const {
  if (family_ != network.family_) return false;
  int max_bits = static_cast<int>(size()) * 8;
  if (prefix_bits < 0 || prefix_bits > max_bits) return false;
  int full = prefix_bits / 8;
  if (std::memcmp(bytes_.data(), network.bytes_.data(), static_cast<size_t>(full)) != 0) return false;
  int rest = prefix_bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (bytes_[static_cast<size_t>(full)] & mask) == (network.bytes_[static_cast<size_t>(full)] & mask);
}

}  // namespace kakunin::spf
