// kakunin spf: check_host() for one client IP and MAIL FROM (RFC 7208), optionally the HELO
// identity too, and print the result with its explanation.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli.h"
#include "dns_flags.h"
#include "kakunin/dns.h"
#include "kakunin/spf.h"

namespace kakunin::cli {
namespace {

struct SpfFlags {
  std::string ip;
  std::string mail_from;
  std::string helo;
  DnsFlags dns;
  std::string receiver = "unknown";
  std::string format = "text";
};

nlohmann::json VerdictJson(const spf::Verdict& v) {
  nlohmann::json j;
  j["identity"] = v.identity == spf::Identity::kHelo ? "helo" : "mailfrom";
  j["result"] = std::string(spf::SpfResultName(v.result));
  j["domain"] = v.domain;
  j["sender"] = v.sender;
  j["mechanism"] = v.mechanism;
  j["reason"] = v.reason;
  if (v.result == spf::SpfResult::kFail) {
    j["explanation"] = v.explanation.empty() ? spf::DefaultExplanation(v) : v.explanation;
    j["explanation_source"] = v.explanation.empty() ? "receiver" : "exp";
  }
  j["dns_terms"] = v.dns_terms;
  j["void_lookups"] = v.void_lookups;
  return j;
}

void PrintText(const spf::Verdict& v, const std::string& ip) {
  std::cout << (v.identity == spf::Identity::kHelo ? "helo" : "mailfrom") << ": spf=" << spf::SpfResultName(v.result)
            << "\n";
  std::cout << "  domain:      " << v.domain << "\n";
  std::cout << "  sender:      " << v.sender << "\n";
  std::cout << "  client ip:   " << ip << "\n";
  if (!v.mechanism.empty()) std::cout << "  matched:     " << v.mechanism << "\n";
  std::cout << "  reason:      " << v.reason << "\n";
  if (v.result == spf::SpfResult::kFail) {
    if (v.explanation.empty()) {
      std::cout << "  explanation: " << spf::DefaultExplanation(v) << " (no exp= from the domain)\n";
    } else {
      std::cout << "  explanation: " << v.explanation << " (from the domain's exp=)\n";
    }
  }
  std::cout << "  lookups:     " << v.dns_terms << " DNS-querying terms (limit " << spf::kMaxDnsTerms << "), "
            << v.void_lookups << " void (limit " << spf::kMaxVoidLookups << ")\n";
}

int RunSpf(const SpfFlags& f) {
  auto ip = spf::IpAddress::Parse(f.ip);
  if (!ip) throw Fatal("--ip: '" + f.ip + "' is not an IPv4 or IPv6 address");
  std::unique_ptr<dns::Resolver> resolver = OpenResolverOrFail(f.dns);
  spf::Options options;
  options.receiver = f.receiver;

  auto mail_from = spf::CheckMailFrom(*ip, f.mail_from, f.helo, *resolver, options);
  if (!mail_from) throw Fatal(mail_from.error().message);
  std::optional<spf::Verdict> helo;
  if (!f.helo.empty()) helo = spf::CheckHelo(*ip, f.helo, *resolver, options);

  if (f.format == "json") {
    nlohmann::json j;
    j["ip"] = ip->ToString();
    j["mailfrom"] = VerdictJson(*mail_from);
    if (helo) j["helo"] = VerdictJson(*helo);
    std::cout << j.dump(2) << "\n";
  } else {
    PrintText(*mail_from, ip->ToString());
    if (helo) PrintText(*helo, ip->ToString());
  }
  std::cout.flush();
  return kExitOk;
}

}  // namespace

void RegisterSpf(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SpfFlags>();
  CLI::App* cmd = app.add_subcommand("spf", "Check whether an IP may send mail for a domain (SPF, RFC 7208)");
  cmd->add_option("--ip", flags->ip, "The SMTP client's IP address (IPv4 or IPv6)")->required();
  cmd->add_option("--mail-from", flags->mail_from,
                  "The MAIL FROM address; empty or <> checks postmaster@HELO as RFC 7208 2.4 says")
      ->required();
  cmd->add_option("--helo", flags->helo, "The HELO/EHLO name; also checks the HELO identity (RFC 7208 2.3)");
  AddDnsFlags(cmd, flags->dns);
  cmd->add_option("--receiver", flags->receiver, "This host's domain, for %{r} in explanations")
      ->capture_default_str();
  cmd->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([flags, exit_code] { *exit_code = RunSpf(*flags); });
}

}  // namespace kakunin::cli
