// kakunin inspect: one message -> verdict, evidence and what to do.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/time.h"
#include "cli.h"
#include "dns_flags.h"
#include "kakunin/inspect.h"
#include "kakunin/report.h"

namespace kakunin::cli {
namespace {

struct InspectFlags {
  std::string format = "text";
  std::string lang = "auto";
  std::string brands_file;
  std::string aliases_db;
  bool emit_authres = false;
  std::string authserv_id = "kakunin";
  std::string now;
  DnsFlags dns;
  bool offline = false;
  std::vector<std::string> trust_authserv;
  size_t max_size = 50u << 20;
  int max_depth = 50;
  size_t max_headers = 5000;
  size_t max_line = 1u << 20;
  std::string file;
};

// Japanese when the reader asked for it, or by default when the mail itself is Japanese.
std::string ReportLanguage(const std::string& flag, const Report& report) {
  if (flag != "auto") return flag;
  auto japanese = [](std::string_view s) {
    // Hiragana, katakana and CJK ideographs all start with 0xE3-0xE9 in UTF-8.
    for (size_t i = 0; i + 2 < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c == 0xE3 && (static_cast<unsigned char>(s[i + 1]) == 0x81 || static_cast<unsigned char>(s[i + 1]) == 0x82 ||
                        static_cast<unsigned char>(s[i + 1]) == 0x83)) {
        return true;
      }
    }
    return false;
  };
  if (japanese(report.message.subject())) return "ja";
  for (const auto& t : report.message.texts()) {
    if (japanese(std::string_view(t.text).substr(0, 4096))) return "ja";
  }
  return "en";
}

bool UseColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');
}

int RunInspect(const InspectFlags& f) {
  InspectOptions options;
  options.limits.max_message_bytes = f.max_size;
  options.limits.max_mime_depth = f.max_depth;
  options.limits.max_header_fields = f.max_headers;
  options.limits.max_line_bytes = f.max_line;
  options.trusted_authserv_ids = f.trust_authserv;
  if (!f.now.empty()) {
    auto t = base::ParseTime(f.now);
    if (!t) throw Fatal("--now: " + t.error().message);
    options.now = *t;
  }
  auto registry = brands::BrandRegistry::LoadWithUserFile(
      f.brands_file.empty() ? std::nullopt : std::optional<std::string>(f.brands_file));
  if (!registry) throw Fatal("--brands: " + registry.error().message);
  // Without a user file the registry is the shipped one: use it directly (its link-check form
  // is built once per process, not per message).
  const bool user_brands = !f.brands_file.empty() || [] {
    auto p = brands::BrandRegistry::DefaultUserFilePath();
    return p && ::access(p->c_str(), F_OK) == 0;
  }();
  options.brands = user_brands ? &*registry : nullptr;
  // The alias registry is consulted when it exists; inspect never creates one.
  std::string aliases_path = f.aliases_db;
  if (aliases_path.empty()) {
    if (auto d = alias::DefaultRegistryPath()) aliases_path = *d;
  } else if (::access(aliases_path.c_str(), R_OK) != 0) {
    throw Fatal("--aliases-db: cannot read " + aliases_path);
  }
  std::optional<alias::Registry> aliases;
  if (!aliases_path.empty() && ::access(aliases_path.c_str(), R_OK) == 0) {
    auto opened = alias::Registry::Open(aliases_path);
    if (!opened) throw Fatal("--aliases-db: " + opened.error().message);
    aliases = std::move(*opened);
    options.aliases = &*aliases;
  }
  std::unique_ptr<dns::Resolver> resolver;
  if (!f.offline || !f.dns.zone.empty()) {
    resolver = OpenResolverOrFail(f.dns);
    options.resolver = resolver.get();
  }
  // Read one byte past the limit so that an oversized message is noticed, not silently cut.
  auto input = base::ReadInput(f.file, f.max_size + 1);
  if (!input) throw Fatal(input.error().message);
  // The message takes the input over and frees it once parsed: a 50 MB input is not held twice.
  auto message = mime::Message::ParseTaking(std::move(input->bytes), options.limits);
  if (!message) {
    std::string name = f.file == "-" ? "stdin" : f.file;
    throw Fatal(name + ": " + message.error().message);
  }
  auto report = Inspect(std::move(*message), options);
  if (f.emit_authres) {
    std::cout << report::RenderAuthenticationResults(report, f.authserv_id);
  } else if (f.format == "json") {
    std::cout << report::RenderJson(report);
  } else {
    std::cout << report::RenderText(report, ReportLanguage(f.lang, report),
                                    UseColor() ? report::Color::kYes : report::Color::kNo);
  }
  std::cout.flush();
  return kExitOk;
}

}  // namespace

void RegisterInspect(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<InspectFlags>();
  CLI::App* cmd = app.add_subcommand("inspect", "Decide whether a message is genuine, suspicious or phishing");
  cmd->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--lang", flags->lang, "Language of the text report (auto: Japanese for a Japanese mail)")
      ->check(CLI::IsMember({"auto", "en", "ja"}))
      ->capture_default_str();
  cmd->add_option("--brands", flags->brands_file,
                  "Brand file that adds to or overrides the shipped registry (default: $XDG_CONFIG_HOME/kakunin/brands.json if present)");
  cmd->add_option("--aliases-db", flags->aliases_db,
                  "Alias registry to check recipients against (default: kakunin alias's, if it exists)");
  cmd->add_flag("--emit-authres", flags->emit_authres,
                "Print only an Authentication-Results header for the message (RFC 8601)");
  cmd->add_option("--authserv-id", flags->authserv_id, "authserv-id for --emit-authres")->capture_default_str();
  cmd->add_option("--now", flags->now, "Judge time-dependent results at TIME (RFC 3339 or Unix seconds)");
  AddDnsFlags(cmd, flags->dns);
  cmd->add_flag("--offline", flags->offline, "Do not use DNS at all (only what the message itself says)");
  cmd->add_option("--trust-authserv", flags->trust_authserv,
                  "Trust Authentication-Results headers stamped with this authserv-id (repeatable)");
  cmd->add_option("--max-size", flags->max_size, "Read at most this many bytes of the message")->capture_default_str();
  cmd->add_option("--max-depth", flags->max_depth, "Decode MIME parts nested at most this deep")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--max-headers", flags->max_headers, "Index at most this many header fields")
      ->capture_default_str();
  cmd->add_option("--max-line", flags->max_line, "Report lines longer than this")->capture_default_str();
  cmd->add_option("file", flags->file, "Message file (.eml or one mbox message), or - for stdin")->required();
  cmd->callback([flags, exit_code] { *exit_code = RunInspect(*flags); });
}

}  // namespace kakunin::cli
