// kakunin breach email: registered under `kakunin breach` by RegisterBreach (breach.cc).
#ifndef KAKUNIN_APPS_KAKUNIN_COMMANDS_BREACH_EMAIL_H_
#define KAKUNIN_APPS_KAKUNIN_COMMANDS_BREACH_EMAIL_H_

#include <CLI/CLI.hpp>

namespace kakunin::cli {

void RegisterBreachEmail(CLI::App* breach, int* exit_code);

}  // namespace kakunin::cli

#endif  // KAKUNIN_APPS_KAKUNIN_COMMANDS_BREACH_EMAIL_H_
