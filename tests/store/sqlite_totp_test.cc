// TOTP storage on SQLite (tests/store/totp_cases.h): enrolment states, the replay rule under
// concurrency (two store objects on one file, as two processes), recovery codes used once, the
// account budget, and two-step changes deleting the secret.
#include "store_fixture.h"
#include "totp_cases.h"

namespace kakunin::store {
namespace {

TEST_F(StoreTest, TotpConfirmThenSignInWithReplayRuleAndRecoveryCodes) {
  totp_cases::ConfirmThenSignInWithReplayRuleAndRecoveryCodes(*store_);
}

TEST_F(StoreTest, TotpTheSameStepIsAcceptedOnceUnderConcurrency) {
  auto second = OpenSqliteStore(path_);
  ASSERT_TRUE(second.has_value());
  totp_cases::TheSameStepIsAcceptedOnceUnderConcurrency(*store_, **second);
}

TEST_F(StoreTest, TotpWrongCodesSpendTheAccountBudget) { totp_cases::WrongCodesSpendTheAccountBudget(*store_); }

}  // namespace
}  // namespace kakunin::store
