// The durable queue worker: outbox new/ -> relay -> sent/ or failed/, with the retry state in a
// sidecar file so the backoff survives a restart.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "kakunin/delivery.h"

namespace kakunin::delivery {
namespace {

// kakunind's mails are a few kilobytes; anything far larger in the outbox is not ours.
constexpr off_t kMaxMessageBytes = off_t{10} * 1024 * 1024;
// A retry sidecar is one short JSON object.
constexpr size_t kMaxSidecarBytes = 256;

Error IoError(const std::string& what) { return Error(ErrorCode::kIo, what + ": " + std::strerror(errno)); }

Result<std::string> ReadFile(const std::string& path, off_t limit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(IoError("open " + path));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size > limit) {
    ::close(fd);
    return Fail(ErrorCode::kInvalidArgument, path + " is larger than " + std::to_string(limit) + " bytes");
  }
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(done);
  return bytes;
}

Result<void> SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(IoError("open " + dir));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return tl::unexpected(IoError("fsync " + dir));
  return {};
}

// Writes `bytes` to `path` atomically (temporary file, fsync, rename, fsync of the folder).
Result<void> WriteAtomic(const std::string& dir, const std::string& name, const std::string& bytes) {
  const std::string tmp = dir + "/." + name + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return tl::unexpected(IoError("create " + tmp));
  const bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), (dir + "/" + name).c_str()) != 0) return tl::unexpected(IoError("write " + tmp));
  return SyncDir(dir);
}

Result<std::vector<std::string>> ListNew(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return tl::unexpected(IoError("opendir " + dir));
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    if (e->d_name[0] != '.') names.emplace_back(e->d_name);  // Maildir: dot files are not messages.
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());  // kakunind's names start with the queue time.
  return names;
}

struct RetryState {
  int64_t attempts = 0;
  int64_t next = 0;   // Not before this Unix time.
  int64_t first = 0;  // Time of the first failed attempt.
};

RetryState ReadState(const std::string& path, int64_t now) {
  RetryState s{0, 0, now};
  auto bytes = ReadFile(path, kMaxSidecarBytes);
  if (!bytes) return s;  // No sidecar: never tried. An unreadable one: try now, which is safe.
  auto j = nlohmann::json::parse(*bytes, nullptr, false);
  if (!j.is_object()) return s;
  s.attempts = j.value("attempts", int64_t{0});
  s.next = j.value("next", int64_t{0});
  s.first = j.value("first", now);
  return s;
}

int64_t Backoff(const RetryOptions& r, int64_t attempts) {
  int64_t delay = r.base_seconds;
  for (int64_t i = 1; i < attempts && delay < r.max_seconds; ++i) delay *= 2;
  return std::min(delay, r.max_seconds);
}

}  // namespace

class Worker::Impl {
 public:
  explicit Impl(WorkerOptions options) : options_(std::move(options)) {}
  ~Impl() { Stop(); }

  Result<void> Prepare() {
    for (const std::string* box : {&options_.mail_outbox, &options_.sms_outbox}) {
      if (box->empty()) continue;
      for (const char* sub : {"new", "sent", "failed", "retry"}) {
        const std::string dir = *box + "/" + sub;
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return tl::unexpected(IoError("mkdir " + dir));
      }
    }
    return {};
  }

  Result<PassStats> RunOnce(int64_t now) {
    PassStats stats;
    if (!options_.mail_outbox.empty()) {
      auto done = RunBox(options_.mail_outbox, false, now, stats);
      if (!done) return tl::unexpected(done.error());
    }
    if (!options_.sms_outbox.empty()) {
      auto done = RunBox(options_.sms_outbox, true, now, stats);
      if (!done) return tl::unexpected(done.error());
    }
    return stats;
  }

