// kakunin alias new|list|which: per-service sub-addresses and the registry of who got which.
#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "base/file.h"
#include "base/time.h"
#include "cli.h"
#include "kakunin/alias.h"

namespace kakunin::cli {
namespace {

struct AliasFlags {
  std::string format = "text";
  std::string db;
  // new
  std::string service;
  std::string base;
  std::string base_name;
  std::string tag;
  bool random = false;
  bool catch_all = false;
  bool subdomain = false;
  // which
  std::string address;
};

// The shipped rules plus the user's file, if any ($XDG_CONFIG_HOME/kakunin/alias_providers.json).
alias::ProviderRules LoadRules() {
  alias::ProviderRules rules = alias::ProviderRules::Builtin();
  std::string dir;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x != nullptr && x[0] == '/') {
    dir = x;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    dir = std::string(home) + "/.config";
  }
  std::string path = dir + "/kakunin/alias_providers.json";
  if (dir.empty() || !std::filesystem::exists(path)) return rules;
  auto text = base::ReadInput(path, 4u << 20);
  if (!text) throw Fatal(path + ": " + text.error().message);
  auto extra = alias::ProviderRules::FromJson(text->bytes);
  if (!extra) throw Fatal(path + ": " + extra.error().message);
  rules.Merge(*extra);
  return rules;
}

alias::Registry OpenRegistry(const std::string& flag) {
  std::string path = flag;
  if (path.empty()) {
    auto def = alias::DefaultRegistryPath();
    if (!def) throw Fatal(def.error().message);
    path = *def;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) throw Fatal(path + ": " + ec.message());
  }
  auto reg = alias::Registry::Open(path);
  if (!reg) throw Fatal(reg.error().message);
  return std::move(*reg);
}

std::string Date(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

nlohmann::json RecordJson(const alias::AliasRecord& r) {
  return {{"address", r.address}, {"service", r.service},  {"mailbox", r.mailbox},
          {"provider", r.provider}, {"normalized", r.normalized}, {"created_at", r.created_at}};
}

void RunNew(const AliasFlags& f) {
  alias::ProviderRules rules = LoadRules();
  if (f.catch_all && f.subdomain) throw Fatal("--catch-all and --subdomain exclude each other");
  alias::AliasRequest req;
  req.service = f.service;
  req.base = f.base;
  req.base_name = f.base_name;
  req.tag = f.tag;
  req.tagging = f.random ? alias::Tagging::kRandom : alias::Tagging::kPlain;
  req.delivery = f.catch_all ? alias::Delivery::kCatchAll
                 : f.subdomain ? alias::Delivery::kSubdomain
                               : alias::Delivery::kSubaddress;
  auto made = alias::MakeAlias(rules, req);
  if (!made) throw Fatal(made.error().message);
  alias::Registry reg = OpenRegistry(f.db);
  auto record = reg.Add(*made, f.service, base::UnixNow());
  if (!record) throw Fatal(record.error().message);
  if (f.format == "json") {
    nlohmann::json j = RecordJson(*record);
    j["provider_name"] = made->provider_name;
    j["note"] = made->note;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << made->address << "\n"
            << "  given to:  " << record->service << "\n"
            << "  delivers:  " << record->mailbox << " (" << made->provider_name << ")\n";
  if (!made->note.empty()) std::cout << "  note:      " << made->note << "\n";
  if (!f.random) {
    std::cout << "  tip:       a plain tag is easy to guess or strip; --random makes one nobody can guess\n";
  }
}

void RunList(const AliasFlags& f) {
  alias::Registry reg = OpenRegistry(f.db);
  auto all = reg.List();
  if (!all) throw Fatal(all.error().message);
  if (f.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : *all) j.push_back(RecordJson(r));
    std::cout << j.dump(2) << "\n";
    return;
  }
  if (all->empty()) std::cout << "no aliases yet (kakunin alias new SERVICE --base ADDRESS)\n";
  for (const auto& r : *all) std::cout << Date(r.created_at) << "  " << r.address << "  " << r.service << "\n";
}

void RunWhich(const AliasFlags& f) {
  alias::ProviderRules rules = LoadRules();
  auto parsed = alias::ParseAddress(f.address);
  if (!parsed) throw Fatal(f.address + ": " + parsed.error().message);
  alias::Registry reg = OpenRegistry(f.db);
  auto hit = reg.Which(rules, f.address);
  if (!hit) throw Fatal(hit.error().message);
  if (f.format == "json") {
    nlohmann::json j;
    j["address"] = f.address;
    j["service"] = hit->has_value() ? nlohmann::json((*hit)->service) : nlohmann::json(nullptr);
    std::cout << j.dump(2) << "\n";
    return;
  }
  if (!hit->has_value()) {
    alias::Normalized n = alias::Normalize(rules, *parsed);
    std::cout << f.address << ": not a registered alias";
    if (!n.tag.empty()) std::cout << " (tag \"" << n.tag << "\" of " << n.mailbox << ")";
    std::cout << "\n";
    return;
  }
  const alias::AliasRecord& r = **hit;
  std::cout << f.address << " was given only to " << r.service << " (" << Date(r.created_at) << ").\n"
            << "Mail to it from anyone else means " << r.service << " shared or leaked it.\n";
}

}  // namespace

void RegisterAlias(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<AliasFlags>();
  CLI::App* cmd = app.add_subcommand("alias", "Per-service e-mail aliases and which service got which");
  cmd->require_subcommand(1);
  auto common = [&](CLI::App* sub) {
    sub->add_option("--db", flags->db, "Alias registry (default: $XDG_DATA_HOME/kakunin/aliases.sqlite)");
    sub->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  };
  CLI::App* make = cmd->add_subcommand("new", "Make an alias for SERVICE and record it");
  make->add_option("service", flags->service, "Who gets the address (\"Amazon\")")->required();
  make->add_option("--base", flags->base, "Your real mailbox (taro@gmail.com)")->required();
  make->add_flag("--random", flags->random, "Add random characters so the tag cannot be guessed");
  make->add_flag("--catch-all", flags->catch_all, "Your own domain accepts any local part: service@domain");
  make->add_flag("--subdomain", flags->subdomain, "Fastmail subdomain addressing: service@you.fastmail.com");
  make->add_option("--base-name", flags->base_name, "Yahoo disposable-address base name");
  make->add_option("--tag", flags->tag, "Tag to use instead of one made from SERVICE");
  common(make);
  make->callback([flags, exit_code] {
    RunNew(*flags);
    *exit_code = kExitOk;
  });
  CLI::App* list = cmd->add_subcommand("list", "List registered aliases");
  common(list);
  list->callback([flags, exit_code] {
    RunList(*flags);
    *exit_code = kExitOk;
  });
  CLI::App* which = cmd->add_subcommand("which", "Which service was ADDRESS given to?");
  which->add_option("address", flags->address, "An address from a To: or Delivered-To: line")->required();
  common(which);
  which->callback([flags, exit_code] {
    RunWhich(*flags);
    *exit_code = kExitOk;
  });
}

}  // namespace kakunin::cli
