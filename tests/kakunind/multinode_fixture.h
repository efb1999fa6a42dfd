// Two real kakunind processes on one Redis and one PostgreSQL: the fixtures shared by the
// multi-node tests (multinode_test.cc) and the fault tests on several nodes
// (multinode_fault_test.cc). ClusterTest gives each test its own redis-server and its own
// database on the binary's PostgreSQL server (testing/redis_postgres_test.h); MultiNodeTest adds two
// data directories /a and /b that share one secret.key (codes are stored as keyed hashes and
// queued messages sealed with it) and starts kakunind on them.
// Thread-safety: Post, Verify, Mails and WaitForMails may be called from several threads; the
// rest from the test's main thread.
#ifndef KAKUNIN_TESTS_KAKUNIND_MULTINODE_FIXTURE_H_
#define KAKUNIN_TESTS_KAKUNIND_MULTINODE_FIXTURE_H_

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "daemon.h"
#include "http_fixture.h"
#include "testing/redis_postgres_test.h"

namespace kakunin::kakunind {

inline constexpr int kMaxAttempts = 5;  // CodeOptions::max_attempts default.

// The i-th wrong guess at a digit code: `code` with its last digit changed (never to itself).
inline std::string Wrong(const std::string& code, int i) {
  std::string w = code;
  w.back() = static_cast<char>('0' + (w.back() - '0' + 1 + i % 9) % 10);
  return w;
}

// A redis-server of its own and a fresh database on the binary's PostgreSQL server, per test.
class ClusterTest : public kakunin::testing::RedisPostgresTest {
 protected:
  void SetUp() override { SetUpServers("multinode", RedisUse::kOwn); }

  // A temporary folder dir_ with the node folders dir_/a and dir_/b, which hold one secret.key:
  // nodes must share it (codes are keyed hashes, queued messages sealed with it).
  void MakeNodeDirs() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunind-multi-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::string secret(32, '\0');
    std::random_device rd;
    for (char& c : secret) c = static_cast<char>(rd());
    for (const char* node : {"/a", "/b"}) {
      std::filesystem::create_directories(dir_ + node);
      ::chmod((dir_ + node).c_str(), 0700);
      std::ofstream(dir_ + node + "/secret.key", std::ios::binary) << secret;
      ::chmod((dir_ + node + "/secret.key").c_str(), 0600);
    }
  }

  std::string dir_;  // MakeNodeDirs; removed by the derived fixture's TearDown.
};

class MultiNodeTest : public ClusterTest {
 protected:
  void SetUp() override {
    ClusterTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    MakeNodeDirs();
    if (HasFatalFailure()) return;
    config_ = dir_ + "/kakunind.toml";
    std::ofstream(config_) << "templates_dir = \"" << kakunin::testing::SourceDir() << "/data/kakunind/templates\"\n"
                           << "[resend]\nip_per_hour = 0\naddress_min_interval_seconds = 0\n"
                           << "[passwords]\nargon2_opslimit = 1\nargon2_memlimit_kib = 64\n"
                           << "[dkim]\nenabled = false\n"
                           << "[store]\nengine = \"redis+postgresql\"\n"
                           << "[store.redis]\nport = " << redis().port() << "\n"
                           << "[store.postgresql]\nconninfo = \"" << pg_options_.conninfo << "\"\n";
  }
  void TearDown() override {
    for (Daemon* d : {&a_, &b_}) StopDaemon(*d);
    own_redis_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Daemon Start(const char* node) { return StartDaemon(config_, dir_ + node); }

  static HttpReply Post(const Daemon& d, const std::string& path, const nlohmann::json& body) {
    httplib::Client client("127.0.0.1", d.port);
    client.set_read_timeout(10);
    auto r = client.Post(path, body.dump(), "application/json");
    HttpReply reply;
    if (!r) return reply;
    reply.status = r->status;
    reply.body = nlohmann::json::parse(r->body, nullptr, false);
    return reply;
  }

  // Every mail in both nodes' outboxes, by recipient.
  std::map<std::string, std::vector<std::string>> Mails() const {
    std::map<std::string, std::vector<std::string>> codes;
    for (const char* node : {"/a", "/b"}) {
      for (const auto& m : kakunin::testing::ReadOutbox(dir_ + node + "/outbox")) codes[m.to].push_back(m.Code());
    }
    return codes;
  }

  // Waits until every address in `want` has a mail; returns the codes.
  std::map<std::string, std::vector<std::string>> WaitForMails(const std::set<std::string>& want) const {
    std::map<std::string, std::vector<std::string>> mails;
    for (int i = 0; i < 200; ++i) {
      mails = Mails();
      bool all = true;
      for (const auto& address : want) all = all && mails.count(address) > 0;
      if (all) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return mails;
  }

  std::string SignUp(const Daemon& d, const std::string& email) {
    HttpReply r = Post(d, "/v1/signup", {{"email", email}, {"password", service::kStrongPassword}});
    EXPECT_EQ(r.status, 202) << r.body.dump();
    return r.status == 202 ? r.body.value("flow_id", "") : "";
  }

  int Verify(const Daemon& d, const std::string& email, const std::string& flow, const std::string& code) {
    return Post(d, "/v1/email/verify", {{"email", email}, {"flow_id", flow}, {"code", code}}).status;
  }


  std::string config_;
  Daemon a_;
  Daemon b_;
};

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_TESTS_KAKUNIND_MULTINODE_FIXTURE_H_
