// kakunind's [store] section: SQLite in the data directory, or Redis + PostgreSQL.
#include <fcntl.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "config.h"

namespace kakunin::kakunind {
namespace {

bool IsNodeId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// DATA_DIR/node.id names this node's claims on queued messages (RedisOptions::node_id): made
// once (16 random bytes in hex, O_EXCL so two starts agree), then read at every start.
Result<std::string> NodeId(const std::string& data_dir) {
  const std::string path = data_dir + "/node.id";
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Fail(ErrorCode::kCrypto, "no random bytes for node.id");
  static const char kHex[] = "0123456789abcdef";
  std::string fresh;
  for (unsigned char b : bytes) {
    fresh += kHex[b >> 4];
    fresh += kHex[b & 15];
  }
  if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600); fd >= 0) {
    const std::string line = fresh + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) return Fail(ErrorCode::kIo, "cannot write " + path);
    return fresh;
  }
  std::ifstream in(path);
  std::string id;
  std::getline(in, id);
  if (!IsNodeId(id)) return Fail(ErrorCode::kInvalidArgument, path + " must hold 1 to 64 letters, digits or '-'");
  return id;
}

}  // namespace

Result<std::unique_ptr<store::Store>> OpenStore(const Config& c) {
  if (c.store.engine == "sqlite") return store::OpenSqliteStore(c.database, c.sqlite);
  store::RedisOptions redis = c.store.redis;
  if (const char* password = std::getenv(c.store.redis_password_env.c_str()); password != nullptr) {
    redis.password = password;
  }
  auto node = NodeId(c.service.data_dir);
  if (!node) return tl::unexpected(node.error());
  redis.node_id = *node;
  return store::OpenDistributedStore(redis, c.store.postgres);
}

}  // namespace kakunin::kakunind
