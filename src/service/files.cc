#include "service/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kakunin/otp.h"

namespace kakunin::service {
namespace {

Error IoError(const std::string& what) { return Error(ErrorCode::kIo, what + ": " + std::strerror(errno)); }

Result<void> WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return tl::unexpected(IoError("write " + path));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Result<void> SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(IoError("open " + dir));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return tl::unexpected(IoError("fsync " + dir));
  return {};
}

// Writes `bytes` to a fresh file at `path` and fsyncs it.
Result<void> WriteSynced(const std::string& path, std::string_view bytes, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return tl::unexpected(IoError("create " + path));
  auto written = WriteAll(fd, bytes, path);
  if (written && ::fsync(fd) != 0) written = tl::unexpected(IoError("fsync " + path));
  ::close(fd);
  return written;
}

}  // namespace

Result<void> MakeDirs(const std::string& path) {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos == path.size() || path[pos] == '/') {
      std::string part = path.substr(0, pos);
      if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return tl::unexpected(IoError("mkdir " + part));
    }
  }
  return {};
}

Result<std::string> LoadOrCreateSecret(const std::string& path) {
  for (int round = 0; round < 2; ++round) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      std::string secret(kSecretBytes + 1, '\0');
      ssize_t n = ::read(fd, secret.data(), secret.size());
      ::close(fd);
      if (n != static_cast<ssize_t>(kSecretBytes)) {
        return Fail(ErrorCode::kInvalidArgument, path + " must hold exactly 32 bytes");
      }
      secret.resize(kSecretBytes);
      return secret;
    }
    if (errno != ENOENT) return tl::unexpected(IoError("open " + path));
    auto fresh = otp::RandomBytes(kSecretBytes);
    if (!fresh) return tl::unexpected(fresh.error());
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    auto written = WriteSynced(tmp, *fresh, 0600);
    if (!written) return tl::unexpected(written.error());
    // link() fails with EEXIST if another process won the race; then its secret is read.
    int rc = ::link(tmp.c_str(), path.c_str());
    int link_errno = errno;
    ::unlink(tmp.c_str());
    if (rc != 0 && link_errno != EEXIST) {
      errno = link_errno;
      return tl::unexpected(IoError("link " + path));
    }
  }
  return Fail(ErrorCode::kIo, "cannot create " + path);
}

Result<Outbox> Outbox::Open(const std::string& dir) {
  for (const char* sub : {"tmp", "new", "cur"}) {
    auto made = MakeDirs(dir + "/" + sub);
    if (!made) return tl::unexpected(made.error());
  }
  return Outbox(dir);
}

Result<bool> Outbox::Stage(std::string_view name, std::string_view bytes) {
  // new/, or sent/ and failed/ once the delivery worker (src/delivery) has moved it on.
  for (const char* sub : {"/new/", "/sent/", "/failed/"}) {
    if (::access((dir_ + sub + std::string(name)).c_str(), F_OK) == 0) return false;
  }
  const std::string tmp_path = dir_ + "/tmp/" + std::string(name);
  int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return tl::unexpected(IoError("create " + tmp_path));
  auto written = WriteAll(fd, bytes, tmp_path);
  ::close(fd);
  if (!written) return tl::unexpected(written.error());
  staged_.emplace_back(name);
  return true;
}

Result<void> Outbox::Publish() {
  if (staged_.empty()) return {};
  // One syncfs for the batch instead of one fsync per file: the data of every staged file is on
  // disk before any of them appears in new/.
  int fd = ::open((dir_ + "/tmp").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(IoError("open " + dir_ + "/tmp"));
  const int rc = ::syncfs(fd);
  ::close(fd);
  if (rc != 0) return tl::unexpected(IoError("syncfs " + dir_));
  for (const auto& name : staged_) {
    const std::string from = dir_ + "/tmp/" + name;
    const std::string to = dir_ + "/new/" + name;
    if (::rename(from.c_str(), to.c_str()) != 0) return tl::unexpected(IoError("rename " + to));
  }
  auto synced = SyncDir(dir_ + "/new");
  if (!synced) return tl::unexpected(synced.error());
  staged_.clear();
  return {};
}

AuditLog::~AuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> AuditLog::Write(int64_t time, std::string_view event, nlohmann::json fields) {
  fields["time"] = time;
  fields["event"] = event;
  // Invalid UTF-8 from a client (a user agent) is replaced, never a reason to lose the event.
  const std::string json = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto written = AppendLine(json + "\n");
  if (central_ != nullptr) {
    if (auto stored = central_->AppendAudit(time, event, json); !stored) {
      nlohmann::json note = {{"time", time}, {"event", "audit_central_failed"}, {"entry_event", event},
                             {"reason", stored.error().ToString()}};
      (void)AppendLine(note.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    }
  }
  return written;
}

Result<void> AuditLog::AppendLine(const std::string& line) {
  std::lock_guard lock(mu_);
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) return tl::unexpected(IoError("open " + path_));
  }
  return WriteAll(fd_, line, path_);
}

}  // namespace kakunin::service
