// kakunin inspect: one message -> verdict, evidence and what to do.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "base/file.h"
#include "analysis_flags.h"
#include "cli.h"
#include "kakunin/inspect.h"
#include "kakunin/report.h"

namespace kakunin::cli {
namespace {

struct InspectFlags {
  std::string format = "text";
  bool emit_authres = false;
  std::string authserv_id = "kakunin";
  AnalysisFlags analysis;
  std::string file;
};

bool UseColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');
}

int RunInspect(const InspectFlags& f) {
  auto analysis = OpenAnalysisOrFail(f.analysis, /*open_aliases=*/true);
  const InspectOptions& options = analysis->options;
  // Read one byte past the limit so that an oversized message is noticed, not silently cut.
  auto input = base::ReadInput(f.file, f.analysis.max_size + 1);
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
    std::cout << report::RenderText(report, ReportLanguage(f.analysis.lang, report),
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
  AddAnalysisFlags(cmd, flags->analysis);
  cmd->add_flag("--emit-authres", flags->emit_authres,
                "Print only an Authentication-Results header for the message (RFC 8601)");
  cmd->add_option("--authserv-id", flags->authserv_id, "authserv-id for --emit-authres")->capture_default_str();
  cmd->add_option("file", flags->file, "Message file (.eml or one mbox message), or - for stdin")->required();
  cmd->callback([flags, exit_code] { *exit_code = RunInspect(*flags); });
}

}  // namespace kakunin::cli
