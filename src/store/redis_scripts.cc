// The Lua sources (see redis_scripts.h for the key layout). Each script is kPrelude (shared
// helpers) followed by its body. They mirror the SQLite store statement for statement:
// sqlite_limits.cc (windows, budgets, locks), sqlite_codes.cc (flows) and sqlite_accounts.cc
// (sessions, queue). Lua numbers are doubles: every time and count here stays far below 2^53;
// ids and account ids travel as strings.
#include "store/redis_scripts.h"

#include <string>

namespace kakunin::store::internal {
namespace {

constexpr const char* kPrelude = R"lua(
local P = ARGV[1]
local MARGIN = tonumber(ARGV[2])
local function num(i) return tonumber(ARGV[i]) end

-- The time of this call, and what to add to the caller's absolute times (ARGV[i] is the caller's
-- now) to put them in it: Redis's clock with SERVER_CLOCK (one time line for every node), else
-- the caller's.
local function clock(i)
  local caller = num(i)
  if not SERVER_CLOCK then return caller, 0 end
  local now = tonumber(redis.call('TIME')[1])
  return now, now - caller
end

-- Sets the key's TTL to at least `seconds` (never shortens it: another limit on the same key may
-- need a longer window).
local function ttl_at_least(k, seconds)
  seconds = math.max(1, math.floor(seconds))
  local ttl = redis.call('TTL', k)
  if ttl ~= -2 and ttl < seconds then redis.call('EXPIRE', k, seconds) end
end

local function window_key(key) return P .. 'w:' .. key end
local function lock_key(key) return P .. 'l:' .. key end

