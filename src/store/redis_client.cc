// Connection pool, script runner and reply checks over hiredis (see redis_client.h).
#include "store/redis_client.h"

#include <openssl/evp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include <algorithm>
#include <charconv>

namespace kakunin::store::internal {
namespace {

std::string Sha1Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

timeval Timeval(int ms) {
  ms = std::max(ms, 1);
  return timeval{ms / 1000, static_cast<suseconds_t>(ms % 1000) * 1000};
}

// An idle connection the server has closed (restart, idle timeout) reads as EOF at once; a live
// one has nothing to read between commands. Checked before use, so no command is sent into a
// dead socket (where whether it ran would be unknowable).
bool LooksAlive(const redisContext* ctx) {
  pollfd p{ctx->fd, POLLIN, 0};
  return poll(&p, 1, 0) == 0;
}

// hiredis sends with write(2): writing to a socket the server has reset raises SIGPIPE, whose
// default action ends the process. The signal is blocked in this thread for the call, and one it
// raised is consumed before unblocking (libpq's method), so the call just fails with EPIPE.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      const timespec zero{0, 0};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
};

}  // namespace

RedisScript::RedisScript(std::string_view script_name, std::string script_source)
    : name(script_name), source(std::move(script_source)), sha1(Sha1Hex(source)) {}

Result<std::unique_ptr<RedisPool>> RedisPool::Open(const RedisOptions& options) {
  std::unique_ptr<RedisPool> pool(new RedisPool(options));
  pool->free_slots_ = std::max(1, options.connections);
  auto first = pool->Connect();
  if (!first) return tl::unexpected(first.error());
  pool->idle_.push_back(*first);
  return pool;
}

RedisPool::~RedisPool() {
  for (redisContext* ctx : idle_) redisFree(ctx);
}

Result<redisContext*> RedisPool::Connect() const {
  const std::string where = "redis " + options_.host + ":" + std::to_string(options_.port);
  redisContext* ctx = redisConnectWithTimeout(options_.host.c_str(), options_.port, Timeval(options_.timeout_ms));
  if (ctx == nullptr) return Fail(ErrorCode::kIo, where + ": cannot allocate a connection");
  if (ctx->err != 0) {
    std::string message = where + ": " + ctx->errstr;
    redisFree(ctx);
    return Fail(ErrorCode::kIo, message);
  }
  if (redisSetTimeout(ctx, Timeval(options_.timeout_ms)) != REDIS_OK) {
    redisFree(ctx);
    return Fail(ErrorCode::kIo, where + ": cannot set the command timeout");
  }
  redisEnableKeepAlive(ctx);
  std::vector<std::vector<std::string>> setup;
  if (!options_.password.empty()) setup.push_back({"AUTH", options_.password});
  if (options_.database != 0) setup.push_back({"SELECT", std::to_string(options_.database)});
  for (const auto& command : setup) {
    bool io_failed = false;
    auto reply = Send(ctx, command, &io_failed);
    if (!reply) {
      redisFree(ctx);
      return Fail(ErrorCode::kIo, where + ": " + command[0] + " failed: " + reply.error().message);
    }
  }
  return ctx;
}

Result<redisContext*> RedisPool::Acquire() {
  {
    std::unique_lock lock(mu_);
    free_slot_.wait(lock, [this] { return free_slots_ > 0; });
    --free_slots_;
    while (!idle_.empty()) {
      redisContext* ctx = idle_.back();
      idle_.pop_back();
      if (LooksAlive(ctx)) return ctx;
      redisFree(ctx);
    }
  }
  auto ctx = Connect();
  if (!ctx) {
    std::lock_guard lock(mu_);
    ++free_slots_;
    free_slot_.notify_one();
  }
  return ctx;
}

