// Scan: inspect every message of a mailbox (mbox file, Maildir, folder of .eml files, IMAP
// mailbox) on all cores, with bounded memory, and sum the verdicts up.
//
//   auto source = scan::OpenPath("inbox.mbox", scan::SourceOptions{});
//   scan::ScanOptions options;            // options.inspect as for kakunin::Inspect
//   auto summary = scan::Scan(**source, options, [](const scan::Outcome& o) { ... }, nullptr);
//
// Sources read one message at a time (an mbox is split while it streams: RFC 4155's "From "
// separator lines, with mboxrd ">From " quoting undone by mime::Message::Parse); the scanner
// keeps at most ScanOptions::max_in_flight messages in memory at once, whatever the mailbox
// size. IMAP (RFC 9051, through libcurl) uses UID SEARCH ALL and UID FETCH BODY[], one message
// at a time over one connection, TLS verified unless the URL is imap://.
//
// libcurl fetches with BODY[], which sets \Seen, so the source clears \Seen again on messages
// that were unseen before: a scan leaves the flags as it found them.
//
// Left out: mboxcl2 Content-Length framing (a "From " line after an empty line in an unquoted
// body starts a new message, as in every mboxo/mboxrd reader); MH folders; IMAP mailboxes other
// than the one in the URL; IMAP STARTTLS (use imaps://).
#ifndef KAKUNIN_SCAN_H_
#define KAKUNIN_SCAN_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/inspect.h"
#include "kakunin/result.h"

