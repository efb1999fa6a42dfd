// Fuzzes alias::ParseAddress, Normalize and MakeAlias: the address comes from To:/Delivered-To:
// fields of hostile mail (inspect) and from the command line.
// Input: "ADDRESS\nSERVICE" (the part after the first newline is the service name, if any).
// Invariants: a parsed address keeps RFC 5321 lengths and a lower-case domain; printing and
// re-parsing gives the same address; normalizing is idempotent; a made alias normalizes to the
// key MakeAlias reported, and keeps the base mailbox.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "kakunin/alias.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Addresses are bounded at 254 bytes plus a 1 KiB display name; 4 KiB covers every path.
  if (size > 4096) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view address = in.substr(0, nl);
  std::string_view service = nl == std::string_view::npos ? std::string_view("Shop") : in.substr(nl + 1);
  using namespace kakunin::alias;  // NOLINT
  const ProviderRules& rules = ProviderRules::Builtin();
  auto parsed = ParseAddress(address);
  if (parsed) {
    Check(!parsed->local.empty() && parsed->local.size() <= kMaxLocalPartBytes);
    Check(!parsed->domain.empty() && parsed->domain.size() <= kMaxDomainBytes);
    Check(parsed->domain == kakunin::base::ToLower(parsed->domain));
    auto again = ParseAddress(parsed->ToString());
    Check(again.has_value() && again->local == parsed->local && again->domain == parsed->domain);
    Normalized n = Normalize(rules, *parsed);
    Check(n.address.find('@') != std::string::npos);
    if (auto reparsed = ParseAddress(n.address)) {
      Check(Normalize(rules, *reparsed).address == n.address);
    }
  }
  AliasRequest req;
  req.service = std::string(service);
  req.base = std::string(address);
  req.base_name = "base";
  for (Delivery d : {Delivery::kSubaddress, Delivery::kCatchAll, Delivery::kSubdomain}) {
    req.delivery = d;
    auto made = MakeAlias(rules, req);
    if (!made) continue;
    auto alias_address = ParseAddress(made->address);
    Check(alias_address.has_value());
    Check(Normalize(rules, *alias_address).address == made->normalized.address);
    Check(!made->normalized.tag.empty());
  }
  return 0;
}
