// RedisStore against a real redis-server on 127.0.0.1 (tests/testing/redis_server.h): the cases
// every engine passes (store_cases.h), then what only several nodes have: two store objects
// ("nodes") racing, queue claims and leases, key prefixes and relative TTLs, a Redis restart, a
// crash (SIGKILL), an emptied script cache, a server that is down, hangs up mid-command or never
// answers (a fake server), data of the wrong type. Each test uses its own key prefix on one
// shared server; the restart tests start their own.
// Deviations from the SQLite cases, each with its reason:
//  - Pending claims (a lease): the queue case sets the lease to 0 ms so a second Pending sees
//    unremoved messages again, as SQLite's does.
//  - Sessions need no account row (Redis holds no accounts).
#include <ctime>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "store/redis_store.h"
#include "store_cases.h"
#include "testing/redis_server.h"

namespace kakunin::store {
namespace {

using internal::RedisStore;
using testing::RedisServer;

using cases::kNow;
using cases::RunPool;

class RedisStoreTest : public StoreTest {
 protected:
  static void SetUpTestSuite() {
    if (RedisServer::Available()) server_ = new RedisServer();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    if (!RedisServer::Available()) GTEST_SKIP() << RedisServer::kMissing;
    ASSERT_TRUE(server_->ok()) << server_->error();
    static std::atomic<int> test_number{0};
    options_.port = server_->port();
    options_.key_prefix = "test" + std::to_string(++test_number) + ":";
    options_.connections = 4;
    options_.clock = RedisOptions::Clock::kCaller;  // The cases run on a fake clock (kNow).
    redis_ = OpenOrDie(options_);
    second_ = OpenOrDie(options_);
  }
  void TearDown() override {
    redis_.reset();
    second_.reset();
  }

  static std::unique_ptr<RedisStore> OpenOrDie(const RedisOptions& options) {
    auto store = RedisStore::Open(options);
    EXPECT_TRUE(store.has_value()) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }
  RedisStore& Node(int i) { return i % 2 == 0 ? *redis_ : *second_; }
  std::string Key(const std::string& rest) const { return options_.key_prefix + rest; }