-- Seconds until the window admits one more event; 0 = admitted (sqlite WindowRetryAfter).
local function window_retry(key, max, window, now)
  if max <= 0 then return 0 end
  local k = window_key(key)
  local from = '(' .. (now - window)
  if redis.call('ZCOUNT', k, from, '+inf') < max then return 0 end
  local first = redis.call('ZRANGEBYSCORE', k, from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  return math.max(1, tonumber(first[2]) + window - now)
end

-- One event at `now`, after dropping those older than the window. Returns its id.
local function record_event(key, window, now)
  local k = window_key(key)
  redis.call('ZREMRANGEBYSCORE', k, '-inf', now - window)
  local id = redis.call('INCR', P .. 'event-id')
  redis.call('ZADD', k, now, id)
  ttl_at_least(k, window + MARGIN)
  return id
end

-- Window limits from ARGV[i]: a count, then (key, max, window) each; then a count and (key,
-- widest window) for the events to record. Returns the longest retry-after and the next index.
local function limits_retry(i, now)
  local retry = 0
  local n = num(i)
  i = i + 1
  for _ = 1, n do
    retry = math.max(retry, window_retry(ARGV[i], num(i + 1), num(i + 2), now))
    i = i + 3
  end
  return retry, i
end
local function record_limits(i, now)
  local n = num(i)
  i = i + 1
  for _ = 1, n do
    record_event(ARGV[i], num(i + 1), now)
    i = i + 2
  end
  return i
end

-- A failure budget from ARGV[i .. i+4]: key, max_failures, window, lock_base, lock_max.
local function budget_at(i)
  return {key = ARGV[i], max = num(i + 1), window = num(i + 2), base = num(i + 3), cap = num(i + 4)}
end

local function budget_retry(b, now)
  if b.max <= 0 then return 0 end
  local retry = window_retry(b.key, b.max, b.window, now)
  local lock_until = tonumber(redis.call('HGET', lock_key(b.key), 'until') or '0')
  if lock_until > now then retry = math.max(retry, lock_until - now) end
  return retry
end

-- One failure; returns its event id ('' when the budget is off).
local function charge(b, now)
  if b.max <= 0 then return '' end
  return tostring(record_event(b.key, b.window, now))
end

-- A spent budget locks for lock_base * 2^(level-1), capped (sqlite LockIfSpent). The level is
-- kept for a window and lock_max beyond the lock, then forgotten. A budget already locked is not
-- locked again: tries that were in flight together (reserved before the budget was spent,
-- settled after) spend it once, not once each.
local function lock_if_spent(b, now)
  if b.max <= 0 or b.base <= 0 then return end
  if window_retry(b.key, b.max, b.window, now) == 0 then return end
  local k = lock_key(b.key)
  if tonumber(redis.call('HGET', k, 'until') or '0') > now then return end
  local level = redis.call('HINCRBY', k, 'level', 1)
  local seconds = b.base
  local i = 1
  while i < level and seconds < b.cap do
    seconds = seconds * 2
    i = i + 1
  end
  seconds = math.min(seconds, b.cap)
  redis.call('HSET', k, 'until', now + seconds)
  redis.call('EXPIRE', k, math.max(1, seconds + b.window + b.cap + MARGIN))
end

local function code_key(purpose, subject) return P .. 'c:' .. purpose .. ':' .. subject end
local HASH, EXPIRES, ATTEMPTS, WRONG = 2, 6, 7, 8

-- The flow `flow` ('n' mode: the one that expires last, ties to the smaller id), or nil.
local function find_flow(k, mode, flow)
  if mode == 'f' then
    local v = redis.call('HGET', k, flow)
    if v then return flow, cmsgpack.unpack(v) end
  elseif mode == 'n' then
    local all = redis.call('HGETALL', k)
    local best, rec = nil, nil
    for i = 1, #all, 2 do
      local r = cmsgpack.unpack(all[i + 1])
      local e, be = tonumber(r[EXPIRES]), rec and tonumber(rec[EXPIRES])
      if not best or e > be or (e == be and all[i] < best) then best, rec = all[i], r end
    end
    return best, rec
  end
  return nil, nil
end

-- A time string moved by `shift` seconds (as clock()); unchanged, digit for digit, when 0.
local function shifted(t, shift)
  if shift == 0 then return t end
  return string.format('%d', tonumber(t) + shift)
end

-- `shift` as clock(): the stored created_at and expires_at go back to the caller's clock.
local function code_reply(head, flow, r, shift)
  for _, v in ipairs({flow, r[1], r[2], r[3], r[4], shifted(r[5], -shift), shifted(r[EXPIRES], -shift), r[7]}) do
    table.insert(head, v)
  end
  return head
end

local function enqueue(created_at, sealed)
  local id = redis.call('INCR', P .. 'q:id')
  redis.call('HSET', P .. 'q:msg', id, cmsgpack.pack({created_at, sealed}))
  redis.call('ZADD', P .. 'q:ready', id, id)
  return id
end
)lua";

// ARGV: P, margin, now, budget(4..8), limits from 9, then has_code, purpose, subject, flow,
// address, code_hash, payload, account_id, created_at, expires_at, max_flows, has_message, sealed.
// Returns {status (0 ok, 1 rate limited, 2 locked), retry_after}.
constexpr const char* kIssueCode = R"lua(
local now, shift = clock(3)
local b = budget_at(4)
local locked = budget_retry(b, now)
if locked > 0 then return {2, locked} end
local limited, i = limits_retry(9, now)
if limited > 0 then return {1, limited} end
i = record_limits(i, now)
if ARGV[i] == '1' then
  local k, flow = code_key(ARGV[i + 1], ARGV[i + 2]), ARGV[i + 3]
  local latest = num(i + 9) + shift
  redis.call('HSET', k, flow, cmsgpack.pack({ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7],
                                             shifted(ARGV[i + 8], shift), shifted(ARGV[i + 9], shift),
                                             '0', '0'}))
  -- Keep this flow and the max_flows - 1 unexpired others that expire last (sqlite PruneFlows).
  local others = {}
  local all = redis.call('HGETALL', k)
  for j = 1, #all, 2 do
    if all[j] ~= flow then
      local e = tonumber(cmsgpack.unpack(all[j + 1])[EXPIRES])
      if e <= now then redis.call('HDEL', k, all[j]) else table.insert(others, {all[j], e}) end
    end
  end
  table.sort(others, function(x, y)
    if x[2] ~= y[2] then return x[2] > y[2] end
    return x[1] < y[1]
  end)
  for j = 1, #others do
    if j >= math.max(1, num(i + 10)) then
      redis.call('HDEL', k, others[j][1])
    else
      latest = math.max(latest, others[j][2])
    end
  end
  redis.call('EXPIRE', k, math.max(0, math.floor(latest - now)) + MARGIN)
