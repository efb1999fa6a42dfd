// 1,000 concurrent guesses over HTTP against one sign-in code, from a bounded pool of client
// threads (each with its own keep-alive connection), as an attacker with the password would.
#include <atomic>
#include <mutex>

#include "http_fixture.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;

constexpr int kGuesses = 1000;
constexpr int kClientThreads = 12;  // Fewer than the server's threads, so every guess is served.

struct Tally {
  std::atomic<int> ok{0}, invalid{0}, locked{0}, other{0};
};

class ConcurrencyHttpTest : public HttpTest {
 protected:
  // Starts a 2-step login for a fresh account and returns {flow_id, code}.
  std::pair<std::string, std::string> OpenFlow() {
    service::ServiceOptions o = service::TestOptions(dir_);
    o.login.require_two_step = true;
    o.resend.address_min_interval_seconds = 0;
    Start(o);
    HttpReply s = Post("/v1/signup", {{"email", "target@example.com"}, {"password", service::kStrongPassword}});
    EXPECT_EQ(s.status, 202);
    EXPECT_EQ(Post("/v1/email/verify", {{"email", "target@example.com"},
                                        {"flow_id", s.body.value("flow_id", "")},
                                        {"code", LastMail("target@example.com").Code()}})
                  .status,
              200);
    HttpReply login = Post("/v1/login", {{"email", "target@example.com"}, {"password", service::kStrongPassword}});
    EXPECT_EQ(login.body["status"], "code_required");
    return {login.body.value("flow_id", ""), LastMail("target@example.com").Code()};
  }

  void Guess(const std::string& flow, const std::function<std::string(int)>& code_for, Tally& tally) {
    std::atomic<int> next{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kClientThreads; ++t) {
      threads.emplace_back([&] {
        httplib::Client client("127.0.0.1", port_);
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(60);
        for (int i = next++; i < kGuesses; i = next++) {
          auto r = client.Post("/v1/login/code", json{{"flow_id", flow}, {"code", code_for(i)}}.dump(), "application/json");
          if (!r) {
            ++tally.other;
          } else if (r->status == 200) {
            ++tally.ok;
          } else if (r->status == 400) {
            ++tally.invalid;
          } else if (r->status == 429) {
            ++tally.locked;
          } else {
            ++tally.other;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
  }
};

TEST_F(ConcurrencyHttpTest, ThousandWrongGuessesNeverExceedTheBudget) {
  auto [flow, code] = OpenFlow();
  ASSERT_FALSE(code.empty());
  const std::string wrong = code == "000000" ? "111111" : "000000";
  Tally tally;
  Guess(flow, [&](int) { return wrong; }, tally);
  EXPECT_EQ(tally.other.load(), 0);
  EXPECT_EQ(tally.ok.load(), 0);
  // 5 tries used the code up; the per-account budget (20) then held for the rest.
  EXPECT_EQ(tally.invalid.load(), options_.codes.account_budget);
  EXPECT_EQ(tally.locked.load(), kGuesses - options_.codes.account_budget);
  // The right code is dead (and the account locked): no late success.
  HttpReply late = Post("/v1/login/code", {{"flow_id", flow}, {"code", code}});
  EXPECT_NE(late.status, 200);
}

TEST_F(ConcurrencyHttpTest, OneRightCodeIsAcceptedExactlyOnce) {
  auto [flow, code] = OpenFlow();
  ASSERT_FALSE(code.empty());
  Tally tally;
  Guess(flow, [&](int) { return code; }, tally);
  EXPECT_EQ(tally.other.load(), 0);
  EXPECT_EQ(tally.ok.load(), 1);
  EXPECT_EQ(tally.ok + tally.invalid + tally.locked, kGuesses);
}

}  // namespace
}  // namespace kakunin::kakunind