  static RedisServer* server_;
  RedisOptions options_;
  std::unique_ptr<RedisStore> redis_;
  std::unique_ptr<RedisStore> second_;
};

RedisServer* RedisStoreTest::server_ = nullptr;

// --- The cases every engine passes (store_cases.h) ---

TEST_F(RedisStoreTest, ACodeIsAcceptedOnceOnly) { cases::ACodeIsAcceptedOnceOnly(*redis_); }

TEST_F(RedisStoreTest, ExpiredCodeIsRejected) { cases::ExpiredCodeIsRejected(*redis_); }

TEST_F(RedisStoreTest, NewCodeReplacesTheOld) { cases::NewCodeReplacesTheOld(*redis_); }

TEST_F(RedisStoreTest, PendingFlowsKeepTheirOwnCodesUpToMaxFlows) {
  cases::PendingFlowsKeepTheirOwnCodesUpToMaxFlows(*redis_);
}

TEST_F(RedisStoreTest, FifthWrongTryKillsTheCode) { cases::FifthWrongTryKillsTheCode(*redis_); }

TEST_F(RedisStoreTest, FourWrongTriesStillLeaveTheRightOne) {
  cases::FourWrongTriesStillLeaveTheRightOne(*redis_);
}

TEST_F(RedisStoreTest, AccountBudgetSpansCodesAndLocksWithGrowingWaits) {
  cases::AccountBudgetSpansCodesAndLocksWithGrowingWaits(*redis_);
}

TEST_F(RedisStoreTest, ASuccessRefundsItsReservedFailureAndResetsTheLockLevel) {
  cases::ASuccessRefundsItsFailureAndResetsTheLockLevel(*redis_);
}

TEST_F(RedisStoreTest, WrongGuessesWithoutACodeAreChargedToo) {
  cases::WrongGuessesWithoutACodeAreChargedToo(*redis_);
}

TEST_F(RedisStoreTest, SendLimitsPerAddressAndPerIp) { cases::SendLimitsPerAddressAndPerIp(*redis_); }

TEST_F(RedisStoreTest, AttemptsReserveFailuresAndSuccessRefundsThem) {
  cases::AttemptsReserveFailuresAndSuccessRefundsThem(*redis_);
}

TEST_F(RedisStoreTest, FailedAttemptsLockTheBudget) { cases::FailedAttemptsLockTheBudget(*redis_); }

TEST_F(RedisStoreTest, FailuresInFlightTogetherLockOnce) { cases::FailuresInFlightTogetherLockOnce(*redis_); }

TEST_F(RedisStoreTest, ConsumeLimitsCountsEvents) { cases::ConsumeLimitsCountsEvents(*redis_); }

TEST_F(RedisStoreTest, SessionsExpireAndAreRevocable) { cases::SessionsExpireAndAreRevocable(*redis_, 7); }

TEST_F(RedisStoreTest, MessageQueueIsOrderedAndQueuedWithTheCode) {
  redis_->SetQueueLeaseMsForTesting(0);  // Unremoved messages are handed out again at once.
  IssueRequest r = Issue("e:a", "H", kNow);
  r.message = QueuedMessage{0, kNow, std::string("sealed-1\0\xff", 10)};  // Binary-safe.
  ASSERT_TRUE(redis_->IssueCode(r).has_value());
  ASSERT_TRUE(redis_->Enqueue({0, kNow + 5, "sealed-2"}).has_value());
  redis_ = OpenOrDie(options_);  // Another process: the queue lives in Redis.
  redis_->SetQueueLeaseMsForTesting(0);
  auto pending = redis_->Pending(10);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].sealed, std::string("sealed-1\0\xff", 10));
  EXPECT_EQ((*pending)[0].created_at, kNow);
  EXPECT_EQ((*pending)[1].created_at, kNow + 5);
  EXPECT_LT((*pending)[0].id, (*pending)[1].id);
  ASSERT_TRUE(redis_->Remove((*pending)[0].id).has_value());
  EXPECT_EQ(redis_->Pending(10)->size(), 1u);
  EXPECT_EQ(*redis_->QueuedCount(), 1);
  IssueRequest limited = Issue("e:b", "H", kNow);
  limited.send_limits = {{"send:b", 1, 60}};
  limited.message = QueuedMessage{0, kNow, "sealed-3"};
  ASSERT_EQ(redis_->IssueCode(limited)->status, LimitStatus::kOk);
  ASSERT_EQ(redis_->IssueCode(limited)->status, LimitStatus::kRateLimited);
  EXPECT_EQ(redis_->Pending(10)->size(), 2u);
  EXPECT_EQ(redis_->Pending(1)->size(), 1u);
  EXPECT_TRUE(redis_->Pending(0)->empty());
}

// --- Two store objects ("nodes") on one server ---

TEST_F(RedisStoreTest, ThousandWrongGuessesOnTwoNodesGetFiveComparisons) {
  cases::ThousandWrongGuessesGetFiveComparisons(*redis_, *second_);
}

