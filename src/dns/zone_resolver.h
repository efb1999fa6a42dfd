// ZoneResolver: answers every query from a parsed zone file; never touches the network.
// Follows CNAMEs inside the file (at most kMaxCnameChain links, as a resolver bounds them),
// answers names that do not exist from a "*" wildcard at their closest encloser (RFC 4592), and
// applies the ";!" test directives (docs/dns.md).
// Thread-safety: immutable after construction; Lookup may run on several threads at once.
#ifndef KAKUNIN_DNS_ZONE_RESOLVER_H_
#define KAKUNIN_DNS_ZONE_RESOLVER_H_

#include <string_view>

#include "dns/zone.h"
#include "kakunin/dns.h"

namespace kakunin::dns::internal {

// RFC 1034 3.6.2 leaves the bound to resolvers; unbound's is 8 (MAX_RESTART_COUNT 11 with a
// margin), and no legitimate mail-auth name needs more.
inline constexpr int kMaxCnameChain = 8;

class ZoneResolver : public Resolver {
 public:
  explicit ZoneResolver(Zone zone) : zone_(std::move(zone)) {}

  // Answers from the zone. Errors: kDnsPermFail for a malformed name or a ";! refused" name;
  // kDnsTempFail for ";! servfail" / ";! timeout" names and for a CNAME chain that loops or is
  // longer than kMaxCnameChain (a live resolver answers SERVFAIL there).
  [[nodiscard]] Result<Answer> Lookup(std::string_view name, RrType type) override;

 private:
  const Zone zone_;
};

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_ZONE_RESOLVER_H_
