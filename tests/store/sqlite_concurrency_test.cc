// 1,000 concurrent guesses against one code, on a bounded thread pool, through two store
// objects on one database file (as two kakunind processes would be): the per-code limit holds
// and a right guess is accepted exactly once.
#include "store_cases.h"

namespace kakunin::store {
namespace {

class ConcurrencyTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto second = OpenSqliteStore(path_);
    ASSERT_TRUE(second.has_value());
    second_ = std::move(*second);
  }
  void TearDown() override {
    second_.reset();
    StoreTest::TearDown();
  }
  std::unique_ptr<Store> second_;
};

TEST_F(ConcurrencyTest, ThousandWrongGuessesGetFiveComparisons) {
  cases::ThousandWrongGuessesGetFiveComparisons(*store_, *second_);
}
TEST_F(ConcurrencyTest, AccountBudgetHoldsUnderConcurrency) {
  cases::AccountBudgetHoldsUnderConcurrency(*store_, *second_);
}
TEST_F(ConcurrencyTest, RightGuessIsAcceptedExactlyOnce) {
  cases::RightGuessIsAcceptedExactlyOnce(*store_, *second_);
}
TEST_F(ConcurrencyTest, ParallelPasswordAttemptsCannotExceedTheBudget) {
  cases::ParallelPasswordAttemptsCannotExceedTheBudget(*store_, *second_);
}

}  // namespace
}  // namespace kakunin::store