TEST_F(RedisStoreTest, SlowComparisonsOverlapButTriesAreChargedFirst) {
  // Each compare takes 20 ms (as a PostgreSQL round trip might), so 8 threads on two nodes are
  // all between reserve and settle at once: still exactly max_attempts compares, and with a
  // budget of 3 only 3 tries are admitted at all.
  ASSERT_TRUE(redis_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> compared{0}, locked{0};
  RunPool(64, [&](int i) {
    VerifyRequest r = Verify("e:a", "WRONG", kNow + 1);
    r.matches = [&](const Code&) {
      ++compared;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return false;
    };
    auto result = Node(i).VerifyCode(r);
    ASSERT_TRUE(result.has_value());
    if (result->status == VerifyStatus::kLocked) ++locked;
  });
  EXPECT_EQ(compared.load(), 5);
  EXPECT_EQ(locked.load(), 64 - 20);

  ASSERT_TRUE(redis_->IssueCode(Issue("e:b", "RIGHT", kNow)).has_value());
  compared = 0;
  RunPool(64, [&](int i) {
    VerifyRequest r = Verify("e:b", "WRONG", kNow + 1);
    r.budget.max_failures = 3;
    r.matches = [&](const Code&) {
      ++compared;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return false;
    };
    ASSERT_TRUE(Node(i).VerifyCode(r).has_value());
  });
  EXPECT_EQ(compared.load(), 3);
}

TEST_F(RedisStoreTest, AccountBudgetHoldsAcrossNodes) {
  cases::AccountBudgetHoldsUnderConcurrency(*redis_, *second_);
}

TEST_F(RedisStoreTest, RightGuessIsAcceptedExactlyOnceAcrossNodes) {
  cases::RightGuessIsAcceptedExactlyOnce(*redis_, *second_);
}

TEST_F(RedisStoreTest, TriesInFlightTogetherLockTheBudgetOnce) {
  // 20 wrong tries reserved at once spend a budget of 20 (window 60 s, lock 1 h doubling up to
  // 7 days) once: the first lock is 1 h, as when the tries come one by one.
  ASSERT_TRUE(redis_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> compared{0};
  RunPool(20, [&](int i) {
    VerifyRequest r = Verify("e:a", "WRONG", kNow);
    r.budget.window_seconds = 60;
    r.max_attempts = 100;
    r.matches = [&](const Code&) {
      ++compared;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return false;
    };
    ASSERT_EQ(Node(i).VerifyCode(r)->status, VerifyStatus::kRejected);
  });
  EXPECT_EQ(compared.load(), 20);
  VerifyRequest later = Verify("e:a", "WRONG", kNow + 61);
  later.budget.window_seconds = 60;
  auto locked = redis_->VerifyCode(later);
  EXPECT_EQ(locked->status, VerifyStatus::kLocked);
  EXPECT_EQ(locked->retry_after, 3600 - 61);
}

TEST_F(RedisStoreTest, WrongTriesSettlingFirstDoNotKillARightOneInFlight) {
  // max_attempts tries at once, one of them right and compared last: as in SQLite, where any of
  // the first max_attempts tries may be the right one, it is accepted.
  ASSERT_TRUE(redis_->IssueCode(Issue("e:a", "RIGHT", kNow)).has_value());
  std::atomic<int> reserved{0};
  std::vector<VerifyStatus> status(5);
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&, i] {
      VerifyRequest r = Verify("e:a", i == 0 ? "RIGHT" : "WRONG", kNow + 1);
      const auto inner = r.matches;
      r.matches = [&, i, inner](const Code& c) {
        ++reserved;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (reserved.load() < 5 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return inner(c);
      };
      status[i] = Node(i).VerifyCode(r).value().status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(reserved.load(), 5);
  EXPECT_EQ(status[0], VerifyStatus::kAccepted);
  for (int i = 1; i < 5; ++i) EXPECT_EQ(status[i], VerifyStatus::kRejected);
}

TEST_F(RedisStoreTest, ARightGuessOnAReplacedCodeIsRejected) {
  // The code is replaced between the reserve and the settle: the compared code_hash is gone.
  ASSERT_TRUE(redis_->IssueCode(Issue("e:a", "OLD", kNow)).has_value());
  VerifyRequest r = Verify("e:a", "OLD", kNow + 1);
  r.matches = [&](const Code& c) {
    EXPECT_TRUE(second_->IssueCode(Issue("e:a", "NEW", kNow + 1)).has_value());
    return c.code_hash == "OLD";
  };
  EXPECT_EQ(redis_->VerifyCode(r)->status, VerifyStatus::kRejected);
  EXPECT_EQ(redis_->VerifyCode(Verify("e:a", "NEW", kNow + 2))->status, VerifyStatus::kAccepted);
}

TEST_F(RedisStoreTest, ParallelPasswordAttemptsCannotExceedTheBudget) {
  cases::ParallelPasswordAttemptsCannotExceedTheBudget(*redis_, *second_);
}

// --- The queue on several nodes ---

TEST_F(RedisStoreTest, PendingOnTwoNodesNeverHandsOutAMessageTwice) {
  constexpr int kMessages = 300;
  for (int i = 0; i < kMessages; ++i) ASSERT_TRUE(redis_->Enqueue({0, kNow, "m" + std::to_string(i)}).has_value());
  std::mutex mu;
  std::map<int64_t, int> seen;
  std::atomic<int> errors{0};
  RunPool(200, [&](int i) {
    auto batch = Node(i).Pending(3);
    if (!batch) {
      ++errors;
      return;
    }
    std::lock_guard lock(mu);
    for (const auto& m : *batch) ++seen[m.id];
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(seen.size(), static_cast<size_t>(kMessages));
  for (const auto& [id, times] : seen) EXPECT_EQ(times, 1) << id;
  // All claimed, none removed: nothing is handed out while the leases run.
  EXPECT_TRUE(second_->Pending(10)->empty());
  EXPECT_EQ(*second_->QueuedCount(), kMessages);
}

TEST_F(RedisStoreTest, AMessageWhoseLeaseEndedIsHandedOutAgain) {
  redis_->SetQueueLeaseMsForTesting(200);
  ASSERT_TRUE(redis_->Enqueue({0, kNow, "a"}).has_value());
  ASSERT_TRUE(redis_->Enqueue({0, kNow, "b"}).has_value());
  auto first = redis_->Pending(1);  // This node claims "a", then dies.
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].sealed, "a");
  auto other = second_->Pending(10);
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].sealed, "b");
  ASSERT_TRUE(second_->Remove((*other)[0].id).has_value());
  EXPECT_TRUE(second_->Pending(10)->empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  auto again = second_->Pending(10);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].id, (*first)[0].id);
  ASSERT_TRUE(second_->Remove((*again)[0].id).has_value());
  EXPECT_EQ(*redis_->QueuedCount(), 0);
}

