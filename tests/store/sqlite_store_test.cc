#include <sqlite3.h>

#include "store_fixture.h"

namespace kakunin::store {
namespace {

constexpr int64_t kNow = 1'800'000'000;

TEST_F(StoreTest, OpensInWalModeAtTheCurrentSchemaVersionAndReopens) {
  store_.reset();
  auto again = OpenSqliteStore(path_);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  auto query = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    std::string value(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    return value;
  };
  EXPECT_EQ(query("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(query("PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
  sqlite3_close(db);
}

TEST_F(StoreTest, RefusesADatabaseFromANewerVersion) {
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto again = OpenSqliteStore(path_);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(StoreTest, ACodeIsAcceptedOnceOnly) {
  ASSERT_EQ(store_->IssueCode(Issue("e:a", "H1", kNow))->status, LimitStatus::kOk);
  auto first = store_->VerifyCode(Verify("e:a", "H1", kNow + 1));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, VerifyStatus::kAccepted);
  ASSERT_TRUE(first->code.has_value());
  EXPECT_EQ(first->code->flow_id, "flow");
  EXPECT_EQ(store_->VerifyCode(Verify("e:a", "H1", kNow + 2))->status, VerifyStatus::kRejected);
}

TEST_F(StoreTest, ExpiredCodeIsRejected) {
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "H1", kNow)).has_value());
  EXPECT_EQ(store_->VerifyCode(Verify("e:a", "H1", kNow + 600))->status, VerifyStatus::kRejected);
}

TEST_F(StoreTest, NewCodeReplacesTheOld) {
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "OLD", kNow)).has_value());
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "NEW", kNow + 61)).has_value());
  EXPECT_EQ(store_->VerifyCode(Verify("e:a", "OLD", kNow + 62))->status, VerifyStatus::kRejected);
  EXPECT_EQ(store_->VerifyCode(Verify("e:a", "NEW", kNow + 63))->status, VerifyStatus::kAccepted);
}

TEST_F(StoreTest, PendingFlowsKeepTheirOwnCodesUpToMaxFlows) {
  auto issue = [&](const std::string& flow, const std::string& hash, int64_t now) {
    IssueRequest r = Issue("e:a", hash, now);
    r.code->flow_id = flow;
    r.max_flows = 3;
    return store_->IssueCode(r)->status;
  };
  auto verify = [&](const std::string& flow, const std::string& guess, int64_t now) {
    VerifyRequest r = Verify("e:a", guess, now);
    r.flow_id = flow;
    return store_->VerifyCode(r)->status;
  };
  ASSERT_EQ(issue("f1", "H1", kNow), LimitStatus::kOk);
  ASSERT_EQ(issue("f2", "H2", kNow + 1), LimitStatus::kOk);
  ASSERT_EQ(issue("f3", "H3", kNow + 2), LimitStatus::kOk);
  // A code is compared only within its own flow; an empty flow id names no flow.
  EXPECT_EQ(verify("f2", "H1", kNow + 3), VerifyStatus::kRejected);
  EXPECT_EQ(verify("", "H1", kNow + 3), VerifyStatus::kRejected);
  EXPECT_EQ(verify("f1", "H1", kNow + 3), VerifyStatus::kAccepted);
  EXPECT_EQ(store_->FindCode(Purpose::kVerifyEmail, "e:a", "f2")->value().attempts, 1);
  // Rotation within a flow keeps the others.
  ASSERT_EQ(issue("f2", "H2b", kNow + 4), LimitStatus::kOk);
  EXPECT_EQ(verify("f2", "H2", kNow + 5), VerifyStatus::kRejected);
  EXPECT_TRUE(store_->FindCode(Purpose::kVerifyEmail, "e:a", "f3")->has_value());
  // Beyond max_flows the flow that expires first (f3; f2 was rotated later) is evicted.
  ASSERT_EQ(issue("f4", "H4", kNow + 6), LimitStatus::kOk);
  ASSERT_EQ(issue("f5", "H5", kNow + 7), LimitStatus::kOk);
  EXPECT_FALSE(store_->FindCode(Purpose::kVerifyEmail, "e:a", "f3")->has_value());
  for (const char* live : {"f2", "f4", "f5"}) {
    EXPECT_TRUE(store_->FindCode(Purpose::kVerifyEmail, "e:a", live)->has_value()) << live;
  }
  // Expired flows go at the next issue; the new one is always kept.
  ASSERT_EQ(issue("f6", "H6", kNow + 605), LimitStatus::kOk);
  EXPECT_FALSE(store_->FindCode(Purpose::kVerifyEmail, "e:a", "f2")->has_value());
  EXPECT_TRUE(store_->FindCode(Purpose::kVerifyEmail, "e:a", "f6")->has_value());
  EXPECT_EQ(verify("f5", "H5", kNow + 606), VerifyStatus::kAccepted);
  EXPECT_EQ(store_->FindCode(Purpose::kVerifyEmail, "e:a", "f4")->value().attempts, 0);
}

