// The audit log of every node in one PostgreSQL table (docs/cluster.md).
#include "store/pg_store.h"

namespace kakunin::store::internal {

Result<void> PostgresStore::AppendAudit(int64_t time, std::string_view event, std::string_view json) {
  return pool_->Run([&](PgConn& conn) -> Result<void> {
    auto done = conn.Exec("INSERT INTO audit(at, event, entry) VALUES($1, $2, $3::jsonb)", {time, event, json});
    if (!done) return tl::unexpected(done.error());
    return {};
  });
}

}  // namespace kakunin::store::internal
