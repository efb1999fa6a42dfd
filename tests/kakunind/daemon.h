// The real kakunind program, started and stopped by tests (crash and multi-node tests).
#ifndef KAKUNIN_TESTS_KAKUNIND_DAEMON_H_
#define KAKUNIN_TESTS_KAKUNIND_DAEMON_H_

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace kakunin::kakunind {

struct Daemon {
  pid_t pid = -1;
  int port = 0;
};

// Starts the kakunind binary on an ephemeral port and reads the port from its start-up line.
inline Daemon StartDaemon(const std::string& config, const std::string& data_dir) {
  int out[2];
  if (pipe(out) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(KAKUNIND_BINARY, KAKUNIND_BINARY, "--config", config.c_str(), "--listen", "127.0.0.1:0", "--data-dir",
          data_dir.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  Daemon d;
  d.pid = pid;
  std::string text;
  const std::string marker = "listening on 127.0.0.1:";
  for (int waited = 0; waited < 100 && text.find(marker) == std::string::npos; ++waited) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[4096];
      ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
  }
  // The daemon prints nothing more after this line; ignoring SIGPIPE is not needed.
  close(out[0]);
  const size_t at = text.find(marker);
  if (at != std::string::npos) d.port = std::atoi(text.c_str() + at + marker.size());
  return d;
}

inline void Kill9(Daemon& d) {
  kill(d.pid, SIGKILL);
  int status = 0;
  waitpid(d.pid, &status, 0);
  d.pid = -1;
}

inline void StopDaemon(Daemon& d) {
  if (d.pid <= 0) return;
  kill(d.pid, SIGTERM);
  int status = 0;
  waitpid(d.pid, &status, 0);
  d.pid = -1;
}

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_TESTS_KAKUNIND_DAEMON_H_
