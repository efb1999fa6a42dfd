// The credential-stuffing defence (StuffingOptions) with small thresholds and a fake clock:
// failure budgets per client network across accounts and across nodes, the service-wide spike
// and breached passwords stepping up to an e-mail code, the bounded slow-down, and enumeration
// safety with all of it switched on.
#include <chrono>
#include <future>

#include "counting_store.h"
#include "service/ip.h"
#include "service/metrics.h"
#include "service_fixture.h"

namespace kakunin::service {
namespace {

Client From(const std::string& ip) { return {ip, "stuffing-test", ""}; }

TEST(NetworkOfTest, TwentyFourAndFortyEight) {
  EXPECT_EQ(NetworkOf("203.0.113.77", 24, 48), "203.0.113.0/24");
  EXPECT_EQ(NetworkOf("2001:db8:1:2::3", 24, 48), "2001:db8:1::/48");
  EXPECT_EQ(NetworkOf("2001:db8:1:ffff:1:2:3:4", 24, 48), "2001:db8:1::/48");
  EXPECT_EQ(NetworkOf("::ffff:198.51.100.9", 24, 48), "198.51.100.0/24");  // IPv4-mapped is IPv4.
  EXPECT_EQ(NetworkOf("[2001:db8::1]", 24, 64), "2001:db8::/64");
  EXPECT_EQ(NetworkOf("198.51.100.9", 16, 48), "198.51.0.0/16");
  EXPECT_EQ(NetworkOf("not an address", 24, 48), "not an address");
}

TEST_F(ServiceTest, NetworkBudgetCountsFailuresAcrossAccountsAndNodes) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.network_failures = 6;
  o.metrics = std::make_shared<Metrics>();  // Both nodes count into one registry here.
  Open(o);
  CreateAccount("victim@example.com");
  // A second node: its own Service over the same store.
  auto other_node = Service::Create(o, store_, [this] { return now_.load(); });
  ASSERT_TRUE(other_node.has_value());
  // Six addresses of one /24, each failing once on another account (known or not), alternating
  // between the nodes: no per-IP or per-account budget comes near its limit.
  for (int i = 0; i < 6; ++i) {
    Service& node = i % 2 ? **other_node : *service_;
    const std::string email = i == 0 ? "victim@example.com" : "user" + std::to_string(i) + "@example.com";
    EXPECT_EQ(node.Login(From("203.0.113." + std::to_string(i + 1)), email, "wrong password " + std::to_string(i)).error,
              "invalid_credentials");
  }
  // The network is blocked now, even for a correct password from a fresh address in it...
  Reply blocked = service_->Login(From("203.0.113.200"), "victim@example.com", kStrongPassword);
  EXPECT_EQ(blocked.outcome, Outcome::kRateLimited);
  EXPECT_EQ(blocked.error, "locked");
  EXPECT_GT(blocked.retry_after, 0);
  EXPECT_EQ((*other_node)->Login(From("203.0.113.201"), "victim@example.com", kStrongPassword).error, "locked");
  // ...while the next /24 is not.
  EXPECT_EQ(service_->Login(From("203.0.114.1"), "victim@example.com", kStrongPassword).outcome, Outcome::kOk);
  // The lock (login.lock_base_seconds) and the window pass.
  now_ += o.stuffing.network_window_seconds + 1;
  EXPECT_EQ(service_->Login(From("203.0.113.200"), "victim@example.com", kStrongPassword).outcome, Outcome::kOk);
  const std::string metrics = service_->metrics().Render({});
  EXPECT_NE(metrics.find("kakunind_stuffing_responses_total{response=\"block\"} 2"), std::string::npos) << metrics;
}

TEST_F(ServiceTest, NetworkBudgetForIpv6IsThe48) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.network_failures = 3;
  Open(o);
  CreateAccount("v6@example.com");
  for (const char* ip : {"2001:db8:7:1::1", "2001:db8:7:2::1", "2001:db8:7:ffff::9"}) {
    EXPECT_EQ(service_->Login(From(ip), "nobody@example.com", "wrong password").error, "invalid_credentials");
  }
  EXPECT_EQ(service_->Login(From("2001:db8:7:abcd::1"), "v6@example.com", kStrongPassword).error, "locked");
  EXPECT_EQ(service_->Login(From("2001:db8:8::1"), "v6@example.com", kStrongPassword).outcome, Outcome::kOk);
}

