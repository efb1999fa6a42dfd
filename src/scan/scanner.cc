// The scan pipeline: one reader thread, N inspect workers, results handed over in source order
// on the calling thread. Memory is bounded by max_in_flight: the reader waits for a slot before
// it reads the next message, and a slot is freed only once the message's outcome has been
// handed over (so the reorder buffer is bounded too).
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "kakunin/alias.h"
#include "kakunin/scan.h"

namespace kakunin::scan {
namespace {

using Clock = std::chrono::steady_clock;
// How often blocked threads look at the stop flag (a signal handler cannot notify a condvar).
constexpr auto kStopPoll = std::chrono::milliseconds(50);

struct Job {
  uint64_t seq = 0;
  Item item;
};

struct Done {
  Location location;
  std::optional<Report> report;
  std::optional<Error> error;
  uint64_t progress = 0;
  bool dropped = false;  // Stopped before it was inspected.
};

class Pipeline {
 public:
  Pipeline(Source& source, const ScanOptions& options, size_t max_in_flight)
      : source_(source), options_(options), max_in_flight_(max_in_flight) {}

  bool Stopping() const { return options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed); }

  void Read() {
    uint64_t seq = 0;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        while (in_flight_ >= max_in_flight_ && !Stopping()) room_cv_.wait_for(lock, kStopPoll);
      }
      if (Stopping()) {
        stopped_early_ = true;
        break;
      }
      auto next = source_.Next();
      if (!next) {
        std::lock_guard lock(mu_);
        source_error_ = next.error();
        break;
      }
      if (!*next) break;
      std::lock_guard lock(mu_);
      jobs_.push_back(Job{seq++, std::move(**next)});
      ++in_flight_;
      work_cv_.notify_one();
    }
    std::lock_guard lock(mu_);
    read_done_ = true;
    total_jobs_ = seq;
    work_cv_.notify_all();
    done_cv_.notify_all();
  }

  void Work(const InspectOptions& inspect) {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(lock, [&] { return !jobs_.empty() || read_done_; });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      Done done{std::move(job.item.location), std::nullopt, std::move(job.item.error), job.item.progress, false};
      if (Stopping()) {
        done.dropped = true;
      } else if (!done.error) {
        try {
          auto report = InspectBytes(job.item.bytes, inspect);
          if (report) {
            done.report = std::move(*report);
          } else {
            done.error = report.error();
          }
        } catch (const std::exception& e) {
          // The library throws nothing but bad_alloc; one huge hostile message must not end
          // a scan of thousands.
          done.error = Error{ErrorCode::kInternal, std::string("inspect failed: ") + e.what()};
        }
      }
      std::string().swap(job.item.bytes);
      std::lock_guard lock(mu_);
      done_.emplace(job.seq, std::move(done));
      done_cv_.notify_one();
    }
  }

  // Hands outcomes over in order; returns when every read message has been handed over.
  void Deliver(Summary& summary, const OnOutcome& on_outcome, Progress* progress) {
    uint64_t next = 0;
    for (;;) {
      Done done;
      {
        std::unique_lock lock(mu_);
        for (;;) {
          if (auto it = done_.find(next); it != done_.end()) {
            done = std::move(it->second);
            done_.erase(it);
            break;
          }
          if (read_done_ && next == total_jobs_) return;
          done_cv_.wait_for(lock, kStopPoll);
        }
      }
      ++next;
      if (done.dropped) {
        ++dropped_;
      } else {
        Account(done, summary);
        Outcome outcome{&done.location, done.report ? &*done.report : nullptr, done.error ? &*done.error : nullptr};
        if (on_outcome) on_outcome(outcome);
        if (progress != nullptr) {
          progress->messages.fetch_add(1, std::memory_order_relaxed);
          progress->units.store(done.progress, std::memory_order_relaxed);
        }
      }
      std::lock_guard lock(mu_);
      --in_flight_;
      room_cv_.notify_one();
    }
  }

  void Account(const Done& done, Summary& summary) const {
    if (!done.report) {
      ++summary.skipped;
      return;
    }
    const Report& r = *done.report;
    auto v = static_cast<size_t>(r.verdict);
    ++summary.inspected;
    ++summary.by_verdict[v];
    ++summary.by_brand[r.brand.value_or("")][v];
    const auto& list = options_.list;
    bool listed = list.empty() ? r.verdict == Verdict::kPhishing
                               : std::find(list.begin(), list.end(), r.verdict) != list.end();
    if (!listed) return;
    if (summary.listed.size() >= kMaxListed) {
      ++summary.not_listed;
      return;
    }
    Listed l{done.location, r.verdict, r.brand, {}, r.message.subject(), r.reasons};
    if (!r.message.from().empty()) {
      const auto& from = r.message.from().front();
      l.from = from.display_name.empty() ? from.address : from.display_name + " <" + from.address + ">";
    }
    summary.listed.push_back(std::move(l));
  }

  bool stopped_early() const { return stopped_early_ || dropped_ > 0; }
  std::optional<Error> source_error() const { return source_error_; }

 private:
  Source& source_;
  const ScanOptions& options_;
  const size_t max_in_flight_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_, room_cv_;
  std::deque<Job> jobs_;
  std::map<uint64_t, Done> done_;
  size_t in_flight_ = 0;
  bool read_done_ = false;
  uint64_t total_jobs_ = 0;
  std::optional<Error> source_error_;
  bool stopped_early_ = false;  // Written by the reader, read after it joined.
  uint64_t dropped_ = 0;        // Deliver's thread only.
};

}  // namespace

Result<Summary> Scan(Source& source, const ScanOptions& options, const OnOutcome& on_outcome, Progress* progress) {
  if (options.inspect.aliases != nullptr) {
    return tl::unexpected(Error{ErrorCode::kInvalidArgument, "scan: pass aliases_db, not inspect.aliases"});
  }
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  size_t max_in_flight = options.max_in_flight != 0 ? options.max_in_flight : size_t{4} * threads;
  // One alias registry per worker: a Registry is one SQLite connection, not thread-safe.
  std::vector<std::optional<alias::Registry>> registries(threads);
  if (!options.aliases_db.empty()) {
    for (auto& r : registries) {
      auto opened = alias::Registry::Open(options.aliases_db);
      if (!opened) return tl::unexpected(opened.error());
      r = std::move(*opened);
    }
  }
  std::vector<InspectOptions> inspect(threads, options.inspect);
  for (unsigned i = 0; i < threads; ++i) {
    if (registries[i]) inspect[i].aliases = &*registries[i];
  }

  Summary summary;
  summary.kind = source.kind();
  auto start = Clock::now();
  Pipeline pipeline(source, options, max_in_flight);
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers.emplace_back([&pipeline, &inspect, i] { pipeline.Work(inspect[i]); });
  std::thread reader([&pipeline] { pipeline.Read(); });
  pipeline.Deliver(summary, on_outcome, progress);
  reader.join();
  for (auto& w : workers) w.join();
  summary.interrupted = pipeline.stopped_early();
  summary.source_error = pipeline.source_error();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

}  // namespace kakunin::scan
