// Is this password in a known breach? Have I Been Pwned's Pwned Passwords, two ways:
//
//  - Online, by k-anonymity: the password is hashed with SHA-1 here, and only the first 5 hex
//    digits of the hash are sent (GET <base>/range/ABCDE with "Add-Padding: true"). The server
//    answers every suffix under that prefix ("SUFFIX:COUNT" lines, padded with count-0 lines so
//    the response size does not give the answer away); the match is made locally.
//  - Offline, against a database file built from the HIBP downloader's "HASH:COUNT" text
//    (BuildDatabase); the format is documented in docs/breach.md and src/breach/db_format.h.
//
//   breach::PasswordHash hash = breach::PasswordHash::Of(password);   // then wipe `password`
//   auto client = breach::MakeHttpRangeClient({.base_url = "http://127.0.0.1:8080/range/"});
//   auto found = breach::CheckOnline(*client, hash);   // found->breached, found->count
//
// What leaves the machine: the 5-character prefix, the User-Agent and the padding header. The
// password, its full hash and the 35-character suffix never do, and nothing here logs them.
// Left out: the NTLM range mode (?mode=ntlm) and HIBP's breachedaccount (e-mail) API.
#ifndef KAKUNIN_BREACH_H_
#define KAKUNIN_BREACH_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::breach {

inline constexpr size_t kSha1Bytes = 20;
inline constexpr size_t kPrefixHexChars = 5;   // What the range API receives.
inline constexpr size_t kSuffixHexChars = 35;  // What it answers with.

// The SHA-1 of a password. Sensitive (a fast hash of a password can be brute-forced), so its
// bytes are wiped with sodium_memzero when the object dies. Copyable value; thread-compatible.
class PasswordHash {
 public:
  // Hashes the UTF-8 bytes of `password` as given (HIBP hashes the password bytes as typed).
  static PasswordHash Of(std::string_view password);
  // From 40 hex digits (either case). Errors: kParse.
  [[nodiscard]] static Result<PasswordHash> FromHex(std::string_view hex);

  PasswordHash(const PasswordHash& other) = default;
  PasswordHash& operator=(const PasswordHash& other) = default;
  ~PasswordHash();

  const std::array<uint8_t, kSha1Bytes>& bytes() const { return bytes_; }
  // The 5 upper-case hex digits sent to the range API.
  std::string Prefix() const;
  // The 35 upper-case hex digits matched locally. The caller should wipe the string.
  std::string SuffixHex() const;

 private:
  PasswordHash() = default;
  std::array<uint8_t, kSha1Bytes> bytes_{};
};

enum class Source { kRangeApi, kDatabase };
// "range-api" or "database", as in the JSON output.
std::string_view SourceName(Source source);

struct Finding {
  bool breached = false;
  uint64_t count = 0;  // How often HIBP saw it; 0 when not breached.
  Source source = Source::kRangeApi;
};

// --- Online: the range API ---

inline constexpr std::string_view kDefaultRangeBaseUrl = "https://api.pwnedpasswords.com/range/";
// A padded range answer is 800-1,000 lines of about 40 bytes (under 64 KiB); anything past
// 4 MiB is not the range API, and is cut off rather than buffered.
inline constexpr size_t kMaxRangeResponseBytes = 4u << 20;

struct RangeLine {
  std::string suffix;  // 35 upper-case hex digits.
  uint64_t count = 0;
};

// Parses a range response body: "SUFFIX:COUNT" lines ending in CRLF or LF, a missing final line
// end allowed. Lines with count 0 are padding and are dropped. Errors: kParse naming the line
// (not 35 hex digits, no ':', a count that is not a decimal number below 2^63),
// kLimitExceeded over kMaxRangeResponseBytes.
[[nodiscard]] Result<std::vector<RangeLine>> ParseRangeResponse(std::string_view body);

// Fetches the range for one 5-hex-digit prefix. Implementations: HTTP (libcurl) below, and fakes
// in tests. Thread-safety: per implementation; the HTTP client is not thread-safe (one per thread).
class RangeClient {
 public:
  virtual ~RangeClient() = default;
  // The response body. Errors: kIo (connection, timeout, non-200 status), kLimitExceeded.
  [[nodiscard]] virtual Result<std::string> FetchRange(std::string_view prefix) = 0;
};

