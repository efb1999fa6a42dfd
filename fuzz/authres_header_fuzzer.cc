// Fuzzes Authentication-Results parsing and writing (RFC 8601) and the Received parser, which
// read attacker-written header fields.
// Invariants: limits hold (kMaxResults, kMaxProperties); a parsed header with plain keyword
// names, written by Write() and parsed again, gives the same id, methods, results, reasons and
// properties; a client address the Received parser records is valid and canonical.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kakunin/authres.h"
#include "kakunin/spf.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsKeyword(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool IsDomainLike(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsKeyword(std::string_view(&c, 1)) && c != '.') return false;
  }
  return true;
}

bool RoundTrippable(const kakunin::authres::Header& h) {
  if (!IsDomainLike(h.authserv_id) || h.arc_instance != 0) return false;
  for (const auto& r : h.results) {
    if (!IsKeyword(r.method) || !IsKeyword(r.result)) return false;
    for (const auto& p : r.properties) {
      if (!IsKeyword(p.ptype) || !IsKeyword(p.property) || p.property == "reason") return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Fields past kMaxFieldLength are refused; a little more covers the refusal path.
  if (size > kakunin::authres::kMaxFieldLength + 16) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto hop = kakunin::authres::ParseReceived(in);
  if (hop && !hop->ip.empty()) {
    // A recorded client address is always a valid one, in canonical form.
    auto ip = kakunin::spf::IpAddress::Parse(hop->ip);
    Check(ip.has_value() && ip->ToString() == hop->ip);
  }
  auto h = kakunin::authres::Parse(in);
  if (!h) return 0;
  Check(h->results.size() <= kakunin::authres::kMaxResults);
  for (const auto& r : h->results) Check(r.properties.size() <= kakunin::authres::kMaxProperties);
  Check(!h->authserv_id.empty() || h->missing_authserv_id);
  if (!RoundTrippable(*h)) return 0;
  std::string written = kakunin::authres::Write(*h);
  auto again = kakunin::authres::Parse(std::string_view(written).substr(written.find(':') + 1));
  Check(again.has_value());
  Check(again->authserv_id == h->authserv_id && again->version == h->version);
  Check(again->results.size() == h->results.size());
  for (size_t i = 0; i < h->results.size(); ++i) {
    const auto& a = h->results[i];
    const auto& b = again->results[i];
    Check(a.method == b.method && a.method_version == b.method_version && a.result == b.result);
    Check(a.reason == b.reason);
    Check(a.properties.size() == b.properties.size());
    for (size_t j = 0; j < a.properties.size(); ++j) {
      Check(a.properties[j].ptype == b.properties[j].ptype && a.properties[j].property == b.properties[j].property &&
            a.properties[j].value == b.properties[j].value);
    }
  }
  return 0;
}
