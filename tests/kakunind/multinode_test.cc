// Two real kakunind processes on one Redis and one PostgreSQL (the multi-node proof):
//  - a brute force spread over both nodes gets no more tries than on one node: a code dies after
//    its fifth wrong try whichever node counted them, also when the guesses come in parallel;
//  - kill -9 of a node while it answers sign-ups loses nothing: every sign-up answered 202 gets its
//    mail exactly once (from either node's outbox) and its code works on the other node.
// Both nodes share the server secret (data_dir/secret.key), as docs/kakunind.md asks: codes are
// stored as keyed hashes and queued messages sealed with it.
#include <atomic>
#include <mutex>

#include "multinode_fixture.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;

TEST_F(MultiNodeTest, BruteForceSpreadOverTwoNodesGetsNoMoreTriesThanOnOne) {
  a_ = Start("/a");
  b_ = Start("/b");
  ASSERT_GT(a_.port, 0);
  ASSERT_GT(b_.port, 0);
  const std::string dead = "dead@example.com", alive = "alive@example.com", burst = "burst@example.com";
  const std::string dead_flow = SignUp(a_, dead), alive_flow = SignUp(b_, alive), burst_flow = SignUp(a_, burst);
  auto mails = WaitForMails({dead, alive, burst});
  ASSERT_EQ(mails[dead].size(), 1u);
  ASSERT_EQ(mails[alive].size(), 1u);
  ASSERT_EQ(mails[burst].size(), 1u);
  const std::string dead_code = mails[dead][0], alive_code = mails[alive][0], burst_code = mails[burst][0];

  // Sequential, alternating nodes: five wrong tries kill the code wherever they were counted.
  for (int i = 0; i < kMaxAttempts; ++i) {
    EXPECT_EQ(Verify(i % 2 ? b_ : a_, dead, dead_flow, Wrong(dead_code, i)), 400) << i;
  }
  EXPECT_EQ(Verify(b_, dead, dead_flow, dead_code), 400) << "the right code after five wrong tries on two nodes";
  // One try fewer and the code still works, on either node.
  for (int i = 0; i < kMaxAttempts - 1; ++i) {
    EXPECT_EQ(Verify(i % 2 ? a_ : b_, alive, alive_flow, Wrong(alive_code, i)), 400) << i;
  }
  EXPECT_EQ(Verify(a_, alive, alive_flow, alive_code), 200);

  // Parallel: 40 wrong guesses from 8 threads over both nodes, then the right code is dead too.
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < 40; i = next++) {
        const int status = Verify(i % 2 ? b_ : a_, burst, burst_flow, Wrong(burst_code, i));
        EXPECT_TRUE(status == 400 || status == 429) << status;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_NE(Verify(b_, burst, burst_flow, burst_code), 200) << "a parallel brute force got more than five tries";
}

TEST_F(MultiNodeTest, ANodeKilledMidFlowLosesNothing) {
  a_ = Start("/a");
  b_ = Start("/b");
  ASSERT_GT(a_.port, 0);
  ASSERT_GT(b_.port, 0);
  constexpr int kAddresses = 400;
  constexpr int kKillAfter = 60;
  std::mutex mu;
  std::map<std::string, std::string> accepted;  // Address -> flow id, answered 202 by node a.
  std::atomic<int> answered{0};
  std::atomic<int> next{0};
  std::thread killer([&] {
    while (answered < kKillAfter) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    Kill9(a_);
  });
  std::vector<std::thread> threads;
  const int port = a_.port;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_connection_timeout(2);
      client.set_read_timeout(5);
      for (int i = next++; i < kAddresses; i = next++) {
        const std::string email = "user" + std::to_string(i) + "@example.com";
        auto r = client.Post("/v1/signup", json{{"email", email}, {"password", service::kStrongPassword}}.dump(),
                             "application/json");
        if (!r) return;  // Node a is gone.
        if (r->status == 202) {
          std::lock_guard lock(mu);
          accepted[email] = json::parse(r->body, nullptr, false).value("flow_id", "");
        }
        ++answered;
      }
    });
  }
  for (auto& t : threads) t.join();
  killer.join();
  ASSERT_GT(accepted.size(), 10u) << "too few requests before the kill to test anything";
  ASSERT_LT(accepted.size(), static_cast<size_t>(kAddresses)) << "the kill came after the load";

  // Node a comes back (as an operator would restart it); node b never stopped.
  a_ = Start("/a");
  ASSERT_GT(a_.port, 0);
  // The queue drains completely (claimed but unremoved messages count too): node a takes back the
  // claims it held when it was killed at once, without waiting for their lease.
  httplib::Client health("127.0.0.1", b_.port);
  int64_t queued = -1;
  for (int i = 0; i < 100 && queued != 0; ++i) {
    auto r = health.Get("/v1/health");
    queued = r ? json::parse(r->body, nullptr, false).value("queued_messages", int64_t{-1}) : -1;
    if (queued != 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(queued, 0) << "the queue did not drain within 10 s (a lease is 60 s)";
  std::set<std::string> want;
  for (const auto& [email, flow] : accepted) want.insert(email);
  auto mails = WaitForMails(want);
  for (const auto& email : want) {
    ASSERT_EQ(mails[email].size(), 1u) << email << ": answered 202, then " << mails[email].size() << " mails";
  }
  // Every flow begun on node a is finished on node b.
  int verified = 0;
  for (const auto& [email, flow] : accepted) {
    const int status = Verify(b_, email, flow, mails[email][0]);
    EXPECT_EQ(status, 200) << email;
    verified += status == 200;
  }
  EXPECT_EQ(verified, static_cast<int>(accepted.size()));
}

}  // namespace
}  // namespace kakunin::kakunind
