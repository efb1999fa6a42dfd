// Storage for kakunind: one-time codes with their attempt budgets, rate limits, accounts,
// authenticator-app (TOTP) secrets and recovery codes, sessions and the durable queue of
// outgoing messages.
//
// Every limit is enforced where the state lives, inside one store transaction: "is the budget
// spent?" and "spend it" are never two steps in the process, so concurrent requests (threads or
// several processes on one database) cannot race past a limit. The interfaces below are what
// service/ needs; SQLite (WAL mode, schema migrations) is the single-node implementation. For
// several nodes, OpenDistributedStore keeps codes, attempt counters, rate limits, sessions and
// the message queue in Redis (each operation one Lua script, so limits hold across nodes) and
// accounts, authenticator-app secrets and recovery codes in PostgreSQL.
//
// Nothing secret is stored in clear: codes and recovery codes arrive as keyed hashes
// (otp::CodeHasher), passwords as Argon2id strings, session tokens as SHA-256 digests, queued
// messages and TOTP secrets sealed by the caller.
//
// Left out: pruning of expired sessions and codes happens lazily, on the rows a request touches.
#ifndef KAKUNIN_STORE_H_
#define KAKUNIN_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::store {

// What a code proves. A code is stored under (purpose, subject, flow id). A subject keeps at most
// IssueRequest::max_flows flows per purpose (one for most purposes: a new flow replaces the old).
enum class Purpose { kVerifyEmail, kLogin, kReset, kChangeEmail, kVerifyPhone };
std::string_view PurposeName(Purpose purpose);

// At most `max_events` events under `key` in any `window_seconds` (a sliding window).
// max_events <= 0 switches the limit off.
struct WindowLimit {
  std::string key;
  int max_events = 0;
  int64_t window_seconds = 0;
};

// A failure budget: at most `max_failures` in any `window_seconds`. Reaching it also locks the
// key for lock_base_seconds * 2^(n-1) for the n-th time in a row (capped at lock_max_seconds);
// a success resets n. A key is usable only while both the window and the lock allow it.
struct FailureBudget {
  std::string key;
  int max_failures = 0;
  int64_t window_seconds = 0;
  int64_t lock_base_seconds = 0;
  int64_t lock_max_seconds = 0;
};

struct Code {
  Purpose purpose = Purpose::kVerifyEmail;
  std::string subject;    // Whose code: "a:<account id>" or "e:<address>".
  std::string flow_id;    // Random; returned to the client for flows that need one.
  std::string address;    // Where the code was sent.
  std::string code_hash;  // otp::CodeHasher output.
  std::string payload;    // Flow data (a pending password hash, a new address); never a secret in clear.
  int64_t account_id = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int attempts = 0;  // Wrong tries so far.
};

// An outgoing message, sealed (encrypted and authenticated) by the caller.
struct QueuedMessage {
  int64_t id = 0;  // Set by the store.
  int64_t created_at = 0;
  std::string sealed;
};

enum class LimitStatus { kOk, kRateLimited, kLocked };

struct IssueRequest {
  int64_t now = 0;
  std::vector<WindowLimit> send_limits;  // Resend limits (per address, per client IP).
  FailureBudget budget;                  // The subject's code budget: while spent, nothing is issued.
  std::optional<Code> code;              // Absent: count the send, store nothing (unknown address).
  std::optional<QueuedMessage> message;  // Queued in the same transaction as the code.
  // How many flows the subject may keep for the code's purpose. 1: the new code replaces every
  // other flow's code. More (pending sign-ups): the code replaces only its own flow's code;
  // expired flows are dropped and, beyond max_flows, those that expire first.
  int max_flows = 1;
};

struct LimitResult {
  LimitStatus status = LimitStatus::kOk;
  int64_t retry_after = 0;  // Seconds; > 0 when status != kOk.
};

struct VerifyRequest {
  int64_t now = 0;
  Purpose purpose = Purpose::kVerifyEmail;
  std::string subject;
  // Set: only this flow's code is compared (no such flow = a wrong try). Unset: the subject's
  // newest code (purposes that keep one flow).
  std::optional<std::string> flow_id;
  int max_attempts = 5;  // Wrong tries per code; the code is gone after the last.
  FailureBudget budget;  // The subject's budget across all its codes and flows.
  // Called inside the transaction with the stored code; returns whether the candidate matches.
  // It must be quick and must not touch the store.
  std::function<bool(const Code&)> matches;
};

