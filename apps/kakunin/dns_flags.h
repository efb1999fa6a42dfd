// --dns-zone / --dns-server / --dns-timeout, shared by every command that asks DNS.
#ifndef KAKUNIN_APPS_KAKUNIN_DNS_FLAGS_H_
#define KAKUNIN_APPS_KAKUNIN_DNS_FLAGS_H_

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "kakunin/dns.h"

namespace kakunin::cli {

struct DnsFlags {
  std::string zone;
  std::string server;
  int timeout_ms = 5000;
};

// Adds the DNS options to `cmd`; `flags` must outlive parsing.
void AddDnsFlags(CLI::App* cmd, DnsFlags& flags);

// Opens the resolver the flags ask for (zone file = offline); throws Fatal with a clear message.
std::unique_ptr<dns::Resolver> OpenResolverOrFail(const DnsFlags& flags);

}  // namespace kakunin::cli

#endif  // KAKUNIN_APPS_KAKUNIN_DNS_FLAGS_H_
