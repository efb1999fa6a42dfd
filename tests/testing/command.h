// Runs a shell command for a test and returns its exit status and everything it wrote to
// stdout (add 2>&1 to the command for stderr). Header-only; not thread-safe (popen).
#ifndef KAKUNIN_TESTS_TESTING_COMMAND_H_
#define KAKUNIN_TESTS_TESTING_COMMAND_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace kakunin::testing {

struct CommandResult {
  bool started = false;  // popen succeeded.
  int exit_code = -1;    // The exit status, or -1 if the command did not exit normally.
  std::string output;
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  result.started = true;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_TESTING_COMMAND_H_
