// A real redis-server for tests: started on a free 127.0.0.1 port in a temporary folder, with
// no snapshots and an append-only file fsynced on every write (--save "" --appendonly yes
// --appendfsync always), so Restart() and Kill() + Start() keep every acknowledged write.
// Header-only; needs hiredis (linked by kakunin::store).
//
//   if (!kakunin::testing::RedisServer::Available()) GTEST_SKIP() << RedisServer::kMissing;
//   kakunin::testing::RedisServer redis;
//   ASSERT_TRUE(redis.ok()) << redis.error();
//   options.port = redis.port();
//
// Thread-safety: one thread controls a server; Command() may be called from any thread.
#ifndef KAKUNIN_TESTS_TESTING_REDIS_SERVER_H_
#define KAKUNIN_TESTS_TESTING_REDIS_SERVER_H_

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kakunin::testing {

class RedisServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/redis-server";
  static constexpr const char* kMissing =
      "/usr/bin/redis-server is not installed (Debian package redis-server, see scripts/deps.sh)";

  static bool Available() { return access(kBinary, X_OK) == 0; }

  // Starts the server; check ok().
  RedisServer() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunin-redis-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      error_ = "mkdtemp failed";
      return;
    }
    dir_ = pattern;
    port_ = FreePort();
    if (port_ == 0) {
      error_ = "no free port";
      return;
    }
    Start();
  }

  ~RedisServer() {
    Stop();
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }

  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  bool ok() const { return pid_ > 0 && error_.empty(); }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  // Starts the server (again) on the same port and folder and waits until it answers PING
  // (up to 10 s). Returns ok().
  bool Start() {
    if (pid_ > 0) return ok();
    error_.clear();
    const std::string port = std::to_string(port_);
    const std::string log = dir_ + "/redis.log";
    std::vector<std::string> args = {kBinary, "--port", port, "--bind", "127.0.0.1", "--dir", dir_,
                                     "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                                     "--daemonize", "no", "--logfile", log};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, kBinary, nullptr, nullptr, argv.data(), environ) != 0) {
      error_ = "cannot start redis-server";
      return false;
    }
    pid_ = pid;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        error_ = "redis-server exited: " + Log();
        return false;
      }
      auto pong = Command({"PING"});
      if (pong && *pong == "PONG") return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    error_ = "redis-server did not answer PING within 10 s: " + Log();
    return false;
  }

  // SIGTERM (the server writes its append-only file and exits); SIGKILL after 10 s.
  void Stop() { Signal(SIGTERM); }
  // SIGKILL: a crash. Writes acknowledged before it are in the append-only file (fsync always).
  void Kill() { Signal(SIGKILL); }
  bool Restart() {
    Stop();
    return Start();
  }
  // SIGSTOP: a server that hangs (the kernel still accepts connections; nothing is answered)
  // until Resume (SIGCONT), when it runs what it was sent meanwhile. Stop and Kill resume it.
  void Pause() {
    if (pid_ > 0) kill(pid_, SIGSTOP);
  }
  void Resume() {
    if (pid_ > 0) kill(pid_, SIGCONT);
  }

  // One command on a fresh connection. The reply as text (arrays joined with '\n', nil as "",
  // errors as they come, e.g. "ERR ..."), or nullopt if the server did not answer.
  std::optional<std::string> Command(const std::vector<std::string>& args) const {
    timeval tv{1, 0};
    redisContext* ctx = redisConnectWithTimeout("127.0.0.1", port_, tv);
    if (ctx == nullptr) return std::nullopt;
    std::optional<std::string> text;
    if (ctx->err == 0) {
      redisSetTimeout(ctx, tv);
      std::vector<const char*> argv;
      std::vector<size_t> lengths;
      for (const auto& a : args) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
      }
      auto* reply = static_cast<redisReply*>(
          redisCommandArgv(ctx, static_cast<int>(argv.size()), argv.data(), lengths.data()));
      if (reply != nullptr) {
        text = Text(reply);
        freeReplyObject(reply);
      }
    }
    redisFree(ctx);
    return text;
  }

 private:
  static int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    close(fd);
    return port;
  }

  static std::string Text(const redisReply* reply) {
    switch (reply->type) {
      case REDIS_REPLY_INTEGER: return std::to_string(reply->integer);
      case REDIS_REPLY_NIL: return "";
      case REDIS_REPLY_ARRAY: {
        std::string out;
        for (size_t i = 0; i < reply->elements; ++i) out += (i ? "\n" : "") + Text(reply->element[i]);
        return out;
      }
      default: return std::string(reply->str, reply->len);
    }
  }

  void Signal(int signal) {
    if (pid_ <= 0) return;
    kill(pid_, signal);
    kill(pid_, SIGCONT);  // A paused server acts on SIGTERM only once it runs again.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = 0;
  }

  std::string Log() const {
    std::ifstream in(dir_ + "/redis.log");
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    return s.size() > 2000 ? s.substr(s.size() - 2000) : s;
  }

  std::string dir_;
  std::string error_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_TESTING_REDIS_SERVER_H_
