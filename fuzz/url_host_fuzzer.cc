// Fuzzes url::Parse and url::ParseHost, the code that decides where every link goes.
// Invariants (ada's can_parse.cc idea): parsing never crashes; a parsed URL's href parses again
// to the same href (serialization is a fixed point); the serialized host, fed back to the host
// parser, gives the same host; an ASCII domain is idempotent under DomainToAscii; relative
// parsing against the result never crashes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kakunin/url.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // URLs longer than 4 KiB add time, not coverage: length limits have unit tests.
  if (size > 4096) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto u = kakunin::url::Parse(in);
  if (u) {
    std::string href = u->Href();
    auto again = kakunin::url::Parse(href);
    Check(again.has_value());
    Check(again->Href() == href);
    if (u->host && u->host->kind != kakunin::url::HostKind::kEmpty) {
      auto mode = u->IsSpecial() ? kakunin::url::HostMode::kSpecial : kakunin::url::HostMode::kOpaque;
      auto host = kakunin::url::ParseHost(u->host->serialized, mode);
      Check(host.has_value());
      Check(host->serialized == u->host->serialized);
      Check(host->kind == u->host->kind);
      if (u->host->kind == kakunin::url::HostKind::kDomain) {
        auto ascii = kakunin::url::DomainToAscii(u->host->serialized);
        Check(ascii.has_value() && *ascii == u->host->serialized);
        (void)kakunin::url::DomainToUnicode(u->host->serialized);
      }
    }
    (void)kakunin::url::Parse("../x?y#z", &*u);
  }
  auto host = kakunin::url::ParseHost(in);
  if (host) {
    auto again = kakunin::url::ParseHost(host->serialized);
    Check(again.has_value() && again->serialized == host->serialized);
  }
  return 0;
}
