#include <sqlite3.h>

#include "store_cases.h"

namespace kakunin::store {
namespace {

using cases::kNow;

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

TEST_F(StoreTest, ACodeIsAcceptedOnceOnly) { cases::ACodeIsAcceptedOnceOnly(*store_); }

TEST_F(StoreTest, ExpiredCodeIsRejected) { cases::ExpiredCodeIsRejected(*store_); }

TEST_F(StoreTest, NewCodeReplacesTheOld) { cases::NewCodeReplacesTheOld(*store_); }

TEST_F(StoreTest, PendingFlowsKeepTheirOwnCodesUpToMaxFlows) {
  cases::PendingFlowsKeepTheirOwnCodesUpToMaxFlows(*store_);
}

TEST_F(StoreTest, FifthWrongTryKillsTheCode) { cases::FifthWrongTryKillsTheCode(*store_); }

TEST_F(StoreTest, FourWrongTriesStillLeaveTheRightOne) {
  cases::FourWrongTriesStillLeaveTheRightOne(*store_);
}

TEST_F(StoreTest, AccountBudgetSpansCodesAndLocksWithGrowingWaits) {
  cases::AccountBudgetSpansCodesAndLocksWithGrowingWaits(*store_);
}

TEST_F(StoreTest, WrongGuessesWithoutACodeAreChargedToo) {
  cases::WrongGuessesWithoutACodeAreChargedToo(*store_);
}

TEST_F(StoreTest, SendLimitsPerAddressAndPerIp) { cases::SendLimitsPerAddressAndPerIp(*store_); }

TEST_F(StoreTest, AttemptsReserveFailuresAndSuccessRefundsThem) {
  cases::AttemptsReserveFailuresAndSuccessRefundsThem(*store_);
}

TEST_F(StoreTest, ConsumeLimitsCountsEvents) { cases::ConsumeLimitsCountsEvents(*store_); }

TEST_F(StoreTest, ASuccessRefundsItsFailureAndResetsTheLockLevel) {
  cases::ASuccessRefundsItsFailureAndResetsTheLockLevel(*store_);
}
TEST_F(StoreTest, FailedAttemptsLockTheBudget) { cases::FailedAttemptsLockTheBudget(*store_); }

TEST_F(StoreTest, FailuresInFlightTogetherLockOnce) { cases::FailuresInFlightTogetherLockOnce(*store_); }

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
  cases::SessionsExpireAndAreRevocable(*store_, id);
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