TEST_F(RedisStoreTest, ARestartedNodeTakesItsOwnClaimsBackAtOnce) {
  RedisOptions a = options_, b = options_;
  a.node_id = "node-a";
  b.node_id = "node-b";
  auto node_a = OpenOrDie(a);
  auto node_b = OpenOrDie(b);
  for (const char* m : {"m1", "m2", "m3"}) ASSERT_TRUE(node_a->Enqueue({0, kNow, m}).has_value());
  auto claimed = node_a->Pending(2);  // Node a claims m1 and m2, then dies before Remove.
  ASSERT_EQ(claimed->size(), 2u);
  node_a = OpenOrDie(a);  // Restarted with the same id.
  auto others = node_b->Pending(10);
  ASSERT_EQ(others->size(), 1u);  // Node b only gets m3 while a's claims run.
  EXPECT_EQ((*others)[0].sealed, "m3");
  auto back = node_a->Pending(10);
  ASSERT_EQ(back->size(), 2u);  // At once, not after the lease.
  EXPECT_EQ((*back)[0].id, (*claimed)[0].id);
  EXPECT_EQ((*back)[1].id, (*claimed)[1].id);
  for (const auto& m : *back) ASSERT_TRUE(node_a->Remove(m.id).has_value());
  ASSERT_TRUE(node_b->Remove((*others)[0].id).has_value());
  EXPECT_TRUE(node_a->Pending(10)->empty());
  EXPECT_EQ(*node_a->QueuedCount(), 0);
  auto mine = server_->Command({"SCARD", Key("q:mine:node-a")});
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(*mine, "0");
}