TEST_F(ServiceTest, FailureSpikeStepsUpEverySignInWithACorrectPassword) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.spike_failures = 5;
  o.stuffing.spike_window_seconds = 600;
  o.stuffing.spike_hold_seconds = 900;
  Open(o);
  CreateAccount("a@example.com");
  CreateAccount("b@example.com");
  // Before the spike: a correct password signs in.
  EXPECT_EQ(service_->Login(client_, "a@example.com", kStrongPassword).body.value("status", ""), "signed_in");
  // Five failures from five networks (a spread-out list attack).
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(service_->Login(From("198.51." + std::to_string(i) + ".1"), "list" + std::to_string(i) + "@example.com",
                              "guess")
                  .error,
              "invalid_credentials");
  }
  // Now a correct password is not enough: an e-mail code is asked for, with the reason.
  Reply step = service_->Login(client_, "b@example.com", kStrongPassword);
  ASSERT_EQ(step.outcome, Outcome::kOk) << step.error;
  EXPECT_EQ(step.body.value("status", ""), "code_required");
  EXPECT_EQ(step.body.value("channel", ""), "mail");
  EXPECT_EQ(step.body.value("step_up", ""), "unusual_activity");
  EXPECT_TRUE(step.session_token.empty());
  auto mail = LastMail("b@example.com");
  EXPECT_NE(mail.text.find("failed sign-ins right now"), std::string::npos) << mail.text;
  // A wrong password still gets the plain refusal (the step-up reveals nothing without it).
  EXPECT_EQ(service_->Login(client_, "b@example.com", "wrong").error, "invalid_credentials");
  // The resent code explains itself the same way.
  now_ += 61;
  EXPECT_EQ(service_->ResendLoginCode(client_, step.body.value("flow_id", "")).outcome, Outcome::kAccepted);
  mail = LastMail("b@example.com");
  EXPECT_NE(mail.text.find("failed sign-ins right now"), std::string::npos) << mail.text;
  Reply in = service_->LoginCode(client_, step.body.value("flow_id", ""), mail.Code());
  EXPECT_EQ(in.outcome, Outcome::kOk) << in.error;
  EXPECT_FALSE(in.session_token.empty());
  // Once the hold and the window have passed, sign-in is back to normal.
  now_ += 901;
  EXPECT_EQ(service_->Login(client_, "a@example.com", kStrongPassword).body.value("status", ""), "signed_in");
  const std::string metrics = service_->metrics().Render({});
  EXPECT_NE(metrics.find("kakunind_stuffing_responses_total{response=\"step_up_spike\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("kakunind_sign_ins_total{result=\"step_up\"} 1"), std::string::npos);
}

TEST_F(ServiceTest, BreachedPasswordStepsUpAndSaysToChangeIt) {
  const std::string breached = "velvet otter juggles 41 lanterns";
  // The account predates the breach database (sign-up would refuse this password now).
  ServiceOptions o = QuietOptions(dir_);
  Open(o);
  Reply r = service_->Signup(client_, "old@example.com", breached);
  ASSERT_EQ(r.outcome, Outcome::kAccepted);
  ASSERT_EQ(service_->VerifyEmail(client_, "old@example.com", r.body.value("flow_id", ""), LastMail("old@example.com").Code())
                .outcome,
            Outcome::kOk);
  now_ += 61;
  o.passwords.breach_database = WriteBreachDatabase(dir_, breached);
  Open(o);
  Reply step = service_->Login(client_, "old@example.com", breached);
  ASSERT_EQ(step.outcome, Outcome::kOk) << step.error;
  EXPECT_EQ(step.body.value("status", ""), "code_required");
  EXPECT_EQ(step.body.value("step_up", ""), "password_breached");
  EXPECT_EQ(step.body.value("change_password", false), true);
  auto mail = LastMail("old@example.com");
  EXPECT_NE(mail.text.find("leaked from other websites"), std::string::npos) << mail.text;
  EXPECT_NE(mail.text.find("change your password now"), std::string::npos) << mail.text;
  EXPECT_EQ(service_->LoginCode(client_, step.body.value("flow_id", ""), mail.Code()).outcome, Outcome::kOk);
  // Switched off, the same password signs in directly.
  o.stuffing.breached_step_up = false;
  Open(o);
  EXPECT_EQ(service_->Login(client_, "old@example.com", breached).body.value("status", ""), "signed_in");
}

