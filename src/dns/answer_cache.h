// AnswerCache: the live resolver's in-process cache of decoded answers, in front of libunbound's
// own caches. libunbound answers a cached query through its background thread and a pipe
// (about 0.1 ms); bulk verification asks the same few DKIM keys thousands of times, so answers
// are also kept here, decoded, each until its TTL runs out (RFC 1035 3.2.1, RFC 2308 5 for
// NXDOMAIN/NODATA). Failures are never cached here (libunbound keeps SERVFAIL briefly itself).
// Thread-safety: all methods may be called from several threads at once (one mutex).
#ifndef KAKUNIN_DNS_ANSWER_CACHE_H_
#define KAKUNIN_DNS_ANSWER_CACHE_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "kakunin/dns.h"

namespace kakunin::dns::internal {

class AnswerCache {
 public:
  using Clock = std::chrono::steady_clock;

  // A bound on memory: a mail run asks a few names per message; past this many entries the
  // expired ones are dropped, and if none are, everything (a cache, never a correctness issue).
  static constexpr size_t kMaxEntries = 50000;

  // The answer for (`name`, `type`) if one is cached and its TTL has not run out at `now`,
  // with `ttl` set to the seconds left.
  std::optional<Answer> Get(const std::string& name, RrType type, Clock::time_point now);

  // Keeps `answer` for answer.ttl seconds from `now`; answers with ttl 0 are not kept.
  void Put(const std::string& name, RrType type, const Answer& answer, Clock::time_point now);

  size_t size() const;

 private:
  struct Entry {
    Answer answer;
    Clock::time_point expires;
  };

  mutable std::mutex mu_;
  std::map<std::pair<std::string, RrType>, Entry> entries_;  // Guarded by mu_.
};

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_ANSWER_CACHE_H_