end
i = i + 11
if ARGV[i] == '1' then enqueue(ARGV[3], ARGV[i + 1]) end
return {0, 0}
)lua";

// The first half of a verification. ARGV: P, margin, now, budget(4..8), mode ('n' newest flow,
// 'f' the named flow, 'x' no flow: a wrong try), purpose, subject, flow, max_attempts.
// Returns {2, retry_after} locked; {1, failure id} rejected already (no usable code: an expired
// flow is dropped, the budget locked if spent); {0, failure id, flow, address, code_hash,
// payload, account_id, created_at, expires_at, attempts before this try} open: compare, then
// settle.
constexpr const char* kReserveTry = R"lua(
local now, shift = clock(3)
local b = budget_at(4)
local locked = budget_retry(b, now)
if locked > 0 then return {2, locked} end
local charged = charge(b, now)
local k = code_key(ARGV[10], ARGV[11])
local flow, r = find_flow(k, ARGV[9], ARGV[12])
if flow and tonumber(r[EXPIRES]) > now and tonumber(r[ATTEMPTS]) < num(13) then
  local reply = code_reply({0, charged}, flow, r, shift)
  r[ATTEMPTS] = tostring(tonumber(r[ATTEMPTS]) + 1)
  redis.call('HSET', k, flow, cmsgpack.pack(r))
  return reply
end
-- Expired: gone for good. Out of tries: kept until the tries in flight settle (one of them may
-- be right; the last wrong one drops it).
if flow and tonumber(r[EXPIRES]) <= now then redis.call('HDEL', k, flow) end
lock_if_spent(b, now)
return {1, charged}
)lua";

// The second half. ARGV: P, margin, now, budget(4..8), matched, purpose, subject, flow,
// code_hash, max_attempts, failure id. Returns 1 accepted, 0 rejected.
constexpr const char* kSettleTry = R"lua(
local now = clock(3)
local b = budget_at(4)
local k, flow = code_key(ARGV[10], ARGV[11]), ARGV[12]
local v = redis.call('HGET', k, flow)
local r = v and cmsgpack.unpack(v)
-- Gone (a parallel try consumed it) or replaced (a new code was issued since the reserve): not
-- the code that was compared.
if r and r[HASH] ~= ARGV[13] then r = nil end
if ARGV[9] == '1' and r then
  redis.call('HDEL', k, flow)
  if ARGV[15] ~= '' then redis.call('ZREM', window_key(b.key), ARGV[15]) end
  redis.call('DEL', lock_key(b.key))
  return 1
end
if r then
  -- The code is gone once max_attempts tries were wrong (not merely reserved: a right one may
  -- still be in flight).
  r[WRONG] = tostring(tonumber(r[WRONG]) + 1)
  if tonumber(r[WRONG]) >= num(14) then
    redis.call('HDEL', k, flow)
  else
    redis.call('HSET', k, flow, cmsgpack.pack(r))
  end
end
lock_if_spent(b, now)
return 0
)lua";

// ARGV: P, margin, purpose, subject, flow ('' = newest). Returns {} or {flow, fields...}.
constexpr const char* kFindCode = R"lua(
local flow, r = find_flow(code_key(ARGV[3], ARGV[4]), ARGV[5] == '' and 'n' or 'f', ARGV[5])
if not flow then return {} end
return code_reply({}, flow, r, 0)
)lua";

// ARGV: P, margin, now, n, budgets. Returns {2, retry_after} or {0, 0, failure ids...}.
constexpr const char* kBeginAttempt = R"lua(
local now = clock(3)
local budgets = {}
local retry = 0
for j = 1, num(4) do
  budgets[j] = budget_at(5 + 5 * (j - 1))
  retry = math.max(retry, budget_retry(budgets[j], now))
