// A small hiredis layer for RedisStore: a pool of connections, Lua scripts run by EVALSHA (EVAL
// when the server's script cache lacks them: a restarted Redis starts empty) and a reader that
// checks each reply's type before use. Internal to store/.
//
// Failure policy: a call that fails in any way (connect, I/O, timeout, an error reply, a reply of
// the wrong shape) returns an error, never a default value. A command is never sent twice after
// an ambiguous failure (it may have run); a connection that failed is closed, together with the
// idle ones (after a server restart they are all dead), and the next call connects afresh.
// Thread-safety: RedisPool is safe to use from several threads (each call takes a connection of
// its own); RedisReply and ReplyReader are not shared.
#ifndef KAKUNIN_STORE_REDIS_CLIENT_H_
#define KAKUNIN_STORE_REDIS_CLIENT_H_

#include <hiredis/hiredis.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"
#include "kakunin/store.h"

namespace kakunin::store::internal {

struct ReplyFree {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, ReplyFree>;

// A Lua script and the SHA-1 that EVALSHA names it by.
struct RedisScript {
  RedisScript(std::string_view script_name, std::string script_source);
  std::string name;  // For error messages.
  std::string source;
  std::string sha1;  // Lower-case hex.
};

// Binary-safe command arguments.
class RedisArgs {
 public:
  RedisArgs& Add(std::string_view value) {
    args_.emplace_back(value);
    return *this;
  }
  RedisArgs& Add(int64_t value) { return Add(std::string_view(std::to_string(value))); }
  RedisArgs& Add(const char* value) { return Add(std::string_view(value)); }
  RedisArgs& AddFlag(bool value) { return Add(value ? "1" : "0"); }
  const std::vector<std::string>& args() const { return args_; }

 private:
  std::vector<std::string> args_;
};

class RedisPool {
 public:
  // Connects one connection at once (so a wrong address fails here); the others on demand.
  // Errors: kIo (cannot connect, AUTH or SELECT refused).
  [[nodiscard]] static Result<std::unique_ptr<RedisPool>> Open(const RedisOptions& options);
  ~RedisPool();
  RedisPool(const RedisPool&) = delete;
  RedisPool& operator=(const RedisPool&) = delete;

  // One command. Errors: kIo (connection, timeout, or an error reply from the server).
  [[nodiscard]] Result<RedisReply> Command(const std::vector<std::string>& args);
  // EVALSHA script 0 args...; on NOSCRIPT (nothing ran) EVAL with the source, which also loads
  // it into the server's cache. Errors: as Command.
  [[nodiscard]] Result<RedisReply> Run(const RedisScript& script, const RedisArgs& args);

 private:
  explicit RedisPool(const RedisOptions& options) : options_(options) {}
  [[nodiscard]] Result<redisContext*> Connect() const;
  // Waits for a free slot; returns an idle live connection or a new one.
  [[nodiscard]] Result<redisContext*> Acquire();
  // healthy = false closes `ctx` and every idle connection.
  void Release(redisContext* ctx, bool healthy);
  // Sends one command on `ctx`. *io_failed is set when the connection is unusable afterwards.
  [[nodiscard]] Result<RedisReply> Send(redisContext* ctx, const std::vector<std::string>& args,
                                        bool* io_failed) const;

  const RedisOptions options_;
  std::mutex mu_;
  std::condition_variable free_slot_;
  int free_slots_ = 0;  // Connections that may still be handed out (idle or not yet opened).
  std::vector<redisContext*> idle_;
};

// Reads a reply element by element, checking each one's type. The first mismatch sticks: later
// reads return empty values and ok() turns false, so a caller checks once at the end.
class ReplyReader {
 public:
  // `reply` must be an array (else !ok()); it must outlive the reader.
  ReplyReader(const redisReply* reply, std::string_view what);
  size_t size() const { return size_; }
  size_t remaining() const { return size_ - next_; }
  // An integer reply, or a string holding a decimal integer.
  int64_t Int();
  std::string Str();
  bool ok() const { return ok_; }
  // kInternal "<what>: unexpected reply from Redis".
  Error error() const;

 private:
  const redisReply* Next(int want_type_or_zero);
  const redisReply* reply_;
  std::string what_;
  size_t size_ = 0;
  size_t next_ = 0;
  bool ok_ = true;
};

// An integer reply, type-checked. Errors: kInternal.
[[nodiscard]] Result<int64_t> ReplyInt(const redisReply* reply, std::string_view what);

}  // namespace kakunin::store::internal

#endif  // KAKUNIN_STORE_REDIS_CLIENT_H_