void RedisPool::Release(redisContext* ctx, bool healthy) {
  std::vector<redisContext*> dead;
  {
    std::lock_guard lock(mu_);
    ++free_slots_;
    if (healthy) {
      idle_.push_back(ctx);
    } else {
      dead.swap(idle_);
      dead.push_back(ctx);
    }
  }
  free_slot_.notify_one();
  for (redisContext* c : dead) redisFree(c);
}

Result<RedisReply> RedisPool::Send(redisContext* ctx, const std::vector<std::string>& args,
                                   bool* io_failed) const {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  RedisReply reply;
  {
    SigpipeGuard guard;
    reply.reset(static_cast<redisReply*>(
        redisCommandArgv(ctx, static_cast<int>(argv.size()), argv.data(), lengths.data())));
  }
  if (!reply) {
    *io_failed = true;
    return Fail(ErrorCode::kIo, std::string("redis: ") + (ctx->err != 0 ? ctx->errstr : "no reply"));
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    return Fail(ErrorCode::kIo, "redis: " + std::string(reply->str, reply->len));
  }
  return reply;
}

Result<RedisReply> RedisPool::Command(const std::vector<std::string>& args) {
  auto ctx = Acquire();
  if (!ctx) return tl::unexpected(ctx.error());
  bool io_failed = false;
  auto reply = Send(*ctx, args, &io_failed);
  Release(*ctx, !io_failed);
  return reply;
}

Result<RedisReply> RedisPool::Run(const RedisScript& script, const RedisArgs& args) {
  auto ctx = Acquire();
  if (!ctx) return tl::unexpected(ctx.error());
  std::vector<std::string> command = {"EVALSHA", script.sha1, "0"};
  command.insert(command.end(), args.args().begin(), args.args().end());
  bool io_failed = false;
  auto reply = Send(*ctx, command, &io_failed);
  // NOSCRIPT is the server's answer that nothing ran: sending the source is safe.
  if (!reply && !io_failed && reply.error().message.starts_with("redis: NOSCRIPT")) {
    command[0] = "EVAL";
    command[1] = script.source;
    reply = Send(*ctx, command, &io_failed);
  }
  Release(*ctx, !io_failed);
  if (!reply) return Fail(ErrorCode::kIo, script.name + ": " + reply.error().message);
  return reply;
}

ReplyReader::ReplyReader(const redisReply* reply, std::string_view what) : reply_(reply), what_(what) {
  if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY) {
    ok_ = false;
  } else {
    size_ = reply->elements;
  }
}

const redisReply* ReplyReader::Next(int want_type_or_zero) {
  if (!ok_ || next_ >= size_) {
    ok_ = false;
    return nullptr;
  }
  const redisReply* element = reply_->element[next_++];
  if (element == nullptr || (want_type_or_zero != 0 && element->type != want_type_or_zero)) {
    ok_ = false;
    return nullptr;
  }
  return element;
}

int64_t ReplyReader::Int() {
  const redisReply* element = Next(0);
  if (element == nullptr) return 0;
  if (element->type == REDIS_REPLY_INTEGER) return element->integer;
  int64_t value = 0;
  if (element->type == REDIS_REPLY_STRING) {
    const char* end = element->str + element->len;
    auto [ptr, ec] = std::from_chars(element->str, end, value);
    if (ec == std::errc() && ptr == end && element->len > 0) return value;
  }
  ok_ = false;
  return 0;
}

std::string ReplyReader::Str() {
  const redisReply* element = Next(REDIS_REPLY_STRING);
  if (element == nullptr) return {};
  return std::string(element->str, element->len);
}

Error ReplyReader::error() const { return Error(ErrorCode::kInternal, what_ + ": unexpected reply from Redis"); }

Result<int64_t> ReplyInt(const redisReply* reply, std::string_view what) {
  if (reply == nullptr || reply->type != REDIS_REPLY_INTEGER) {
    return Fail(ErrorCode::kInternal, std::string(what) + ": unexpected reply from Redis");
  }
  return static_cast<int64_t>(reply->integer);
}

}  // namespace kakunin::store::internal
