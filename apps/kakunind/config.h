// kakunind's configuration: a TOML file (docs/kakunind.md lists every key with its default),
// then --listen and --data-dir on top. Every key is optional; unknown keys are errors, so a typo
// never silently leaves a default in force.
#ifndef KAKUNIN_APPS_KAKUNIND_CONFIG_H_
#define KAKUNIN_APPS_KAKUNIND_CONFIG_H_

#include <memory>
#include <string>
#include <vector>

#include "delivery_setup.h"
#include "kakunin/result.h"
#include "kakunin/service.h"
#include "kakunin/store.h"

namespace kakunin::kakunind {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (printed at start).
  int threads = 16;
  std::vector<std::string> trusted_proxies;  // CIDRs whose X-Forwarded-For is believed.
  bool cookie_secure = true;
  size_t max_body_bytes = size_t{16} * 1024;
  bool access_log = true;  // One JSON line per request on stderr (observability.h).
  bool metrics = true;     // GET /metrics (Prometheus text).
};

struct DkimOptions {
  bool enabled = true;
  std::string selector = "kakunind";
  std::string algorithm = "ed25519";  // or "rsa" (2048 bits)
  std::string domain;                 // Default: the domain of mail.from_address.
};

// [store]: SQLite in the data directory (one node), or Redis + PostgreSQL (several nodes).
struct StoreConfig {
  std::string engine = "sqlite";  // or "redis+postgresql"
  store::RedisOptions redis;
  std::string redis_password_env = "KAKUNIND_REDIS_PASSWORD";  // Never in the file.
  store::PostgresOptions postgres;  // A password comes from PGPASSWORD or ~/.pgpass (libpq).
};

struct Config {
  HttpOptions http;
  service::ServiceOptions service;
  std::string database;  // Default: <data_dir>/kakunind.db
  store::SqliteOptions sqlite;
  StoreConfig store;
  DkimOptions dkim;
  DeliveryConfig delivery;
};

// The defaults: data in ./kakunind-data, templates from the source tree's data/ folder.
Config DefaultConfig();

// Reads `path` over `config`. Errors: kNotFound, kParse (TOML syntax, with line), kInvalidArgument
// (unknown key, wrong type, value out of range).
[[nodiscard]] Result<void> LoadConfigFile(const std::string& path, Config& config);

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080"). Errors: kInvalidArgument.
[[nodiscard]] Result<void> ParseListen(const std::string& listen, HttpOptions& http);

// Fills the defaults that depend on other values (database path). Errors: kInvalidArgument.
[[nodiscard]] Result<void> FinishConfig(Config& config);

// The store the config names, opened (the Redis password read from store.redis.password_env).
// Errors: those of store::OpenSqliteStore / store::OpenDistributedStore.
[[nodiscard]] Result<std::unique_ptr<store::Store>> OpenStore(const Config& config);

// This node's id on several nodes: DATA_DIR/node.id, made at the first call (32 hex digits) and
// read after; nodes started at once on one data directory get the same id. Errors: kIo,
// kCrypto, kInvalidArgument (a node.id that is not 1-64 letters, digits or '-').
[[nodiscard]] Result<std::string> NodeId(const std::string& data_dir);

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_APPS_KAKUNIND_CONFIG_H_