end
if retry > 0 then return {2, retry} end
local reply = {0, 0}
for _, b in ipairs(budgets) do
  local id = charge(b, now)
  if id ~= '' then table.insert(reply, id) end
end
return reply
)lua";

// ARGV: P, margin, now, success, n, budgets, failure ids...
constexpr const char* kEndAttempt = R"lua(
local now = clock(3)
local n = num(5)
local ids_from = 6 + 5 * n
for j = 1, n do
  local b = budget_at(6 + 5 * (j - 1))
  if ARGV[4] == '1' then
    redis.call('DEL', lock_key(b.key))
    for i = ids_from, #ARGV do redis.call('ZREM', window_key(b.key), ARGV[i]) end
  else
    lock_if_spent(b, now)
  end
end
return 1
)lua";

// ARGV: P, margin, now, limits from 4. Returns {status (0 ok, 1 rate limited), retry_after}.
constexpr const char* kConsumeLimits = R"lua(
local now = clock(3)
local limited, i = limits_retry(4, now)
if limited > 0 then return {1, limited} end
record_limits(i, now)
return {0, 0}
)lua";

// ARGV: P, margin, token_hash, id, account_id, created_at, expires_at, client_ip, user_agent.
// Returns 1, or 0 if the token hash or the id is taken.
constexpr const char* kCreateSession = R"lua(
local sk, ik = P .. 's:' .. ARGV[3], P .. 'sa:' .. ARGV[5]
if redis.call('EXISTS', sk) == 1 or redis.call('HEXISTS', ik, ARGV[4]) == 1 then return 0 end
redis.call('HSET', sk, 'id', ARGV[4], 'account_id', ARGV[5], 'created_at', ARGV[6],
           'expires_at', ARGV[7], 'client_ip', ARGV[8], 'user_agent', ARGV[9])
local life = math.max(0, num(7) - num(6)) + MARGIN
redis.call('EXPIRE', sk, life)
redis.call('HSET', ik, ARGV[4], ARGV[3])
ttl_at_least(ik, life)
return 1
)lua";

// ARGV: P, margin, account_id. Returns 7 strings per session: token hash, id, account id,
// created_at, expires_at, client_ip, user_agent. Index entries whose session expired are dropped.
constexpr const char* kListSessions = R"lua(
local ik = P .. 'sa:' .. ARGV[3]
local index = redis.call('HGETALL', ik)
local reply = {}
for i = 1, #index, 2 do
  local s = redis.call('HMGET', P .. 's:' .. index[i + 1], 'id', 'account_id', 'created_at',
                       'expires_at', 'client_ip', 'user_agent')
  if s[1] then
    table.insert(reply, index[i + 1])
    for j = 1, 6 do table.insert(reply, s[j] or '') end
  else
    redis.call('HDEL', ik, index[i])
  end
end
return reply
)lua";

// ARGV: P, margin, account_id, id. Returns 1 if the session existed.
constexpr const char* kDeleteSession = R"lua(
local ik = P .. 'sa:' .. ARGV[3]
local token = redis.call('HGET', ik, ARGV[4])
if not token then return 0 end
redis.call('HDEL', ik, ARGV[4])
return redis.call('DEL', P .. 's:' .. token)
)lua";

// ARGV: P, margin, account_id, keep_id. Returns how many sessions were deleted.
constexpr const char* kDeleteSessions = R"lua(
local ik = P .. 'sa:' .. ARGV[3]
local index = redis.call('HGETALL', ik)
local deleted = 0
for i = 1, #index, 2 do
  if index[i] ~= ARGV[4] then
    redis.call('HDEL', ik, index[i])
    deleted = deleted + redis.call('DEL', P .. 's:' .. index[i + 1])
  end
end
return deleted
)lua";

// ARGV: P, margin, created_at, sealed. Returns the id.
constexpr const char* kEnqueue = R"lua(
return enqueue(ARGV[3], ARGV[4])
)lua";

