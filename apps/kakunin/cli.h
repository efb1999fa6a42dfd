// The kakunin command line: flag parsing and dispatch to one file per command.
// Commands are thin: parse flags, call the library, print.
#ifndef KAKUNIN_APPS_KAKUNIN_CLI_H_
#define KAKUNIN_APPS_KAKUNIN_CLI_H_

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>

namespace kakunin::cli {

// Exit statuses shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 2;  // Bad usage or input: one line on stderr.

// Thrown inside a command to stop with a message on stderr and kExitError (ccache's Fatal).
class Fatal : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A command sets `*exit_code` from its callback.
using Register = std::function<void(CLI::App& app, int* exit_code)>;

// Registration functions, one per command file in commands/.
void RegisterInspect(CLI::App& app, int* exit_code);
void RegisterAlias(CLI::App& app, int* exit_code);
void RegisterBreach(CLI::App& app, int* exit_code);
void RegisterPassword(CLI::App& app, int* exit_code);
void RegisterDkim(CLI::App& app, int* exit_code);
void RegisterSpf(CLI::App& app, int* exit_code);
void RegisterArc(CLI::App& app, int* exit_code);
void RegisterUrl(CLI::App& app, int* exit_code);  // url and links
void RegisterDns(CLI::App& app, int* exit_code);
void RegisterExplain(CLI::App& app, int* exit_code);
void RegisterScan(CLI::App& app, int* exit_code);
void RegisterSms(CLI::App& app, int* exit_code);
void RegisterWeb(CLI::App& app, int* exit_code);  // kakunin web: the report as a local page

// Parses argv and runs the chosen command; returns the process exit status.
int Run(int argc, char** argv);

}  // namespace kakunin::cli

#endif  // KAKUNIN_APPS_KAKUNIN_CLI_H_