TEST_F(RedisStoreTest, ClaimsOfANodeThatNeverReturnsGoToOthersAfterTheLease) {
  RedisOptions a = options_, b = options_;
  a.node_id = "gone";
  b.node_id = "alive";
  auto node_a = OpenOrDie(a);
  auto node_b = OpenOrDie(b);
  node_a->SetQueueLeaseMsForTesting(200);
  ASSERT_TRUE(node_a->Enqueue({0, kNow, "m"}).has_value());
  ASSERT_EQ(node_a->Pending(10)->size(), 1u);
  node_a.reset();
  EXPECT_TRUE(node_b->Pending(10)->empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  auto taken = node_b->Pending(10);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ((*taken)[0].sealed, "m");
  ASSERT_TRUE(node_b->Remove((*taken)[0].id).has_value());
  EXPECT_EQ(*node_b->QueuedCount(), 0);
}

// --- Keys, TTLs, errors ---

TEST_F(RedisStoreTest, EveryKeyHasThePrefixAndARelativeTtl) {
  IssueRequest r = Issue("e:a", "H", kNow);
  r.send_limits = {{"send:a", 3, 3600}};
  r.message = QueuedMessage{0, kNow, "m"};
  ASSERT_TRUE(redis_->IssueCode(r).has_value());
  (void)redis_->VerifyCode(Verify("e:x", "W", kNow));
  ASSERT_TRUE(redis_->CreateSession({"s1", "t1", 1, kNow, kNow + 1000, "", ""}).has_value());
  auto keys = server_->Command({"KEYS", "*"});
  ASSERT_TRUE(keys.has_value());
  std::set<std::string> mine;
  std::istringstream lines(*keys);
  for (std::string key; std::getline(lines, key);) {
    if (key.starts_with(options_.key_prefix)) mine.insert(key.substr(options_.key_prefix.size()));
  }
  EXPECT_TRUE(mine.count("c:verify_email:e:a")) << *keys;
  EXPECT_TRUE(mine.count("w:send:a"));
  EXPECT_TRUE(mine.count("w:e:x"));
  EXPECT_TRUE(mine.count("s:t1"));
  EXPECT_TRUE(mine.count("q:msg"));
  // kNow is far from the server's clock: TTLs are relative (lifetime + the 300 s margin).
  auto ttl = [&](const std::string& key) { return std::stoll(server_->Command({"TTL", Key(key)}).value()); };
  EXPECT_NEAR(ttl("c:verify_email:e:a"), 600 + 300, 5);
  EXPECT_NEAR(ttl("w:send:a"), 3600 + 300, 5);
  EXPECT_NEAR(ttl("w:e:x"), 86400 + 300, 5);
  EXPECT_NEAR(ttl("s:t1"), 1000 + 300, 5);
  EXPECT_EQ(ttl("q:msg"), -1);  // The queue is kept until delivered.
}

TEST_F(RedisStoreTest, PrefixesKeepServicesApart) {
  RedisOptions other = options_;
  other.key_prefix = options_.key_prefix + "other:";
  auto store = OpenOrDie(other);
  ASSERT_TRUE(redis_->IssueCode(Issue("e:a", "H", kNow)).has_value());
  EXPECT_FALSE(store->FindCode(Purpose::kVerifyEmail, "e:a", "")->has_value());
  EXPECT_TRUE(second_->FindCode(Purpose::kVerifyEmail, "e:a", "")->has_value());
}

TEST_F(RedisStoreTest, DataOfTheWrongTypeIsAnErrorNotACrash) {
  ASSERT_EQ(server_->Command({"SET", Key("c:verify_email:e:a"), "junk"}), "OK");
  auto found = redis_->FindCode(Purpose::kVerifyEmail, "e:a", "");
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kIo);
  auto verified = redis_->VerifyCode(Verify("e:a", "H", kNow));
  ASSERT_FALSE(verified.has_value());
  ASSERT_EQ(server_->Command({"HSET", Key("c:verify_email:e:b"), "flow", "not msgpack"}), "1");
  EXPECT_FALSE(redis_->FindCode(Purpose::kVerifyEmail, "e:b", "flow").has_value());
  // The connections stay usable.
  EXPECT_TRUE(redis_->IssueCode(Issue("e:c", "H", kNow)).has_value());
}

TEST_F(RedisStoreTest, AnEmptiedScriptCacheIsReloaded) {
  ASSERT_TRUE(redis_->IssueCode(Issue("e:a", "H", kNow)).has_value());
  ASSERT_EQ(server_->Command({"SCRIPT", "FLUSH"}), "OK");
  EXPECT_TRUE(redis_->IssueCode(Issue("e:b", "H", kNow)).has_value());
  EXPECT_EQ(second_->VerifyCode(Verify("e:a", "H", kNow + 1))->status, VerifyStatus::kAccepted);
}

