// A real PostgreSQL server for tests: initdb into a fresh temporary folder, then `postgres`
// listening on 127.0.0.1 only, on a free port, with its unix socket inside that folder (so it
// never meets a system instance). Durability is switched off (fsync, full_page_writes,
// synchronous_commit): a test server that loses data on power loss is fine and much faster.
//
// PostgreSQL refuses to run as root. When the test runs as root, initdb and postgres run as the
// `postgres` system user (setuid in the forked child) and the folder is handed to that user.
// The server is a child of the thread that starts it and receives SIGQUIT if that thread dies
// (PR_SET_PDEATHSIG), so a crashed test leaves no server behind: start and restart it from the
// main thread (SetUpTestSuite, a test body, a global Environment).
//
// Usage: one server per test binary, one database per test:
//   static void SetUpTestSuite() { server_ = &kakunin::testing::PostgresServer::Shared(); }
//   void SetUp() override {
//     KAKUNIN_REQUIRE_POSTGRES(*server_);
//     conninfo_ = server_->CreateDatabase("t_" + std::to_string(++n));
//   }
// A missing installation (no postgres and initdb in $KAKUNIN_POSTGRES_BIN_DIR or
// /usr/lib/postgresql/*/bin, or no postgres user while running as root) skips the test; a server that is installed but will not start fails it.
// Header-only. Thread-safety: not thread-safe; call from the main thread.
#ifndef KAKUNIN_TESTS_TESTING_POSTGRES_SERVER_H_
#define KAKUNIN_TESTS_TESTING_POSTGRES_SERVER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace kakunin::testing {

class PostgresServer {
 public:
  enum class State { kRunning, kAbsent, kFailed, kStopped };

  // How long the server may take to accept connections, and to shut down, before we give up.
  static constexpr std::chrono::seconds kStartTimeout{30};
  static constexpr std::chrono::seconds kStopTimeout{10};
  // The superuser initdb creates; clients log in as it (auth=trust, loopback only).
  static constexpr const char* kUser = "postgres";

  // Starts the server; check state() (and error()) afterwards.
  PostgresServer() { Init(); }
  ~PostgresServer() {
    Stop();
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // One server per process, started on first use and stopped at exit.
  static PostgresServer& Shared() {
    static PostgresServer server;
    return server;
  }

  State state() const { return state_; }
  // Why the server is absent or failed (with the end of the server log).
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  const std::string& bin_dir() const { return bin_dir_; }

  // A libpq connection string for `dbname` on this server.
  std::string ConnInfo(const std::string& dbname) const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + kUser + " dbname=" + dbname +
           " connect_timeout=10";
  }

