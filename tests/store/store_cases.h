// Cases every store engine must pass the same way (SQLite: sqlite_store_test.cc and
// sqlite_concurrency_test.cc; Redis: redis_store_test.cc). Each takes the interfaces it tests;
// the two-store cases take two store objects on one database, as two kakunind processes (nodes)
// would have. Times are a fake clock around kNow.
#ifndef KAKUNIN_TESTS_STORE_STORE_CASES_H_
#define KAKUNIN_TESTS_STORE_STORE_CASES_H_

#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.h"

namespace kakunin::store::cases {

inline constexpr int64_t kNow = 1'800'000'000;
inline constexpr int kThreads = 8;

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

inline IssueRequest Issue(const std::string& subject, const std::string& hash, int64_t now) {
  return StoreTest::Issue(subject, hash, now);
}
inline VerifyRequest Verify(const std::string& subject, const std::string& guess, int64_t now) {
  return StoreTest::Verify(subject, guess, now);
}

inline void ACodeIsAcceptedOnceOnly(CodeStore& store) {
  ASSERT_EQ(store.IssueCode(Issue("e:a", "H1", kNow))->status, LimitStatus::kOk);
  auto first = store.VerifyCode(Verify("e:a", "H1", kNow + 1));
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->status, VerifyStatus::kAccepted);
  ASSERT_TRUE(first->code.has_value());
  EXPECT_EQ(first->code->flow_id, "flow");
  EXPECT_EQ(first->code->address, "a@example.com");
  EXPECT_EQ(first->code->expires_at, kNow + 600);
  EXPECT_EQ(store.VerifyCode(Verify("e:a", "H1", kNow + 2))->status, VerifyStatus::kRejected);
}

inline void ExpiredCodeIsRejected(CodeStore& store) {
  ASSERT_TRUE(store.IssueCode(Issue("e:a", "H1", kNow)).has_value());
  EXPECT_EQ(store.VerifyCode(Verify("e:a", "H1", kNow + 600))->status, VerifyStatus::kRejected);
  EXPECT_FALSE(store.FindCode(Purpose::kVerifyEmail, "e:a", "")->has_value());  // Dropped by the try.
}

inline void NewCodeReplacesTheOld(CodeStore& store) {
  ASSERT_TRUE(store.IssueCode(Issue("e:a", "OLD", kNow)).has_value());
  ASSERT_TRUE(store.IssueCode(Issue("e:a", "NEW", kNow + 61)).has_value());
  EXPECT_EQ(store.VerifyCode(Verify("e:a", "OLD", kNow + 62))->status, VerifyStatus::kRejected);
  EXPECT_EQ(store.VerifyCode(Verify("e:a", "NEW", kNow + 63))->status, VerifyStatus::kAccepted);
}

inline void PendingFlowsKeepTheirOwnCodesUpToMaxFlows(CodeStore& store) {
  auto issue = [&](const std::string& flow, const std::string& hash, int64_t now) {
    IssueRequest r = Issue("e:a", hash, now);
    r.code->flow_id = flow;
    r.max_flows = 3;
    return store.IssueCode(r)->status;
  };
  auto verify = [&](const std::string& flow, const std::string& guess, int64_t now) {
    VerifyRequest r = Verify("e:a", guess, now);
    r.flow_id = flow;
    return store.VerifyCode(r)->status;
  };
  auto find = [&](const std::string& flow) { return store.FindCode(Purpose::kVerifyEmail, "e:a", flow).value(); };
  ASSERT_EQ(issue("f1", "H1", kNow), LimitStatus::kOk);
  ASSERT_EQ(issue("f2", "H2", kNow + 1), LimitStatus::kOk);
  ASSERT_EQ(issue("f3", "H3", kNow + 2), LimitStatus::kOk);
  // A code is compared only within its own flow; an empty flow id names no flow.
  EXPECT_EQ(verify("f2", "H1", kNow + 3), VerifyStatus::kRejected);
  EXPECT_EQ(verify("", "H1", kNow + 3), VerifyStatus::kRejected);
  EXPECT_EQ(verify("f1", "H1", kNow + 3), VerifyStatus::kAccepted);
  EXPECT_EQ(find("f2")->attempts, 1);
  // Rotation within a flow keeps the others.
  ASSERT_EQ(issue("f2", "H2b", kNow + 4), LimitStatus::kOk);
  EXPECT_EQ(verify("f2", "H2", kNow + 5), VerifyStatus::kRejected);
  EXPECT_TRUE(find("f3").has_value());
  // Beyond max_flows the flow that expires first (f3; f2 was rotated later) is evicted.
  ASSERT_EQ(issue("f4", "H4", kNow + 6), LimitStatus::kOk);
  ASSERT_EQ(issue("f5", "H5", kNow + 7), LimitStatus::kOk);
  EXPECT_FALSE(find("f3").has_value());
  for (const char* live : {"f2", "f4", "f5"}) EXPECT_TRUE(find(live).has_value()) << live;
  // Expired flows go at the next issue; the new one is always kept.
  ASSERT_EQ(issue("f6", "H6", kNow + 605), LimitStatus::kOk);
  EXPECT_FALSE(find("f2").has_value());
  EXPECT_TRUE(find("f6").has_value());
  EXPECT_EQ(verify("f5", "H5", kNow + 606), VerifyStatus::kAccepted);
  EXPECT_EQ(find("f4")->attempts, 0);
  EXPECT_EQ(find("")->flow_id, "f6");  // The newest flow is the one that expires last.
}