TEST_F(StoreTest, FifthWrongTryKillsTheCode) {
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(store_->VerifyCode(Verify("e:a", "WRONG", kNow + 1))->status, VerifyStatus::kRejected);
  }
  EXPECT_FALSE(store_->FindCode(Purpose::kVerifyEmail, "e:a", "")->has_value());
  EXPECT_EQ(store_->VerifyCode(Verify("e:a", "RIGHT", kNow + 2))->status, VerifyStatus::kRejected);
}

TEST_F(StoreTest, FourWrongTriesStillLeaveTheRightOne) {
  ASSERT_TRUE(store_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  for (int i = 0; i < 4; ++i) (void)store_->VerifyCode(Verify("e:a", "WRONG", kNow + 1));
  EXPECT_EQ(store_->FindCode(Purpose::kVerifyEmail, "e:a", "")->value().attempts, 4);
  EXPECT_EQ(store_->VerifyCode(Verify("e:a", "RIGHT", kNow + 2))->status, VerifyStatus::kAccepted);
}

TEST_F(StoreTest, AccountBudgetSpansCodesAndLocksWithGrowingWaits) {
  // 20 wrong tries over 4 codes (5 each, new code each time) spend the budget.
  int64_t t = kNow;
  for (int code = 0; code < 4; ++code) {
    ASSERT_EQ(store_->IssueCode(Issue("a:1", "R" + std::to_string(code), t))->status, LimitStatus::kOk);
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(store_->VerifyCode(Verify("a:1", "WRONG", ++t))->status, VerifyStatus::kRejected);
    }
  }
  auto locked = store_->VerifyCode(Verify("a:1", "ANY", ++t));
  EXPECT_EQ(locked->status, VerifyStatus::kLocked);
  // The window holds until the first failure is 24 h old.
  EXPECT_GT(locked->retry_after, 86400 - 30);
  auto issue = store_->IssueCode(Issue("a:1", "R", t));
  EXPECT_EQ(issue->status, LimitStatus::kLocked);
  // After 24 h the oldest failures leave the window and the (1 h) lock has passed: one more try.
  t = kNow + 86400 + 1;
  EXPECT_EQ(store_->IssueCode(Issue("a:1", "R", t))->status, LimitStatus::kOk);
  EXPECT_EQ(store_->VerifyCode(Verify("a:1", "WRONG", t))->status, VerifyStatus::kRejected);
  // That failure spends the budget again: the second lock in a row is 2 h.
  auto second = store_->VerifyCode(Verify("a:1", "R", t + 1));
  EXPECT_EQ(second->status, VerifyStatus::kLocked);
  EXPECT_GE(second->retry_after, 2 * 3600 - 1);
  // Other subjects are untouched.
  ASSERT_TRUE(store_->IssueCode(Issue("a:2", "X", t)).has_value());
  EXPECT_EQ(store_->VerifyCode(Verify("a:2", "X", t))->status, VerifyStatus::kAccepted);
}

TEST_F(StoreTest, WrongGuessesWithoutACodeAreChargedToo) {
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(store_->VerifyCode(Verify("e:nobody", "X", kNow + i))->status, VerifyStatus::kRejected);
  }
  EXPECT_EQ(store_->VerifyCode(Verify("e:nobody", "X", kNow + 30))->status, VerifyStatus::kLocked);
}

