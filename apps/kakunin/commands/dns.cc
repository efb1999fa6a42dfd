// kakunin dns lookup NAME TYPE: one query through the resolver every other command uses, for
// checking a zone file or a server by hand. Prints the status, TTL and DNSSEC status, then one
// record per line (TXT quoted with C escapes, MX as "preference exchange").
// Exit: 0 with an answer (records, nxdomain or nodata), 1 when the lookup failed
// (temporary or permanent DNS failure), 2 for bad usage or an unusable zone file.
#include "kakunin/dns.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli.h"

namespace kakunin::cli {
namespace {

constexpr int kExitLookupFailed = 1;

struct DnsLookupFlags {
  std::string name;
  std::string type = "TXT";
  std::string zone;
  std::string server;
  int timeout_ms = 5000;
  bool no_dnssec = false;
};

std::string Quote(const std::string& data) {
  std::string out = "\"";
  for (unsigned char c : data) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7e) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

int RunLookup(const DnsLookupFlags& f) {
  auto type = dns::RrTypeFromName(f.type);
  if (!type) throw Fatal("TYPE must be one of A, AAAA, MX, TXT, PTR, CNAME, not '" + f.type + "'");
  dns::ResolverOptions options;
  options.zone_file = f.zone;
  options.server = f.server;
  options.timeout_ms = f.timeout_ms;
  options.dnssec = !f.no_dnssec;
  auto resolver = dns::OpenResolver(options);
  if (!resolver)
    throw Fatal((f.zone.empty() ? "DNS: " : "--dns-zone: ") + resolver.error().message);
  auto answer = (*resolver)->Lookup(f.name, *type);
  if (!answer) {
    std::cout << "failed: " << answer.error().ToString() << "\n";
    return kExitLookupFailed;
  }
  std::cout << "status: " << dns::StatusName(answer->status) << "  ttl: " << answer->ttl
            << "  dnssec: " << dns::DnssecName(answer->dnssec) << "\n";
  for (const auto& r : answer->records) {
    if (*type == dns::RrType::kMx) {
      std::cout << r.preference << " " << (r.data.empty() ? "." : r.data) << "\n";
    } else if (*type == dns::RrType::kTxt) {
      std::cout << Quote(r.data) << "\n";
    } else {
      std::cout << r.data << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterDns(CLI::App& app, int* exit_code) {
  CLI::App* dns_cmd = app.add_subcommand("dns", "Ask DNS the way kakunin does (debugging aid)");
  dns_cmd->require_subcommand(1);
  auto flags = std::make_shared<DnsLookupFlags>();
  CLI::App* cmd =
      dns_cmd->add_subcommand("lookup", "One query: NAME TYPE (A, AAAA, MX, TXT, PTR, CNAME)");
  cmd->add_option("NAME", flags->name, "Domain name")->required();
  cmd->add_option("TYPE", flags->type, "Record type")->capture_default_str();
  cmd->add_option("--dns-zone", flags->zone, "Answer from this BIND zone file (offline)");
  cmd->add_option("--dns-server", flags->server,
                  "Ask this server (ADDR[:PORT]) instead of resolv.conf");
  cmd->add_option("--dns-timeout", flags->timeout_ms, "Timeout in milliseconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 120000));
  cmd->add_flag("--no-dnssec", flags->no_dnssec, "Do not validate DNSSEC");
  cmd->callback([flags, exit_code] { *exit_code = RunLookup(*flags); });
}

}  // namespace kakunin::cli