inline void FifthWrongTryKillsTheCode(CodeStore& store) {
  ASSERT_TRUE(store.IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(store.VerifyCode(Verify("e:a", "WRONG", kNow + 1))->status, VerifyStatus::kRejected);
  }
  EXPECT_FALSE(store.FindCode(Purpose::kVerifyEmail, "e:a", "")->has_value());
  EXPECT_EQ(store.VerifyCode(Verify("e:a", "RIGHT", kNow + 2))->status, VerifyStatus::kRejected);
}

inline void FourWrongTriesStillLeaveTheRightOne(CodeStore& store) {
  ASSERT_TRUE(store.IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  for (int i = 0; i < 4; ++i) (void)store.VerifyCode(Verify("e:a", "WRONG", kNow + 1));
  EXPECT_EQ(store.FindCode(Purpose::kVerifyEmail, "e:a", "")->value().attempts, 4);
  auto right = store.VerifyCode(Verify("e:a", "RIGHT", kNow + 2));
  EXPECT_EQ(right->status, VerifyStatus::kAccepted);
  EXPECT_EQ(right->code->attempts, 4);  // As stored before this (right) try.
}

inline void AccountBudgetSpansCodesAndLocksWithGrowingWaits(CodeStore& store) {
  // 20 wrong tries over 4 codes (5 each, new code each time) spend the budget.
  int64_t t = kNow;
  for (int code = 0; code < 4; ++code) {
    ASSERT_EQ(store.IssueCode(Issue("a:1", "R" + std::to_string(code), t))->status, LimitStatus::kOk);
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(store.VerifyCode(Verify("a:1", "WRONG", ++t))->status, VerifyStatus::kRejected);
    }
  }
  auto locked = store.VerifyCode(Verify("a:1", "ANY", ++t));
  EXPECT_EQ(locked->status, VerifyStatus::kLocked);
  // The window holds until the first failure is 24 h old.
  EXPECT_GT(locked->retry_after, 86400 - 30);
  EXPECT_EQ(store.IssueCode(Issue("a:1", "R", t))->status, LimitStatus::kLocked);
  // After 24 h the oldest failures leave the window and the (1 h) lock has passed: one more try.
  t = kNow + 86400 + 1;
  EXPECT_EQ(store.IssueCode(Issue("a:1", "R", t))->status, LimitStatus::kOk);
  EXPECT_EQ(store.VerifyCode(Verify("a:1", "WRONG", t))->status, VerifyStatus::kRejected);
  // That failure spends the budget again: the second lock in a row is 2 h.
  auto second = store.VerifyCode(Verify("a:1", "R", t + 1));
  EXPECT_EQ(second->status, VerifyStatus::kLocked);
  EXPECT_GE(second->retry_after, 2 * 3600 - 1);
  // Other subjects are untouched.
  ASSERT_TRUE(store.IssueCode(Issue("a:2", "X", t)).has_value());
  EXPECT_EQ(store.VerifyCode(Verify("a:2", "X", t))->status, VerifyStatus::kAccepted);
}

