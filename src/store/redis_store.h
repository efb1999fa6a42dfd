// RedisStore: codes, attempt budgets, rate limits, sessions and the message queue in Redis, for
// several kakunind nodes sharing one server. Internal to store/ (OpenDistributedStore pairs it
// with PostgreSQL for accounts and TOTP secrets).
//
// Every operation is one Lua script (redis_scripts.h), so its checks and writes are atomic
// across all nodes, with the SQLite store's semantics. Two exceptions, by design:
//  - VerifyCode runs request.matches in this process, BETWEEN two scripts: ReserveTry checks the
//    budget and, if it allows, charges one failure and counts one try on the flow (if usable)
//    before anything is compared; SettleTry then either consumes the flow (only if it still holds
//    the compared code_hash) and takes the failure back, or drops a used-up flow and locks a spent
//    budget. Parallel guesses are thus charged before they are compared: a brute force spread
//    over many connections and nodes gets no more than max_attempts comparisons per code and
//    max_failures per budget window. `matches` may block and do I/O (the Redis + PostgreSQL
//    store checks a TOTP code in PostgreSQL from it); it must not call this store. If the settle
//    fails (Redis gone), the try stays charged and VerifyCode returns the error.
//  - Pending claims: each message handed out is leased for kQueueLeaseMs (Redis server time) and
//    given to no other caller until Remove or the lease's end (the node died): two nodes never
//    deliver one message at once. A claim carries RedisOptions::node_id: the same node asking
//    again (after a crash between claim and Remove) gets its own claims back first, at once.
//    Health checks must not call Pending (use QueuedCount).
// Time: windows, locks and code expiry are kept in Redis's clock by default
// (RedisOptions::Clock::kServer): each script reads TIME, and a caller's code times are moved by
// the caller's offset from it on the way in and back on the way out, so nodes whose clocks
// disagree share one time line. Sessions' expiry is checked against the caller's `now`.
// Differences from SQLite: Code::attempts counts tries reserved (in flight or settled), and a
// code is dropped once max_attempts of them settled wrong; tries in flight together that spend a
// budget lock it once (the level grows once); FindCode returns an expired code only until its
// key's TTL (expires_at + 300 s) removes it; a budget's lock level is forgotten after window +
// lock_max seconds without a lock (SQLite keeps it for ever); DeleteSession(s) count only
// sessions whose TTL (lifetime + 300 s) has not run out.
//
// Thread-safety: safe to call from several threads (a pool of RedisOptions::connections
// connections; a call waits for a free one).
#ifndef KAKUNIN_STORE_REDIS_STORE_H_
#define KAKUNIN_STORE_REDIS_STORE_H_

#include <memory>
#include <vector>

#include "kakunin/store.h"
#include "store/redis_client.h"
#include "store/redis_scripts.h"

namespace kakunin::store::internal {

// Script arguments shared by several operations (redis_limits.cc): a budget as five values; window
// limits as the checks, then one event to record per key under its widest window.
void AddBudget(RedisArgs& args, const FailureBudget& budget);
void AddLimits(RedisArgs& args, const std::vector<WindowLimit>& limits);

// How long a message claimed by Pending stays hidden from other callers.
inline constexpr int64_t kQueueLeaseMs = 60'000;

class RedisStore : public CodeStore, public AttemptStore, public SessionStore, public MessageQueue {
 public:
  // Connects (one connection now, the rest on demand) and checks the server answers. Scripts are
  // loaded on demand. Errors: kIo (cannot connect, AUTH/SELECT refused, no answer),
  // kInvalidArgument (the server may evict keys: maxmemory-policy is not noeviction).
  [[nodiscard]] static Result<std::unique_ptr<RedisStore>> Open(const RedisOptions& options);

  Result<LimitResult> IssueCode(const IssueRequest& request) override;
  Result<VerifyResult> VerifyCode(const VerifyRequest& request) override;
  Result<std::optional<Code>> FindCode(Purpose purpose, std::string_view subject,
                                       std::string_view flow_id) override;

  Result<Attempt> BeginAttempt(const std::vector<FailureBudget>& budgets, int64_t now) override;
  Result<void> EndAttempt(const Attempt& attempt, const std::vector<FailureBudget>& budgets,
                          bool success, int64_t now) override;
  Result<LimitResult> ConsumeLimits(const std::vector<WindowLimit>& limits, int64_t now) override;

  Result<void> CreateSession(const Session& session) override;
  Result<std::optional<Session>> FindSession(std::string_view token_hash, int64_t now) override;
  Result<std::vector<Session>> ListSessions(int64_t account_id, int64_t now) override;
  Result<bool> DeleteSession(int64_t account_id, std::string_view id) override;
  Result<int> DeleteSessions(int64_t account_id, std::string_view keep_id) override;

  Result<void> Enqueue(const QueuedMessage& message) override;
  // Claims up to `limit` oldest unclaimed messages (see the lease above).
  Result<std::vector<QueuedMessage>> Pending(int limit) override;
  Result<void> Remove(int64_t id) override;
  // Messages in the queue, claimed or not (for health and metrics; claims nothing).
  Result<int64_t> QueuedCount() override;

  // Tests only: a shorter lease, to see an expired claim handed out again.
  void SetQueueLeaseMsForTesting(int64_t ms) { lease_ms_ = ms; }

 private:
  RedisStore(std::unique_ptr<RedisPool> pool, std::string prefix, std::string node_id, bool server_clock)
      : pool_(std::move(pool)),
        prefix_(std::move(prefix)),
        node_id_(std::move(node_id)),
        scripts_(Scripts(server_clock)) {}
  // Arguments every script starts with: the key prefix and the TTL margin.
  RedisArgs Args() const;

  std::unique_ptr<RedisPool> pool_;
  const std::string prefix_;
  const std::string node_id_;
  const RedisScripts& scripts_;
  int64_t lease_ms_ = kQueueLeaseMs;
};

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_REDIS_STORE_H_
