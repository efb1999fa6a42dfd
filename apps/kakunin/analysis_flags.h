// The analysis options shared by the commands that inspect messages (inspect, scan): --brands,
// --aliases-db, --now, --dns-*, --offline, --trust-authserv, --lang and the MIME limits, and
// what they open (brand registry, alias registry, resolver).
#ifndef KAKUNIN_APPS_KAKUNIN_ANALYSIS_FLAGS_H_
#define KAKUNIN_APPS_KAKUNIN_ANALYSIS_FLAGS_H_

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dns_flags.h"
#include "kakunin/inspect.h"

namespace kakunin::cli {

struct AnalysisFlags {
  std::string lang = "auto";
  std::string brands_file;
  std::string aliases_db;
  std::string now;
  DnsFlags dns;
  bool offline = false;
  std::vector<std::string> trust_authserv;
  size_t max_size = 50u << 20;
  int max_depth = 50;
  size_t max_headers = 5000;
  size_t max_line = 1u << 20;
};

// Adds --lang, --brands, --aliases-db, --now, the DNS flags, --offline, --trust-authserv and
// --max-*; `flags` must outlive parsing.
void AddAnalysisFlags(CLI::App* cmd, AnalysisFlags& flags);

// What the flags opened; `options` points into it (not movable for that reason).
struct Analysis {
  InspectOptions options;
  std::optional<brands::BrandRegistry> brands;
  std::string aliases_path;  // The alias registry to consult, "" = none.
  std::optional<alias::Registry> aliases;
  std::unique_ptr<dns::Resolver> resolver;

  Analysis() = default;
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;
};

// Opens what the flags name; throws Fatal with the flag's name on a bad value. With
// `open_aliases`, the alias registry is opened into `aliases` and set in `options`; without,
// only `aliases_path` is set (scan opens one per worker thread).
std::unique_ptr<Analysis> OpenAnalysisOrFail(const AnalysisFlags& flags, bool open_aliases);

// Japanese when the reader asked for it, or ("auto") when the mail itself is Japanese.
std::string ReportLanguage(const std::string& flag, const Report& report);

}  // namespace kakunin::cli

#endif  // KAKUNIN_APPS_KAKUNIN_ANALYSIS_FLAGS_H_
