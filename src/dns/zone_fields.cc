#include "dns/zone_fields.h"

#include <arpa/inet.h>

#include "base/strings.h"
#include "dns/zone.h"

namespace kakunin::dns::internal {
namespace {

tl::unexpected<kakunin::Error> Bad(std::string what) {
  return Fail(ErrorCode::kParse, std::move(what));
}

uint64_t UnitSeconds(char unit) {
  switch (base::AsciiLower(unit)) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    case 'w':
      return 604800;
    default:
      return 0;
  }
}

}  // namespace

Result<uint32_t> ParseTtl(std::string_view token) {
  if (token.empty() || !base::IsAsciiDigit(token[0]))
    return Bad("bad TTL \"" + std::string(token) + "\"");
  uint64_t total = 0;
  uint64_t number = 0;
  bool have_digits = false;
  bool used_units = false;
  for (char c : token) {
    if (base::IsAsciiDigit(c)) {
      number = number * 10 + static_cast<uint64_t>(c - '0');
      have_digits = true;
    } else if (uint64_t unit = UnitSeconds(c); unit != 0 && have_digits) {
      total += number * unit;
      number = 0;
      have_digits = false;
      used_units = true;
    } else {
      return Bad("bad TTL \"" + std::string(token) + "\"");
    }
    // Stop before overflow; anything this large is over kMaxTtl anyway.
    if (number > kMaxTtl || total > kMaxTtl) {
      return Bad("TTL \"" + std::string(token) + "\" exceeds 2^31-1 (RFC 2181 8)");
    }
  }
  if (have_digits) {
    if (used_units) return Bad("bad TTL \"" + std::string(token) + "\": number without unit");
    total = number;
  }
  if (total > kMaxTtl) return Bad("TTL \"" + std::string(token) + "\" exceeds 2^31-1 (RFC 2181 8)");
  return static_cast<uint32_t>(total);
}

Result<std::string> DecodeCharacterString(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out += c;
    } else if (i + 1 >= raw.size()) {
      return Bad("backslash at the end of a string");
    } else if (base::IsAsciiDigit(raw[i + 1])) {
      if (i + 3 >= raw.size() || !base::IsAsciiDigit(raw[i + 2]) ||
          !base::IsAsciiDigit(raw[i + 3])) {
        return Bad("\\DDD needs three digits");
      }
      int value = (raw[i + 1] - '0') * 100 + (raw[i + 2] - '0') * 10 + (raw[i + 3] - '0');
      if (value > 255) return Bad("\\" + std::string(raw.substr(i + 1, 3)) + " is over 255");
      out += static_cast<char>(value);
      i += 3;
    } else {
      out += raw[++i];
    }
  }
  if (out.size() > kMaxCharacterString) {
    return Bad("character-string of " + std::to_string(out.size()) +
               " octets; at most 255 (RFC 1035 3.3)");
  }
  return out;
}

namespace {

// inet_pton then inet_ntop: validates and gives the canonical presentation form.
template <int kFamily, typename Address, size_t kBufferSize>
Result<std::string> ParseAddress(std::string_view token, std::string_view what) {
  std::string s(token);
  Address addr{};
  if (inet_pton(kFamily, s.c_str(), &addr) != 1) {
    return Bad("bad " + std::string(what) + " address \"" + s + "\"");
  }
  char buf[kBufferSize];
  return std::string(inet_ntop(kFamily, &addr, buf, sizeof buf));
}

}  // namespace

Result<std::string> ParseIpv4(std::string_view token) {
  return ParseAddress<AF_INET, in_addr, INET_ADDRSTRLEN>(token, "IPv4");
}

Result<std::string> ParseIpv6(std::string_view token) {
  return ParseAddress<AF_INET6, in6_addr, INET6_ADDRSTRLEN>(token, "IPv6");
}

Result<uint16_t> ParseUint16(std::string_view token) {
  if (token.empty() || token.size() > 5) return Bad("bad number \"" + std::string(token) + "\"");
  uint32_t value = 0;
  for (char c : token) {
    if (!base::IsAsciiDigit(c)) return Bad("bad number \"" + std::string(token) + "\"");
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value > 0xffff) return Bad("number \"" + std::string(token) + "\" over 65535");
  return static_cast<uint16_t>(value);
}

}  // namespace kakunin::dns::internal