struct HttpRangeOptions {
  std::string base_url{kDefaultRangeBaseUrl};  // The prefix is appended ("/" added if missing).
  long timeout_ms = 10000;          // Whole request.
  long connect_timeout_ms = 5000;
  bool add_padding = true;          // Send "Add-Padding: true".
  std::string user_agent{"kakunin/0.1 (+https://haveibeenpwned.com/API/v3#PwnedPasswords)"};
};

// The base URL to use: `flag` when non-empty, else $KAKUNIN_PWNED_RANGE_URL when set, else
// kDefaultRangeBaseUrl.
std::string RangeBaseUrl(std::string_view flag);

// A libcurl client. Redirects are not followed (a range answer never redirects); only http and
// https URLs are accepted.
std::unique_ptr<RangeClient> MakeHttpRangeClient(HttpRangeOptions options = {});

// Asks `client` for hash.Prefix() and finds hash's suffix in the answer. Errors: those of
// FetchRange and ParseRangeResponse.
[[nodiscard]] Result<Finding> CheckOnline(RangeClient& client, const PasswordHash& hash);

// --- Offline: the database file ---

enum class DatabaseMode {
  kPrecise,  // Counts kept, false positives below 10^-12: about 8.4-8.6 bytes per hash.
  kCompact,  // A filter without counts, false positives at most 1 in 60,000: about 2.25 bytes.
};

struct BuildOptions {
  DatabaseMode mode = DatabaseMode::kPrecise;
  // Fan-out bits (2^bits buckets of the first hash bits). -1: chosen from the input size so a
  // bucket holds about 16 hashes (at most 24 bits, a 64 MiB table, for the full HIBP set).
  int fanout_bits = -1;
};

struct BuildStats {
  uint64_t lines = 0;         // Input lines read.
  uint64_t entries = 0;       // Records written (after merging repeated hashes).
  uint64_t input_bytes = 0;
  uint64_t output_bytes = 0;
  int fanout_bits = 0;
};

// Builds a database at `output` from HIBP text files: either whole-hash lines "HASH:COUNT" (40
// hex digits), or the downloader's one-file-per-prefix layout where the file is named by its 5
// hex digits ("ABCDE.txt") and lines are "SUFFIX:COUNT" (35 hex digits). Per-prefix files are
// read in prefix order; otherwise the lines must be in ascending hash order (as HIBP ships them).
// "-" reads standard input (precise mode only: compact mode sizes its table from the input
// size). The file is written to a temporary name beside `output` and renamed
// only when complete, so a failed build leaves nothing half-written. Errors: kParse naming the
// file and line (bad hex, bad count, out of order), kIo, kLimitExceeded (over 2^32-1 hashes).
[[nodiscard]] Result<BuildStats> BuildDatabase(std::span<const std::string> inputs, const std::string& output,
                                               const BuildOptions& options = {});

// A read-only view of a database file (mapped into memory). Lookups are safe from several
// threads at once. Moving is allowed; copying is not (it owns the mapping).
class Database {
 public:
  // Maps and validates `path`. Errors: kNotFound, kIo, kParse (not a kakunin breach database,
  // unknown version, sizes or fan-out table inconsistent).
  [[nodiscard]] static Result<Database> Open(const std::string& path);
  // Validates a database held in memory; `bytes` must outlive the Database. Same errors.
  [[nodiscard]] static Result<Database> FromBytes(std::string_view bytes);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // The count stored for `hash`, or nullopt when absent; 0 when present in a compact database
  // (which keeps no counts). Precise mode: a hash not in the set matches by
  // accident with probability entries / 2^(fanout_bits + 48): below 10^-12 with the automatic
  // fan-out at every size up to 2^32 hashes.
  std::optional<uint64_t> Lookup(const PasswordHash& hash) const;
  Finding Check(const PasswordHash& hash) const;

  uint64_t entries() const;
  int fanout_bits() const;  // 0 in compact mode.
  DatabaseMode mode() const;

 private:
  struct View;
  explicit Database(std::unique_ptr<View> view);
  std::unique_ptr<View> view_;
};

}  // namespace kakunin::breach

#endif  // KAKUNIN_BREACH_H_
