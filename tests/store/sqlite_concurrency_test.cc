// 1,000 concurrent guesses against one code, on a bounded thread pool, through two store
// objects on one database file (as two kakunind processes would be): the per-code limit holds
// and a right guess is accepted exactly once.
#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.h"

namespace kakunin::store {
namespace {

constexpr int64_t kNow = 1'800'000'000;
constexpr int kGuesses = 1000;
constexpr int kThreads = 8;

// Runs job(i) for i in [0, n) on kThreads threads.
template <class Job>
void RunPool(int n, Job job) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < n; i = next++) job(i);
    });
  }
  for (auto& t : threads) t.join();
}

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
  Store& StoreFor(int i) { return i % 2 == 0 ? *store_ : *second_; }
  std::unique_ptr<Store> second_;
};

TEST_F(ConcurrencyTest, ThousandWrongGuessesGetFiveComparisons) {
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> compared{0}, rejected{0}, errors{0};
  RunPool(kGuesses, [&](int i) {
    VerifyRequest r = Verify("e:a", "WRONG", kNow + 1);
    r.budget.max_failures = 100000;  // Only the per-code limit is under test here.
    r.matches = [&](const Code&) {
      ++compared;
      return false;
    };
    auto result = StoreFor(i).VerifyCode(r);
    if (!result) {
      ++errors;
    } else if (result->status == VerifyStatus::kRejected) {
      ++rejected;
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(rejected.load(), kGuesses);
  EXPECT_EQ(compared.load(), 5);
}

TEST_F(ConcurrencyTest, AccountBudgetHoldsUnderConcurrency) {
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> rejected{0}, locked{0};
  RunPool(kGuesses, [&](int i) {
    auto result = StoreFor(i).VerifyCode(Verify("e:a", "WRONG", kNow + 1));
    ASSERT_TRUE(result.has_value());
    (result->status == VerifyStatus::kLocked ? locked : rejected)++;
  });
  EXPECT_EQ(rejected.load(), 20);  // The budget, exactly.
  EXPECT_EQ(locked.load(), kGuesses - 20);
}

TEST_F(ConcurrencyTest, RightGuessIsAcceptedExactlyOnce) {
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> accepted{0};
  RunPool(kGuesses, [&](int i) {
    VerifyRequest r = Verify("e:a", "RIGHT", kNow + 1);
    r.budget.max_failures = 100000;
    auto result = StoreFor(i).VerifyCode(r);
    ASSERT_TRUE(result.has_value());
    if (result->status == VerifyStatus::kAccepted) ++accepted;
  });
  EXPECT_EQ(accepted.load(), 1);
}

TEST_F(ConcurrencyTest, ParallelPasswordAttemptsCannotExceedTheBudget) {
  std::vector<FailureBudget> budgets = {Budget("login:a", 10)};
  std::atomic<int> admitted{0};
  RunPool(200, [&](int i) {
    auto a = StoreFor(i).BeginAttempt(budgets, kNow);
    ASSERT_TRUE(a.has_value());
    if (a->limit.status != LimitStatus::kOk) return;
    ++admitted;
    ASSERT_TRUE(StoreFor(i).EndAttempt(*a, budgets, false, kNow).has_value());
  });
  EXPECT_EQ(admitted.load(), 10);
}

}  // namespace
}  // namespace kakunin::store
