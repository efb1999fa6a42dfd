// Time input for --now and for protocol timestamps. kakunin never reads the clock where a
// result depends on it without letting the caller pin it (DKIM x=, TOTP, code expiry).
// Thread-safety: pure functions.
#ifndef KAKUNIN_BASE_TIME_H_
#define KAKUNIN_BASE_TIME_H_

#include <cstdint>
#include <string_view>

#include "kakunin/result.h"

namespace kakunin::base {

// Parses Unix seconds ("1700000000") or RFC 3339 ("2026-11-28T09:00:00Z",
// "2026-11-28T18:00:00+09:00", fractional seconds ignored). Returns Unix seconds, or kParse.
[[nodiscard]] Result<int64_t> ParseTime(std::string_view text);

// Seconds since the Unix epoch, now.
int64_t UnixNow();

}  // namespace kakunin::base

#endif  // KAKUNIN_BASE_TIME_H_
