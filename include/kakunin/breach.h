// Is this password in a known breach? Have I Been Pwned's Pwned Passwords, two ways:
//
//  - Online, by k-anonymity: the password is hashed with SHA-1 here, and only the first 5 hex
//    digits of the hash are sent (GET <base>/range/ABCDE with "Add-Padding: true"). The server
//    answers every suffix under that prefix ("SUFFIX:COUNT" lines, padded with count-0 lines so
//    the response size does not give the answer away); the match is made locally.
//  - Offline, against a database file built from the HIBP downloader's "HASH:COUNT" text
//    (BuildDatabase); the format is documented in docs/breach.md and src/breach/db_format.h.
//
// And is this e-mail address in a known breach? HIBP API v3's breachedaccount call
// (GET <base>/breachedaccount/<address>?truncateResponse=false), which needs the user's API key
// (from $KAKUNIN_HIBP_API_KEY or $XDG_CONFIG_HOME/kakunin/hibp.conf, see LoadApiKey).
//
//   breach::PasswordHash hash = breach::PasswordHash::Of(password);   // then wipe `password`
//   auto client = breach::MakeHttpRangeClient({.base_url = "http://127.0.0.1:8080/range/"});
//   auto found = breach::CheckOnline(*client, hash);   // found->breached, found->count
//
// What leaves the machine: the 5-character prefix, the User-Agent and the padding header. The
// password, its full hash and the 35-character suffix never do, and nothing here logs them.
// The account call sends the whole address (HIBP has no k-anonymity mode for it) and the key.
// Left out: the NTLM range mode (?mode=ntlm); HIBP's pastes, domain search and stealer-log calls.
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

// --- Accounts: HIBP API v3 breachedaccount ---

inline constexpr std::string_view kDefaultAccountBaseUrl = "https://haveibeenpwned.com/api/v3/";
// Where a person checks an address by hand (no key needed there).
inline constexpr std::string_view kManualCheckUrl = "https://haveibeenpwned.com/";
// RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets.
inline constexpr size_t kMaxAddressBytes = 254;
// A full (untruncated) answer is about 1-2 KiB per breach; the most breached addresses are in a
// few hundred breaches. Past 8 MiB it is not HIBP's answer, and is cut off rather than buffered.
inline constexpr size_t kMaxAccountResponseBytes = 8u << 20;
// HIBP keys are 32 hex digits; anything longer than this, or with a space or control character
// (which could split the header line), is refused before it is sent.
inline constexpr size_t kMaxApiKeyBytes = 128;

// One breach as HIBP describes it (the "breach model" of API v3; fields kakunin does not show,
// such as Description and LogoPath, are skipped).
struct AccountBreach {
  std::string name;         // "Adobe": HIBP's stable identifier.
  std::string title;        // "Adobe": for people.
  std::string domain;       // "adobe.com"; empty when HIBP names none.
  std::string breach_date;  // "2013-10-04", as HIBP gives it.
  std::string added_date;   // "2013-12-04T00:00:00Z", when HIBP loaded it.
  uint64_t pwn_count = 0;   // Accounts in the breach.
  std::vector<std::string> data_classes;  // "Email addresses", "Passwords", ...
  bool is_verified = false;
  bool is_fabricated = false;
  bool is_sensitive = false;
  bool is_spam_list = false;
};

enum class AccountStatus {
  kBreached,    // In at least one breach (HTTP 200).
  kNotFound,    // In none (HTTP 404).
  kNotChecked,  // No API key: the caller should tell the user how to check by hand.
};
// "breached", "not_found", "not_checked", as in the JSON output.
std::string_view AccountStatusName(AccountStatus status);

struct AccountFinding {
  AccountStatus status = AccountStatus::kNotChecked;
  std::vector<AccountBreach> breaches;  // In HIBP's order; empty unless kBreached.
};

// Checks that `address` looks like an e-mail address worth sending: one '@' with a non-empty
// local part and domain, no space or control character, at most kMaxAddressBytes.
// Errors: kInvalidArgument saying which rule failed.
[[nodiscard]] Result<void> ValidateAccountAddress(std::string_view address);

// Parses a breachedaccount answer (truncateResponse=false): a JSON array of breach objects with
// at least a string "Name"; other fields are optional but typed. Errors: kParse (not JSON, not
// an array, an element without Name, a field of the wrong type), kLimitExceeded over
// kMaxAccountResponseBytes.
[[nodiscard]] Result<std::vector<AccountBreach>> ParseBreachedAccountResponse(std::string_view body);

// Fetches the breaches of one address. Implementations: HTTP (libcurl) below, and fakes in tests.
// Thread-safety: per implementation; the HTTP client may be used from one thread at a time.
class AccountClient {
 public:
  virtual ~AccountClient() = default;
  // The 200 answer's body, or nullopt for 404 (in no breach). Errors: kInvalidArgument (bad
  // address, no key), kIo (connection, timeout; HTTP 401/403 "API key rejected", 429 "rate
  // limited" with the Retry-After delay, any other status), kLimitExceeded.
  [[nodiscard]] virtual Result<std::optional<std::string>> FetchBreachedAccount(std::string_view address) = 0;
};

struct HttpAccountOptions {
  std::string base_url{kDefaultAccountBaseUrl};  // "breachedaccount/<address>" is appended.
  std::string api_key;              // Sent as "hibp-api-key"; never logged or put in errors.
  long timeout_ms = 10000;          // Whole request.
  long connect_timeout_ms = 5000;
  std::string user_agent{"kakunin/0.1 (+https://haveibeenpwned.com/API/v3)"};  // HIBP requires one.
};

// `flag` when non-empty, else $KAKUNIN_HIBP_API_URL when set, else kDefaultAccountBaseUrl.
std::string AccountBaseUrl(std::string_view flag);

// A libcurl client. The address is percent-encoded into the path; redirects are not followed.
std::unique_ptr<AccountClient> MakeHttpAccountClient(HttpAccountOptions options);

// Validates `address`, asks `client`, parses the answer. Never returns kNotChecked.
// Errors: those of ValidateAccountAddress, FetchBreachedAccount, ParseBreachedAccountResponse.
[[nodiscard]] Result<AccountFinding> CheckAccount(AccountClient& client, std::string_view address);

// The user's HIBP API key and where it came from.
struct ApiKey {
  std::string value;
  std::string source;  // "$KAKUNIN_HIBP_API_KEY" or the config file's path.
};

// The config file's default place: $XDG_CONFIG_HOME/kakunin/hibp.conf, else
// $HOME/.config/kakunin/hibp.conf (XDG Base Directory 0.8); nullopt when neither is set.
std::optional<std::string> DefaultApiKeyFilePath();

// Parses the config file: "key = value" lines, '#' comments and blank lines ignored; the only
// key is api_key. Returns nullopt when the file sets no key. Errors: kParse naming the line (no
// '=', an unknown key, a key value with a space or control character or over kMaxApiKeyBytes).
[[nodiscard]] Result<std::optional<std::string>> ParseApiKeyFile(std::string_view text);

// $KAKUNIN_HIBP_API_KEY when set and non-empty, else the api_key of `config_path` (default:
// DefaultApiKeyFilePath()) when that file exists, else nullopt. Errors: kInvalidArgument (a
// malformed key in the environment), those of ParseApiKeyFile (with the path), kIo.
[[nodiscard]] Result<std::optional<ApiKey>> LoadApiKey(const std::optional<std::string>& config_path = std::nullopt);

}  // namespace kakunin::breach

#endif  // KAKUNIN_BREACH_H_
