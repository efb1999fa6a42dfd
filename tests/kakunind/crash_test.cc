// kill -9 of a real kakunind process while it issues and while it verifies codes, then a
// restart on the same data directory: every mail whose request was answered 202 is in the
// outbox exactly once, and no code is ever accepted twice.

#include <fstream>
#include <map>
#include <mutex>

#include "daemon.h"
#include "http_fixture.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;

constexpr int kAddresses = 3000;
// The kill comes once this many requests were answered, so it always lands mid-load.
constexpr int kKillAfter = 200;
constexpr int kClientThreads = 6;

// Sends `job(i)` for i in [0, kAddresses) from a bounded pool until the server stops answering.
template <class Job>
void Load(int port, Job job) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClientThreads; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_connection_timeout(2);
      client.set_read_timeout(5);
      for (int i = next++; i < kAddresses; i = next++) {
        if (!job(client, i)) return;
      }
    });
  }
  for (auto& t : threads) t.join();
}

std::string Address(int i) { return "user" + std::to_string(i) + "@example.com"; }

// Waits until the restarted daemon has drained its queue into the outbox.
void WaitForDrain(int port) {
  httplib::Client client("127.0.0.1", port);
  for (int i = 0; i < 100; ++i) {
    auto r = client.Get("/v1/health");
    if (r && json::parse(r->body, nullptr, false).value("queued_messages", -1) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "queue not drained";
}

TEST_F(HttpTest, KillNineDuringIssueAndVerifyLosesNoMailAndReusesNoCode) {
  const std::string config = dir_ + "/kakunind.toml";
  std::ofstream(config) << "templates_dir = \"" << kakunin::testing::SourceDir() << "/data/kakunind/templates\"\n"
                        << "[resend]\nip_per_hour = 0\n[passwords]\nargon2_opslimit = 1\nargon2_memlimit_kib = 64\n"
                        << "[dkim]\nenabled = false\n";
  const std::string data = dir_ + "/data";

  // Phase 1: sign-ups under load, killed mid-way.
  Daemon d = StartDaemon(config, data);
  ASSERT_GT(d.port, 0);
  std::mutex mu;
  std::map<std::string, std::string> accepted;  // Address -> sign-up flow id.
  std::atomic<int> answered{0};
  std::thread killer([&] {
    while (answered < kKillAfter) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    Kill9(d);
  });
  Load(d.port, [&](httplib::Client& c, int i) {
    auto r = c.Post("/v1/signup", json{{"email", Address(i)}, {"password", service::kStrongPassword}}.dump(),
                    "application/json");
    if (!r) return false;
    if (r->status == 202) {
      std::lock_guard lock(mu);
      accepted[Address(i)] = json::parse(r->body, nullptr, false).value("flow_id", "");
    }
    ++answered;
    return true;
  });
  killer.join();
  ASSERT_GT(accepted.size(), 10u) << "too few requests before the kill to test anything";
  ASSERT_LT(accepted.size(), static_cast<size_t>(kAddresses)) << "the kill came after the load";

  d = StartDaemon(config, data);
  ASSERT_GT(d.port, 0);
  WaitForDrain(d.port);
  std::map<std::string, std::string> code_of;
  std::map<std::string, int> mails_to;
  for (const auto& m : kakunin::testing::ReadOutbox(data + "/outbox")) {
    ++mails_to[m.to];
    code_of[m.to] = m.Code();
    EXPECT_TRUE(m.raw.ends_with("--\r\n")) << "truncated mail in new/: " << m.file;
  }
  for (const auto& [address, flow] : accepted) EXPECT_EQ(mails_to[address], 1) << address;  // None lost, none twice.
  for (const auto& [address, n] : mails_to) EXPECT_EQ(n, 1) << address;

  // Phase 2: verifications under load, killed mid-way.
  std::vector<std::string> targets;
  for (const auto& [address, flow] : accepted) targets.push_back(address);
  std::map<std::string, int> successes;
  answered = 0;
  std::thread killer2([&] {
    while (answered < kKillAfter / 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    Kill9(d);
  });
  std::atomic<int> next{0};
  Load(d.port, [&](httplib::Client& c, int) {
    const int i = next++;
    if (i >= static_cast<int>(targets.size())) return false;
    const json body = {{"email", targets[i]}, {"flow_id", accepted.at(targets[i])}, {"code", code_of.at(targets[i])}};
    auto r = c.Post("/v1/email/verify", body.dump(), "application/json");
    if (!r) return false;
    if (r->status == 200) {
      std::lock_guard lock(mu);
      ++successes[targets[i]];
    }
    ++answered;
    return true;
  });
  killer2.join();
  const size_t before_kill = successes.size();

  d = StartDaemon(config, data);
  ASSERT_GT(d.port, 0);
  httplib::Client client("127.0.0.1", d.port);
  size_t after_restart = 0;
  for (const auto& address : targets) {
    const json body = {{"email", address}, {"flow_id", accepted.at(address)}, {"code", code_of.at(address)}};
    auto r = client.Post("/v1/email/verify", body.dump(), "application/json");
    ASSERT_TRUE(r);
    if (r->status == 200) {
      ++successes[address];
      ++after_restart;
    }
  }
  StopDaemon(d);
  for (const auto& [address, n] : successes) EXPECT_EQ(n, 1) << address << " accepted " << n << " times";
  EXPECT_GT(before_kill, 0u);
  EXPECT_GT(after_restart, 0u);
  std::cout << "accepted sign-ups before kill: " << accepted.size() << ", verified before kill: " << before_kill
            << ", after restart: " << after_restart << "\n";
}

}  // namespace
}  // namespace kakunin::kakunind