TEST_F(StoreTest, SendLimitsPerAddressAndPerIp) {
  auto issue = [&](const std::string& addr, const std::string& ip, int64_t now) {
    IssueRequest r = Issue("e:" + addr, "H", now);
    r.send_limits = {{"send:" + addr, 1, 60}, {"send:" + addr, 5, 3600}, {"ip:" + ip, 8, 3600}};
    return store_->IssueCode(r).value();
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
  EXPECT_FALSE(store_->FindCode(Purpose::kVerifyEmail, "e:zzz", "")->has_value());
}

TEST_F(StoreTest, AttemptsReserveFailuresAndSuccessRefundsThem) {
  std::vector<FailureBudget> budgets = {Budget("login:a", 3), Budget("login-ip:x", 100)};
  for (int i = 0; i < 2; ++i) {
    auto a = store_->BeginAttempt(budgets, kNow + i);
    ASSERT_EQ(a->limit.status, LimitStatus::kOk);
    ASSERT_TRUE(store_->EndAttempt(*a, budgets, /*success=*/true, kNow + i).has_value());
  }
  // Three reserved attempts (not yet ended) spend the budget of 3: a fourth is refused at once.
  std::vector<Attempt> open;
  for (int i = 0; i < 3; ++i) {
    auto a = store_->BeginAttempt(budgets, kNow + 10);
    ASSERT_EQ(a->limit.status, LimitStatus::kOk);
    open.push_back(*a);
  }
  EXPECT_EQ(store_->BeginAttempt(budgets, kNow + 10)->limit.status, LimitStatus::kLocked);
  ASSERT_TRUE(store_->EndAttempt(open[0], budgets, true, kNow + 11).has_value());
  EXPECT_EQ(store_->BeginAttempt(budgets, kNow + 12)->limit.status, LimitStatus::kOk);
}

TEST_F(StoreTest, ConsumeLimitsCountsEvents) {
  std::vector<WindowLimit> limits = {{"k", 2, 100}};
  EXPECT_EQ(store_->ConsumeLimits(limits, kNow)->status, LimitStatus::kOk);
  EXPECT_EQ(store_->ConsumeLimits(limits, kNow + 1)->status, LimitStatus::kOk);
  auto third = store_->ConsumeLimits(limits, kNow + 2);
  EXPECT_EQ(third->status, LimitStatus::kRateLimited);
  EXPECT_EQ(third->retry_after, 98);
  EXPECT_EQ(store_->ConsumeLimits(limits, kNow + 100)->status, LimitStatus::kOk);
}

TEST_F(StoreTest, AccountsAreUniqueByAddress) {
  Account a{0, "a@example.com", "$argon2id$x", "ja", "", "", kNow};
  auto id = store_->CreateAccount(a);
  ASSERT_TRUE(id.has_value() && id->has_value());
  EXPECT_FALSE(store_->CreateAccount(a)->has_value());
  auto found = store_->FindAccountByEmail("a@example.com");
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, **id);
  a.email = "b@example.com";
  auto other = store_->CreateAccount(a);
  EXPECT_FALSE(*store_->SetEmail(**other, "a@example.com"));
  EXPECT_TRUE(*store_->SetEmail(**other, "c@example.com"));
  ASSERT_TRUE(store_->SetPasswordHash(**id, "$argon2id$y").has_value());
  EXPECT_EQ(store_->FindAccount(**id)->value().password_hash, "$argon2id$y");
  ASSERT_TRUE(store_->SetTwoStep(**id, "sms", "+819012345678").has_value());
  EXPECT_EQ(store_->FindAccount(**id)->value().phone, "+819012345678");
}

TEST_F(StoreTest, SessionsExpireAndAreRevocable) {
  auto id = store_->CreateAccount({0, "a@example.com", "h", "en", "", "", kNow})->value();
  ASSERT_TRUE(store_->CreateSession({"s1", "t1", id, kNow, kNow + 100, "127.0.0.1", "ua"}).has_value());
  ASSERT_TRUE(store_->CreateSession({"s2", "t2", id, kNow, kNow + 200, "127.0.0.1", "ua"}).has_value());
  EXPECT_TRUE(store_->FindSession("t1", kNow + 50)->has_value());
  EXPECT_FALSE(store_->FindSession("t1", kNow + 100)->has_value());
  EXPECT_EQ(store_->ListSessions(id, kNow)->size(), 2u);
  EXPECT_FALSE(*store_->DeleteSession(id + 1, "s1"));
  EXPECT_TRUE(*store_->DeleteSession(id, "s1"));
  ASSERT_TRUE(store_->CreateSession({"s3", "t3", id, kNow, kNow + 200, "", ""}).has_value());
  EXPECT_EQ(*store_->DeleteSessions(id, "s3"), 1);
  EXPECT_EQ(store_->ListSessions(id, kNow)->size(), 1u);
}

TEST_F(StoreTest, MessageQueueIsDurableAndOrdered) {
  IssueRequest r = Issue("e:a", "H", kNow);
  r.message = QueuedMessage{0, kNow, "sealed-1"};
  ASSERT_TRUE(store_->IssueCode(r).has_value());
  ASSERT_TRUE(store_->Enqueue({0, kNow, "sealed-2"}).has_value());
  store_.reset();
  store_ = std::move(*OpenSqliteStore(path_));
  auto pending = store_->Pending(10);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].sealed, "sealed-1");
  ASSERT_TRUE(store_->Remove((*pending)[0].id).has_value());
  EXPECT_EQ(store_->Pending(10)->size(), 1u);
  // A refused issue queues nothing.
  IssueRequest limited = Issue("e:b", "H", kNow);
  limited.send_limits = {{"send:b", 1, 60}};
  limited.message = QueuedMessage{0, kNow, "sealed-3"};
  ASSERT_EQ(store_->IssueCode(limited)->status, LimitStatus::kOk);
  ASSERT_EQ(store_->IssueCode(limited)->status, LimitStatus::kRateLimited);
  EXPECT_EQ(store_->Pending(10)->size(), 2u);
}

}  // namespace
}  // namespace kakunin::store
