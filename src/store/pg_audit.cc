// The audit log of every node in one PostgreSQL table (docs/cluster.md). Rows are queued and
// inserted in batches by one background thread, without a disk flush per commit: each node's
// audit.jsonl is the durable record, so a request never waits for this table.
#include <chrono>
#include <iterator>

#include <nlohmann/json.hpp>

#include "store/pg_store.h"

namespace kakunin::store::internal {

Result<void> PostgresStore::AppendAudit(int64_t time, std::string_view event, std::string_view json) {
  // Checked here: one bad row would fail its whole batch.
  if (!nlohmann::json::accept(json)) return Fail(ErrorCode::kInvalidArgument, "audit entry is not JSON");
  std::lock_guard lock(audit_mu_);
  if (audit_rows_.size() >= kMaxAuditBacklog) {
    return Fail(ErrorCode::kIo, "postgres: audit backlog full (" + std::to_string(kMaxAuditBacklog) + " rows)");
  }
  audit_rows_.push_back({time, std::string(event), std::string(json)});
  ++audit_queued_;
  if (!audit_thread_.joinable()) audit_thread_ = std::thread([this] { AuditLoop(); });
  audit_cv_.notify_all();
  return {};
}

Result<void> PostgresStore::InsertAudit(const std::vector<AuditRow>& batch) {
  std::string sql = "INSERT INTO audit(at, event, entry) VALUES";
  std::vector<PgParam> params;
  params.reserve(batch.size() * 3);
  for (size_t i = 0; i < batch.size(); ++i) {
    const size_t n = i * 3;
    sql += (i ? ",($" : "($") + std::to_string(n + 1) + ",$" + std::to_string(n + 2) + ",$" +
           std::to_string(n + 3) + "::jsonb)";
    params.emplace_back(batch[i].time);
    params.emplace_back(batch[i].event);
    params.emplace_back(batch[i].json);
  }
  return pool_->Run([&](PgConn& conn) -> Result<void> {
    auto async = conn.Exec("SET LOCAL synchronous_commit TO OFF");
    if (!async) return tl::unexpected(async.error());
    auto done = conn.Exec(sql, params);
    if (!done) return tl::unexpected(done.error());
    return {};
  });
}

void PostgresStore::AuditLoop() {
  std::unique_lock lock(audit_mu_);
  for (;;) {
    audit_cv_.wait(lock, [this] { return audit_stop_ || !audit_rows_.empty(); });
    if (audit_rows_.empty()) return;  // Stopping, nothing left.
    const auto end = audit_rows_.begin() + static_cast<std::ptrdiff_t>(std::min(audit_rows_.size(), kAuditBatch));
    std::vector<AuditRow> batch(std::make_move_iterator(audit_rows_.begin()), std::make_move_iterator(end));
    audit_rows_.erase(audit_rows_.begin(), end);
    lock.unlock();
    auto inserted = InsertAudit(batch);
    lock.lock();
    if (inserted) {
      audit_settled_ += batch.size();
    } else if (audit_stop_) {
      // Shutting down with PostgreSQL unreachable: give up on the rest (the files keep them).
      audit_settled_ += batch.size() + audit_rows_.size();
      audit_rows_.clear();
    } else {
      // Back in front, in order; retried in a second. FlushAudit stops waiting on a failure.
      audit_rows_.insert(audit_rows_.begin(), std::make_move_iterator(batch.begin()),
                         std::make_move_iterator(batch.end()));
      ++audit_failures_;
      audit_cv_.notify_all();
      audit_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return audit_stop_; });
      continue;
    }
    audit_cv_.notify_all();
  }
}

void PostgresStore::FlushAudit() {
  std::unique_lock lock(audit_mu_);
  const uint64_t target = audit_queued_;
  const uint64_t failures = audit_failures_;
  audit_cv_.wait_for(lock, std::chrono::seconds(10),
                     [&] { return audit_settled_ >= target || audit_failures_ != failures; });
}

PostgresStore::~PostgresStore() {
  {
    std::lock_guard lock(audit_mu_);
    audit_stop_ = true;
  }
  audit_cv_.notify_all();
  if (audit_thread_.joinable()) audit_thread_.join();
}

}  // namespace kakunin::store::internal