enum class VerifyStatus {
  kAccepted,  // The code matched; it is consumed (single use) and returned.
  kRejected,  // Wrong, expired, used up or absent: one failure was charged to the budget.
  kLocked,    // The budget is spent: nothing was compared.
};

struct VerifyResult {
  VerifyStatus status = VerifyStatus::kRejected;
  std::optional<Code> code;  // On kAccepted.
  int64_t retry_after = 0;   // On kLocked.
};

struct Account {
  int64_t id = 0;
  std::string email;          // Normalised (service/address.h).
  std::string password_hash;  // Argon2id encoded string.
  std::string language;       // "ja" or "en".
  std::string two_step;       // "" (off), "email" or "sms".
  std::string phone;          // E.164 when two_step is "sms".
  int64_t created_at = 0;
};

struct Session {
  std::string id;          // Public random id (for listing and revoking).
  std::string token_hash;  // SHA-256 hex of the bearer token; the token itself is never stored.
  int64_t account_id = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::string client_ip;
  std::string user_agent;
};

// An attempt reserved against failure budgets (see AttemptStore::BeginAttempt).
struct Attempt {
  LimitResult limit;
  std::vector<int64_t> event_ids;
};

// Code issue and verification. Implementations are safe to call from several threads.
class CodeStore {
 public:
  virtual ~CodeStore() = default;
  // In one transaction: refuses with kRateLimited if a send limit is reached, kLocked if the budget
  // is spent; otherwise records the send, stores the code (replacing codes as
  // IssueRequest::max_flows says), queues the message. Errors: kIo/kInternal from the engine.
  [[nodiscard]] virtual Result<LimitResult> IssueCode(const IssueRequest& request) = 0;
  // In one transaction: budget check, compare, consume or charge. Errors: as IssueCode.
  [[nodiscard]] virtual Result<VerifyResult> VerifyCode(const VerifyRequest& request) = 0;
  // The code of (purpose, subject, flow_id), if any (for resends); with an empty flow_id the
  // subject's newest code. Errors: as IssueCode.
  [[nodiscard]] virtual Result<std::optional<Code>> FindCode(Purpose purpose, std::string_view subject,
                                                             std::string_view flow_id) = 0;
};

// Failure budgets for things checked outside the store (passwords: Argon2id is too slow to hold
// a write lock for). Safe to call from several threads.
class AttemptStore {
 public:
  virtual ~AttemptStore() = default;
  // In one transaction: if every budget allows it, counts one failure in each now (so parallel
  // attempts cannot exceed a budget) and returns their ids; else kLocked with retry_after.
  [[nodiscard]] virtual Result<Attempt> BeginAttempt(const std::vector<FailureBudget>& budgets,
                                                     int64_t now) = 0;
  // success: takes the reserved failures back and resets the lock growth. Failure: keeps them and
  // locks any budget that is now spent.
  [[nodiscard]] virtual Result<void> EndAttempt(const Attempt& attempt,
                                                const std::vector<FailureBudget>& budgets,
                                                bool success, int64_t now) = 0;
  // In one transaction: refuses if any limit is reached, else records one event under each key.
  [[nodiscard]] virtual Result<LimitResult> ConsumeLimits(const std::vector<WindowLimit>& limits,
                                                          int64_t now) = 0;
};

// Accounts. Safe to call from several threads.
class AccountStore {
 public:
  virtual ~AccountStore() = default;
  [[nodiscard]] virtual Result<std::optional<Account>> FindAccountByEmail(std::string_view email) = 0;
  [[nodiscard]] virtual Result<std::optional<Account>> FindAccount(int64_t id) = 0;
  // Returns the new id, or nullopt if the address is taken.
  [[nodiscard]] virtual Result<std::optional<int64_t>> CreateAccount(const Account& account) = 0;
  [[nodiscard]] virtual Result<void> SetPasswordHash(int64_t id, std::string_view hash) = 0;
  // Returns false if `email` belongs to another account.
  [[nodiscard]] virtual Result<bool> SetEmail(int64_t id, std::string_view email) = 0;
  // Any method but "totp" also deletes the account's TOTP secret and recovery codes, in the
  // same transaction.
  [[nodiscard]] virtual Result<void> SetTwoStep(int64_t id, std::string_view method,
                                                std::string_view phone) = 0;
};

