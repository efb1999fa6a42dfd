#include "dns/local_unbound.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace kakunin::testing {
namespace {

int BoundPort(int type, int port) {
  int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  socklen_t len = sizeof addr;
  int result = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    result = ntohs(addr.sin_port);
  }
  ::close(fd);
  return result;
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

}  // namespace

int FreeLoopbackPort() {
  for (int attempt = 0; attempt < 20; ++attempt) {
    int port = BoundPort(SOCK_DGRAM, 0);
    if (port > 0 && BoundPort(SOCK_STREAM, port) == port) return port;
  }
  return -1;
}

std::string LocalUnbound::Start(const LocalUnboundConfig& config) {
  // The port is free when picked but another process may take it before unbound binds it:
  // then unbound exits at once, and another port is tried.
  std::string error;
  for (int attempt = 0; attempt < 3; ++attempt) {
    error = StartOnce(config);
    if (error.empty() || error.find("exited at start") == std::string::npos) return error;
    Stop();
  }
  return error;
}

std::string LocalUnbound::StartOnce(const LocalUnboundConfig& config) {
  std::string templ = std::filesystem::temp_directory_path().string() + "/kakunin-unbound-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) return "mkdtemp failed";
  dir_ = templ;
  port_ = FreeLoopbackPort();
  if (port_ <= 0) return "no free port";
  const std::string conf = dir_ + "/unbound.conf";
  {
    std::ofstream out(conf);
    out << "server:\n"
        << "  username: \"\"\n  chroot: \"\"\n"
        << "  directory: \"" << dir_ << "\"\n"
        << "  pidfile: \"" << dir_ << "/unbound.pid\"\n"
        << "  logfile: \"" << dir_ << "/unbound.log\"\n"
        << "  use-syslog: no\n  verbosity: 1\n  do-daemonize: no\n"
        << "  num-threads: 1\n  do-ip6: no\n"
        << "  interface: 127.0.0.1\n  port: " << port_ << "\n"
        << "  access-control: 127.0.0.0/8 allow\n"
        << "  outgoing-interface: 127.0.0.1\n"
        // No validator, no root hints in use: the iterator is never reached for the test
        // zones, and every other name is refused below.
        << "  module-config: \"iterator\"\n"
        << "  local-zone: \".\" refuse\n";
    for (const auto& zone : config.local_zones) out << "  local-zone: " << zone << "\n";
    for (const auto& data : config.local_data) out << "  local-data: '" << data << "'\n";
    for (const auto& zone : config.auth_zones) {
      out << "auth-zone:\n  name: \"" << zone.name << "\"\n  zonefile: \"" << zone.zonefile
          << "\"\n  for-downstream: yes\n  for-upstream: no\n  fallback-enabled: no\n";
    }
    out << "remote-control:\n  control-enable: no\n";
  }
  const std::string log = dir_ + "/unbound.log";
  std::string binary = kUnboundBinary;
  std::string flag_c = "-c";
  char* argv[] = {binary.data(), flag_c.data(), const_cast<char*>(conf.c_str()), nullptr};
  if (::posix_spawn(&pid_, kUnboundBinary, nullptr, nullptr, argv, environ) != 0) {
    pid_ = -1;
    return "cannot start " + binary;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return "unbound exited at start; log:\n" + Tail(log);
    }
    if (Answers()) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  return "unbound did not answer within 10 s; log:\n" + Tail(log);
}

// Sends one query (". NS", refused by the configuration) and waits 100 ms for any reply.
bool LocalUnbound::Answers() const {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  // Header: id 0x4b4b, RD, one question; then the root name, type NS (2), class IN (1).
  const unsigned char query[] = {0x4b, 0x4b, 0x01, 0x00, 0x00, 0x01, 0,    0,   0,
                                 0,    0,    0,    0x00, 0x00, 0x02, 0x00, 0x01};
  bool ok = false;
  if (::sendto(fd, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ==
      static_cast<ssize_t>(sizeof query)) {
    pollfd pfd{fd, POLLIN, 0};
    unsigned char reply[512];
    ok = ::poll(&pfd, 1, 100) == 1 && ::recv(fd, reply, sizeof reply, 0) >= 12 &&
         reply[0] == 0x4b && reply[1] == 0x4b;
  }
  ::close(fd);
  return ok;
}

void LocalUnbound::Stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    dir_.clear();
  }
}

}  // namespace kakunin::testing
