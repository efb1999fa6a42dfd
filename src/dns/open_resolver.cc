// The factories of dns.h: zone file or live resolver, chosen by ResolverOptions.
#include <memory>

#include "base/file.h"
#include "dns/unbound_resolver.h"
#include "dns/zone.h"
#include "dns/zone_resolver.h"
#include "kakunin/dns.h"

namespace kakunin::dns {

Result<std::unique_ptr<Resolver>> OpenZoneText(std::string_view text,
                                               std::string_view source_name) {
  auto zone = internal::ParseZone(text, source_name);
  if (!zone) return tl::unexpected(zone.error());
  return std::make_unique<internal::ZoneResolver>(std::move(*zone));
}

Result<std::unique_ptr<Resolver>> OpenZoneFile(std::string_view path) {
  auto contents = base::ReadInput(path, kMaxZoneFileBytes);
  if (!contents) return tl::unexpected(contents.error());
  if (contents->truncated) {
    return Fail(ErrorCode::kLimitExceeded, std::string(path) + ": zone file larger than " +
                                               std::to_string(kMaxZoneFileBytes >> 20) + " MiB");
  }
  return OpenZoneText(contents->bytes, path);
}

Result<std::unique_ptr<Resolver>> OpenResolver(const ResolverOptions& options) {
  if (!options.zone_file.empty()) return OpenZoneFile(options.zone_file);
  return internal::OpenUnboundResolver(options);
}

}  // namespace kakunin::dns