// An authenticator-app (TOTP) enrolment. The secret is sealed by the caller (never in clear).
struct TotpSecret {
  int64_t account_id = 0;
  std::string sealed_secret;
  std::string algorithm = "SHA1";  // otp::AlgorithmName spelling.
  int digits = 6;
  int64_t period = 30;
  bool confirmed = false;  // A code from the app was checked; only then does sign-in ask for it.
  int64_t last_step = -1;  // The last time step accepted: a step is accepted once, and only later ones after it.
  int64_t created_at = 0;
};

struct TotpVerifyRequest {
  int64_t now = 0;
  int64_t account_id = 0;
  // Empty: confirming the enrolment (the unconfirmed secret is checked; success confirms it and
  // stores new_recovery_hashes in place of any old ones). Set: the sign-in 2-step flow (purpose
  // kLogin, subject "a:<account id>") whose password step passed; it must be live, its wrong
  // tries count against max_attempts, and success consumes it.
  std::string login_flow_id;
  int max_attempts = 5;
  FailureBudget budget;  // The account's code budget, shared with every other code flow.
  // Called inside the transaction: the matching time step after secret.last_step, if any. It must
  // be quick and must not touch the store.
  std::function<std::optional<int64_t>(const TotpSecret& secret)> match;
  // Sign-in only: the keyed hash of a recovery code; an unused one of the account is accepted
  // (and used up) instead of a TOTP code. Empty: none offered.
  std::string recovery_hash;
  std::vector<std::string> new_recovery_hashes;  // Confirmation only.
};

struct TotpVerifyResult {
  VerifyStatus status = VerifyStatus::kRejected;
  bool used_recovery_code = false;
  int recovery_codes_left = 0;  // On kAccepted.
  int64_t retry_after = 0;      // On kLocked.
};

// Authenticator-app secrets, last accepted steps and recovery-code hashes. Safe to call from
// several threads.
class TotpStore {
 public:
  virtual ~TotpStore() = default;
  // Stores an unconfirmed enrolment in place of any earlier unconfirmed one. Returns false (and
  // changes nothing) if the account has a confirmed one.
  [[nodiscard]] virtual Result<bool> PutTotp(const TotpSecret& secret) = 0;
  [[nodiscard]] virtual Result<std::optional<TotpSecret>> FindTotp(int64_t account_id) = 0;
  // In one transaction: budget check, compare (match), the replay rule (a step only after
  // last_step, which then moves), recovery code use, or one failure charged. Errors: engine.
  [[nodiscard]] virtual Result<TotpVerifyResult> VerifyTotp(const TotpVerifyRequest& request) = 0;
  // Replaces every recovery code of the account with `hashes`. Returns false (and changes
  // nothing) unless the account has a confirmed secret.
  [[nodiscard]] virtual Result<bool> ReplaceRecoveryCodes(int64_t account_id,
                                                          const std::vector<std::string>& hashes) = 0;
};

// Sessions. Safe to call from several threads.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  [[nodiscard]] virtual Result<void> CreateSession(const Session& session) = 0;
  // The unexpired session with this token hash, if any.
  [[nodiscard]] virtual Result<std::optional<Session>> FindSession(std::string_view token_hash,
                                                                   int64_t now) = 0;
  [[nodiscard]] virtual Result<std::vector<Session>> ListSessions(int64_t account_id, int64_t now) = 0;
  // Returns whether a session of this account with this id existed.
  [[nodiscard]] virtual Result<bool> DeleteSession(int64_t account_id, std::string_view id) = 0;
  // Deletes every session of the account except `keep_id` ("" keeps none). Returns how many.
  [[nodiscard]] virtual Result<int> DeleteSessions(int64_t account_id, std::string_view keep_id) = 0;
};