// With the server's clock (kakunind's setting), nodes whose clocks disagree by an hour share
// one time line: one budget for an attack that alternates them, and a code lives its ten
// minutes whichever node's clock issued it. (With the callers' clocks, the skew gives nearly a
// budget per clock: ClockJumpTest in tests/kakunind/multinode_fault_test.cc.)
TEST_F(RedisStoreTest, TheServerClockMakesSkewedNodesShareOneTime) {
  RedisOptions server_clock = options_;
  server_clock.clock = RedisOptions::Clock::kServer;
  auto a = OpenOrDie(server_clock), b = OpenOrDie(server_clock);
  ASSERT_TRUE(a && b);
  const int64_t real = std::time(nullptr);
  constexpr int64_t kHour = 3600;
  const FailureBudget budget{"skewed", 20, 600, 60, 3600};
  int admitted = 0;
  for (int i = 0; i < 200; ++i) {
    RedisStore& node = i % 2 ? *b : *a;
    const int64_t now = real + (i % 2 ? -kHour : kHour);
    auto attempt = node.BeginAttempt({budget}, now);
    ASSERT_TRUE(attempt.has_value());
    if (attempt->limit.status != LimitStatus::kOk) continue;
    ++admitted;
    ASSERT_TRUE(node.EndAttempt(*attempt, {budget}, /*success=*/false, now).has_value());
  }
  EXPECT_EQ(admitted, 20);

  // Issued by a node an hour behind, verified on one with the right clock: by the issuer's
  // clock it expires 50 minutes in the past, by the shared one in ten minutes.
  ASSERT_EQ(a->IssueCode(Issue("e:late", "H", real - kHour))->status, LimitStatus::kOk);
  auto late = b->VerifyCode(Verify("e:late", "H", real));
  ASSERT_TRUE(late.has_value());
  ASSERT_EQ(late->status, VerifyStatus::kAccepted);
  // Answered in the verifier's clock: ten minutes from its now (give or take the test's run).
  EXPECT_NEAR(static_cast<double>(late->code->expires_at), static_cast<double>(real + 600), 5);
  EXPECT_NEAR(static_cast<double>(late->code->created_at), static_cast<double>(real), 5);
  // Issued by a node an hour ahead: not an extra hour of life either. A node with the right
  // clock finds it valid now, and a node an hour ahead sees it expire ten minutes after issue.
  ASSERT_EQ(a->IssueCode(Issue("e:early", "H", real + kHour))->status, LimitStatus::kOk);
  ASSERT_EQ(b->IssueCode(Issue("e:early2", "H", real + kHour))->status, LimitStatus::kOk);
  EXPECT_EQ(b->VerifyCode(Verify("e:early", "H", real))->status, VerifyStatus::kAccepted);
  auto stored = server_->Command({"EVAL", "return tostring(cmsgpack.unpack(redis.call('HGET', KEYS[1], 'flow'))[6])", "1",
                                  Key("c:verify_email:e:early2")});
  ASSERT_TRUE(stored.has_value());
  EXPECT_NEAR(std::stod(*stored), static_cast<double>(real + 600), 5) << "kept in Redis's clock";
}

TEST(RedisStoreOpenTest, NoServerIsAnIoError) {
  RedisOptions options;
  options.port = 1;  // Nothing listens there.
  options.timeout_ms = 500;
  auto store = RedisStore::Open(options);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
}

