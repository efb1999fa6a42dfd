// kakunind's [store] section: SQLite in the data directory, or Redis + PostgreSQL.
#include <cstdlib>

#include "config.h"

namespace kakunin::kakunind {

Result<std::unique_ptr<store::Store>> OpenStore(const Config& c) {
  if (c.store.engine == "sqlite") return store::OpenSqliteStore(c.database, c.sqlite);
  store::RedisOptions redis = c.store.redis;
  if (const char* password = std::getenv(c.store.redis_password_env.c_str()); password != nullptr) {
    redis.password = password;
  }
  return store::OpenDistributedStore(redis, c.store.postgres);
}

}  // namespace kakunin::kakunind