inline void ASuccessRefundsItsFailureAndResetsTheLockLevel(CodeStore& store) {
  // 19 wrong tries, then a right one: the right try costs nothing, so one more wrong try is
  // still possible before the budget of 20 is spent.
  for (int i = 0; i < 19; ++i) (void)store.VerifyCode(Verify("a:1", "WRONG", kNow + i));
  ASSERT_TRUE(store.IssueCode(Issue("a:1", "R", kNow + 20)).has_value());
  EXPECT_EQ(store.VerifyCode(Verify("a:1", "R", kNow + 21))->status, VerifyStatus::kAccepted);
  EXPECT_EQ(store.VerifyCode(Verify("a:1", "WRONG", kNow + 22))->status, VerifyStatus::kRejected);
  EXPECT_EQ(store.VerifyCode(Verify("a:1", "WRONG", kNow + 23))->status, VerifyStatus::kLocked);
}

inline void WrongGuessesWithoutACodeAreChargedToo(CodeStore& store) {
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(store.VerifyCode(Verify("e:nobody", "X", kNow + i))->status, VerifyStatus::kRejected);
  }
  EXPECT_EQ(store.VerifyCode(Verify("e:nobody", "X", kNow + 30))->status, VerifyStatus::kLocked);
}

inline void SendLimitsPerAddressAndPerIp(CodeStore& store) {
  auto issue = [&](const std::string& addr, const std::string& ip, int64_t now) {
    IssueRequest r = Issue("e:" + addr, "H", now);
    r.send_limits = {{"send:" + addr, 1, 60}, {"send:" + addr, 5, 3600}, {"ip:" + ip, 8, 3600}};
    return store.IssueCode(r).value();
  };
  EXPECT_EQ(issue("a", "1.1.1.1", kNow).status, LimitStatus::kOk);
  auto again = issue("a", "1.1.1.1", kNow + 10);
  EXPECT_EQ(again.status, LimitStatus::kRateLimited);
  EXPECT_EQ(again.retry_after, 50);
  for (int i = 1; i < 5; ++i) EXPECT_EQ(issue("a", "1.1.1.1", kNow + 60 * i).status, LimitStatus::kOk);
  auto hourly = issue("a", "1.1.1.1", kNow + 300);
  EXPECT_EQ(hourly.status, LimitStatus::kRateLimited);
  EXPECT_EQ(hourly.retry_after, 3300);
  // The IP has used 5 of 8; three other addresses pass, the fourth does not.
  EXPECT_EQ(issue("b", "1.1.1.1", kNow + 301).status, LimitStatus::kOk);
  EXPECT_EQ(issue("c", "1.1.1.1", kNow + 302).status, LimitStatus::kOk);
  EXPECT_EQ(issue("d", "1.1.1.1", kNow + 303).status, LimitStatus::kOk);
  EXPECT_EQ(issue("e", "1.1.1.1", kNow + 304).status, LimitStatus::kRateLimited);
  EXPECT_EQ(issue("e", "2.2.2.2", kNow + 305).status, LimitStatus::kOk);
  // A refused send stores no code.
  EXPECT_FALSE(store.FindCode(Purpose::kVerifyEmail, "e:zzz", "")->has_value());
  EXPECT_TRUE(store.FindCode(Purpose::kVerifyEmail, "e:e", "")->has_value());
}

inline void AttemptsReserveFailuresAndSuccessRefundsThem(AttemptStore& store) {
  std::vector<FailureBudget> budgets = {StoreTest::Budget("login:a", 3), StoreTest::Budget("login-ip:x", 100)};
  for (int i = 0; i < 2; ++i) {
    auto a = store.BeginAttempt(budgets, kNow + i);
    ASSERT_EQ(a->limit.status, LimitStatus::kOk);
    EXPECT_EQ(a->event_ids.size(), 2u);
    ASSERT_TRUE(store.EndAttempt(*a, budgets, /*success=*/true, kNow + i).has_value());
  }
  // Three reserved attempts (not yet ended) spend the budget of 3: a fourth is refused at once.
  std::vector<Attempt> open;
  for (int i = 0; i < 3; ++i) {
    auto a = store.BeginAttempt(budgets, kNow + 10);
    ASSERT_EQ(a->limit.status, LimitStatus::kOk);
    open.push_back(*a);
  }
  EXPECT_EQ(store.BeginAttempt(budgets, kNow + 10)->limit.status, LimitStatus::kLocked);
  ASSERT_TRUE(store.EndAttempt(open[0], budgets, true, kNow + 11).has_value());
  EXPECT_EQ(store.BeginAttempt(budgets, kNow + 12)->limit.status, LimitStatus::kOk);
}

