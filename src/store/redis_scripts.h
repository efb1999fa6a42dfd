// The Lua scripts behind RedisStore: each store operation is one script, which Redis runs
// atomically (no other command of any client interleaves), so a check and the write it guards
// cannot race across threads, processes or nodes. Internal to store/.
//
// Every script takes no KEYS: ARGV[1] is the key prefix and the script builds its keys from it
// (so the store runs on one Redis server, or a primary with replicas; not on Redis Cluster).
// Key layout under the prefix:
//   w:<limit key>             sorted set: one member per event (a unique id), score = its time
//   l:<budget key>            hash: until (time the lock ends), level (locks in a row)
//   c:<purpose>:<subject>     hash: flow id -> msgpack [address, code_hash, payload, account_id,
//                             created_at, expires_at, tries reserved, tries settled wrong]
//                             (all strings; Code::attempts is the tries reserved)
//   s:<token hash>            hash: one session
//   sa:<account id>           hash: session id -> token hash (the account's index)
//   q:id, event-id            counters (INCR)
//   q:msg                     hash: message id -> msgpack [created_at, sealed]
//   q:ready, q:leased         sorted sets of message ids: ready by id, leased by lease end (server ms)
//   q:owner, q:mine:<node>    hash id -> claiming node; set of the ids a node has claimed
// Times in values are Redis's (TIME) or, with RedisOptions::Clock::kCaller, the callers' (tests use
// fake clocks); expiry for cleanup is always a relative TTL (EXPIRE seconds) plus
// kTtlMarginSeconds, never an absolute time from our clock.
#ifndef KAKUNIN_STORE_REDIS_SCRIPTS_H_
#define KAKUNIN_STORE_REDIS_SCRIPTS_H_

#include "store/redis_client.h"

namespace kakunin::store::internal {

// Added to every cleanup TTL, so clocks of nodes a little apart never lose live state.
inline constexpr int64_t kTtlMarginSeconds = 300;

struct RedisScripts {
  RedisScript issue_code;
  RedisScript reserve_try;
  RedisScript settle_try;
  RedisScript find_code;
  RedisScript begin_attempt;
  RedisScript end_attempt;
  RedisScript consume_limits;
  RedisScript create_session;
  RedisScript list_sessions;
  RedisScript delete_session;
  RedisScript delete_sessions;
  RedisScript enqueue;
  RedisScript pending;
  RedisScript remove;
};

// Built once (with their SHA-1s) on first use; `server_clock` as RedisOptions::Clock::kServer.
const RedisScripts& Scripts(bool server_clock);

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_REDIS_SCRIPTS_H_
