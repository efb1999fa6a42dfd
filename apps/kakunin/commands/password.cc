// kakunin password strength: zxcvbn score plus the NIST SP 800-63B checks, optionally with the
// breach check. The password is read from the terminal (no echo) or standard input, never from
// argv, never printed, and wiped after use.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"
#include "kakunin/breach.h"
#include "kakunin/password.h"

namespace kakunin::cli {
namespace {

struct PasswordFlags {
  std::string format = "text";
  std::vector<std::string> context;
  std::string breach_db;
  bool online = false;
  std::string base_url;
};

constexpr const char* kScoreWords[] = {"very weak", "weak", "fair", "strong", "very strong"};

void RunStrength(const PasswordFlags& f) {
  auto secret = password::ReadSecret("Password (not shown): ");
  if (!secret) throw Fatal(secret.error().message);
  password::Context ctx;
  ctx.words = f.context;
  std::optional<breach::Finding> found;
  if (!f.breach_db.empty() || f.online) {
    breach::PasswordHash hash = breach::PasswordHash::Of(secret->view());
    if (!f.breach_db.empty()) {
      auto db = breach::Database::Open(f.breach_db);
      if (!db) throw Fatal(db.error().message);
      found = db->Check(hash);
    } else {
      breach::HttpRangeOptions options;
      options.base_url = breach::RangeBaseUrl(f.base_url);
      auto client = breach::MakeHttpRangeClient(options);
      auto online = breach::CheckOnline(*client, hash);
      if (!online) throw Fatal("breach check: " + online.error().message);
      found = *online;
    }
    ctx.breached = found->count;
  }
  auto s = password::Assess(secret->view(), ctx);
  secret->Wipe();
  if (!s) throw Fatal(s.error().message);
  if (f.format == "json") {
    nlohmann::json issues = nlohmann::json::array();
    for (const auto& i : s->issues) issues.push_back({{"rule", std::string(password::RuleName(i.rule))}, {"message", i.message}});
    nlohmann::json j{{"score", s->score},
                     {"guesses_log10", s->guesses_log10},
                     {"length", s->length},
                     {"warnings", s->warnings},
                     {"issues", issues},
                     {"acceptable", s->acceptable}};
    if (found) {
      j["breach"] = {{"breached", found->breached}, {"count", found->count},
                     {"source", std::string(breach::SourceName(found->source))}};
    }
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "score:    " << s->score << "/4 (" << kScoreWords[s->score] << "), about 10^"
            << static_cast<int>(s->guesses_log10) << " guesses\n"
            << "length:   " << s->length << " characters\n";
  for (const auto& i : s->issues) std::cout << "problem:  " << i.message << "\n";
  for (const auto& w : s->warnings) std::cout << "pattern:  " << w << "\n";
  if (!found) {
    std::cout << "breach:   not checked (add --online or --breach-db FILE)\n";
  } else if (!found->breached) {
    std::cout << "breach:   not found (" << breach::SourceName(found->source) << ")\n";
  }
  std::cout << (s->acceptable ? "verdict:  acceptable\n" : "verdict:  choose another password\n");
}

}  // namespace

void RegisterPassword(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<PasswordFlags>();
  CLI::App* cmd = app.add_subcommand("password", "Password strength (zxcvbn + NIST SP 800-63B)");
  cmd->require_subcommand(1);
  CLI::App* strength = cmd->add_subcommand("strength", "Rate a password read from the terminal or standard input");
  strength->alias("check");
  strength->add_option("--context", flags->context, "A word tied to the account (service, username); repeatable");
  strength->add_option("--breach-db", flags->breach_db, "Also check this offline breach database");
  strength->add_flag("--online", flags->online, "Also check Have I Been Pwned (k-anonymity: 5 hex digits sent)");
  strength->add_option("--base-url", flags->base_url, "Range API base URL for --online");
  strength->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  strength->callback([flags, exit_code] {
    RunStrength(*flags);
    *exit_code = kExitOk;
  });
}

}  // namespace kakunin::cli