// A TCP listener on 127.0.0.1 playing a misbehaving Redis: it accepts one connection, answers
// its first command (the store's PING) with +PONG, then runs `then` on the socket and closes it.
class FakeRedis {
 public:
  // receive_buffer > 0: a small window, so a client's large write(2) returns partly done.
  FakeRedis(std::function<void(int fd)> then, int receive_buffer = 0) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (receive_buffer > 0) setsockopt(listener_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    EXPECT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(listen(listener_, 4), 0);
    EXPECT_EQ(getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, then] {
      int c = accept(listener_, nullptr, nullptr);
      char buf[256];
      (void)!read(c, buf, sizeof buf);  // PING
      (void)!write(c, "+PONG\r\n", 7);
      then(c);
      close(c);
    });
  }
  ~FakeRedis() {
    thread_.join();
    close(listener_);
  }
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(RedisStoreOpenTest, AServerHangingUpMidCommandFailsTheCallNotTheProcess) {
  // While a 4 MiB command is being written, the server hangs up (FIN, then RST as it closes with
  // unread data). The client's next write(2) gets EPIPE and raises SIGPIPE, which by default
  // would end this process.
  FakeRedis fake([](int fd) {
    char buf[65536];
    for (size_t got = 0; got < sizeof buf;) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    shutdown(fd, SHUT_WR);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }, 4096);
  RedisOptions options;
  options.port = fake.port();
  options.connections = 1;
  auto store = RedisStore::Open(options);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  auto queued = (*store)->Enqueue({0, kNow, std::string(4 << 20, 'x')});
  ASSERT_FALSE(queued.has_value());
  EXPECT_EQ(queued.error().code, ErrorCode::kIo);
}

TEST(RedisStoreOpenTest, AServerThatNeverAnswersTimesOut) {
  std::atomic<bool> done{false};
  FakeRedis fake([&](int) {
    while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  });
  RedisOptions options;
  options.port = fake.port();
  options.connections = 1;
  options.timeout_ms = 200;
  auto store = RedisStore::Open(options);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  const auto start = std::chrono::steady_clock::now();
  auto issued = (*store)->IssueCode(StoreTest::Issue("e:a", "H", kNow));
  const auto took = std::chrono::steady_clock::now() - start;
  done = true;
  ASSERT_FALSE(issued.has_value());
  EXPECT_EQ(issued.error().code, ErrorCode::kIo);
  EXPECT_GE(took, std::chrono::milliseconds(150));
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

// --- A server of its own: password, database, restart, crash, outage ---

class RedisRestartTest : public StoreTest {
 protected:
  void SetUp() override {
    if (!RedisServer::Available()) GTEST_SKIP() << RedisServer::kMissing;
    server_ = std::make_unique<RedisServer>();
    ASSERT_TRUE(server_->ok()) << server_->error();
    options_.port = server_->port();
    options_.timeout_ms = 1000;
    options_.clock = RedisOptions::Clock::kCaller;
  }
  void TearDown() override {}

  std::unique_ptr<RedisServer> server_;
  RedisOptions options_;
};

TEST_F(RedisRestartTest, DatabaseAndPasswordAreUsed) {
  options_.database = 3;
  auto store = RedisStore::Open(options_);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  ASSERT_TRUE((*store)->IssueCode(Issue("e:a", "H", kNow)).has_value());
  EXPECT_NE(server_->Command({"INFO", "keyspace"}).value().find("db3:keys=1,"), std::string::npos);
  ASSERT_EQ(server_->Command({"CONFIG", "SET", "requirepass", "s3cret"}), "OK");
  // Connections opened before keep working; new ones must authenticate.
  EXPECT_EQ((*store)->FindCode(Purpose::kVerifyEmail, "e:a", "")->value().code_hash, "H");
  auto refused = RedisStore::Open(options_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kIo);
  options_.password = "wrong";
  EXPECT_FALSE(RedisStore::Open(options_).has_value());
  options_.password = "s3cret";
  auto authed = RedisStore::Open(options_);
  ASSERT_TRUE(authed.has_value()) << authed.error().ToString();
  EXPECT_EQ((*authed)->FindCode(Purpose::kVerifyEmail, "e:a", "")->value().code_hash, "H");
}

TEST_F(RedisRestartTest, AServerThatMayEvictKeysIsRefused) {
  ASSERT_EQ(server_->Command({"CONFIG", "SET", "maxmemory-policy", "volatile-lru"}), "OK");
  auto refused = RedisStore::Open(options_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(server_->Command({"CONFIG", "SET", "maxmemory-policy", "noeviction"}), "OK");
  EXPECT_TRUE(RedisStore::Open(options_).has_value());
}

TEST_F(RedisRestartTest, ARestartKeepsCodesBudgetsAndMessagesAndTheStoreReconnects) {
  auto store = RedisStore::Open(options_);
  ASSERT_TRUE(store.has_value());
  RedisStore& redis = **store;
  IssueRequest r = Issue("e:a", "RIGHT", kNow);
  r.message = QueuedMessage{0, kNow, "sealed"};
  ASSERT_TRUE(redis.IssueCode(r).has_value());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(redis.VerifyCode(Verify("e:a", "WRONG", kNow + 1)).has_value());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(redis.VerifyCode(Verify("e:z", "WRONG", kNow + 1)).has_value());

  ASSERT_TRUE(server_->Restart()) << server_->error();
  // The first call after the restart already succeeds: dead idle connections are noticed before use.
  auto code = redis.FindCode(Purpose::kVerifyEmail, "e:a", "");
  ASSERT_TRUE(code.has_value()) << code.error().ToString();
  ASSERT_TRUE(code->has_value());
  EXPECT_EQ((*code)->attempts, 3);
  EXPECT_EQ(redis.VerifyCode(Verify("e:z", "WRONG", kNow + 2))->status, VerifyStatus::kLocked);
  auto pending = redis.Pending(10);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].sealed, "sealed");
  // The script cache started empty; EVALSHA fell back to EVAL.
  EXPECT_EQ(redis.VerifyCode(Verify("e:a", "RIGHT", kNow + 2))->status, VerifyStatus::kAccepted);
}

