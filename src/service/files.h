// Durable files for kakunind: the server secret, Maildir-style outboxes and the audit log.
// Thread-safety: Outbox and AuditLog may be used from several threads.
#ifndef KAKUNIN_SERVICE_FILES_H_
#define KAKUNIN_SERVICE_FILES_H_

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kakunin/result.h"
#include "kakunin/store.h"

namespace kakunin::service {

inline constexpr size_t kSecretBytes = 32;

// Reads the 32-byte secret at `path`, or creates it (mode 0600, written to a temporary file,
// fsynced and linked into place, so two processes starting together agree on one secret).
// Errors: kIo, kInvalidArgument (the file exists with another size).
[[nodiscard]] Result<std::string> LoadOrCreateSecret(const std::string& path);

// mkdir -p with mode 0700. Errors: kIo.
[[nodiscard]] Result<void> MakeDirs(const std::string& path);

// A Maildir (tmp/, new/, cur/), written in batches: Stage() writes messages to tmp/, Publish()
// makes them durable with one syncfs(2), renames them into new/ and fsyncs new/ once. Once
// Publish returns, a crash cannot lose them; before it, a crash leaves at most files in tmp/
// (the caller still has the messages queued and stages them again).
// Not thread-safe: one delivery thread owns an Outbox.
class Outbox {
 public:
  // Creates the folders if needed. Errors: kIo.
  [[nodiscard]] static Result<Outbox> Open(const std::string& dir);
  // Writes tmp/<name> unless new/, sent/ or failed/<name> already exists (a redelivery after a
  // crash; then returns false). REQUIRES: `name` has no '/'. Errors: kIo.
  [[nodiscard]] Result<bool> Stage(std::string_view name, std::string_view bytes);
  // Syncs, renames and syncs the staged messages. Errors: kIo (they stay staged).
  [[nodiscard]] Result<void> Publish();
  const std::string& dir() const { return dir_; }

 private:
  explicit Outbox(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  std::vector<std::string> staged_;
};

// Appends one JSON object per line to a file opened with O_APPEND. Callers never pass codes,
// passwords or tokens.
class AuditLog {
 public:
  // `central` (may be null): every node's log in one place (store::Store::central_audit); each
  // entry goes there too. The file stays the node's own record: a central failure is noted in
  // the file ("audit_central_failed") and never loses the entry.
  explicit AuditLog(std::string path, store::AuditStore* central = nullptr)
      : path_(std::move(path)), central_(central) {}
  ~AuditLog();
  // Adds "time" and "event" to `fields` and appends it. Errors: kIo (the file).
  [[nodiscard]] Result<void> Write(int64_t time, std::string_view event, nlohmann::json fields);

 private:
  Result<void> AppendLine(const std::string& line);

  std::mutex mu_;
  std::string path_;
  store::AuditStore* central_;
  int fd_ = -1;
};

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_FILES_H_
