// The Redis + PostgreSQL store (OpenDistributedStore) against real servers on 127.0.0.1: the
// engine cases through the combined store, the TOTP cases (the one operation that needs both
// servers: Redis reserves and settles the try, PostgreSQL compares under a row lock), and what an
// outage must not do: a PostgreSQL failure in the middle of a TOTP try never gives a free guess.
#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <thread>
#include <string>

#include "store_cases.h"
#include "testing/redis_postgres_test.h"
#include "totp_cases.h"

namespace kakunin::store {
namespace {

class SplitStoreTest : public testing::RedisPostgresTest {
 protected:
  void SetUp() override {
    SetUpServers("split", RedisUse::kShared);
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = Open();
    second_ = Open();
    ASSERT_TRUE(store_ && second_);
  }

  std::unique_ptr<Store> Open() {
    auto store = OpenDistributedStore(redis_options_, pg_options_);
    EXPECT_TRUE(store.has_value()) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<Store> second_;  // Another "node" on the same servers.
};

TEST_F(SplitStoreTest, CodesAreSingleUseAndDieAfterFiveWrongTries) {
  cases::ACodeIsAcceptedOnceOnly(*store_);
  cases::FifthWrongTryKillsTheCode(*second_);
}

TEST_F(SplitStoreTest, BudgetsLimitsAndSessions) {
  cases::AccountBudgetSpansCodesAndLocksWithGrowingWaits(*store_);
  cases::SendLimitsPerAddressAndPerIp(*second_);
  cases::AttemptsReserveFailuresAndSuccessRefundsThem(*store_);
  cases::SessionsExpireAndAreRevocable(*store_, 7);
}

TEST_F(SplitStoreTest, ThousandWrongGuessesOnTwoNodesGetFiveComparisons) {
  cases::ThousandWrongGuessesGetFiveComparisons(*store_, *second_);
}

TEST_F(SplitStoreTest, AccountsAreUniqueByAddressAcrossNodes) {
  Account a;
  a.email = "a@example.com";
  a.password_hash = "x";
  a.language = "ja";
  auto first = store_->CreateAccount(a);
  ASSERT_TRUE(first.has_value() && first->has_value());
  auto again = second_->CreateAccount(a);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value());
  auto found = second_->FindAccountByEmail("a@example.com");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->id, **first);
}

TEST_F(SplitStoreTest, TotpConfirmThenSignInWithReplayRuleAndRecoveryCodes) {
  totp_cases::ConfirmThenSignInWithReplayRuleAndRecoveryCodes(*store_);
}

TEST_F(SplitStoreTest, TotpTheSameStepIsAcceptedOnceAcrossNodes) {
  totp_cases::TheSameStepIsAcceptedOnceUnderConcurrency(*store_, *second_);
}

TEST_F(SplitStoreTest, TotpWrongCodesSpendTheAccountBudget) { totp_cases::WrongCodesSpendTheAccountBudget(*store_); }

TEST_F(SplitStoreTest, APostgresOutageDuringTotpTriesGivesNoFreeGuess) {
  const int64_t id = totp_cases::CreateAccount(*store_);
  ASSERT_TRUE(*store_->PutTotp(totp_cases::Secret(id, "S")));
  ASSERT_EQ(store_->VerifyTotp(totp_cases::Request(id, "", "RIGHT", 10))->status, VerifyStatus::kAccepted);
  totp_cases::OpenFlow(*store_, id, "f");
  auto request = [&](const std::string& candidate, int64_t step) {
    TotpVerifyRequest r = totp_cases::Request(id, "f", candidate, step);
    r.budget.max_failures = 3;
    return r;
  };
  ASSERT_TRUE(pg_->Stop());
  for (int i = 0; i < 3; ++i) {
    auto r = store_->VerifyTotp(request("RIGHT", 11 + i));
    EXPECT_FALSE(r.has_value()) << "a try with PostgreSQL down must fail";
  }
  ASSERT_TRUE(pg_->Start());
  // The three failed tries were charged: the budget is spent, the right code is refused.
  auto after = store_->VerifyTotp(request("RIGHT", 20));
  ASSERT_TRUE(after.has_value()) << after.error().ToString();
  EXPECT_EQ(after->status, VerifyStatus::kLocked);
  EXPECT_EQ(store_->FindTotp(id)->value().last_step, 10);
}

// One text value from PostgreSQL ("" on error), read with libpq directly.
std::string QueryOne(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  std::string value;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) value = PQgetvalue(r, 0, 0);
    PQclear(r);
  }
  PQfinish(conn);
  return value;
}

TEST_F(SplitStoreTest, EveryNodesAuditEntriesMeetInOneTable) {
  AuditStore* a = store_->central_audit();
  AuditStore* b = second_->central_audit();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(a->AppendAudit(100, "signup_requested", R"({"event":"signup_requested","time":100})").has_value());
  ASSERT_TRUE(b->AppendAudit(101, "login_failed", R"({"event":"login_failed","time":101,"ip":"192.0.2.1"})").has_value());
  // Inserted in the background, in batches.
  std::string count;
  for (int i = 0; i < 100 && count != "2"; ++i) {
    count = QueryOne(pg_options_.conninfo, "SELECT count(*) FROM audit");
    if (count != "2") std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(count, "2");
  EXPECT_EQ(QueryOne(pg_options_.conninfo, "SELECT entry->>'ip' FROM audit WHERE event = 'login_failed'"), "192.0.2.1");
  auto bad = a->AppendAudit(102, "x", "not json");
  EXPECT_FALSE(bad.has_value());
  EXPECT_EQ(QueryOne(pg_options_.conninfo, "SELECT count(*) FROM audit"), "2");
}

TEST_F(SplitStoreTest, AuditEntriesFromManyThreadsAllArriveInBatches) {
  constexpr int kThreads = 4, kEach = 1500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      AuditStore* audit = (t % 2 ? second_ : store_)->central_audit();
      for (int i = 0; i < kEach; ++i) {
        const std::string json = R"({"event":"code_failed","n":)" + std::to_string(t * kEach + i) + "}";
        EXPECT_TRUE(audit->AppendAudit(i, "code_failed", json).has_value());
      }
    });
  }
  for (auto& t : threads) t.join();
  const std::string want = std::to_string(kThreads * kEach);
  std::string count;
  for (int i = 0; i < 200 && count != want; ++i) {
    count = QueryOne(pg_options_.conninfo, "SELECT count(DISTINCT (entry->>'n')::int) FROM audit");
    if (count != want) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(count, want);
}

}  // namespace
}  // namespace kakunin::store