// ARGV: P, margin, limit, lease_ms, owner. Claims up to `limit` messages: first the owner's own
// unfinished claims (its node restarted), then the oldest ready ones. Each is leased until server
// time + lease_ms and handed to no one else before; an expired lease of another owner (that node
// is gone) makes the message ready again. Returns {id, created_at, sealed} per message.
constexpr const char* kPending = R"lua(
local limit, lease, owner = num(3), num(4), ARGV[5]
if limit <= 0 then return {} end
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ready, leased, msg, owners = P .. 'q:ready', P .. 'q:leased', P .. 'q:msg', P .. 'q:owner'
local reply = {}
local function hand_out(id)
  local m = redis.call('HGET', msg, id)
  if not m then return false end
  redis.call('ZADD', leased, now_ms + lease, id)
  local r = cmsgpack.unpack(m)
  table.insert(reply, tonumber(id))
  table.insert(reply, r[1])
  table.insert(reply, r[2])
  return true
end
-- This node's own unfinished claims first (it died, or its last batch failed, before Remove).
if owner ~= '' then
  local mine = P .. 'q:mine:' .. owner
  local ids = redis.call('SMEMBERS', mine)
  table.sort(ids, function(a, b) return tonumber(a) < tonumber(b) end)
  for _, id in ipairs(ids) do
    if #reply >= 3 * limit then break end
    if not hand_out(id) then
      redis.call('SREM', mine, id)
      redis.call('HDEL', owners, id)
    end
  end
end
-- Claims whose lease ended (their node is gone) are anyone's again.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', leased, '-inf', now_ms)) do
  local o = redis.call('HGET', owners, id)
  if o ~= owner then
    redis.call('ZREM', leased, id)
    redis.call('ZADD', ready, id, id)
    if o then
      redis.call('SREM', P .. 'q:mine:' .. o, id)
      redis.call('HDEL', owners, id)
    end
  end
end
local room = limit - #reply / 3
if room > 0 then
  for _, id in ipairs(redis.call('ZRANGE', ready, 0, room - 1)) do
    redis.call('ZREM', ready, id)
    if hand_out(id) and owner ~= '' then
      redis.call('HSET', owners, id, owner)
      redis.call('SADD', P .. 'q:mine:' .. owner, id)
    end
  end
end
return reply
)lua";

// ARGV: P, margin, id.
constexpr const char* kRemove = R"lua(
local id = ARGV[3]
local o = redis.call('HGET', P .. 'q:owner', id)
if o then
  redis.call('SREM', P .. 'q:mine:' .. o, id)
  redis.call('HDEL', P .. 'q:owner', id)
end
redis.call('HDEL', P .. 'q:msg', id)
redis.call('ZREM', P .. 'q:ready', id)
redis.call('ZREM', P .. 'q:leased', id)
return 1
)lua";

RedisScript Make(bool server_clock, const char* name, const char* body) {
  return RedisScript(name, std::string("local SERVER_CLOCK = ") + (server_clock ? "true" : "false") + kPrelude + body);
}

RedisScripts MakeAll(bool server_clock) {
  auto make = [server_clock](const char* name, const char* body) { return Make(server_clock, name, body); };
  return RedisScripts{
      make("issue_code", kIssueCode),
      make("reserve_try", kReserveTry),
      make("settle_try", kSettleTry),
      make("find_code", kFindCode),
      make("begin_attempt", kBeginAttempt),
      make("end_attempt", kEndAttempt),
      make("consume_limits", kConsumeLimits),
      make("create_session", kCreateSession),
      make("list_sessions", kListSessions),
      make("delete_session", kDeleteSession),
      make("delete_sessions", kDeleteSessions),
      make("enqueue", kEnqueue),
      make("pending", kPending),
      make("remove", kRemove),
  };
}

}  // namespace

const RedisScripts& Scripts(bool server_clock) {
  static const RedisScripts kServerClock = MakeAll(true);
  static const RedisScripts kCallerClock = MakeAll(false);
  return server_clock ? kServerClock : kCallerClock;
}

}  // namespace kakunin::store::internal
