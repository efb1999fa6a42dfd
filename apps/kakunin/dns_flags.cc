#include "dns_flags.h"

#include "cli.h"

namespace kakunin::cli {

void AddDnsFlags(CLI::App* cmd, DnsFlags& flags) {
  cmd->add_option("--dns-zone", flags.zone, "Answer DNS from this BIND zone file (offline)");
  cmd->add_option("--dns-server", flags.server, "Ask this DNS server (ADDR[:PORT]) instead of resolv.conf");
  cmd->add_option("--dns-timeout", flags.timeout_ms, "Per-query DNS timeout in milliseconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 120000));
}

std::unique_ptr<dns::Resolver> OpenResolverOrFail(const DnsFlags& flags) {
  dns::ResolverOptions options;
  options.zone_file = flags.zone;
  options.server = flags.server;
  options.timeout_ms = flags.timeout_ms;
  auto resolver = dns::OpenResolver(options);
  if (!resolver) throw Fatal((flags.zone.empty() ? "DNS: " : "--dns-zone: ") + resolver.error().message);
  return std::move(*resolver);
}

}  // namespace kakunin::cli
