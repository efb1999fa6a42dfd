#include "dns/rdata.h"

#include <arpa/inet.h>

#include <cstdio>

#include "base/strings.h"

namespace kakunin::dns::internal {
namespace {

// RFC 1035 2.3.4: 255 octets for the whole wire-form name.
constexpr size_t kMaxWireName = 255;

tl::unexpected<kakunin::Error> Malformed(RrType type, std::string_view what) {
  return Fail(ErrorCode::kDnsPermFail,
              "malformed " + std::string(RrTypeName(type)) + " data: " + std::string(what));
}

}  // namespace

Result<std::string> DecodeWireName(std::string_view wire, size_t* pos) {
  std::string name;
  size_t start = *pos;
  size_t p = *pos;
  while (true) {
    if (p >= wire.size()) return Fail(ErrorCode::kDnsPermFail, "name runs past the data");
    auto len = static_cast<unsigned char>(wire[p++]);
    if (len == 0) break;
    if (len > 63) return Fail(ErrorCode::kDnsPermFail, "compressed or extended label in name");
    if (p + len > wire.size()) return Fail(ErrorCode::kDnsPermFail, "label runs past the data");
    if (p + len - start > kMaxWireName)
      return Fail(ErrorCode::kDnsPermFail, "name over 255 octets");
    if (!name.empty()) name += '.';
    for (size_t i = 0; i < len; ++i) {
      auto c = static_cast<unsigned char>(wire[p + i]);
      if (c <= 0x20 || c >= 0x7f || c == '.' || c == '\\') {
        char buf[5];
        std::snprintf(buf, sizeof buf, "\\%03u", c);
        name += buf;
      } else {
        name += base::AsciiLower(static_cast<char>(c));
      }
    }
    p += len;
  }
  *pos = p;
  return name;
}

Result<Record> DecodeRdata(RrType type, std::string_view rdata) {
  Record record;
  switch (type) {
    case RrType::kA:
    case RrType::kAaaa: {
      const bool v4 = type == RrType::kA;
      if (rdata.size() != (v4 ? 4u : 16u)) return Malformed(type, "wrong address length");
      char buf[INET6_ADDRSTRLEN];
      if (inet_ntop(v4 ? AF_INET : AF_INET6, rdata.data(), buf, sizeof buf) == nullptr) {
        return Malformed(type, "unprintable address");
      }
      record.data = buf;
      return record;
    }
    case RrType::kMx:
    case RrType::kPtr:
    case RrType::kCname: {
      // MX: a 16-bit preference, then the exchange; PTR / CNAME: only the name.
      size_t pos = 0;
      if (type == RrType::kMx) {
        if (rdata.size() < 3) return Malformed(type, "too short");
        record.preference = static_cast<uint16_t>((static_cast<unsigned char>(rdata[0]) << 8) |
                                                  static_cast<unsigned char>(rdata[1]));
        pos = 2;
      }
      auto name = DecodeWireName(rdata, &pos);
      if (!name) return Malformed(type, name.error().message);
      if (pos != rdata.size()) return Malformed(type, "trailing bytes");
      record.data = std::move(*name);
      return record;
    }
    case RrType::kTxt: {
      // One or more <character-string>s: a length octet and that many octets (RFC 1035 3.3.14).
      if (rdata.empty()) return Malformed(type, "empty");
      size_t pos = 0;
      while (pos < rdata.size()) {
        size_t len = static_cast<unsigned char>(rdata[pos++]);
        if (pos + len > rdata.size()) return Malformed(type, "character-string runs past the data");
        record.data.append(rdata.substr(pos, len));
        pos += len;
      }
      return record;
    }
  }
  return Malformed(type, "unsupported type");
}

}  // namespace kakunin::dns::internal
