// Delivery of kakunind's outboxes: mail to an SMTP relay and SMS to an HTTP webhook, both via
// libcurl, driven by a durable queue worker that scans the Maildir-style outboxes the service
// writes (DATA_DIR/outbox/new and DATA_DIR/sms-outbox/new).
//
// SMTP (RFC 5321): one message per session; MAIL FROM is DeliveryOptions::mail_from or the address
// of the message's From field, RCPT TO the single address in its To field ("To: <addr>", as
// kakunind writes it). The message is sent exactly as stored (libcurl adds only the RFC 5321
// 4.5.2 dot-stuffing, which the relay removes), so a DKIM signature stays valid. A 5xx reply is
// permanent, except the authentication/TLS replies of RFC 4954 (530, 534, 535, 538: our
// configuration, not the message); a 4xx reply, a refused connection or a timeout is temporary.
// SMS: POST {"to":..., "text":...} as JSON; 2xx is success, 408/429/5xx and transport errors are
// temporary, every other status permanent.
// Left out: several recipients per message, DSNs (RFC 3461), SMTPUTF8 (RFC 6531), MX lookup (a
// relay is always configured), parallel sends.
#ifndef KAKUNIN_DELIVERY_H_
#define KAKUNIN_DELIVERY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::delivery {

// How one attempt ended.
enum class Outcome { kSent, kTemporary, kPermanent };

struct SendResult {
  Outcome outcome = Outcome::kTemporary;
  long status = 0;     // Last SMTP reply code or HTTP status; 0 when none was received.
  std::string detail;  // For the audit log: never holds credentials or message content.
};

struct SmtpOptions {
  std::string url;                // smtp://host:port or smtps://host:port; the path is the EHLO name.
  bool starttls = false;          // Require STARTTLS on smtp:// (CURLUSESSL_ALL); smtps:// is always TLS.
  std::string username;           // AUTH only when non-empty.
  std::string password;           // Read from the environment by the caller, never from argv.
  std::string mail_from;          // Envelope sender; empty = the address of the From field.
  std::string ca_file;            // Extra CA bundle for the relay's certificate; empty = system store.
  long timeout_seconds = 60;      // Whole session.
};

// Sends one stored message. Thread-compatible (no shared state).
SendResult SendMail(const SmtpOptions& options, std::string_view message);

// The addr-spec of the first `name` field ("To", "From") of `message`: the text inside a final
// <...>, or the trimmed value. Empty when absent, longer than 256 bytes (RFC 5321 4.5.3.1.3), or
// holding CR, LF, NUL, spaces or several addresses. Folded fields are unfolded. Searches only the
// header block, at most 64 KiB.
std::string HeaderAddress(std::string_view message, std::string_view name);

struct WebhookOptions {
  std::string url;             // http:// or https://
  std::string bearer_token;    // Authorization: Bearer ...; empty = no header.
  long timeout_seconds = 30;
};

// POSTs {"to":to,"text":text}, with an Idempotency-Key header when `idempotency_key` is not
// empty (the worker passes the outbox file name, stable across retries). Thread-compatible.
SendResult SendSms(const WebhookOptions& options, std::string_view to, std::string_view text,
                   std::string_view idempotency_key = {});

struct RetryOptions {
  int64_t base_seconds = 60;        // First retry after this; doubles each time...
  int64_t max_seconds = 3600;       // ...up to this.
  int64_t give_up_seconds = int64_t{4} * 86400;  // RFC 5321 4.5.4.1: give up after 4-5 days -> failed/.
};

// Called for every final outcome: event is "mail_sent", "mail_failed", "sms_sent", "sms_failed".
using AuditFn = std::function<void(std::string_view event, const std::string& file, const SendResult& result)>;

struct WorkerOptions {
  std::string mail_outbox;   // Folder with new/; empty = no mail delivery.
  std::string sms_outbox;    // Folder with new/ holding {"to","body"} JSON; empty = no SMS delivery.
  SmtpOptions smtp;
  WebhookOptions webhook;
  RetryOptions retry;
  int64_t poll_milliseconds = 1000;
  AuditFn audit;             // May be empty.
  std::function<int64_t()> clock;  // Unix seconds; empty = the system clock.
};

struct PassStats {
  int sent = 0, deferred = 0, failed = 0, waiting = 0;  // waiting: backoff not over yet.
};

// The queue worker. Each file in <outbox>/new is sent; on success it is renamed to sent/, on a
// permanent failure (or after give_up_seconds) to failed/; on a temporary failure it stays in new/
// and <outbox>/retry/<name> records {"attempts","next","first"} (written atomically) so the
// backoff survives a restart. A file leaves new/ only after the relay accepted it.
// Thread-safety: RunOnce must not run concurrently with itself or with the thread from Start.
class Worker {
 public:
  // Creates sent/, failed/ and retry/ beside new/. Errors: kInvalidArgument, kIo.
  [[nodiscard]] static Result<std::unique_ptr<Worker>> Create(WorkerOptions options);
  ~Worker();  // Stops the thread.

  // One pass over both outboxes at time `now`.
  [[nodiscard]] Result<PassStats> RunOnce(int64_t now);
  // Runs RunOnce every poll_milliseconds on a thread until Stop (or destruction).
  void Start();
  void Stop();

 private:
  class Impl;
  explicit Worker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kakunin::delivery

#endif  // KAKUNIN_DELIVERY_H_
