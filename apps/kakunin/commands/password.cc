// kakunin password check|gen. check: zxcvbn score plus the NIST SP 800-63B checks, optionally
// with the breach check; the password is read from the terminal (no echo) or standard input,
// never from argv, never printed, and wiped after use. gen: a random password or passphrase from
// OpenSSL's CSPRNG, with its entropy and zxcvbn's opinion of it.
#include <cmath>
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
  // gen
  size_t length = password::kDefaultGeneratedLength;
  size_t words = 0;
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

void RunGenerate(const PasswordFlags& f) {
  auto g = f.words > 0 ? password::GeneratePassphrase(f.words) : password::GenerateCharacters(f.length);
  if (!g) throw Fatal(g.error().message);
  auto s = password::Assess(g->password.view());
  if (!s) throw Fatal(s.error().message);
  bool words = g->kind == password::GeneratedKind::kWords;
  double bits = std::floor(g->entropy_bits * 10) / 10;  // Never round the strength up.
  if (f.format == "json") {
    nlohmann::json j{{"password", std::string(g->password.view())},
                     {"kind", words ? "words" : "characters"},
                     {"length", g->password.view().size()},
                     {"words", words ? nlohmann::json(g->count) : nlohmann::json(nullptr)},
                     {"choices", g->choices},
                     {"entropy_bits", bits},
                     {"zxcvbn", {{"score", s->score}, {"guesses_log10", s->guesses_log10}}}};
    std::cout << j.dump(2) << "\n";
    j["password"] = nullptr;  // The dump's copy is gone; drop the json's copy too.
    return;
  }
  std::cout << g->password.view() << "\n"
            << "entropy:  " << bits << " bits (" << g->count
            << (words ? " words from a list of " : " characters from an alphabet of ") << g->choices
            << ", OpenSSL CSPRNG)\n"
            << "zxcvbn:   " << s->score << "/4 (" << kScoreWords[s->score] << "), about 10^"
            << static_cast<int>(s->guesses_log10) << " guesses\n";
}

}  // namespace

void RegisterPassword(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<PasswordFlags>();
  CLI::App* cmd = app.add_subcommand("password", "Password strength (zxcvbn + NIST SP 800-63B) and generation");
  cmd->require_subcommand(1);
  CLI::App* strength = cmd->add_subcommand("check", "Rate a password read from the terminal or standard input");
  strength->alias("strength");
  strength->add_option("--context", flags->context, "A word tied to the account (service, username); repeatable");
  strength->add_option("--breach-db", flags->breach_db, "Also check this offline breach database");
  strength->add_flag("--online", flags->online, "Also check Have I Been Pwned (k-anonymity: 5 hex digits sent)");
  strength->add_option("--base-url", flags->base_url, "Range API base URL for --online");
  strength->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  strength->callback([flags, exit_code] {
    RunStrength(*flags);
    *exit_code = kExitOk;
  });
  CLI::App* gen = cmd->add_subcommand("gen", "Generate a random password (or passphrase with --words)");
  auto* length = gen->add_option("--length", flags->length, "Characters, " +
                                 std::to_string(password::kMinGeneratedLength) + " to " +
                                 std::to_string(password::kMaxGeneratedLength))
                     ->capture_default_str();
  gen->add_option("--words", flags->words, "A passphrase of N words instead, " +
                  std::to_string(password::kMinPassphraseWords) + " to " +
                  std::to_string(password::kMaxPassphraseWords))
      ->excludes(length);
  gen->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  gen->callback([flags, exit_code] {
    RunGenerate(*flags);
    *exit_code = kExitOk;
  });
}

}  // namespace kakunin::cli
