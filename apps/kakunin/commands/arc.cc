// kakunin arc verify|sign: validate ARC chains (RFC 8617) and seal new ARC sets.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/strings.h"
#include "base/time.h"
#include "cli.h"
#include "dns_flags.h"
#include "kakunin/arc.h"

namespace kakunin::cli {
namespace {

// One message file read whole; real mail is far smaller (the same cap as inspect's default).
constexpr size_t kMaxMessageBytes = 50u << 20;

struct ArcVerifyFlags {
  DnsFlags dns;
  std::string now;
  std::string format = "text";
  std::vector<std::string> files;
};

struct ArcSignFlags {
  DnsFlags dns;
  std::string key_file;
  std::string domain;
  std::string selector;
  std::string authserv_id;
  std::string headers;
  std::string timestamp;
  bool whole_message = false;
  std::string file;
};

mime::Message ReadMessage(const std::string& file) {
  auto input = base::ReadInput(file, kMaxMessageBytes);
  if (!input) throw Fatal(input.error().message);
  auto message = mime::Message::Parse(input->bytes);
  if (!message) throw Fatal((file == "-" ? std::string("stdin") : file) + ": " + message.error().message);
  return *message;
}

nlohmann::json HopJson(const arc::Hop& h) {
  return {{"instance", h.instance},         {"authserv_id", h.authserv_id}, {"claimed", h.claimed},
          {"seal_domain", h.seal_domain},   {"seal_selector", h.seal_selector}, {"cv", h.cv},
          {"ams_domain", h.ams_domain},     {"ams_selector", h.ams_selector},
          {"ams_valid", h.ams_checked ? nlohmann::json(h.ams_valid) : nlohmann::json(nullptr)},
          {"seal_valid", h.seal_checked ? nlohmann::json(h.seal_valid) : nlohmann::json(nullptr)}};
}

int RunVerify(const ArcVerifyFlags& f) {
  arc::ValidateOptions options;
  if (!f.now.empty()) {
    auto t = base::ParseTime(f.now);
    if (!t) throw Fatal("--now: " + t.error().message);
    options.now = *t;
  }
  auto resolver = OpenResolverOrFail(f.dns);
  nlohmann::json all = nlohmann::json::array();
  for (const auto& file : f.files) {
    mime::Message message = ReadMessage(file);
    arc::ChainResult r = arc::Validate(message, *resolver, options);
    if (f.format == "json") {
      nlohmann::json j = {{"file", file},
                          {"arc", std::string(arc::ChainStatusName(r.status))},
                          {"reason", r.reason},
                          {"instances", r.instances},
                          {"oldest_pass", r.oldest_pass},
                          {"hops", nlohmann::json::array()}};
      for (const auto& h : r.hops) j["hops"].push_back(HopJson(h));
      all.push_back(j);
      continue;
    }
    std::cout << file << ": arc=" << arc::ChainStatusName(r.status) << " (" << r.reason << ")\n";
    for (const auto& h : r.hops) {
      std::cout << "  i=" << h.instance << " " << (h.authserv_id.empty() ? "?" : h.authserv_id) << " cv=" << h.cv
                << " seal d=" << h.seal_domain << " s=" << h.seal_selector;
      if (h.seal_checked) std::cout << (h.seal_valid ? " (seal ok)" : " (seal BAD)");
      std::cout << "; ams d=" << h.ams_domain << " s=" << h.ams_selector;
      if (h.ams_checked) std::cout << (h.ams_valid ? " (ams ok)" : " (ams BAD)");
      std::cout << "\n    claimed: " << (h.claimed.empty() ? "(nothing)" : h.claimed) << "\n";
    }
  }
  if (f.format == "json") std::cout << all.dump(2) << "\n";
  std::cout.flush();
  return kExitOk;
}

int RunSign(const ArcSignFlags& f) {
  auto key = base::ReadInput(f.key_file, 1u << 20);
  if (!key) throw Fatal("--key: " + key.error().message);
  arc::SealOptions options;
  options.domain = f.domain;
  options.selector = f.selector;
  options.authserv_id = f.authserv_id;
  for (std::string_view h : base::Split(f.headers, ':')) {
    h = base::Trim(h);
    if (!h.empty()) options.signed_headers.emplace_back(h);
  }
  if (!f.timestamp.empty()) {
    auto t = base::ParseTime(f.timestamp);
    if (!t) throw Fatal("--timestamp: " + t.error().message);
    options.timestamp = *t;
  }
  auto sealer = arc::Sealer::Create(key->bytes, options);
  if (!sealer) throw Fatal(sealer.error().message);
  auto resolver = OpenResolverOrFail(f.dns);
  mime::Message message = ReadMessage(f.file);
  auto set = sealer->Seal(message, *resolver);
  if (!set) throw Fatal(set.error().message);
  std::cout << set->seal << "\r\n" << set->message_signature << "\r\n" << set->authentication_results << "\r\n";
  if (f.whole_message) std::cout << message.wire();
  std::cout.flush();
  return kExitOk;
}

}  // namespace

void RegisterArc(CLI::App& app, int* exit_code) {
  CLI::App* arc = app.add_subcommand("arc", "Validate or add ARC sets (RFC 8617)");
  arc->require_subcommand(1);

  auto vf = std::make_shared<ArcVerifyFlags>();
  CLI::App* verify = arc->add_subcommand("verify", "Validate the ARC chain of each message: arc=pass|fail|none");
  AddDnsFlags(verify, vf->dns);
  verify->add_option("--now", vf->now, "Judge at TIME (RFC 3339 or Unix seconds); only reported, ARC has no expiry");
  verify->add_option("--format", vf->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  verify->add_option("file", vf->files, "Message files (.eml), or - for stdin")->required();
  verify->callback([vf, exit_code] { *exit_code = RunVerify(*vf); });

  auto sf = std::make_shared<ArcSignFlags>();
  CLI::App* sign = arc->add_subcommand("sign", "Seal a message: print ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results");
  AddDnsFlags(sign, sf->dns);
  sign->add_option("--key", sf->key_file, "RSA private key (PEM)")->required();
  sign->add_option("--domain", sf->domain, "d= of the seal and signature")->required();
  sign->add_option("--selector", sf->selector, "s= (key at SELECTOR._domainkey.DOMAIN)")->required();
  sign->add_option("--authserv-id", sf->authserv_id, "Copy Authentication-Results with this authserv-id into the AAR")
      ->required();
  sign->add_option("--headers", sf->headers, "Header fields the AMS signs, colon-separated")
      ->default_str("from:to:subject:date:message-id");
  sign->add_option("--timestamp", sf->timestamp, "t= (RFC 3339 or Unix seconds); default now");
  sign->add_flag("--message", sf->whole_message, "Print the whole sealed message, not only the new fields");
  sign->add_option("file", sf->file, "Message file (.eml), or - for stdin")->required();
  sign->callback([sf, exit_code] { *exit_code = RunSign(*sf); });
}

}  // namespace kakunin::cli
