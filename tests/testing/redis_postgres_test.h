// A GoogleTest fixture for tests over real Redis and PostgreSQL servers on 127.0.0.1 (the
// multi-node store): each test gets a fresh database on the binary's PostgreSQL server
// (PostgresServer::Shared) and, for Redis, either a fresh key prefix on one redis-server shared by
// the binary's tests (RedisUse::kShared) or a redis-server of its own (RedisUse::kOwn: tests that
// restart, kill or pause it). redis_options_ keep the callers' clock (RedisOptions::Clock::kCaller),
// since these tests move fake clocks. A missing redis-server or PostgreSQL installation skips
// the test.
//
//   class MyTest : public kakunin::testing::RedisPostgresTest {
//     void SetUp() override {
//       SetUpServers("mine", RedisUse::kShared);
//       if (IsSkipped() || HasFatalFailure()) return;
//       auto store = store::OpenDistributedStore(redis_options_, pg_options_);
//     }
//   };
//
// Thread-safety: as GoogleTest fixtures (the test's main thread).
#ifndef KAKUNIN_TESTS_TESTING_REDIS_POSTGRES_TEST_H_
#define KAKUNIN_TESTS_TESTING_REDIS_POSTGRES_TEST_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kakunin/store.h"
#include "testing/postgres_server.h"
#include "testing/redis_server.h"

namespace kakunin::testing {

class RedisPostgresTest : public ::testing::Test {
 protected:
  enum class RedisUse { kShared, kOwn };

  static void SetUpTestSuite() { pg_ = &PostgresServer::Shared(); }
  static void TearDownTestSuite() { shared_redis_.reset(); }

  // Fills redis_options_ (port, and the key prefix NAME<n>: when shared) and pg_options_
  // (database NAME_<n>), n counting the binary's tests. May skip or fail: check IsSkipped() and
  // HasFatalFailure() after it.
  void SetUpServers(const std::string& name, RedisUse use) {
    KAKUNIN_REQUIRE_POSTGRES(*pg_);
    if (!RedisServer::Available()) GTEST_SKIP() << RedisServer::kMissing;
    const std::string n = std::to_string(++count_);
    if (use == RedisUse::kOwn) {
      own_redis_ = std::make_unique<RedisServer>();
    } else {
      if (!shared_redis_) shared_redis_ = std::make_unique<RedisServer>();
      redis_options_.key_prefix = name + n + ":";
    }
    ASSERT_TRUE(redis().ok()) << redis().error();
    redis_options_.port = redis().port();
    redis_options_.clock = store::RedisOptions::Clock::kCaller;
    pg_options_.conninfo = pg_->CreateDatabase(name + "_" + n);
    ASSERT_FALSE(pg_options_.conninfo.empty());
  }

  // This test's redis-server (its own, or the binary's).
  RedisServer& redis() { return own_redis_ ? *own_redis_ : *shared_redis_; }

  static inline PostgresServer* pg_ = nullptr;
  static inline std::unique_ptr<RedisServer> shared_redis_;
  static inline int count_ = 0;
  std::unique_ptr<RedisServer> own_redis_;  // RedisUse::kOwn; a test may reset it to stop the server early.
  store::RedisOptions redis_options_;
  store::PostgresOptions pg_options_;
};

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_TESTING_REDIS_POSTGRES_TEST_H_