TEST_F(RedisRestartTest, AKilledServerLosesNoAcknowledgedWrite) {
  auto store = RedisStore::Open(options_);
  ASSERT_TRUE(store.has_value());
  for (int i = 0; i < 50; ++i) ASSERT_TRUE((*store)->Enqueue({0, kNow, std::to_string(i)}).has_value());
  ASSERT_TRUE((*store)->IssueCode(Issue("e:a", "H", kNow)).has_value());
  server_->Kill();
  ASSERT_TRUE(server_->Start()) << server_->error();
  EXPECT_EQ(*(*store)->QueuedCount(), 50);
  EXPECT_TRUE((*store)->FindCode(Purpose::kVerifyEmail, "e:a", "")->has_value());
}

TEST_F(RedisRestartTest, AServerKilledMidCommandFailsTheCallNotTheProcess) {
  // 4 MiB commands from four threads: the kill lands in the middle of some; those calls fail
  // with kIo, and the store works again once the server is back.
  auto store = RedisStore::Open(options_);
  ASSERT_TRUE(store.has_value());
  const std::string big(4 << 20, 'x');
  std::atomic<bool> stop{false};
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      while (!stop) {
        if (!(*store)->Enqueue({0, kNow, big}).has_value()) ++failed;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->Kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_GT(failed.load(), 0);
  ASSERT_TRUE(server_->Start()) << server_->error();
  EXPECT_TRUE((*store)->Enqueue({0, kNow, "after"}).has_value());
}

TEST_F(RedisRestartTest, AServerThatIsDownGivesIoErrorsThenRecovers) {
  auto store = RedisStore::Open(options_);
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE((*store)->IssueCode(Issue("e:a", "H", kNow)).has_value());
  server_->Stop();
  auto issued = (*store)->IssueCode(Issue("e:b", "H", kNow));
  ASSERT_FALSE(issued.has_value());
  EXPECT_EQ(issued.error().code, ErrorCode::kIo);
  auto verified = (*store)->VerifyCode(Verify("e:a", "H", kNow));
  ASSERT_FALSE(verified.has_value());
  EXPECT_EQ(verified.error().code, ErrorCode::kIo);
  EXPECT_FALSE((*store)->Pending(1).has_value());
  ASSERT_TRUE(server_->Start()) << server_->error();
  EXPECT_EQ((*store)->VerifyCode(Verify("e:a", "H", kNow + 1))->status, VerifyStatus::kAccepted);
}

}  // namespace
}  // namespace kakunin::store