// The durable queue between a committed request and the outbox on disk. Safe from several threads.
class MessageQueue {
 public:
  virtual ~MessageQueue() = default;
  [[nodiscard]] virtual Result<void> Enqueue(const QueuedMessage& message) = 0;
  // Up to `limit` oldest messages, for delivery: on several nodes (Redis) they are claimed, so no
  // other node gets them until Remove or the claim's end; to count the queue, use QueuedCount.
  [[nodiscard]] virtual Result<std::vector<QueuedMessage>> Pending(int limit) = 0;
  [[nodiscard]] virtual Result<void> Remove(int64_t id) = 0;
  // How many messages wait (claimed or not); claims nothing.
  [[nodiscard]] virtual Result<int64_t> QueuedCount() = 0;
};

// Security events kept where every node writes them (the Redis + PostgreSQL store). Safe to call
// from several threads.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Appends one event: its time, its name and the whole entry as a JSON object (no secrets:
  // the caller's audit entries never hold codes, passwords or tokens). Errors: engine.
  [[nodiscard]] virtual Result<void> AppendAudit(int64_t time, std::string_view event, std::string_view json) = 0;
};

class Store : public CodeStore,
              public AttemptStore,
              public AccountStore,
              public TotpStore,
              public SessionStore,
              public MessageQueue {
 public:
  // Where every node's audit entries meet, if this store has such a place (Redis + PostgreSQL:
  // a PostgreSQL table); null for SQLite, whose node keeps its audit.jsonl file alone.
  virtual AuditStore* central_audit() { return nullptr; }
};

enum class Durability {
  kProcessCrash,  // PRAGMA synchronous=NORMAL: a killed process loses nothing; power loss may
                  // roll back the last transactions.
  kPowerLoss,     // synchronous=FULL: every commit is fsynced.
};

struct SqliteOptions {
  Durability durability = Durability::kProcessCrash;
  int busy_timeout_ms = 5000;  // Several processes may share one database file.
};

// Opens (creating if needed) the SQLite database at `path` in WAL mode and applies the schema
// migrations it lacks. Errors: kIo (cannot open), kInternal (a migration failed), kInvalidArgument
// (the file's schema is newer than this program).
[[nodiscard]] Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                             const SqliteOptions& options = {});

// The schema version this program writes (PRAGMA user_version after migration).
int SqliteSchemaVersion();

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;  // AUTH when set.
  int database = 0;      // SELECT.
  int connections = 8;   // Pooled; hiredis contexts are not thread-safe.
  int timeout_ms = 2000; // Connect and command timeout.
  std::string key_prefix = "kakunind:";  // Every key starts with it (several services per server).
  // Names this node's claims on queued messages (MessageQueue::Pending). A node restarted with the
  // same id takes its unfinished claims back at once (its outbox knows what it already wrote);
  // other nodes get them only when the claim's lease ends. "" = anonymous claims.
  std::string node_id;
  // Whose clock windows, locks and code expiry are kept in. kServer: Redis's (TIME in every
  // script), so nodes whose clocks disagree still count failures in one time line; a caller's
  // `now` then only places its own absolute times (a code's created_at and expires_at keep their
  // distance from it; VerifyCode answers them in the caller's clock again, FindCode in Redis's, as
  // stored). kCaller: each call's `now`, as the SQLite store (tests with fake clocks). Sessions'
  // expiry is always checked with the caller's `now`.
  enum class Clock { kServer, kCaller };
  Clock clock = Clock::kServer;
};

struct PostgresOptions {
  std::string conninfo;  // libpq connection string: "host=127.0.0.1 port=5432 dbname=kakunind".
  int connections = 8;   // Pooled; a PGconn is not thread-safe.
};

// Connects to both servers and applies the PostgreSQL schema migrations it lacks (the Redis Lua
// scripts are loaded on demand). Errors: kIo (cannot connect), kInternal (a migration failed),
// kInvalidArgument (the schema is newer than this program).
[[nodiscard]] Result<std::unique_ptr<Store>> OpenDistributedStore(const RedisOptions& redis,
                                                                  const PostgresOptions& postgres);

}  // namespace kakunin::store

#endif  // KAKUNIN_STORE_H_