  void Start() {
    std::lock_guard lock(mu_);
    if (thread_.joinable()) return;
    stop_ = false;
    thread_ = std::thread([this] { Loop(); });
  }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  int64_t Now() const {
    if (options_.clock) return options_.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  void Loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      auto pass = RunOnce(Now());
      if (!pass && options_.audit) {
        SendResult r;
        r.detail = pass.error().ToString();
        options_.audit("delivery_error", "", r);
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_milliseconds), [this] { return stop_; });
    }
  }

  SendResult Send(bool sms, const std::string& name, const std::string& bytes) {
    if (!sms) return SendMail(options_.smtp, bytes);
    auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (!j.is_object() || !j.contains("to") || !j["to"].is_string() || !j.contains("body") || !j["body"].is_string()) {
      SendResult r;
      r.outcome = Outcome::kPermanent;
      r.detail = "not an SMS outbox entry";
      return r;
    }
    return SendSms(options_.webhook, j["to"].get<std::string>(), j["body"].get<std::string>(), name);
  }

  // Moves new/<name> to <to>/<name> and makes both renames durable.
  static Result<void> Move(const std::string& box, const std::string& name, const char* to) {
    const std::string from = box + "/new/" + name;
    const std::string dest = box + "/" + to + "/" + name;
    if (::rename(from.c_str(), dest.c_str()) != 0) return tl::unexpected(IoError("rename " + from));
    auto synced = SyncDir(box + "/" + to);
    if (synced) synced = SyncDir(box + "/new");
    return synced;
  }

  Result<void> RunBox(const std::string& box, bool sms, int64_t now, PassStats& stats) {
    auto names = ListNew(box + "/new");
    if (!names) return tl::unexpected(names.error());
    for (const auto& name : *names) {
      {
        std::lock_guard lock(mu_);
        if (stop_) return {};  // Shutting down: the rest stays in new/ for the next start.
      }
      const std::string sidecar = box + "/retry/" + name;
      RetryState state = ReadState(sidecar, now);
      if (state.next > now) {
        ++stats.waiting;
        continue;
      }
      auto bytes = ReadFile(box + "/new/" + name, kMaxMessageBytes);
      SendResult result;
      if (!bytes) {
        result.outcome = Outcome::kPermanent;
        result.detail = bytes.error().ToString();
      } else {
        result = Send(sms, name, *bytes);
      }
      if (result.outcome == Outcome::kTemporary && state.attempts > 0 &&
          now - state.first >= options_.retry.give_up_seconds) {
        result.outcome = Outcome::kPermanent;
        result.detail = "gave up after " + std::to_string(state.attempts + 1) + " attempts: " + result.detail;
      }
      if (result.outcome == Outcome::kTemporary) {
        ++state.attempts;
        state.next = now + Backoff(options_.retry, state.attempts);
        nlohmann::json j = {{"attempts", state.attempts}, {"next", state.next}, {"first", state.first},
                            {"status", result.status}, {"detail", result.detail}};
        auto written = WriteAtomic(box + "/retry", name, j.dump() + "\n");
        if (!written) return written;
        ++stats.deferred;
        continue;
      }
      const bool sent = result.outcome == Outcome::kSent;
      auto moved = Move(box, name, sent ? "sent" : "failed");
      if (!moved) return moved;
      ::unlink(sidecar.c_str());
      (sent ? stats.sent : stats.failed)++;
      if (options_.audit) {
        options_.audit(sms ? (sent ? "sms_sent" : "sms_failed") : (sent ? "mail_sent" : "mail_failed"), name, result);
      }
    }
    return {};
  }

  WorkerOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

Result<std::unique_ptr<Worker>> Worker::Create(WorkerOptions options) {
  if (!options.mail_outbox.empty() && options.smtp.url.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "delivery: a mail outbox needs smtp_url");
  }
  if (!options.sms_outbox.empty() && options.webhook.url.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "delivery: an SMS outbox needs sms_webhook_url");
  }
  if (options.retry.base_seconds < 1 || options.retry.max_seconds < options.retry.base_seconds ||
      options.poll_milliseconds < 1) {
    return Fail(ErrorCode::kInvalidArgument, "delivery: retry_base_seconds >= 1, retry_max_seconds >= base");
  }
  auto impl = std::make_unique<Impl>(std::move(options));
  auto prepared = impl->Prepare();
  if (!prepared) return tl::unexpected(prepared.error());
  return std::unique_ptr<Worker>(new Worker(std::move(impl)));
}

Worker::Worker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Worker::~Worker() = default;
Result<PassStats> Worker::RunOnce(int64_t now) { return impl_->RunOnce(now); }
void Worker::Start() { impl_->Start(); }
void Worker::Stop() { impl_->Stop(); }

}  // namespace kakunin::delivery