inline void FailedAttemptsLockTheBudget(AttemptStore& store) {
  std::vector<FailureBudget> budgets = {StoreTest::Budget("login:a", 2)};
  for (int i = 0; i < 2; ++i) {
    auto a = store.BeginAttempt(budgets, kNow);
    ASSERT_EQ(a->limit.status, LimitStatus::kOk);
    ASSERT_TRUE(store.EndAttempt(*a, budgets, false, kNow).has_value());
  }
  // The window (24 h) and the first lock (1 h) both hold; after the window, the lock is over too.
  auto locked = store.BeginAttempt(budgets, kNow + 1);
  EXPECT_EQ(locked->limit.status, LimitStatus::kLocked);
  EXPECT_EQ(locked->limit.retry_after, 86400 - 1);
  EXPECT_EQ(store.BeginAttempt(budgets, kNow + 86400)->limit.status, LimitStatus::kOk);
}

// Ten failed attempts in flight together spend a budget of 10 (window 60 s, lock 1 h doubling):
// it is locked once, for 1 h, as when the attempts come one by one; not 2^9 hours.
inline void FailuresInFlightTogetherLockOnce(AttemptStore& store) {
  FailureBudget budget = StoreTest::Budget("login:b", 10);
  budget.window_seconds = 60;
  const std::vector<FailureBudget> budgets = {budget};
  std::vector<Attempt> open;
  for (int i = 0; i < 10; ++i) {
    auto a = store.BeginAttempt(budgets, kNow);
    ASSERT_EQ(a->limit.status, LimitStatus::kOk);
    open.push_back(*a);
  }
  for (const auto& a : open) ASSERT_TRUE(store.EndAttempt(a, budgets, false, kNow).has_value());
  auto locked = store.BeginAttempt(budgets, kNow + 61);
  EXPECT_EQ(locked->limit.status, LimitStatus::kLocked);
  EXPECT_EQ(locked->limit.retry_after, 3600 - 61);
}

inline void ConsumeLimitsCountsEvents(AttemptStore& store) {
  std::vector<WindowLimit> limits = {{"k", 2, 100}};
  EXPECT_EQ(store.ConsumeLimits(limits, kNow)->status, LimitStatus::kOk);
  EXPECT_EQ(store.ConsumeLimits(limits, kNow + 1)->status, LimitStatus::kOk);
  auto third = store.ConsumeLimits(limits, kNow + 2);
  EXPECT_EQ(third->status, LimitStatus::kRateLimited);
  EXPECT_EQ(third->retry_after, 98);
  EXPECT_EQ(store.ConsumeLimits(limits, kNow + 100)->status, LimitStatus::kOk);
  // max_events <= 0 switches a limit off.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(store.ConsumeLimits({{"off", 0, 100}}, kNow)->status, LimitStatus::kOk);
}

