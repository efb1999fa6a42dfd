// Fuzzes kakunind's TOML configuration reader (apps/kakunind/config.cc: LoadConfigFile over
// toml++, then FinishConfig). The file is the operator's, but it is often generated or templated
// and a reader that crashes, hangs or lets an out-of-range value through turns a typo into a
// weakened limit (attempts, budgets, lock times, password floor).
// The input is the file's bytes, given to LoadConfigFile through a memfd (/proc/self/fd/N), so
// the real path-based reader runs unchanged.
// Invariants: an accepted file leaves every bounded value inside the range config.cc and
// docs/kakunind.md state (an accepted value is never out of range, whatever toml++ converted),
// a section name given a non-table value is refused (it would silently leave that section's
// defaults in force), the password entropy floor is a finite number; reading the same bytes twice
// gives the same outcome; an error names the file.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "config.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

template <class T>
bool In(T v, long long min, long long max) {
  return static_cast<long long>(v) >= min && static_cast<long long>(v) <= max;
}

// The ranges config.cc's TableReader::Int calls give (docs/kakunind.md lists them).
void CheckBounds(const kakunin::kakunind::Config& c) {
  const auto& s = c.service;
  Check(In(c.http.threads, 1, 1024) && In(c.http.max_body_bytes, 1024, 1 << 20));
  Check(In(c.http.port, 0, 65535));
  Check(In(s.codes.digits, 6, 10) && In(s.codes.ttl_seconds, 60, 86400) && In(s.codes.max_attempts, 1, 10));
  Check(In(s.codes.account_budget, 1, 100) && In(s.codes.budget_window_seconds, 60, 30 * 86400));
  Check(In(s.codes.lock_base_seconds, 0, 365 * 86400) && In(s.codes.lock_max_seconds, 0, 365 * 86400));
  Check(In(s.resend.address_min_interval_seconds, 0, 86400) && In(s.resend.address_per_hour, 0, 1000));
  Check(In(s.resend.ip_per_hour, 0, 1000000));
  Check(In(s.login.account_failures, 1, 100) && In(s.login.account_window_seconds, 60, 30 * 86400));
  Check(In(s.login.ip_failures, 1, 1000000) && In(s.login.ip_window_seconds, 60, 30 * 86400));
  Check(In(s.login.lock_base_seconds, 0, 365 * 86400) && In(s.login.lock_max_seconds, 0, 365 * 86400));
  Check(In(s.passwords.min_length, 8, 64) && In(s.passwords.max_length, 64, 4096));
  Check(std::isfinite(s.passwords.min_entropy_bits));
  Check(In(s.passwords.argon2_opslimit, 1, 100));
  Check(s.passwords.argon2_memlimit % 1024 == 0 && In(s.passwords.argon2_memlimit / 1024, 8, 4 * 1024 * 1024));
  Check(In(s.totp.digits, 6, 8) && In(s.totp.period, 15, 300));
  Check(In(s.session_ttl_seconds, 60, 365 * 86400));
  Check(In(c.sqlite.busy_timeout_ms, 0, 600000));
  const auto& d = c.delivery;
  Check(In(d.timeout_seconds, 1, 600) && In(d.retry_base_seconds, 1, 86400) && In(d.retry_max_seconds, 1, 86400));
  Check(In(d.give_up_seconds, 60, 30 * 86400) && In(d.poll_milliseconds, 10, 60000));
}

// Whether `text` starts by assigning a scalar to a section name, as in "http = 1" or
// "[store]\nredis = \"x\"": a file that does so must be refused. Only the simplest spellings
// are recognised; that is enough for the fuzzer to find a reader that ignores them.
bool AssignsSectionName(const std::string& text) {
  for (const char* name : {"http", "mail", "codes", "resend", "login", "passwords", "totp", "sessions", "sqlite",
                           "dkim", "delivery", "store"}) {
    const std::string prefix = std::string(name) + " =";
    if (!text.starts_with(prefix)) continue;
    // An inline table ("http =  { threads = 4 }", any blanks before the brace) is a section.
    const size_t value = text.find_first_not_of(" \t", prefix.size());
    if (value != std::string::npos && text[value] != '{' && text[value] != '\n' && text[value] != '\r') return true;
  }
  for (const char* prefix : {"[store]\nredis = \"", "[store]\npostgresql = \""}) {
    if (text.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A real configuration is about 2 KiB (docs/kakunind.md's full example); 64 KiB leaves room
  // for long arrays and strings while keeping each run fast.
  if (size > 64 * 1024) return 0;
  static const int fd = memfd_create("kakunind-config", 0);
  Check(fd >= 0);
  Check(ftruncate(fd, 0) == 0);
  Check(pwrite(fd, data, size, 0) == static_cast<ssize_t>(size));
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const std::string text(reinterpret_cast<const char*>(data), size);

  using namespace kakunin::kakunind;  // NOLINT
  Config config = DefaultConfig();
  auto loaded = LoadConfigFile(path, config);
  Config again = DefaultConfig();
  auto loaded_again = LoadConfigFile(path, again);
  Check(loaded.has_value() == loaded_again.has_value());
  if (!loaded) {
    Check(loaded.error().message.starts_with(path));
    Check(loaded.error().message == loaded_again.error().message);
    return 0;
  }
  Check(!AssignsSectionName(text));
  CheckBounds(config);
  Check(config.http.host == again.http.host && config.http.port == again.http.port);
  Check(config.service.codes.max_attempts == again.service.codes.max_attempts);
  auto finished = FinishConfig(config);
  if (finished) {
    Check(!config.database.empty());
    const std::string& totp = config.service.totp.algorithm;
    Check(totp == "SHA1" || totp == "SHA256" || totp == "SHA512");
    Check(config.dkim.algorithm == "ed25519" || config.dkim.algorithm == "rsa");
  }
  return 0;
}