TEST_F(ServiceTest, SlowAnswersAreBoundedAndHoldNoStoreLock) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.slow_ip_failures = 3;
  o.stuffing.slow_network_failures = 100;
  o.stuffing.slow_delay_ms = 1200;
  std::vector<int64_t> waits;
  std::vector<bool> store_free;
  o.sleep = [&](int64_t ms) {
    waits.push_back(ms);
    // Another thread must be able to write to the store while this one waits.
    auto other = std::async(std::launch::async, [&] {
      return store_->ConsumeLimits({{"probe", 1000, 60}}, now_.load()).has_value();
    });
    store_free.push_back(other.wait_for(std::chrono::seconds(5)) == std::future_status::ready && other.get());
  };
  Open(o);
  CreateAccount("slow@example.com");
  const Client attacker = From("192.0.2.50");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(service_->Login(attacker, "slow@example.com", "nope").error, "invalid_credentials");
  EXPECT_TRUE(waits.empty());  // Three failures are the threshold; the fourth attempt waits.
  EXPECT_EQ(service_->Login(attacker, "nobody@example.com", "nope").error, "invalid_credentials");
  EXPECT_EQ(service_->Login(attacker, "slow@example.com", kStrongPassword).outcome, Outcome::kOk);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_EQ(waits[0], 1200);
  EXPECT_EQ(store_free, (std::vector<bool>{true, true}));
  // Another network is not slowed; after the window the attacker is not either.
  EXPECT_EQ(service_->Login(From("198.51.100.1"), "slow@example.com", kStrongPassword).outcome, Outcome::kOk);
  now_ += o.stuffing.slow_window_seconds + 1;
  EXPECT_EQ(service_->Login(attacker, "slow@example.com", kStrongPassword).outcome, Outcome::kOk);
  EXPECT_EQ(waits.size(), 2u);
  // Delays beyond kMaxSlowDelayMs are refused at start.
  o.stuffing.slow_delay_ms = kMaxSlowDelayMs + 1;
  EXPECT_FALSE(Service::Create(o, store_).has_value());
}

TEST_F(ServiceTest, SlowAnswerReallyWaitsTheConfiguredTime) {
  ServiceOptions o = QuietOptions(dir_);
  o.stuffing.slow_ip_failures = 1;
  o.stuffing.slow_delay_ms = 150;
  o.sleep = nullptr;  // The real wait.
  Open(o);
  const Client attacker = From("192.0.2.60");
  EXPECT_EQ(service_->Login(attacker, "x@example.com", "nope").error, "invalid_credentials");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(service_->Login(attacker, "x@example.com", "nope").error, "invalid_credentials");
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(ms, 150);
  EXPECT_LT(ms, 150 + 3000);  // The wait plus one cheap Argon2id; never more than asked for.
}

// With every mechanism on, an address without an account still gets the same answer, the same
// waits and the same store calls as one with an account.
TEST_F(ServiceTest, StuffingDefenceKeepsEnumerationSafety) {
  ServiceOptions o = TestOptions(dir_);
  o.stuffing.network_failures = 50;
  o.stuffing.spike_failures = 50;
  o.stuffing.slow_ip_failures = 2;
  o.stuffing.slow_network_failures = 50;
  o.stuffing.slow_delay_ms = 10;
  int waits = 0;
  o.sleep = [&](int64_t) { ++waits; };
  Open(o);
  CreateAccount("known@example.com");
  auto counting = std::make_shared<kakunin::testing::CountingStore>(store_);
  auto service = Service::Create(o, counting, [this] { return now_.load(); });
  ASSERT_TRUE(service.has_value());
  for (int round = 0; round < 4; ++round) {  // Rounds 2 and 3 are slowed.
    counting->TakeCounts();
    const int waits_before = waits;
    Reply known = (*service)->Login(From("192.0.2.10"), "known@example.com", "wrong " + std::to_string(round));
    const auto known_calls = counting->TakeCounts();
    const int known_waits = waits - waits_before;
    Reply unknown = (*service)->Login(From("198.51.100.10"), "unknown@example.com", "wrong " + std::to_string(round));
    const auto unknown_calls = counting->TakeCounts();
    EXPECT_EQ(known.outcome, unknown.outcome) << round;
    EXPECT_EQ(known.body, unknown.body) << round;
    EXPECT_EQ(known_calls, unknown_calls) << round;
    EXPECT_EQ(known_waits, waits - waits_before - known_waits) << round;
    EXPECT_EQ(known_waits, round >= 2 ? 1 : 0) << round;
  }
}

}  // namespace
}  // namespace kakunin::service
