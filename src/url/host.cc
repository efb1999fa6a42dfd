// The host parser (URL Standard 3.5) and host serializer (3.6).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "kakunin/url.h"
#include "url/percent.h"

namespace kakunin::url {
namespace {

using internal::HexValue;
using internal::IsHexDigit;

bool IsForbiddenHostCodePoint(char c) {
  switch (c) {
    case '\0': case '\t': case '\n': case '\r': case ' ': case '#': case '/': case ':': case '<':
    case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}

// Any value above 2^32 fails every IPv4 check, so numbers saturate there instead of overflowing
// on attacker-long digit strings.
constexpr uint64_t kIpv4Saturated = uint64_t{1} << 33;

// The IPv4 number parser (3.5): decimal, "0x" hex, or leading-"0" octal; nullopt on failure.
std::optional<uint64_t> ParseIpv4Number(std::string_view input) {
  if (input.empty()) return std::nullopt;
  int radix = 10;
  if (input.size() >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X')) {
    input.remove_prefix(2);
    radix = 16;
  } else if (input.size() >= 2 && input[0] == '0') {
    input.remove_prefix(1);
    radix = 8;
  }
  if (input.empty()) return 0;
  uint64_t value = 0;
  for (char c : input) {
    int digit;
    if (radix == 16) {
      if (!IsHexDigit(c)) return std::nullopt;
      digit = HexValue(c);
    } else {
      if (!base::IsAsciiDigit(c) || c - '0' >= radix) return std::nullopt;
      digit = c - '0';
    }
    value = std::min(value * static_cast<uint64_t>(radix) + static_cast<uint64_t>(digit), kIpv4Saturated);
  }
  return value;
}

// The ends-in-a-number checker (3.5).
bool EndsInANumber(std::string_view input) {
  std::vector<std::string_view> parts = base::Split(input, '.');
  if (parts.back().empty()) {
    if (parts.size() == 1) return false;
    parts.pop_back();
  }
  std::string_view last = parts.back();
  if (!last.empty() && std::all_of(last.begin(), last.end(), base::IsAsciiDigit)) return true;
  return ParseIpv4Number(last).has_value();
}

// The IPv4 parser (3.5).
Result<uint32_t> ParseIpv4(std::string_view input) {
  std::vector<std::string_view> parts = base::Split(input, '.');
  if (parts.back().empty() && parts.size() > 1) parts.pop_back();
  if (parts.size() > 4) return Fail(ErrorCode::kParse, "IPv4 address with more than four parts");
  std::vector<uint64_t> numbers;
  for (std::string_view part : parts) {
    auto n = ParseIpv4Number(part);
    if (!n) return Fail(ErrorCode::kParse, "IPv4 part is not a number");
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return Fail(ErrorCode::kParse, "IPv4 part out of range");
  }
  uint64_t limit = uint64_t{1} << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit) return Fail(ErrorCode::kParse, "IPv4 address out of range");
  uint64_t ipv4 = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) ipv4 += numbers[i] << (8 * (3 - i));
  return static_cast<uint32_t>(ipv4);
}

// The IPv6 parser (3.5), over the text between the brackets.
Result<std::array<uint16_t, 8>> ParseIpv6(std::string_view input) {
  std::array<uint16_t, 8> address = {};
  size_t piece_index = 0;
  std::optional<size_t> compress;
  size_t p = 0;
  auto at = [&](size_t i) { return i < input.size() ? input[i] : '\0'; };
  auto eof = [&] { return p >= input.size(); };
  auto fail = [](const char* why) { return Fail(ErrorCode::kParse, std::string("IPv6: ") + why); };
  if (at(p) == ':' && !eof()) {
    if (at(p + 1) != ':' || p + 1 >= input.size()) return fail("leading single colon");
    p += 2;
    ++piece_index;
    compress = piece_index;
  }
  while (!eof()) {
    if (piece_index == 8) return fail("too many pieces");
    if (input[p] == ':') {
      if (compress) return fail("second '::'");
      ++p;
      ++piece_index;
      compress = piece_index;
      continue;
    }
    uint32_t value = 0;
    size_t length = 0;
    while (length < 4 && !eof() && IsHexDigit(input[p])) {
      value = value * 16 + static_cast<uint32_t>(HexValue(input[p]));
      ++p;
      ++length;
    }
    if (!eof() && input[p] == '.') {
      if (length == 0) return fail("empty IPv4 part");
      p -= length;
      if (piece_index > 6) return fail("embedded IPv4 too late");
      int numbers_seen = 0;
      while (!eof()) {
        std::optional<uint32_t> ipv4_piece;
        if (numbers_seen > 0) {
          if (input[p] == '.' && numbers_seen < 4) {
            ++p;
          } else {
            return fail("bad embedded IPv4");
          }
        }
        if (eof() || !base::IsAsciiDigit(input[p])) return fail("embedded IPv4 part is not a number");
        while (!eof() && base::IsAsciiDigit(input[p])) {
          uint32_t number = static_cast<uint32_t>(input[p] - '0');
          if (!ipv4_piece) {
            ipv4_piece = number;
          } else if (*ipv4_piece == 0) {
            return fail("embedded IPv4 part with leading zero");
          } else {
            *ipv4_piece = *ipv4_piece * 10 + number;
          }
          if (*ipv4_piece > 255) return fail("embedded IPv4 part out of range");
          ++p;
        }
        address[piece_index] = static_cast<uint16_t>(address[piece_index] * 0x100 + *ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      if (numbers_seen != 4) return fail("embedded IPv4 too short");
      break;
    } else if (!eof() && input[p] == ':') {
      ++p;
      if (eof()) return fail("trailing colon");
    } else if (!eof()) {
      return fail("invalid code point");
    }
    address[piece_index] = static_cast<uint16_t>(value);
    ++piece_index;
  }
  if (compress) {
    size_t swaps = piece_index - *compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[piece_index], address[*compress + swaps - 1]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    return fail("too few pieces");
  }
  return address;
}

std::string SerializeIpv4(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xFF) + "." +
         std::to_string((a >> 8) & 0xFF) + "." + std::to_string(a & 0xFF);
}

std::string SerializeIpv6(const std::array<uint16_t, 8>& address) {
  // The first longest run of two or more zero pieces is compressed.
  std::optional<size_t> compress;
  size_t best = 1;
  for (size_t i = 0; i < 8;) {
    if (address[i] != 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < 8 && address[j] == 0) ++j;
    if (j - i > best) {
      best = j - i;
      compress = i;
    }
    i = j;
  }
  std::string out = "[";
  bool ignore0 = false;
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < 8; ++i) {
    if (ignore0 && address[i] == 0) continue;
    ignore0 = false;
    if (compress && *compress == i) {
      out += i == 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int nibble = (address[i] >> shift) & 0xF;
      if (nibble != 0 || started || shift == 0) {
        out.push_back(kHex[nibble]);
        started = true;
      }
    }
    if (i != 7) out.push_back(':');
  }
  out.push_back(']');
  return out;
}

}  // namespace

