// kakunin explain: what a finding or reason id means and why it matters (data/findings.json).
#include <algorithm>
#include <cstddef>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "cli.h"
#include "kakunin/explain.h"

namespace kakunin::cli {
namespace {

constexpr size_t kSuggestions = 3;  // "did you mean" ids printed for an unknown id

struct ExplainFlags {
  std::string id;
  std::string lang = "en";
  bool list = false;
};

void PrintList(const std::string& lang) {
  size_t width = 0;
  for (const auto& f : explain::AllFindings()) width = std::max(width, f.id.size());
  for (const auto& f : explain::AllFindings()) {
    std::cout << std::left << std::setw(static_cast<int>(width + 2)) << f.id << std::setw(13) << f.severity
              << f.Title(lang) << "\n";
  }
}

void PrintOne(const explain::FindingInfo& f, const std::string& lang) {
  std::cout << f.id << " (" << f.severity << ")\n" << f.Title(lang) << "\n\n" << f.Explanation(lang) << "\n";
  if (!f.see.empty()) std::cout << "\n" << (lang == "ja" ? "参照: " : "See: ") << f.see << "\n";
}

void RunExplain(const ExplainFlags& f) {
  if (f.list) {
    PrintList(f.lang);
    return;
  }
  if (f.id.empty()) throw Fatal("explain: give a finding id, or --list");
  const explain::FindingInfo* info = explain::FindFinding(f.id);
  if (info == nullptr) {
    std::string hint;
    for (std::string_view id : explain::ClosestFindings(f.id, kSuggestions)) hint += (hint.empty() ? "" : ", ") + std::string(id);
    throw Fatal("explain: unknown finding id \"" + f.id + "\"; closest: " + hint + " (kakunin explain --list)");
  }
  PrintOne(*info, f.lang);
}

}  // namespace

void RegisterExplain(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ExplainFlags>();
  CLI::App* cmd = app.add_subcommand("explain", "What a finding or reason id means and why it matters");
  cmd->add_option("id", flags->id, "Finding or reason id, e.g. dkim.body_length_limited");
  cmd->add_flag("--list", flags->list, "List every id with its severity and title");
  cmd->add_option("--lang", flags->lang, "Language of the text")->check(CLI::IsMember({"en", "ja"}));
  cmd->callback([flags, exit_code] {
    RunExplain(*flags);
    *exit_code = kExitOk;
  });
}

}  // namespace kakunin::cli