namespace kakunin::scan {

// A mailbox can be huge; one message of it is read whole, up to this size (like inspect's
// --max-size). A larger message is reported as an error and skipped, not cut.
inline constexpr size_t kDefaultMaxMessageBytes = size_t{50} << 20;
// The summary lists at most this many messages (the counts still cover all of them).
inline constexpr size_t kMaxListed = 1000;

enum class SourceKind { kMbox, kMaildir, kEmlDirectory, kImap };
// "mbox", "maildir", "eml", "imap".
std::string_view SourceKindName(SourceKind kind);

// Where a message came from.
struct Location {
  SourceKind kind = SourceKind::kMbox;
  std::string path;    // The file (mbox, Maildir entry, .eml), or the IMAP URL without password.
  uint64_t index = 0;  // 1-based position in the source.
  uint64_t offset = 0;  // mbox: byte offset of the message's "From " line.
  uint64_t uid = 0;     // IMAP: the message's UID.
};

// "inbox.mbox #3 (byte 1234)", "Maildir/cur/1.eml", "imaps://u@host/INBOX UID 42".
std::string LocationText(const Location& location);
// A compact JSON object: {"kind":"mbox","path":"inbox.mbox","index":3,"offset":1234}
// ("offset" for mbox, "uid" for IMAP). docs/json.md describes it.
std::string LocationJson(const Location& location);

// One message as read from its source, or why it could not be read whole.
struct Item {
  Location location;
  std::string bytes;
  std::optional<Error> error;  // kLimitExceeded (too large) or kIo; `bytes` is then empty.
  uint64_t progress = 0;       // Source units done once this item is done (see Source::total).
};

// A stream of messages. Next() is called from one thread at a time; not thread-safe.
class Source {
 public:
  virtual ~Source() = default;
  // The next message, nullopt at the end. An Error means the source itself failed (a lost
  // connection, an unreadable mbox) and the scan stops there.
  [[nodiscard]] virtual Result<std::optional<Item>> Next() = 0;
  // What progress counts in: bytes for an mbox, messages otherwise; 0 when unknown.
  virtual uint64_t total() const = 0;
  virtual SourceKind kind() const = 0;
};

struct SourceOptions {
  size_t max_message_bytes = kDefaultMaxMessageBytes;
};

// Opens a local mailbox: a directory with cur/ or new/ is a Maildir (both read, each sorted by
// name; tmp/ is skipped as RFC-less Maildir practice says), any other directory is searched
// recursively for *.eml files (sorted by path), and a file is an mbox (a file without a leading
// "From " line is one message). Errors: kNotFound, kIo.
[[nodiscard]] Result<std::unique_ptr<Source>> OpenPath(const std::string& path, const SourceOptions& options);

struct ImapOptions {
  // imaps://user@host[:port]/MAILBOX (TLS, verified) or imap://... (no TLS). The password must
  // not be in the URL.
  std::string url;
  std::string password;
  std::string ca_file;  // Trust this CA bundle instead of the system's (a self-signed server).
  long timeout_ms = 30000;  // Connect and per-command inactivity timeout.
  size_t max_message_bytes = kDefaultMaxMessageBytes;
  // When set (e.g. from a SIGINT handler), a transfer in progress is abandoned.
  const std::atomic<bool>* stop = nullptr;
};

// Logs in, selects the mailbox and lists its UIDs (UID SEARCH ALL); messages are then fetched
// one at a time by Next(). Errors: kInvalidArgument (bad URL, password in the URL, no user or
// mailbox), kIo (connection, TLS verification, login or SELECT failure, with libcurl's text).
[[nodiscard]] Result<std::unique_ptr<Source>> OpenImap(const ImapOptions& options);

// What happened to one message, handed to the caller in source order.
struct Outcome {
  const Location* location = nullptr;
  const Report* report = nullptr;  // Set when the message was inspected.
  const Error* error = nullptr;    // Set when it was skipped (unreadable, too large, malformed).
};

struct ScanOptions {
  // The analysis, as for kakunin::Inspect. `inspect.aliases` must be null: the alias registry is
  // not thread-safe, so each worker opens `aliases_db` itself ("" = none).
  InspectOptions inspect;
  std::string aliases_db;
  unsigned threads = 0;       // 0 = one per core.
  size_t max_in_flight = 0;   // Messages read but not yet handed over; 0 = 4 per thread.
  std::vector<Verdict> list;  // Verdicts whose messages the summary lists (default: phishing).
  // Set from anywhere (a signal handler) to stop: no new message is read, messages being
  // inspected finish, the rest are dropped, and Scan returns the partial summary.
  const std::atomic<bool>* stop = nullptr;
};

// A listed message: where it is and why it got its verdict.
struct Listed {
  Location location;
  Verdict verdict = Verdict::kUnknown;
  std::optional<std::string> brand;
  std::string from;
  std::string subject;
  std::vector<Reason> reasons;
};

struct Summary {
  SourceKind kind = SourceKind::kMbox;
  uint64_t inspected = 0;
  uint64_t skipped = 0;  // Unreadable, too large or not a mail message.
  std::array<uint64_t, 4> by_verdict{};  // Indexed by static_cast<size_t>(Verdict).
  // Brand id ("" = no brand) -> count per verdict.
  std::map<std::string, std::array<uint64_t, 4>> by_brand;
  std::vector<Listed> listed;  // In source order, at most kMaxListed.
  uint64_t not_listed = 0;     // Messages that should have been listed past kMaxListed.
  bool interrupted = false;    // ScanOptions::stop was set before the source ended.
  std::optional<Error> source_error;  // The source failed; the summary covers what came before.
  double seconds = 0;
};

// Live counters for a progress display, written by Scan and readable from any thread.
struct Progress {
  std::atomic<uint64_t> messages{0};  // Messages handed over (inspected or skipped).
  std::atomic<uint64_t> units{0};     // Source units done (Source::total's unit).
};

using OnOutcome = std::function<void(const Outcome&)>;

// Reads `source` on the calling thread's helper thread, inspects on `threads` workers and calls
// `on_outcome` on the calling thread, once per message, in source order (so output is the same
// whatever the thread count). Errors: kIo when `aliases_db` cannot be opened; kInvalidArgument
// when `inspect.aliases` is set. Thread-safety: uses the resolver and brand registry of
// `options.inspect` from several threads (both are safe for that).
[[nodiscard]] Result<Summary> Scan(Source& source, const ScanOptions& options, const OnOutcome& on_outcome,
                                   Progress* progress);

// The summary for people: counts per verdict and brand, then the listed messages with their
// decisive reasons. `lang` is "en" or "ja".
std::string RenderSummaryText(const Summary& summary, std::string_view lang);

}  // namespace kakunin::scan

#endif  // KAKUNIN_SCAN_H_
