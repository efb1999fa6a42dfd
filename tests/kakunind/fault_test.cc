// kakunind under faults (issue #11), on the SQLite store, through the real HttpServer:
//  - the database write-locked by another process (the sqlite3 shell) beyond busy_timeout, and
//    a lock released within it;
//  - the database's file system full (a 1 MiB tmpfs), and the database files removed;
//  - the outbox's file system full (a small tmpfs under the data directory);
//  - the clock jumping backward and forward.
// Each test asserts the four properties where they apply: no code accepted twice, no
// limit bypassed (a failed request never answers as a counted wrong guess would, and counters
// kept before the fault still hold after it), no mail lost (queued mail is written once the
// fault ends, once per message) and clear errors (HTTP 500 {"error":"internal"} with the
// store's reason in the audit log).
// tmpfs needs mount(2) (root, or CAP_SYS_ADMIN); without it those tests are skipped with the
// reason. The lock tests need /usr/bin/sqlite3 (Debian package sqlite3, in scripts/deps.sh).
#include <fcntl.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "http_fixture.h"
#include "kakunin/otp.h"

extern char** environ;

namespace kakunin::kakunind {
namespace {

constexpr char kSqliteShell[] = "/usr/bin/sqlite3";

// The sqlite3 shell holding the database's write lock until Release() (or destruction).
class Locker {
 public:
  ~Locker() { Release(); }
  // Starts the shell and waits until it holds BEGIN EXCLUSIVE. False if it could not.
  bool Lock(const std::string& db) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::string shell = kSqliteShell, batch = "-batch", path = db;
    char* argv[] = {shell.data(), batch.data(), path.data(), nullptr};
    const int rc = posix_spawn(&pid_, kSqliteShell, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    to_ = in[1];
    if (rc != 0) {
      pid_ = -1;
      close(out[0]);
      return false;
    }
    Send(".timeout 10000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n");
    std::string answer;
    char buf[64];
    ssize_t n;
    while (answer.find("locked") == std::string::npos && (n = read(out[0], buf, sizeof buf)) > 0) answer.append(buf, n);
    close(out[0]);
    return answer.find("locked") != std::string::npos;
  }
  void Release() {
    if (pid_ <= 0) return;
    Send("ROLLBACK;\n.quit\n");
    close(to_);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  void Send(const std::string& text) { (void)!write(to_, text.data(), text.size()); }
  pid_t pid_ = -1;
  int to_ = -1;
};

class FaultTest : public HttpTest {
 protected:
  void TearDown() override {
    HttpTest::StopServer();
    for (auto it = mounts_.rbegin(); it != mounts_.rend(); ++it) umount2(it->c_str(), MNT_DETACH);
    HttpTest::TearDown();
  }

