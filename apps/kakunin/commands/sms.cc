// kakunin sms: one text message -> verdict, what triggered it, and what to do.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "base/file.h"
#include "cli.h"
#include "kakunin/sms.h"

namespace kakunin::cli {
namespace {

struct SmsFlags {
  std::string format = "text";
  std::string lang = "auto";
  std::string brands_file;
  std::optional<std::string> sender;
  std::string file;
};

bool UseColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');
}

int RunSms(const SmsFlags& f) {
  auto registry = brands::BrandRegistry::LoadWithUserFile(
      f.brands_file.empty() ? std::nullopt : std::optional<std::string>(f.brands_file));
  if (!registry) throw Fatal("--brands: " + registry.error().message);
  sms::Options options;
  // Without a user file the registry is the shipped one: use it directly (its link-check form is
  // built once per process).
  const bool user_brands = !f.brands_file.empty() || [] {
    auto p = brands::BrandRegistry::DefaultUserFilePath();
    return p && ::access(p->c_str(), F_OK) == 0;
  }();
  options.brands = user_brands ? &*registry : nullptr;
  options.sender = f.sender;
  // One byte past the limit, so an oversized paste is refused rather than silently cut.
  auto input = base::ReadInput(f.file, sms::kMaxMessageBytes + 1);
  if (!input) throw Fatal(input.error().message);
  auto report = sms::Analyze(input->bytes, options);
  if (!report) throw Fatal((f.file == "-" ? std::string("stdin") : f.file) + ": " + report.error().message);
  if (f.format == "json") {
    std::cout << sms::RenderJson(*report);
  } else {
    std::string lang = f.lang == "auto" ? std::string(sms::MessageLanguage(*report)) : f.lang;
    std::cout << sms::RenderText(*report, lang, UseColor() ? report::Color::kYes : report::Color::kNo);
  }
  std::cout.flush();
  return kExitOk;
}

}  // namespace

void RegisterSms(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SmsFlags>();
  CLI::App* cmd = app.add_subcommand("sms", "Decide whether a text message (SMS) is genuine, suspicious or phishing");
  cmd->add_option("--sender", flags->sender,
                  "The sender ID or number the phone showed (noted, never taken as proof: SMS senders can be forged)");
  cmd->add_option("--format", flags->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--lang", flags->lang, "Language of the text report (auto: Japanese for a Japanese message)")
      ->check(CLI::IsMember({"auto", "en", "ja"}))
      ->capture_default_str();
  cmd->add_option("--brands", flags->brands_file,
                  "Brand file that adds to or overrides the shipped registry (default: $XDG_CONFIG_HOME/kakunin/brands.json if present)");
  cmd->add_option("file", flags->file, "The message text (UTF-8), or - for stdin")->required();
  cmd->callback([flags, exit_code] { *exit_code = RunSms(*flags); });
}

}  // namespace kakunin::cli
