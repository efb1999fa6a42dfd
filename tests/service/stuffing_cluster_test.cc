// The stuffing defence and the new-sign-in check on two nodes: two Service objects, each over its
// own connection to one real Redis + PostgreSQL (OpenDistributedStore), with their own data
// folders. Every count the defence uses lives in Redis, so what one node counts the other sees.
// One Redis and one PostgreSQL per binary (ONE_PROCESS; testing/redis_postgres_test.h).
#include <filesystem>

#include "service/outbox_reader.h"
#include "service_fixture.h"
#include "testing/redis_postgres_test.h"

namespace kakunin::service {
namespace {

class StuffingClusterTest : public kakunin::testing::RedisPostgresTest {
 protected:
  void SetUp() override {
    SetUpServers("stuffing", RedisUse::kShared);
    if (IsSkipped() || HasFatalFailure()) return;
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunin-cluster-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    nodes_.clear();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Starts both nodes with `options` (data folders node0/ and node1/ under dir_).
  void StartNodes(ServiceOptions options) {
    for (int i = 0; i < 2; ++i) {
      auto store = store::OpenDistributedStore(redis_options_, pg_options_);
      ASSERT_TRUE(store.has_value()) << store.error().ToString();
      ServiceOptions o = options;
      o.data_dir = dir_ + "/node" + std::to_string(i);
      if (i == 1) {  // Every node holds the same secret.key (docs/cluster.md).
        std::filesystem::create_directories(o.data_dir);
        std::filesystem::copy_file(dir_ + "/node0/secret.key", o.data_dir + "/secret.key");
      }
      auto service = Service::Create(o, std::shared_ptr<store::Store>(std::move(*store)), [this] { return now_.load(); });
      ASSERT_TRUE(service.has_value()) << service.error().ToString();
      nodes_.push_back(std::move(*service));
    }
  }
  // Mail to `to` written by node `i`.
  std::vector<kakunin::testing::OutMessage> Mails(int i, const std::string& to) {
    EXPECT_TRUE(nodes_[i]->DeliverPending().has_value());
    std::vector<kakunin::testing::OutMessage> out;
    for (auto& m : kakunin::testing::ReadOutbox(dir_ + "/node" + std::to_string(i) + "/outbox")) {
      if (m.to == to) out.push_back(std::move(m));
    }
    return out;
  }
  // Signs up on node 0 (from 192.0.2.1, user agent "test") and verifies on node 1.
  void CreateAccount(const std::string& email) {
    const Client c{"192.0.2.1", "test", ""};
    Reply r = nodes_[0]->Signup(c, email, kStrongPassword);
    ASSERT_EQ(r.outcome, Outcome::kAccepted) << r.error;
    const auto mails = Mails(0, email);
    ASSERT_FALSE(mails.empty());
    ASSERT_EQ(nodes_[1]->VerifyEmail(c, email, r.body.value("flow_id", ""), mails.back().Code()).outcome, Outcome::kOk);
    now_ += 61;
  }

  std::string dir_;
  std::atomic<int64_t> now_{1'800'000'000};
  std::vector<std::unique_ptr<Service>> nodes_;
};

Client From(const std::string& ip) { return {ip, "cluster-test", ""}; }

TEST_F(StuffingClusterTest, NetworkBudgetHoldsAcrossNodes) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.network_failures = 6;
  StartNodes(o);
  CreateAccount("victim@example.com");
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(nodes_[i % 2]->Login(From("203.0.113." + std::to_string(i + 1)), "u" + std::to_string(i) + "@example.com",
                                   "wrong")
                  .error,
              "invalid_credentials");
  }
  for (int node = 0; node < 2; ++node) {
    EXPECT_EQ(nodes_[node]->Login(From("203.0.113.99"), "victim@example.com", kStrongPassword).error, "locked") << node;
  }
  EXPECT_EQ(nodes_[1]->Login(From("203.0.114.1"), "victim@example.com", kStrongPassword).outcome, Outcome::kOk);
}

TEST_F(StuffingClusterTest, SpikeOnOneNodeStepsUpOnTheOther) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.spike_failures = 4;
  StartNodes(o);
  CreateAccount("a@example.com");
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(nodes_[0]->Login(From("198.51." + std::to_string(i) + ".1"), "x@example.com", "guess").error,
              "invalid_credentials");
  }
  Reply step = nodes_[1]->Login(From("192.0.2.1"), "a@example.com", kStrongPassword);
  EXPECT_EQ(step.body.value("status", ""), "code_required");
  EXPECT_EQ(step.body.value("step_up", ""), "unusual_activity");
  const auto mails = Mails(1, "a@example.com");
  ASSERT_FALSE(mails.empty());
  EXPECT_EQ(nodes_[0]->LoginCode(From("192.0.2.1"), step.body.value("flow_id", ""), mails.back().Code()).outcome,
            Outcome::kOk);
}

TEST_F(StuffingClusterTest, FailuresOnOneNodeSlowTheClientOnTheOther) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.slow_ip_failures = 3;
  o.stuffing.slow_delay_ms = 500;
  int waits = 0;
  o.sleep = [&](int64_t ms) {
    EXPECT_EQ(ms, 500);
    ++waits;
  };
  StartNodes(o);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(nodes_[0]->Login(From("192.0.2.50"), "n@example.com", "x").error, "invalid_credentials");
  EXPECT_EQ(waits, 0);
  EXPECT_EQ(nodes_[1]->Login(From("192.0.2.50"), "n@example.com", "x").error, "invalid_credentials");
  EXPECT_EQ(waits, 1);
}

TEST_F(StuffingClusterTest, ASessionOnOneNodeIsKnownOnTheOther) {
  ServiceOptions o = QuietOptions(dir_);
  o.alerts.new_sign_in = true;
  StartNodes(o);
  CreateAccount("owner@example.com");  // Its session (192.0.2.1, "test") was made on node 1.
  ASSERT_EQ(nodes_[0]->Login({"192.0.2.9", "test", ""}, "owner@example.com", kStrongPassword).outcome, Outcome::kOk);
  EXPECT_EQ(Mails(0, "owner@example.com").size(), 1u);  // Only the sign-up code: no alert.
  ASSERT_EQ(nodes_[0]->Login({"203.0.113.4", "curl/8.5.0", ""}, "owner@example.com", kStrongPassword).outcome,
            Outcome::kOk);
  const auto mails = Mails(0, "owner@example.com");
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_NE(mails.back().text.find("IP address: 203.0.113.4"), std::string::npos) << mails.back().text;
}

}  // namespace
}  // namespace kakunin::service
