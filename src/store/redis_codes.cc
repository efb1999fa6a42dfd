// Code issue and verification in Redis: IssueCode is one script (limits, code, queued message);
// VerifyCode is a reserve script, the caller's compare, and a settle script (see redis_store.h).
#include "store/redis_scripts.h"
#include "store/redis_store.h"

namespace kakunin::store::internal {
namespace {

// flow, address, code_hash, payload, account_id, created_at, expires_at, attempts.
Code ReadCode(ReplyReader& reader, Purpose purpose, std::string_view subject) {
  Code code;
  code.purpose = purpose;
  code.subject = std::string(subject);
  code.flow_id = reader.Str();
  code.address = reader.Str();
  code.code_hash = reader.Str();
  code.payload = reader.Str();
  code.account_id = reader.Int();
  code.created_at = reader.Int();
  code.expires_at = reader.Int();
  code.attempts = static_cast<int>(reader.Int());
  return code;
}

}  // namespace

RedisArgs RedisStore::Args() const {
  RedisArgs args;
  args.Add(prefix_).Add(kTtlMarginSeconds);
  return args;
}

Result<LimitResult> RedisStore::IssueCode(const IssueRequest& request) {
  RedisArgs args = Args();
  args.Add(request.now);
  AddBudget(args, request.budget);
  AddLimits(args, request.send_limits);
  const Code empty;
  const Code& c = request.code ? *request.code : empty;
  args.AddFlag(request.code.has_value()).Add(PurposeName(c.purpose)).Add(c.subject).Add(c.flow_id);
  args.Add(c.address).Add(c.code_hash).Add(c.payload).Add(c.account_id).Add(c.created_at);
  args.Add(c.expires_at).Add(static_cast<int64_t>(std::max(1, request.max_flows)));
  args.AddFlag(request.message.has_value()).Add(request.message ? request.message->sealed : "");
  auto reply = pool_->Run(scripts_.issue_code, args);
  if (!reply) return tl::unexpected(reply.error());
  ReplyReader reader(reply->get(), "issue_code");
  const int64_t status = reader.Int();
  const int64_t retry_after = reader.Int();
  if (!reader.ok() || status < 0 || status > 2) return tl::unexpected(reader.error());
  static constexpr LimitStatus kStatus[] = {LimitStatus::kOk, LimitStatus::kRateLimited, LimitStatus::kLocked};
  return LimitResult{kStatus[status], retry_after};
}

Result<VerifyResult> RedisStore::VerifyCode(const VerifyRequest& request) {
  // 1. Reserve: the budget check, one failure charged and one try counted before any compare.
  RedisArgs reserve = Args();
  reserve.Add(request.now);
  AddBudget(reserve, request.budget);
  // An empty flow id names no flow: a wrong try, as in the SQLite store.
  const char* mode = !request.flow_id ? "n" : request.flow_id->empty() ? "x" : "f";
  reserve.Add(mode).Add(PurposeName(request.purpose)).Add(request.subject);
  reserve.Add(request.flow_id.value_or("")).Add(static_cast<int64_t>(request.max_attempts));
  auto reserved = pool_->Run(scripts_.reserve_try, reserve);
  if (!reserved) return tl::unexpected(reserved.error());
  ReplyReader reader(reserved->get(), "reserve_try");
  const int64_t state = reader.Int();
  if (!reader.ok()) return tl::unexpected(reader.error());
  if (state == 2) {
    const int64_t retry_after = reader.Int();
    if (!reader.ok()) return tl::unexpected(reader.error());
    return VerifyResult{VerifyStatus::kLocked, std::nullopt, retry_after};
  }
  const std::string failure_id = reader.Str();
  if (state == 1 && reader.ok()) return VerifyResult{VerifyStatus::kRejected, std::nullopt, 0};
  Code code = ReadCode(reader, request.purpose, request.subject);
  if (!reader.ok() || state != 0) return tl::unexpected(reader.error());

  // 2. Compare, outside Redis (it may take time and do I/O; the try is already paid for).
  const bool matched = request.matches(code);

  // 3. Settle.
  RedisArgs settle = Args();
  settle.Add(request.now);
  AddBudget(settle, request.budget);
  settle.AddFlag(matched).Add(PurposeName(request.purpose)).Add(request.subject).Add(code.flow_id);
  settle.Add(code.code_hash).Add(static_cast<int64_t>(request.max_attempts)).Add(failure_id);
  auto settled = pool_->Run(scripts_.settle_try, settle);
  if (!settled) return tl::unexpected(settled.error());
  auto accepted = ReplyInt(settled->get(), "settle_try");
  if (!accepted) return tl::unexpected(accepted.error());
  if (*accepted != 1) return VerifyResult{VerifyStatus::kRejected, std::nullopt, 0};
  return VerifyResult{VerifyStatus::kAccepted, std::move(code), 0};
}

Result<std::optional<Code>> RedisStore::FindCode(Purpose purpose, std::string_view subject,
                                                 std::string_view flow_id) {
  RedisArgs args = Args();
  args.Add(PurposeName(purpose)).Add(subject).Add(flow_id);
  auto reply = pool_->Run(scripts_.find_code, args);
  if (!reply) return tl::unexpected(reply.error());
  ReplyReader reader(reply->get(), "find_code");
  if (reader.ok() && reader.size() == 0) return std::optional<Code>();
  Code code = ReadCode(reader, purpose, subject);
  if (!reader.ok() || reader.remaining() != 0) return tl::unexpected(reader.error());
  return std::optional<Code>(std::move(code));
}

}  // namespace kakunin::store::internal
