#include "analysis_flags.h"

#include <unistd.h>

#include "base/time.h"
#include "cli.h"

namespace kakunin::cli {

void AddAnalysisFlags(CLI::App* cmd, AnalysisFlags& flags) {
  cmd->add_option("--lang", flags.lang, "Language of the text report (auto: Japanese for a Japanese mail)")
      ->check(CLI::IsMember({"auto", "en", "ja"}))
      ->capture_default_str();
  cmd->add_option("--brands", flags.brands_file,
                  "Brand file that adds to or overrides the shipped registry (default: $XDG_CONFIG_HOME/kakunin/brands.json if present)");
  cmd->add_option("--aliases-db", flags.aliases_db,
                  "Alias registry to check recipients against (default: kakunin alias's, if it exists)");
  cmd->add_option("--now", flags.now, "Judge time-dependent results at TIME (RFC 3339 or Unix seconds)");
  AddDnsFlags(cmd, flags.dns);
  cmd->add_flag("--offline", flags.offline, "Do not use DNS at all (only what the message itself says)");
  cmd->add_option("--trust-authserv", flags.trust_authserv,
                  "Trust Authentication-Results headers stamped with this authserv-id (repeatable)");
  cmd->add_option("--max-size", flags.max_size, "Read at most this many bytes of the message")->capture_default_str();
  cmd->add_option("--max-depth", flags.max_depth, "Decode MIME parts nested at most this deep")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--max-headers", flags.max_headers, "Index at most this many header fields")
      ->capture_default_str();
  cmd->add_option("--max-line", flags.max_line, "Report lines longer than this")->capture_default_str();
}

std::unique_ptr<Analysis> OpenAnalysisOrFail(const AnalysisFlags& f, bool open_aliases) {
  auto a = std::make_unique<Analysis>();
  InspectOptions& options = a->options;
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
  if (user_brands) {
    a->brands = std::move(*registry);
    options.brands = &*a->brands;
  }
  // The alias registry is consulted when it exists; inspecting never creates one.
  std::string aliases_path = f.aliases_db;
  if (aliases_path.empty()) {
    if (auto d = alias::DefaultRegistryPath()) aliases_path = *d;
  } else if (::access(aliases_path.c_str(), R_OK) != 0) {
    throw Fatal("--aliases-db: cannot read " + aliases_path);
  }
  if (!aliases_path.empty() && ::access(aliases_path.c_str(), R_OK) == 0) {
    auto opened = alias::Registry::Open(aliases_path);
    if (!opened) throw Fatal("--aliases-db: " + opened.error().message);
    a->aliases_path = aliases_path;
    if (open_aliases) {
      a->aliases = std::move(*opened);
      options.aliases = &*a->aliases;
    }
  }
  if (!f.offline || !f.dns.zone.empty()) {
    a->resolver = OpenResolverOrFail(f.dns);
    options.resolver = a->resolver.get();
  }
  return a;
}

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

}  // namespace kakunin::cli
