// The per-account attempt budget across flows, and the worst-case odds it leaves an attacker.
#include <cmath>

#include "service_fixture.h"

namespace kakunin::service {
namespace {

// docs/kakunind.md, "Worst-case attacker odds": with the defaults (6 digits, 20 wrong tries per
// account per 24 h, 5 per code) an attacker gets at most 20 evaluated guesses per account per
// day, each right with probability at most 1 / (10^6 - 4): about 2.0e-5 per day (1 in 50,000).
constexpr double kDocumentedOddsPerDay = 2.0e-5;
constexpr int kDocumentedGuessesPerDay = 20;

TEST_F(ServiceTest, ParallelFlowsDoNotMultiplyGuesses) {
  // The attacker knows the password (so can open 2-step flows at will) and also opens reset
  // flows; every minute for three simulated days, they open new flows and spend five guesses
  // on each.
  std::string token = CreateAccount("victim@example.com");
  auto session = *service_->Authenticate(token);
  ASSERT_EQ(service_->SetTwoStep(client_, session, "email", "", kStrongPassword).outcome, Outcome::kOk);
  const int64_t start = now_;
  std::vector<int> evaluated_per_day(3, 0);
  for (int minute = 0; minute < 3 * 24 * 60; minute += 2) {
    now_ = start + minute * 60;
    const size_t day = static_cast<size_t>(minute / (24 * 60));
    std::vector<std::string> flows;
    for (int i = 0; i < 3; ++i) {
      Client c{"10.0.0." + std::to_string(i + minute % 200), "attacker", ""};
      Reply login = service_->Login(c, "victim@example.com", kStrongPassword);
      if (login.body.contains("flow_id")) flows.push_back(login.body["flow_id"]);
    }
    (void)service_->RequestPasswordReset({"10.1.0.1", "attacker", ""}, "victim@example.com");
    for (int g = 0; g < 5; ++g) {
      for (const auto& flow : flows) {
        Reply r = service_->LoginCode(client_, flow, "000000");
        if (r.error == "invalid_code") ++evaluated_per_day[day];
        ASSERT_NE(r.outcome, Outcome::kOk) << "guessed right by chance: rerun";
      }
      Reply r = service_->ConfirmPasswordReset(client_, "victim@example.com", "999999", "a brand new passphrase 1");
      if (r.error == "invalid_code") ++evaluated_per_day[day];
    }
  }
  for (size_t day = 0; day < evaluated_per_day.size(); ++day) {
    EXPECT_LE(evaluated_per_day[day], kDocumentedGuessesPerDay) << "day " << day;
    const double odds = evaluated_per_day[day] / (std::pow(10.0, options_.codes.digits) - 4);
    EXPECT_LE(odds, kDocumentedOddsPerDay * 1.001) << "day " << day;
  }
  EXPECT_EQ(evaluated_per_day[0], kDocumentedGuessesPerDay);  // The budget is reachable, not just a bound.
  // Growing locks: the second and third days give fewer guesses than the first.
  EXPECT_LT(evaluated_per_day[1] + evaluated_per_day[2], 2 * kDocumentedGuessesPerDay);
}

TEST_F(ServiceTest, DocumentedOddsFollowFromTheDefaults) {
  const CodeOptions defaults;
  const double odds = defaults.account_budget / (std::pow(10.0, defaults.digits) - (defaults.max_attempts - 1));
  EXPECT_LE(odds, kDocumentedOddsPerDay * 1.001);
  EXPECT_EQ(defaults.account_budget, kDocumentedGuessesPerDay);
  EXPECT_EQ(defaults.budget_window_seconds, 86400);
  EXPECT_LE(defaults.account_budget, 100);  // NIST SP 800-63B 5.2.2 caps failed attempts at 100.
}

TEST_F(ServiceTest, UnknownAddressesHaveTheSameBudget) {
  // Guessing reset codes for an address without an account locks exactly like for a real one,
  // so the lock does not reveal which addresses have accounts.
  CreateAccount("real@example.com");
  for (const std::string email : {"real@example.com", "ghost@example.com"}) {
    int invalid = 0, locked = 0;
    for (int i = 0; i < 25; ++i) {
      Reply r = service_->ConfirmPasswordReset(client_, email, "123456", "a brand new passphrase 2");
      (r.error == "invalid_code" ? invalid : locked)++;
    }
    EXPECT_EQ(invalid, 20) << email;
    EXPECT_EQ(locked, 5) << email;
  }
}

}  // namespace
}  // namespace kakunin::service
