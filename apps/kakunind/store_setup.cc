// kakunind's [store] section: SQLite in the data directory, or Redis + PostgreSQL.
#include <fcntl.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cerrno>
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

Result<std::string> ReadNodeId(const std::string& path) {
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

// node.id names this node's claims on queued messages (RedisOptions::node_id). Written to a file
// of its own and linked into place, so a crash never leaves half an id and of two first starts
// one id wins.
Result<std::string> NodeId(const std::string& data_dir) {
  const std::string path = data_dir + "/node.id";
  if (::access(path.c_str(), F_OK) == 0) return ReadNodeId(path);
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Fail(ErrorCode::kCrypto, "no random bytes for node.id");
  static const char kHex[] = "0123456789abcdef";
  std::string fresh;
  for (unsigned char b : bytes) {
    fresh += kHex[b >> 4];
    fresh += kHex[b & 15];
  }
  const std::string temp = path + "." + fresh;
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot create " + temp);
  const std::string line = fresh + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  const bool linked = written && ::link(temp.c_str(), path.c_str()) == 0;
  const int link_error = errno;
  ::unlink(temp.c_str());
  if (!written) return Fail(ErrorCode::kIo, "cannot write " + temp);
  if (!linked && link_error != EEXIST) return Fail(ErrorCode::kIo, "cannot create " + path);
  return linked ? Result<std::string>(fresh) : ReadNodeId(path);
}

}  // namespace kakunin::kakunind
