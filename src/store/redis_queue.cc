// The message queue in Redis (claims with a lease, see redis_store.h) and opening the store.
#include "store/redis_scripts.h"
#include "store/redis_store.h"

namespace kakunin::store::internal {

Result<std::unique_ptr<RedisStore>> RedisStore::Open(const RedisOptions& options) {
  auto pool = RedisPool::Open(options);
  if (!pool) return tl::unexpected(pool.error());
  // A server that wants AUTH answers NOAUTH here.
  auto info = (*pool)->Command({"INFO", "memory"});
  if (!info) return tl::unexpected(info.error());
  // An evicting server would drop attempt counters and locks under memory pressure, silently
  // lifting every limit: only noeviction (the default) is accepted.
  if ((*info)->type == REDIS_REPLY_STRING) {
    const std::string_view text((*info)->str, (*info)->len);
    const std::string_view field = "maxmemory_policy:";
    const size_t at = text.find(field);
    if (at != std::string_view::npos) {
      std::string_view policy = text.substr(at + field.size());
      policy = policy.substr(0, policy.find_first_of("\r\n"));
      if (policy != "noeviction") {
        return Fail(ErrorCode::kInvalidArgument,
                    "redis: maxmemory-policy is " + std::string(policy) + "; kakunind needs noeviction");
      }
    }
  }
  return std::unique_ptr<RedisStore>(new RedisStore(std::move(*pool), options.key_prefix, options.node_id,
                                                    options.clock == RedisOptions::Clock::kServer));
}

Result<void> RedisStore::Enqueue(const QueuedMessage& message) {
  RedisArgs args = Args();
  args.Add(message.created_at).Add(message.sealed);
  auto reply = pool_->Run(scripts_.enqueue, args);
  if (!reply) return tl::unexpected(reply.error());
  auto id = ReplyInt(reply->get(), "enqueue");
  if (!id) return tl::unexpected(id.error());
  return {};
}

Result<std::vector<QueuedMessage>> RedisStore::Pending(int limit) {
  RedisArgs args = Args();
  args.Add(static_cast<int64_t>(limit)).Add(lease_ms_).Add(node_id_);
  auto reply = pool_->Run(scripts_.pending, args);
  if (!reply) return tl::unexpected(reply.error());
  ReplyReader reader(reply->get(), "pending");
  std::vector<QueuedMessage> messages;
  while (reader.ok() && reader.remaining() > 0) {
    QueuedMessage m;
    m.id = reader.Int();
    m.created_at = reader.Int();
    m.sealed = reader.Str();
    messages.push_back(std::move(m));
  }
  if (!reader.ok()) return tl::unexpected(reader.error());
  return messages;
}

Result<void> RedisStore::Remove(int64_t id) {
  RedisArgs args = Args();
  args.Add(id);
  auto reply = pool_->Run(scripts_.remove, args);
  if (!reply) return tl::unexpected(reply.error());
  auto done = ReplyInt(reply->get(), "remove");
  if (!done) return tl::unexpected(done.error());
  return {};
}

Result<int64_t> RedisStore::QueuedCount() {
  auto reply = pool_->Command({"HLEN", prefix_ + "q:msg"});
  if (!reply) return tl::unexpected(reply.error());
  return ReplyInt(reply->get(), "queued_count");
}

}  // namespace kakunin::store::internal