// REQUIRES: account `id` exists (the SQLite store checks the foreign key).
inline void SessionsExpireAndAreRevocable(SessionStore& store, int64_t id) {
  ASSERT_TRUE(store.CreateSession({"s1", "t1", id, kNow, kNow + 100, "127.0.0.1", "ua"}).has_value());
  ASSERT_TRUE(store.CreateSession({"s2", "t2", id, kNow - 1, kNow + 200, "127.0.0.1", "ua 2"}).has_value());
  auto found = store.FindSession("t1", kNow + 50);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, "s1");
  EXPECT_EQ((*found)->account_id, id);
  EXPECT_EQ((*found)->client_ip, "127.0.0.1");
  EXPECT_FALSE(store.FindSession("t1", kNow + 100)->has_value());
  EXPECT_FALSE(store.FindSession("nope", kNow)->has_value());
  auto listed = store.ListSessions(id, kNow);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "s2");  // Oldest first.
  EXPECT_EQ((*listed)[0].user_agent, "ua 2");
  EXPECT_EQ((*listed)[1].token_hash, "t1");
  EXPECT_EQ(store.ListSessions(id, kNow + 150)->size(), 1u);
  EXPECT_FALSE(store.CreateSession({"s9", "t1", id, kNow, kNow + 100, "", ""}).has_value());  // Token taken.
  EXPECT_FALSE(*store.DeleteSession(id + 1, "s1"));
  EXPECT_TRUE(*store.DeleteSession(id, "s1"));
  EXPECT_FALSE(store.FindSession("t1", kNow)->has_value());
  ASSERT_TRUE(store.CreateSession({"s3", "t3", id, kNow, kNow + 200, "", ""}).has_value());
  EXPECT_EQ(*store.DeleteSessions(id, "s3"), 1);
  EXPECT_EQ(store.ListSessions(id, kNow)->size(), 1u);
  EXPECT_EQ(*store.DeleteSessions(id, ""), 1);
  EXPECT_TRUE(store.ListSessions(id, kNow)->empty());
}

// --- Two store objects on one database: 1,000 guesses on kThreads threads ---

inline CodeStore& Either(int i, CodeStore& a, CodeStore& b) { return i % 2 == 0 ? a : b; }

inline void ThousandWrongGuessesGetFiveComparisons(CodeStore& a, CodeStore& b) {
  ASSERT_TRUE(a.IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> compared{0}, rejected{0}, errors{0};
  RunPool(1000, [&](int i) {
    VerifyRequest r = Verify("e:a", "WRONG", kNow + 1);
    r.budget.max_failures = 100000;  // Only the per-code limit is under test here.
    r.matches = [&](const Code&) {
      ++compared;
      return false;
    };
    auto result = Either(i, a, b).VerifyCode(r);
    if (!result) {
      ++errors;
    } else if (result->status == VerifyStatus::kRejected) {
      ++rejected;
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(rejected.load(), 1000);
  EXPECT_EQ(compared.load(), 5);
}

inline void AccountBudgetHoldsUnderConcurrency(CodeStore& a, CodeStore& b) {
  ASSERT_TRUE(a.IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> rejected{0}, locked{0};
  RunPool(1000, [&](int i) {
    auto result = Either(i, a, b).VerifyCode(Verify("e:a", "WRONG", kNow + 1));
    ASSERT_TRUE(result.has_value());
    (result->status == VerifyStatus::kLocked ? locked : rejected)++;
  });
  EXPECT_EQ(rejected.load(), 20);  // The budget, exactly.
  EXPECT_EQ(locked.load(), 1000 - 20);
}

inline void RightGuessIsAcceptedExactlyOnce(CodeStore& a, CodeStore& b) {
  ASSERT_TRUE(a.IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> accepted{0};
  RunPool(1000, [&](int i) {
    VerifyRequest r = Verify("e:a", "RIGHT", kNow + 1);
    r.budget.max_failures = 100000;
    auto result = Either(i, a, b).VerifyCode(r);
    ASSERT_TRUE(result.has_value());
    if (result->status == VerifyStatus::kAccepted) ++accepted;
  });
  EXPECT_EQ(accepted.load(), 1);
}

inline void ParallelPasswordAttemptsCannotExceedTheBudget(AttemptStore& a, AttemptStore& b) {
  std::vector<FailureBudget> budgets = {StoreTest::Budget("login:a", 10)};
  std::atomic<int> admitted{0};
  RunPool(200, [&](int i) {
    AttemptStore& store = i % 2 == 0 ? a : b;
    auto attempt = store.BeginAttempt(budgets, kNow);
    ASSERT_TRUE(attempt.has_value());
    if (attempt->limit.status != LimitStatus::kOk) return;
    ++admitted;
    ASSERT_TRUE(store.EndAttempt(*attempt, budgets, false, kNow).has_value());
  });
  EXPECT_EQ(admitted.load(), 10);
}

}  // namespace kakunin::store::cases

#endif  // KAKUNIN_TESTS_STORE_STORE_CASES_H_
