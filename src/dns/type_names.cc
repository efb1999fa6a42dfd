// Presentation names of the dns.h enumerations.
#include "base/strings.h"
#include "kakunin/dns.h"

namespace kakunin::dns {

std::string_view RrTypeName(RrType type) {
  switch (type) {
    case RrType::kA:
      return "A";
    case RrType::kCname:
      return "CNAME";
    case RrType::kPtr:
      return "PTR";
    case RrType::kMx:
      return "MX";
    case RrType::kTxt:
      return "TXT";
    case RrType::kAaaa:
      return "AAAA";
  }
  return "UNKNOWN";
}

std::optional<RrType> RrTypeFromName(std::string_view name) {
  for (RrType t :
       {RrType::kA, RrType::kCname, RrType::kPtr, RrType::kMx, RrType::kTxt, RrType::kAaaa}) {
    if (base::EqualsIgnoreCase(name, RrTypeName(t))) return t;
  }
  return std::nullopt;
}

std::string_view DnssecName(Dnssec status) {
  switch (status) {
    case Dnssec::kUnknown:
      return "unknown";
    case Dnssec::kSecure:
      return "secure";
    case Dnssec::kInsecure:
      return "insecure";
    case Dnssec::kBogus:
      return "bogus";
  }
  return "unknown";
}

std::string_view StatusName(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kNxDomain:
      return "nxdomain";
    case Status::kNoData:
      return "nodata";
  }
  return "ok";
}

}  // namespace kakunin::dns
