// kakunin breach password|import|email: is a password in Have I Been Pwned's Pwned Passwords
// (online by k-anonymity, or an offline database built by `import`)? Is an address in a breach
// (breach_email.cc)? The password is read from the terminal (no echo) or standard input, never
// from argv; it is hashed at once and wiped; it is never printed or logged.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "commands/breach_email.h"
#include "kakunin/breach.h"
#include "kakunin/password.h"

namespace kakunin::cli {
namespace {

struct BreachFlags {
  std::string format = "text";
  std::string db;
  bool offline = false;
  std::string base_url;
  long timeout_ms = 10000;
  bool no_padding = false;
  // build-db
  std::vector<std::string> inputs;
  std::string output;
  int fanout_bits = -1;
  bool compact = false;
};

// Where `import` writes and `password --offline` reads: $XDG_DATA_HOME/kakunin/pwned-passwords.db,
// else $HOME/.local/share/kakunin/pwned-passwords.db (XDG Base Directory 0.8).
std::string DefaultDatabasePath() {
  const char* data_home = std::getenv("XDG_DATA_HOME");
  if (data_home != nullptr && data_home[0] == '/') return std::string(data_home) + "/kakunin/pwned-passwords.db";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.local/share/kakunin/pwned-passwords.db";
  throw Fatal("neither XDG_DATA_HOME nor HOME is set; name the database file");
}

breach::Finding Check(const BreachFlags& f, const breach::PasswordHash& hash) {
  if (!f.db.empty() && f.offline) throw Fatal("--db and --offline exclude each other");
  if (!f.db.empty() || f.offline) {
    auto db = breach::Database::Open(f.offline ? DefaultDatabasePath() : f.db);
    if (!db) throw Fatal(db.error().message);
    return db->Check(hash);
  }
  breach::HttpRangeOptions options;
  options.base_url = breach::RangeBaseUrl(f.base_url);
  options.timeout_ms = f.timeout_ms;
  options.add_padding = !f.no_padding;
  auto client = breach::MakeHttpRangeClient(options);
  auto found = breach::CheckOnline(*client, hash);
  if (!found) throw Fatal("breach check: " + found.error().message);
  return *found;
}

void RunCheck(const BreachFlags& f) {
  std::optional<breach::PasswordHash> hash;
  {
    auto secret = password::ReadSecret("Password (not shown): ");
    if (!secret) throw Fatal(secret.error().message);
    hash = breach::PasswordHash::Of(secret->view());
  }  // The secret is wiped here; only its SHA-1 lives on, and only its 5-digit prefix is sent.
  breach::Finding found = Check(f, *hash);
  if (f.format == "json") {
    nlohmann::json j{{"breached", found.breached}, {"count", found.count},
                     {"source", std::string(breach::SourceName(found.source))}};
    std::cout << j.dump() << "\n";
    return;
  }
  std::string where = found.source == breach::Source::kDatabase ? "the offline database" : "Have I Been Pwned";
  if (found.breached) {
    if (found.count == 0) {  // A compact database keeps no counts.
      std::cout << "breached: this password is in " << where << " (compact: no count kept)";
    } else {
      std::cout << "breached: this password appears " << found.count << " times in " << where;
    }
    std::cout << ".\nDo not use it anywhere; change it wherever you have used it.\n";
  } else {
    std::cout << "not found in " << where << " (which does not make it strong: see kakunin password check).\n";
  }
}

void RunBuild(BreachFlags f) {
  if (f.output.empty()) {
    f.output = DefaultDatabasePath();
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(f.output).parent_path(), ec);
    if (ec) throw Fatal(f.output + ": " + ec.message());
  }
  auto started = std::chrono::steady_clock::now();
  breach::BuildOptions options;
  options.mode = f.compact ? breach::DatabaseMode::kCompact : breach::DatabaseMode::kPrecise;
  options.fanout_bits = f.fanout_bits;
  auto stats = breach::BuildDatabase(f.inputs, f.output, options);
  if (!stats) throw Fatal(stats.error().message);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  double per_entry = stats->entries == 0 ? 0.0 : static_cast<double>(stats->output_bytes) / static_cast<double>(stats->entries);
  double mb_per_s = seconds > 0 ? static_cast<double>(stats->input_bytes) / 1e6 / seconds : 0.0;
  if (f.format == "json") {
    nlohmann::json j{{"output", f.output},          {"mode", f.compact ? "compact" : "precise"},
                     {"lines", stats->lines},
                     {"entries", stats->entries},   {"input_bytes", stats->input_bytes},
                     {"output_bytes", stats->output_bytes}, {"bytes_per_entry", per_entry},
                     {"fanout_bits", stats->fanout_bits},   {"seconds", seconds}};
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "wrote " << f.output << (f.compact ? " (compact)" : " (precise)") << ": " << stats->entries
            << " hashes, " << stats->output_bytes << " bytes (" << per_entry << " bytes per hash)\n"
            << "read " << stats->input_bytes << " bytes in " << seconds << " s (" << mb_per_s << " MB/s)\n";
}

}  // namespace

void RegisterBreach(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<BreachFlags>();
  CLI::App* cmd =
      app.add_subcommand("breach", "Is a password or an e-mail address in Have I Been Pwned's breach data?");
  cmd->require_subcommand(1);
  CLI::App* check = cmd->add_subcommand("password", "Check a password read from the terminal or standard input");
  check->alias("check");
  check->add_option("--db", flags->db, "Offline database from `kakunin breach import` (no network)");
  check->add_flag("--offline", flags->offline,
                  "Use the database `kakunin breach import` wrote by default "
                  "($XDG_DATA_HOME/kakunin/pwned-passwords.db)");
  check->add_option("--base-url", flags->base_url,
                    "Range API base URL (default $KAKUNIN_PWNED_RANGE_URL, else " +
                        std::string(breach::kDefaultRangeBaseUrl) + ")");
  check->add_option("--timeout-ms", flags->timeout_ms, "Give up on the range API after this long")
      ->capture_default_str()
      ->check(CLI::Range(100L, 600000L));
  check->add_flag("--no-padding", flags->no_padding, "Do not ask the server to pad its answer");
  check->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  check->callback([flags, exit_code] {
    RunCheck(*flags);
    *exit_code = kExitOk;
  });
  CLI::App* build = cmd->add_subcommand("import", "Build the offline database from HIBP's HASH:COUNT text");
  build->alias("build-db");
  build->add_option("inputs", flags->inputs, "pwnedpasswords.txt, or the downloader's ABCDE.txt files, or -")
      ->required();
  build->add_option("-o,--output", flags->output,
                    "Database file to write (default $XDG_DATA_HOME/kakunin/pwned-passwords.db)");
  build->add_option("--fanout-bits", flags->fanout_bits, "Fan-out table size (default: from the input size)")
      ->check(CLI::Range(0, 24));
  build->add_flag("--compact", flags->compact,
                  "A filter without counts: about 2.25 bytes per hash, false positives at most 1 in 60,000");
  build->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  build->callback([flags, exit_code] {
    RunBuild(*flags);
    *exit_code = kExitOk;
  });
  RegisterBreachEmail(cmd, exit_code);
}

}  // namespace kakunin::cli