  // Mounts a `bytes`-sized tmpfs at `dir` (created). False with the reason in `why` if mount(2)
  // is refused (not root).
  bool MountTmpfs(const std::string& dir, size_t bytes, std::string& why) {
    std::filesystem::create_directories(dir);
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
    if (mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      why = "mount -t tmpfs refused (" + std::string(std::strerror(errno)) + "): needs root or CAP_SYS_ADMIN";
      return false;
    }
    mounts_.push_back(dir);
    return true;
  }
  // Fills the file system holding `dir` until write(2) fails with ENOSPC.
  static bool Fill(const std::string& dir) {
    const int fd = open((dir + "/filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return false;
    std::string block(4096, 'x');
    int error = 0;
    for (;;) {
      if (write(fd, block.data(), block.size()) < 0) {
        error = errno;
        break;
      }
    }
    close(fd);
    return error == ENOSPC;
  }

  // The service over SQLite at `db` (data in `data_dir`), on the fixture's settable clock, served
  // by the real HttpServer.
  void StartAt(const std::string& db, const std::string& data_dir, store::SqliteOptions sqlite,
               service::ServiceOptions options) {
    db_ = db;
    data_ = data_dir;
    auto store = store::OpenSqliteStore(db, sqlite);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::shared_ptr<store::Store>(std::move(*store));
    auto service = service::Service::Create(options, store_, [this] { return now_.load(); });
    ASSERT_TRUE(service.has_value()) << service.error().ToString();
    service_ = std::move(*service);
    HttpOptions http;
    http.port = 0;
    server_ = std::make_unique<HttpServer>(*service_, http);
    auto port = server_->Bind();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
    thread_ = std::thread([this] { server_->Serve(); });
  }
  // StartAt in dir_ with SQLite's busy_timeout; skips the test without the sqlite3 shell.
  void StartForLock(int busy_timeout_ms) {
    if (access(kSqliteShell, X_OK) != 0) GTEST_SKIP() << kSqliteShell << " missing (Debian package sqlite3)";
    store::SqliteOptions sqlite;
    sqlite.busy_timeout_ms = busy_timeout_ms;
    StartAt(dir_ + "/kakunind.db", dir_, sqlite, Options(dir_));
  }
  service::ServiceOptions Options(const std::string& data_dir) {
    service::ServiceOptions o = service::TestOptions(data_dir);
    o.codes.max_attempts = 3;
    return o;
  }

  // Messages in the outbox to `to`.
  std::vector<kakunin::testing::OutMessage> MailTo(const std::string& to) {
    std::vector<kakunin::testing::OutMessage> out;
    for (auto& m : kakunin::testing::ReadOutbox(data_ + "/outbox")) {
      if (m.to == to) out.push_back(std::move(m));
    }
    return out;
  }
  // Signs up `email`; returns the flow id (the code is queued, not yet delivered).
  std::string StartSignup(const std::string& email) {
    HttpReply r = Post("/v1/signup", {{"email", email}, {"password", service::kStrongPassword}});
    EXPECT_EQ(r.status, 202) << r.body;
    return r.body.value("flow_id", "");
  }
  // Signs up `email` and delivers the queue; returns the flow id and the mailed code.
  std::pair<std::string, std::string> SignupWithCode(const std::string& email) {
    const std::string flow = StartSignup(email);
    EXPECT_TRUE(service_->DeliverPending().has_value());
    return {flow, kakunin::testing::LastTo(data_ + "/outbox", email).Code()};
  }
  HttpReply Verify(const std::string& email, const std::string& flow, const std::string& code) {
    return Post("/v1/email/verify", {{"email", email}, {"flow_id", flow}, {"code", code}});
  }
  std::string Audit() { return kakunin::testing::Slurp(data_ + "/audit.jsonl"); }

  std::atomic<int64_t> now_{1'800'000'000};
  std::string db_, data_;
  std::vector<std::string> mounts_;
};

// A wrong code that differs from `code` in every digit.
std::string WrongCode(const std::string& code) {
  std::string wrong = code;
  for (char& ch : wrong) ch = static_cast<char>('0' + (ch - '0' + 5) % 10);
  return wrong;
}

TEST_F(FaultTest, DatabaseLockedBeyondBusyTimeout) {
  StartForLock(200);
  if (IsSkipped() || HasFatalFailure()) return;
  const std::string token = SignUp("known@example.com");  // An account to sign in to.
  ASSERT_FALSE(token.empty());
  const auto [flow, code] = SignupWithCode("new@example.com");
  ASSERT_FALSE(code.empty());
  // Two wrong tries before the fault: with max_attempts 3, one is left.
  EXPECT_EQ(Verify("new@example.com", flow, WrongCode(code)).status, 400);
  EXPECT_EQ(Verify("new@example.com", flow, WrongCode(code)).status, 400);

  Locker locker;
  ASSERT_TRUE(locker.Lock(dir_ + "/kakunind.db"));
  // The right and a wrong code get the same answer: a lock must not become an uncounted oracle.
  const auto start = std::chrono::steady_clock::now();
  HttpReply right = Verify("new@example.com", flow, code);
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  HttpReply wrong = Verify("new@example.com", flow, WrongCode(code));
  EXPECT_EQ(right.status, 500) << right.body;
  EXPECT_EQ(right.body, nlohmann::json({{"error", "internal"}}));
  EXPECT_EQ(wrong.status, right.status);
  EXPECT_EQ(wrong.body, right.body);
  EXPECT_GE(waited, 0.18) << "answered before busy_timeout (200 ms) ran out";
  // Passwords likewise: a wrong password is not answered 401 while its failure cannot be counted.
  HttpReply bad_login = Post("/v1/login", {{"email", "known@example.com"}, {"password", "wrong password 123"}});
  HttpReply good_login = Post("/v1/login", {{"email", "known@example.com"}, {"password", service::kStrongPassword}});
  EXPECT_EQ(bad_login.status, 500) << bad_login.body;
  EXPECT_EQ(good_login.status, 500) << good_login.body;
  EXPECT_EQ(Post("/v1/signup", {{"email", "third@example.com"}, {"password", service::kStrongPassword}}).status, 500);
  // The reason is in the audit log, for the operator.
  EXPECT_NE(Audit().find("database is locked"), std::string::npos) << Audit();
  locker.Release();

  // After the lock: the attempts counted before it still count; the last try is the right code.
  HttpReply after = Verify("new@example.com", flow, code);
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(Verify("new@example.com", flow, code).status, 400) << "a code accepted twice";
  EXPECT_EQ(Post("/v1/login", {{"email", "known@example.com"}, {"password", service::kStrongPassword}}).status, 200);
}

TEST_F(FaultTest, DatabaseLockedAttemptsStillCountAfterwards) {
  StartForLock(100);
  if (IsSkipped() || HasFatalFailure()) return;
  const auto [flow, code] = SignupWithCode("new@example.com");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Verify("new@example.com", flow, WrongCode(code)).status, 400);
  {
    Locker locker;
    ASSERT_TRUE(locker.Lock(dir_ + "/kakunind.db"));
    EXPECT_EQ(Verify("new@example.com", flow, code).status, 500);
  }
  // max_attempts (3) were spent before the lock: the right code stays refused.
  EXPECT_EQ(Verify("new@example.com", flow, code).status, 400);
}

TEST_F(FaultTest, DatabaseLockReleasedWithinBusyTimeoutIsWaitedFor) {
  StartForLock(10000);
  if (IsSkipped() || HasFatalFailure()) return;
  const auto [flow, code] = SignupWithCode("new@example.com");
  Locker locker;
  ASSERT_TRUE(locker.Lock(dir_ + "/kakunind.db"));
  std::thread release([&locker] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    locker.Release();
  });
  HttpReply r = Verify("new@example.com", flow, code);
  release.join();
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Verify("new@example.com", flow, code).status, 400);
}

TEST_F(FaultTest, DatabaseFileSystemFull) {
  std::string why;
  if (!MountTmpfs(dir_ + "/db", 1 << 20, why)) GTEST_SKIP() << why;
  StartAt(dir_ + "/db/kakunind.db", dir_, {}, Options(dir_));
  const auto [flow, code] = SignupWithCode("new@example.com");
  EXPECT_EQ(Verify("new@example.com", flow, WrongCode(code)).status, 400);
  EXPECT_EQ(Verify("new@example.com", flow, WrongCode(code)).status, 400);

  ASSERT_TRUE(Fill(dir_ + "/db"));
  // Writes need new pages in the write-ahead log: every flow that must write fails, clearly,
  // and a full disk never turns a try into an uncounted one.
  std::map<int, int> statuses;
  for (int i = 0; i < 20; ++i) {
    const std::string email = "full" + std::to_string(i) + "@example.com";
    statuses[Post("/v1/signup", {{"email", email}, {"password", service::kStrongPassword}}).status]++;
  }
  EXPECT_GT(statuses[500], 0) << "the full file system was never noticed";
  EXPECT_EQ(statuses[500] + statuses[202], 20);
  HttpReply right = Verify("new@example.com", flow, code);
  HttpReply wrong = Verify("new@example.com", flow, WrongCode(code));
  EXPECT_EQ(right.status, wrong.status) << right.body << wrong.body;
  if (right.status == 500) {
    EXPECT_NE(Audit().find("full"), std::string::npos) << Audit();
  }

  std::filesystem::remove(dir_ + "/db/filler");
  HttpReply after = Verify("new@example.com", flow, code);
  if (right.status == 500) {
    EXPECT_EQ(after.status, 200) << after.body;  // The one try left.
  } else {
    EXPECT_EQ(after.status, 400);  // Spent while full (counted: nothing bypassed).
  }
  EXPECT_EQ(Verify("new@example.com", flow, code).status, 400) << "a code accepted twice";
  const std::string later = StartSignup("later@example.com");
  EXPECT_FALSE(later.empty());
}

TEST_F(FaultTest, DatabaseFilesRemovedWhileRunning) {
  std::filesystem::create_directories(dir_ + "/db");
  StartAt(dir_ + "/db/kakunind.db", dir_, {}, Options(dir_));
  const auto [flow, code] = SignupWithCode("new@example.com");
  std::filesystem::remove_all(dir_ + "/db");
  // The open connection keeps the (now unlinked) files: flows in progress finish, and a code is
  // still accepted once only.
  HttpReply r = Verify("new@example.com", flow, code);
  EXPECT_TRUE(r.status == 200 || r.status == 500) << r.status << r.body;
  EXPECT_NE(Verify("new@example.com", flow, code).status, 200) << "a code accepted twice";
  // A restart on the missing folder refuses to start, naming the path.
  StopServer();
  store_.reset();
  auto reopened = store::OpenSqliteStore(dir_ + "/db/kakunind.db");
  ASSERT_FALSE(reopened.has_value());
  EXPECT_NE(reopened.error().message.find(dir_ + "/db/kakunind.db"), std::string::npos) << reopened.error().message;
}

TEST_F(FaultTest, OutboxFileSystemFullLosesNoMail) {
  std::string why;
  if (!MountTmpfs(dir_ + "/data", 256 * 1024, why)) GTEST_SKIP() << why;
  StartAt(dir_ + "/kakunind.db", dir_ + "/data", {}, Options(dir_ + "/data"));
  const std::vector<std::string> to = {"a@example.com", "b@example.com", "c@example.com"};
  std::map<std::string, std::string> flows;
  ASSERT_TRUE(Fill(dir_ + "/data"));
  // Requests still succeed: the mail waits in the database's queue, not in the outbox.
  for (const auto& email : to) flows[email] = StartSignup(email);
  auto delivered = service_->DeliverPending();
  EXPECT_FALSE(delivered.has_value()) << "wrote " << *delivered << " messages to a full file system";
  for (const auto& email : to) EXPECT_TRUE(MailTo(email).empty()) << email;

  std::filesystem::remove(dir_ + "/data/filler");
  delivered = service_->DeliverPending();
  ASSERT_TRUE(delivered.has_value()) << delivered.error().ToString();
  EXPECT_EQ(*delivered, 3);
  delivered = service_->DeliverPending();
  ASSERT_TRUE(delivered.has_value());
  EXPECT_EQ(*delivered, 0);
  for (const auto& email : to) {
    auto mails = MailTo(email);
    ASSERT_EQ(mails.size(), 1u) << email << ": each queued message exactly once";
    EXPECT_EQ(Verify(email, flows[email], mails[0].Code()).status, 200) << email;
  }
  // No half-written message left behind in tmp/.
  size_t leftovers = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_ + "/data/outbox/tmp")) ++leftovers;
  EXPECT_EQ(leftovers, 0u);
}

TEST_F(FaultTest, ClockBackwardNeverAcceptsACodeTwice) {
  StartAt(dir_ + "/kakunind.db", dir_, {}, Options(dir_));
  const auto [flow, code] = SignupWithCode("new@example.com");
  now_ += 10;
  EXPECT_EQ(Verify("new@example.com", flow, code).status, 200);
  for (int64_t back : {5, 600, 86400, 365 * 86400}) {
    now_ = 1'800'000'010 - back;
    EXPECT_EQ(Verify("new@example.com", flow, code).status, 400) << "accepted again " << back << " s back";
  }
}

TEST_F(FaultTest, ClockForwardExpiresCodes) {
  service::ServiceOptions o = Options(dir_);
  StartAt(dir_ + "/kakunind.db", dir_, {}, o);
  const auto [flow, code] = SignupWithCode("new@example.com");
  now_ += o.codes.ttl_seconds + 1;
  EXPECT_EQ(Verify("new@example.com", flow, code).status, 400) << "an expired code accepted";
}

TEST_F(FaultTest, ClockBackwardKeepsResendLimits) {
  service::ServiceOptions o = Options(dir_);
  StartAt(dir_ + "/kakunind.db", dir_, {}, o);
  const std::string flow = StartSignup("new@example.com");
  // The hour's sends for this address (the sign-up was the first), one minute apart.
  for (int i = 1; i < o.resend.address_per_hour; ++i) {
    now_ += o.resend.address_min_interval_seconds + 1;
    EXPECT_EQ(Post("/v1/email/verify/resend", {{"email", "new@example.com"}, {"flow_id", flow}}).status, 202) << i;
  }
  now_ += o.resend.address_min_interval_seconds + 1;
  const int64_t spent_at = now_;
  EXPECT_EQ(Post("/v1/email/verify/resend", {{"email", "new@example.com"}, {"flow_id", flow}}).status, 429);
  for (int64_t back : {61, 3600, 7200, 86400, 365 * 86400}) {
    now_ = spent_at - back;
    EXPECT_EQ(Post("/v1/email/verify/resend", {{"email", "new@example.com"}, {"flow_id", flow}}).status, 429)
        << "limit bypassed " << back << " s back";
  }
  // Forward past the hour: the window has moved on.
  now_ = spent_at + 3600;
  EXPECT_EQ(Post("/v1/email/verify/resend", {{"email", "new@example.com"}, {"flow_id", flow}}).status, 202);
}

TEST_F(FaultTest, ClockBackwardKeepsBudgetLock) {
  service::ServiceOptions o = Options(dir_);
  o.codes.account_budget = 4;
  StartAt(dir_ + "/kakunind.db", dir_, {}, o);
  const auto [flow, code] = SignupWithCode("new@example.com");
  // Two flows share the address's budget: 3 wrong tries on the first, then the second.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Verify("new@example.com", flow, WrongCode(code)).status, 400);
  now_ += 3600;
  const auto [flow2, code2] = SignupWithCode("new@example.com");
  EXPECT_EQ(Verify("new@example.com", flow2, WrongCode(code2)).status, 400);  // The budget's last.
  HttpReply locked = Verify("new@example.com", flow2, code2);
  ASSERT_EQ(locked.status, 429) << locked.body;
  const int64_t locked_at = now_;
  for (int64_t back : {60, 86400, 30 * 86400}) {
    now_ = locked_at - back;
    EXPECT_EQ(Verify("new@example.com", flow2, code2).status, 429) << "lock bypassed " << back << " s back";
  }
}

TEST_F(FaultTest, ClockBackwardNeverReplaysTotp) {
  StartAt(dir_ + "/kakunind.db", dir_, {}, Options(dir_));
  const std::string token = SignUp("totp@example.com");
  HttpReply enroll = Post("/v1/totp/enroll", {{"password", service::kStrongPassword}}, token);
  ASSERT_EQ(enroll.status, 200) << enroll.body;
  auto secret = otp::Base32Decode(enroll.body.value("secret", ""));
  ASSERT_TRUE(secret.has_value());
  now_ += 30;
  const int64_t t = now_;
  const std::string first = *otp::Totp(*secret, t, 6);
  ASSERT_EQ(Post("/v1/totp/confirm", {{"code", first}}, token).status, 200);
  // Sign in with the next step's code, then move the clock back over steps already used.
  now_ = t + 30;
  const std::string second = *otp::Totp(*secret, now_, 6);
  HttpReply login = Post("/v1/login", {{"email", "totp@example.com"}, {"password", service::kStrongPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string login_flow = login.body.value("flow_id", "");
  ASSERT_EQ(Post("/v1/login/code", {{"flow_id", login_flow}, {"code", second}}).status, 200);
  for (int64_t back : {30, 60, 300, 3600}) {
    now_ = t + 30 - back;
    const std::string old_code = *otp::Totp(*secret, now_, 6);
    HttpReply again = Post("/v1/login", {{"email", "totp@example.com"}, {"password", service::kStrongPassword}});
    ASSERT_EQ(again.status, 200) << again.body;
    const std::string f = again.body.value("flow_id", "");
    for (const std::string& c : {old_code, second, first}) {
      EXPECT_NE(Post("/v1/login/code", {{"flow_id", f}, {"code", c}}).status, 200)
          << "TOTP code replayed " << back << " s back";
    }
  }
}

}  // namespace
}  // namespace kakunin::kakunind