  // Creates an empty database and returns its conninfo; "" (and a test failure) when it fails.
  // REQUIRES: `name` is a plain SQL identifier ([a-z0-9_]).
  std::string CreateDatabase(const std::string& name) {
    if (!RunClient({bin_dir_ + "/createdb", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", kUser, name})) {
      ADD_FAILURE() << "createdb " << name << " failed:\n" << LogTail();
      return "";
    }
    return ConnInfo(name);
  }

  // Runs `sql` in `dbname` with psql (stops at the first error). Returns whether it succeeded.
  bool Sql(const std::string& dbname, const std::string& sql) {
    return RunClient({bin_dir_ + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                      std::to_string(port_), "-U", kUser, "-d", dbname, "-c", sql});
  }

  // Fast shutdown (SIGINT: open sessions are cut, the data stays). Returns whether it stopped.
  bool Stop() {
    if (pid_ <= 0) return true;
    kill(pid_, SIGINT);
    const bool stopped = WaitExit(kStopTimeout);
    if (!stopped) {
      kill(pid_, SIGKILL);
      WaitExit(kStopTimeout);
    }
    pid_ = -1;
    if (state_ == State::kRunning) state_ = State::kStopped;
    return stopped;
  }

  // Starts a stopped server again on the same port and data folder. Returns whether it is up.
  bool Start() {
    if (state_ == State::kRunning) return true;
    if (state_ != State::kStopped) return false;
    if (!Launch()) {
      state_ = State::kFailed;
      return false;
    }
    state_ = State::kRunning;
    return true;
  }

  // Stop() then Start(): every open connection is cut, as when a database server restarts.
  bool Restart() { return Stop() && Start(); }

 private:
  void Init() {
    bin_dir_ = FindBinDir();
    if (bin_dir_.empty()) {
      Absent("PostgreSQL server binaries not found in $KAKUNIN_POSTGRES_BIN_DIR or /usr/lib/postgresql/*/bin "
             "(Debian package postgresql)");
      return;
    }
    if (geteuid() == 0) {
      const passwd* pw = getpwnam(kUser);
      if (pw == nullptr) {
        Absent("running as root and there is no 'postgres' user to run the server as");
        return;
      }
      uid_ = pw->pw_uid;
      gid_ = pw->pw_gid;
      as_other_user_ = true;
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunin-pg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return Failed("mkdtemp failed");
    dir_ = pattern;
    if (as_other_user_ && chown(dir_.c_str(), uid_, gid_) != 0) return Failed("chown of " + dir_ + " failed");
    log_ = dir_ + "/server.log";
    data_ = dir_ + "/data";
    if (!Wait(Spawn({bin_dir_ + "/initdb", "-D", data_, "--auth=trust", "-U", kUser, "-E", "UTF8", "--no-locale",
                     "--no-sync", "--no-instructions"},
                    /*server=*/false))) {
      return Failed("initdb failed");
    }
    // A port found free may be taken before postgres binds it: try a few.
    for (int tries = 0; tries < 3; ++tries) {
      port_ = FreePort();
      if (port_ > 0 && Launch()) {
        state_ = State::kRunning;
        return;
      }
    }
    Failed("postgres did not start");
  }

  void Absent(const std::string& why) {
    state_ = State::kAbsent;
    error_ = why;
  }
  void Failed(const std::string& why) {
    state_ = State::kFailed;
    error_ = why + "\n" + LogTail();
  }

  // $KAKUNIN_POSTGRES_BIN_DIR if set (another layout; a folder without the binaries makes the
  // server absent), else the newest /usr/lib/postgresql/<major>/bin (Debian's layout).
  static std::string FindBinDir() {
    if (const char* forced = getenv("KAKUNIN_POSTGRES_BIN_DIR"); forced != nullptr) {
      const std::string bin = forced;
      const bool usable = access((bin + "/postgres").c_str(), X_OK) == 0 && access((bin + "/initdb").c_str(), X_OK) == 0;
      return usable ? bin : "";
    }
    std::string best;
    int best_version = -1;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      const std::string bin = entry.path().string() + "/bin";
      const int version = atoi(entry.path().filename().c_str());
      if (version > best_version && access((bin + "/postgres").c_str(), X_OK) == 0 &&
          access((bin + "/initdb").c_str(), X_OK) == 0) {
        best = bin;
        best_version = version;
      }
    }
    return best;
  }

  static int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    int port = -1;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    close(fd);
    return port;
  }

  // Starts postgres and waits until postmaster.pid says "ready".
  bool Launch() {
    std::error_code ignored;
    std::filesystem::remove(data_ + "/postmaster.pid", ignored);  // Left by a server killed hard.
    pid_ = Spawn({bin_dir_ + "/postgres", "-D", data_, "-p", std::to_string(port_), "-k", dir_, "-c",
                  "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c",
                  "synchronous_commit=off", "-c", "max_connections=100", "-c", "shared_buffers=16MB"},
                 /*server=*/true);
    if (pid_ <= 0) return false;
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {  // Exited: port taken, bad config, ...
        pid_ = -1;
        return false;
      }
      if (PidFileSaysReady()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Stop();
    return false;
  }

  // postmaster.pid line 8 is the server status ("starting", "ready", "stopping"); pg_ctl -w
  // polls the same line.
  bool PidFileSaysReady() const {
    std::ifstream in(data_ + "/postmaster.pid");
    std::string line;
    for (int i = 0; i < 8 && std::getline(in, line); ++i) {
    }
    return line.rfind("ready", 0) == 0;
  }

  bool WaitExit(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      const pid_t got = waitpid(pid_, &status, WNOHANG);
      if (got == pid_ || got < 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  static bool Wait(pid_t pid) {
    if (pid <= 0) return false;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) return false;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

  // A client program (createdb, psql) as this user, output to the log.
  bool RunClient(const std::vector<std::string>& args) {
    if (state_ != State::kRunning) return false;
    return Wait(Spawn(args, /*server=*/false, /*as_server_user=*/false));
  }

  // fork + exec with stdout and stderr appended to the log, in the data's parent folder, as the
  // postgres user when we are root. A server also gets SIGQUIT (immediate shutdown) when the
  // thread that started it dies.
  pid_t Spawn(const std::vector<std::string>& args, bool server, bool as_server_user = true) {
    // Everything the child needs is prepared before fork (only async-signal-safe calls after it).
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const bool switch_user = as_server_user && as_other_user_;
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid != 0) return pid;
    if (switch_user && (setgroups(0, nullptr) != 0 || setgid(gid_) != 0 || setuid(uid_) != 0)) _exit(126);
    // After the user switch: changing credentials clears the parent-death signal.
    if (server && (prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0 || getppid() != parent)) _exit(126);
    const int log = open(log_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log < 0 || null < 0 || dup2(null, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0) _exit(126);
    if (chdir(dir_.c_str()) != 0) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }

  std::string LogTail() const {
    std::ifstream in(log_);
    std::stringstream all;
    all << in.rdbuf();
    const std::string text = all.str();
    constexpr size_t kTail = 2000;
    return text.size() > kTail ? text.substr(text.size() - kTail) : text;
  }

  State state_ = State::kFailed;
  std::string error_;
  std::string bin_dir_;
  std::string dir_;
  std::string data_;
  std::string log_;
  int port_ = -1;
  pid_t pid_ = -1;
  bool as_other_user_ = false;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
};

}  // namespace kakunin::testing

// In a test's SetUp or body: skips when PostgreSQL is not installed, fails when it is but the
// server is not running.
#define KAKUNIN_REQUIRE_POSTGRES(server)                                                 \
  do {                                                                                   \
    if ((server).state() == ::kakunin::testing::PostgresServer::State::kAbsent) {        \
      GTEST_SKIP() << (server).error();                                                  \
    }                                                                                    \
    ASSERT_EQ((server).state(), ::kakunin::testing::PostgresServer::State::kRunning)     \
        << (server).error();                                                             \
  } while (false)

#endif  // KAKUNIN_TESTS_TESTING_POSTGRES_SERVER_H_