Result<Host> ParseHost(std::string_view input, HostMode mode) {
  Host host;
  if (!input.empty() && input.front() == '[') {
    if (input.back() != ']' || input.size() < 2) return Fail(ErrorCode::kParse, "IPv6 host without ']'");
    auto v6 = ParseIpv6(input.substr(1, input.size() - 2));
    if (!v6) return tl::unexpected(v6.error());
    host.kind = HostKind::kIpv6;
    host.ipv6 = *v6;
    host.serialized = SerializeIpv6(*v6);
    return host;
  }
  if (mode == HostMode::kOpaque) {
    for (char c : input) {
      if (IsForbiddenHostCodePoint(c)) return Fail(ErrorCode::kParse, "forbidden host code point in opaque host");
    }
    host.kind = input.empty() ? HostKind::kEmpty : HostKind::kOpaque;
    internal::AppendEncoded(host.serialized, input, internal::EncodeSet::kC0Control);
    return host;
  }
  if (input.empty()) return Fail(ErrorCode::kParse, "empty host");
  std::string domain = internal::SanitizeUtf8(internal::PercentDecode(input));
  auto ascii = DomainToAscii(domain);
  if (!ascii) return tl::unexpected(ascii.error());
  if (EndsInANumber(*ascii)) {
    auto v4 = ParseIpv4(*ascii);
    if (!v4) return tl::unexpected(v4.error());
    host.kind = HostKind::kIpv4;
    host.ipv4 = *v4;
    host.serialized = SerializeIpv4(*v4);
    return host;
  }
  host.kind = HostKind::kDomain;
  host.serialized = std::move(*ascii);
  return host;
}

}  // namespace kakunin::url
