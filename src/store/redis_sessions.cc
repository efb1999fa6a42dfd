// Sessions in Redis: a hash per token hash (TTL = the session's lifetime) and a per-account
// index hash (session id -> token hash); `now` decides what counts as expired, as in SQLite.
#include <algorithm>

#include "store/redis_scripts.h"
#include "store/redis_store.h"

namespace kakunin::store::internal {
namespace {

// id, account_id, created_at, expires_at, client_ip, user_agent (token_hash set by the caller).
Session ReadSession(ReplyReader& reader, std::string token_hash) {
  Session s;
  s.token_hash = std::move(token_hash);
  s.id = reader.Str();
  s.account_id = reader.Int();
  s.created_at = reader.Int();
  s.expires_at = reader.Int();
  s.client_ip = reader.Str();
  s.user_agent = reader.Str();
  return s;
}

}  // namespace

Result<void> RedisStore::CreateSession(const Session& s) {
  RedisArgs args = Args();
  args.Add(s.token_hash).Add(s.id).Add(s.account_id).Add(s.created_at).Add(s.expires_at);
  args.Add(s.client_ip).Add(s.user_agent);
  auto reply = pool_->Run(scripts_.create_session, args);
  if (!reply) return tl::unexpected(reply.error());
  auto created = ReplyInt(reply->get(), "create_session");
  if (!created) return tl::unexpected(created.error());
  // As a UNIQUE constraint in SQLite: the caller's ids collided.
  if (*created != 1) return Fail(ErrorCode::kInvalidArgument, "redis: session id or token hash exists");
  return {};
}

Result<std::optional<Session>> RedisStore::FindSession(std::string_view token_hash, int64_t now) {
  // One command: atomic on its own.
  auto reply = pool_->Command({"HMGET", prefix_ + "s:" + std::string(token_hash), "id", "account_id",
                               "created_at", "expires_at", "client_ip", "user_agent"});
  if (!reply) return tl::unexpected(reply.error());
  const redisReply* r = reply->get();
  if (r->type == REDIS_REPLY_ARRAY && r->elements > 0 && r->element[0]->type == REDIS_REPLY_NIL) {
    return std::optional<Session>();
  }
  ReplyReader reader(r, "find_session");
  Session s = ReadSession(reader, std::string(token_hash));
  if (!reader.ok() || reader.remaining() != 0) return tl::unexpected(reader.error());
  if (s.expires_at <= now) return std::optional<Session>();
  return std::optional<Session>(std::move(s));
}

Result<std::vector<Session>> RedisStore::ListSessions(int64_t account_id, int64_t now) {
  RedisArgs args = Args();
  args.Add(account_id);
  auto reply = pool_->Run(scripts_.list_sessions, args);
  if (!reply) return tl::unexpected(reply.error());
  ReplyReader reader(reply->get(), "list_sessions");
  std::vector<Session> sessions;
  while (reader.ok() && reader.remaining() > 0) {
    std::string token_hash = reader.Str();
    Session s = ReadSession(reader, std::move(token_hash));
    if (s.expires_at > now) sessions.push_back(std::move(s));
  }
  if (!reader.ok()) return tl::unexpected(reader.error());
  std::sort(sessions.begin(), sessions.end(), [](const Session& a, const Session& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  return sessions;
}

Result<bool> RedisStore::DeleteSession(int64_t account_id, std::string_view id) {
  RedisArgs args = Args();
  args.Add(account_id).Add(id);
  auto reply = pool_->Run(scripts_.delete_session, args);
  if (!reply) return tl::unexpected(reply.error());
  auto deleted = ReplyInt(reply->get(), "delete_session");
  if (!deleted) return tl::unexpected(deleted.error());
  return *deleted == 1;
}

Result<int> RedisStore::DeleteSessions(int64_t account_id, std::string_view keep_id) {
  RedisArgs args = Args();
  args.Add(account_id).Add(keep_id);
  auto reply = pool_->Run(scripts_.delete_sessions, args);
  if (!reply) return tl::unexpected(reply.error());
  auto deleted = ReplyInt(reply->get(), "delete_sessions");
  if (!deleted) return tl::unexpected(deleted.error());
  return static_cast<int>(*deleted);
}

}  // namespace kakunin::store::internal
