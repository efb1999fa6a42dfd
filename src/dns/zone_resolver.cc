#include "dns/zone_resolver.h"

#include <algorithm>
#include <limits>

#include "dns/name.h"

namespace kakunin::dns::internal {
namespace {

std::optional<kakunin::Error> FaultFor(const Zone& zone, const std::string& name, RrType type) {
  auto it = zone.faults.find(name);
  if (it == zone.faults.end()) return std::nullopt;
  for (const Fault& fault : it->second) {
    if (fault.type && *fault.type != type) continue;
    std::string where = name + " " + std::string(RrTypeName(type)) + " (zone directive line " +
                        std::to_string(fault.line) + ")";
    switch (fault.kind) {
      case FaultKind::kServfail:
        return kakunin::Error(ErrorCode::kDnsTempFail, "SERVFAIL for " + where);
      case FaultKind::kTimeout:
        return kakunin::Error(ErrorCode::kDnsTempFail, "timed out for " + where);
      case FaultKind::kRefused:
        return kakunin::Error(ErrorCode::kDnsPermFail, "REFUSED for " + where);
    }
  }
  return std::nullopt;
}

// The wildcard owner that answers for `name`, which does not exist: "*." + the closest
// existing ancestor (the closest encloser, RFC 4592 3.3.1), if that wildcard exists; else "".
std::string WildcardFor(const Zone& zone, std::string_view name) {
  std::string_view ancestor = name;
  while (!ancestor.empty()) {
    size_t dot = ancestor.find('.');
    ancestor = dot == std::string_view::npos ? std::string_view() : ancestor.substr(dot + 1);
    if (ancestor.empty() || zone.nodes.find(ancestor) != zone.nodes.end()) {
      std::string wildcard = ancestor.empty() ? "*" : "*." + std::string(ancestor);
      return zone.nodes.find(wildcard) != zone.nodes.end() ? wildcard : std::string();
    }
  }
  return std::string();
}

}  // namespace

Result<Answer> ZoneResolver::Lookup(std::string_view name, RrType type) {
  auto key = NormalizeQueryName(name);
  if (!key) return tl::unexpected(key.error());
  std::string current = std::move(*key);
  Answer answer;
  uint32_t ttl = std::numeric_limits<uint32_t>::max();
  for (int links = 0;; ++links) {
    if (auto fault = FaultFor(zone_, current, type)) return tl::unexpected(*fault);
    if (auto d = zone_.dnssec.find(current); d != zone_.dnssec.end()) {
      // Like a validator, the weakest link of a CNAME chain decides.
      if (answer.dnssec == Dnssec::kUnknown || d->second == Dnssec::kBogus ||
          (d->second == Dnssec::kInsecure && answer.dnssec == Dnssec::kSecure)) {
        answer.dnssec = d->second;
      }
    }
    if (answer.dnssec == Dnssec::kBogus) {
      return Fail(ErrorCode::kDnsTempFail, std::string(kDnssecBogusMessage) + " answer for " +
                                               current + " (zone directive)");
    }
    auto node = zone_.nodes.find(current);
    if (node == zone_.nodes.end()) {
      // RFC 4592 4.1: a name that does not exist is answered from "*.<closest encloser>"
      // when that wildcard exists.
      std::string wildcard = WildcardFor(zone_, current);
      if (!wildcard.empty()) {
        if (auto fault = FaultFor(zone_, wildcard, type)) return tl::unexpected(*fault);
        node = zone_.nodes.find(wildcard);
      }
      if (node == zone_.nodes.end()) {
        answer.status = Status::kNxDomain;
        return answer;
      }
    }
    const auto& rrsets = node->second.rrsets;
    if (auto it = rrsets.find(static_cast<uint16_t>(type));
        it != rrsets.end() && !it->second.records.empty()) {
      answer.status = Status::kOk;
      answer.records = it->second.records;
      answer.ttl = std::min(ttl, it->second.ttl);
      return answer;
    }
    auto cname = rrsets.find(static_cast<uint16_t>(RrType::kCname));
    if (cname == rrsets.end() || cname->second.records.empty()) {
      answer.status = Status::kNoData;
      return answer;
    }
    if (links == kMaxCnameChain) {
      return Fail(ErrorCode::kDnsTempFail, "CNAME chain from " + std::string(name) +
                                               " longer than " + std::to_string(kMaxCnameChain) +
                                               " links (or a loop)");
    }
    ttl = std::min(ttl, cname->second.ttl);
    current = cname->second.records.front().data;
  }
}

}  // namespace kakunin::dns::internal
