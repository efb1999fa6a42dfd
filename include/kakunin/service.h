// kakunind's flows, free of any transport: sign-up with e-mail verification, sign-in with an
// optional second step by e-mail or SMS code, password reset, change of e-mail address, sign-out
// and sessions. apps/kakunind maps them to HTTP; tests call them directly.
//
// Security properties the flows keep (docs/kakunind.md states the numbers):
//  - Enumeration safety: sign-up, sign-in, reset and resend give the same outcome, body and work
//    (one Argon2id computation, one store transaction) whether or not the address has an account.
//  - Codes: uniform, single use, bound to purpose, flow and address, stored as keyed hashes,
//    at most CodeOptions::max_attempts wrong tries each and CodeOptions::account_budget wrong tries
//    per account per window across every flow and code, enforced inside the store.
//  - Resend limits per address and per client IP; sign-in failure budgets per account and per IP.
//  - Passwords: Argon2id (libsodium), length rules, a zxcvbn strength floor and the SP 800-63B
//    checks of password/ (no composition rules), and the breached-password check of breach/ when
//    a database is configured. Session tokens: 256-bit random, stored as SHA-256.
//  - Mail and SMS are queued in the same store transaction as the code (sealed with a server key)
//    and written to a Maildir outbox by a delivery thread: an accepted request never loses its mail.
//  - The audit log (JSON Lines) records security events without codes, passwords or tokens.
//
//  - Authenticator apps (TOTP, RFC 6238): secrets sealed at rest, one step of drift, each time
//    step accepted once, wrong codes charged to the same account budget, recovery codes hashed.
//  - Credential stuffing (StuffingOptions): failure budgets per client network (/24, /48) and
//    service-wide; while the service-wide one is spent, or when a correct password is in the
//    breached-password database, sign-in needs an e-mail code (step-up); clients with recent
//    failures are answered after a bounded delay. Sign-ins from a new network or browser mail
//    the account an alert (AlertOptions). Counters for Prometheus live in Metrics.
//
// Left out (issue 10): HTML pages.
#ifndef KAKUNIN_SERVICE_H_
#define KAKUNIN_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kakunin/result.h"
#include "kakunin/store.h"

namespace kakunin::service {

struct CodeOptions {
  int digits = 6;               // 6 to 10 (otp::kMinDigits..kMaxDigits).
  int64_t ttl_seconds = 600;    // A code is valid 10 minutes.
  int max_attempts = 5;         // Wrong tries per code.
  int account_budget = 20;      // Wrong tries per account per window, all flows and codes together.
  int64_t budget_window_seconds = 86400;
  // Once the budget is spent the subject is locked for lock_base, doubling with each lock in a
  // row: with lock_base = the window, 20 guesses on day 0, 20 on day 1, then 2, 4, 8... days locked.
  int64_t lock_base_seconds = 86400;
  int64_t lock_max_seconds = int64_t{30} * 86400;
};

struct ResendOptions {
  int64_t address_min_interval_seconds = 60;  // At most one message per address per minute...
  int address_per_hour = 5;                   // ...and five per hour.
  int ip_per_hour = 30;                       // Messages caused by one client IP per hour.
};

struct LoginOptions {
  int account_failures = 10;  // Wrong passwords per account per window.
  int64_t account_window_seconds = 3600;
  int ip_failures = 100;  // Wrong passwords from one client IP per window.
  int64_t ip_window_seconds = 3600;
  int64_t lock_base_seconds = 900;
  int64_t lock_max_seconds = 86400;
  bool require_two_step = false;  // Every account gets an e-mail code at sign-in.
};

// Credential stuffing: many accounts failing from one network, a failure spike across the
// service, breached passwords. Every budget lives in the store (shared by every node); a value
// <= 0 switches that budget off.
struct StuffingOptions {
  int network_failures = 300;  // Wrong passwords per client network per window, all accounts.
  int64_t network_window_seconds = 3600;
  int ipv4_prefix = 24;        // The network of a client: its /24 (IPv4) or /48 (IPv6).
  int ipv6_prefix = 48;
  // Service-wide: once spike_failures wrong passwords fall in spike_window_seconds, every
  // sign-in with a correct password also needs an e-mail code, for at least spike_hold_seconds.
  int spike_failures = 1000;
  int64_t spike_window_seconds = 600;
  int64_t spike_hold_seconds = 900;
  // Slower answers: a client whose IP has slow_ip_failures (or whose network slow_network_failures)
  // wrong passwords in slow_window_seconds waits slow_delay_ms before its password is checked.
  int slow_ip_failures = 5;
  int slow_network_failures = 20;
  int64_t slow_window_seconds = 900;
  int64_t slow_delay_ms = 1000;  // At most kMaxSlowDelayMs.
  bool breached_step_up = true;  // A correct but breached password needs an e-mail code too.
};
// The delay holds a server thread; beyond a few seconds it helps attackers more (thread
// exhaustion) than it slows them.
inline constexpr int64_t kMaxSlowDelayMs = 5000;

// Mail to the account owner about sign-ins.
struct AlertOptions {
  // Mail when a sign-in succeeds from a client no current session of the account shares both
  // network (StuffingOptions prefixes) and user agent with.
  bool new_sign_in = true;
  int per_hour = 10;  // Such mails per account per hour (an attacker with the password cannot flood).
};

class Metrics;  // service/metrics.h: counters for GET /metrics.

struct PasswordOptions {
  size_t min_length = 8;    // NIST SP 800-63B 5.1.1.2: at least 8 characters.
  size_t max_length = 128;  // NIST: allow at least 64. Caps the Argon2id input.
  double min_entropy_bits = 28;  // zxcvbn's estimate; also zxcvbn score >= 3 (password::Assess).
  std::string breach_database;   // A kakunin breach database (breach::BuildDatabase); "" = none.
  unsigned long long argon2_opslimit = 2;          // OWASP: t=2...
  size_t argon2_memlimit = size_t{19} * 1024 * 1024;      // ...m=19 MiB, p=1.
};

// Authenticator apps (RFC 6238). Every app supports the defaults; SHA-256/512 and 8 digits are
// honoured by some apps and silently ignored by others (which then show wrong codes).
struct TotpOptions {
  std::string issuer;        // Shown in the app; "" = mail.service_name.
  std::string algorithm = "SHA1";  // "SHA1", "SHA256" or "SHA512".
  int digits = 6;            // 6 to 8.
  int64_t period = 30;       // Seconds per step.
};

struct MailOptions {
  std::string service_name = "kakunin";
  std::string from_address = "no-reply@localhost";
  std::string base_url = "http://127.0.0.1:8080";  // The only site mails link to.
  std::string default_language = "ja";              // "ja" or "en".
};

// Signs outgoing mails (DKIM). Called from the delivery thread only.
class MailSigner {
 public:
  virtual ~MailSigner() = default;
  // Returns the header field(s) to put on top of `mail` (CRLF line ends).
  [[nodiscard]] virtual Result<std::string> Sign(std::string_view mail) = 0;
};

struct ServiceOptions {
  std::string data_dir;       // secret.key, outbox/, sms-outbox/, audit.jsonl (and the database).
  std::string templates_dir;  // <lang>/<kind>.txt and .html, sms/<lang>/<kind>.txt.
  CodeOptions codes;
  ResendOptions resend;
  LoginOptions login;
  PasswordOptions passwords;
  MailOptions mail;
  TotpOptions totp;
  StuffingOptions stuffing;
  AlertOptions alerts;
  int64_t session_ttl_seconds = int64_t{14} * 86400;
  std::shared_ptr<MailSigner> signer;  // Optional DKIM signer for outgoing mail.
  bool start_delivery_thread = true;  // Tests may drain the queue themselves (DeliverPending).
  std::shared_ptr<Metrics> metrics;    // Counters to update; null = the service makes its own.
  // How the slow-answer delay waits (tests may record instead); null = sleep this thread.
  std::function<void(int64_t milliseconds)> sleep;
};

// Who is asking: filled in by the transport.
struct Client {
  std::string ip;          // After trusted-proxy processing (ClientIp).
  std::string user_agent;  // Truncated by the transport.
  std::string language;    // "ja", "en" or "" (use the account's or the default).
};

enum class Outcome {
  kOk,            // 200
  kAccepted,      // 202: "if the address can receive mail, a message is on its way".
  kInvalid,       // 400: bad input or a wrong/expired code.
  kUnauthorized,  // 401: wrong credentials or no session.
  kNotFound,      // 404
  kRateLimited,   // 429 with retry_after.
  kInternal,      // 500
};

struct Reply {
  Outcome outcome = Outcome::kOk;
  std::string error;  // Stable id ("invalid_code", "rate_limited", ...); empty on success.
  nlohmann::json body = nlohmann::json::object();
  int64_t retry_after = 0;
  std::string session_token;  // Set when a session was created; goes into a cookie.
  bool clear_session = false;  // The transport should clear the cookie.
};

using Clock = std::function<int64_t()>;

// The flows. Thread-safe: every method may be called from several threads at once.
class Service {
 public:
  // Opens the data directory: creates secret.key (0600) on first start, the outbox folders and
  // the audit log. `store` may be shared with other Service objects (even in other processes).
  // Errors: kIo (data directory), kInvalidArgument (options out of range, missing templates).
  [[nodiscard]] static Result<std::unique_ptr<Service>> Create(ServiceOptions options,
                                                               std::shared_ptr<store::Store> store,
                                                               Clock clock = nullptr);
  virtual ~Service() = default;

  // Each sign-up is its own flow: 202 with a `flow_id` (a random one, never stored, when the
  // address already has an account, so both answers look alike). The mailed code works only
  // with that flow id, and verifying it activates only that request's password: a later sign-up
  // for the same pending address never replaces an earlier requester's password or code.
  virtual Reply Signup(const Client& c, std::string_view email, std::string_view password) = 0;
  // A new code for the same flow (the flow's old code stops working; its password stays).
  virtual Reply ResendVerification(const Client& c, std::string_view email, std::string_view flow_id) = 0;
  virtual Reply VerifyEmail(const Client& c, std::string_view email, std::string_view flow_id,
                            std::string_view code) = 0;
  virtual Reply Login(const Client& c, std::string_view email, std::string_view password) = 0;
  virtual Reply LoginCode(const Client& c, std::string_view flow_id, std::string_view code) = 0;
  virtual Reply ResendLoginCode(const Client& c, std::string_view flow_id) = 0;
  virtual Reply RequestPasswordReset(const Client& c, std::string_view email) = 0;
  virtual Reply ConfirmPasswordReset(const Client& c, std::string_view email, std::string_view code,
                                     std::string_view new_password) = 0;

  // The session for a bearer token, if it is valid.
  virtual std::optional<store::Session> Authenticate(std::string_view token) = 0;
  virtual Reply Me(const store::Session& s) = 0;
  virtual Reply RequestEmailChange(const Client& c, const store::Session& s, std::string_view new_email,
                                   std::string_view password) = 0;
  virtual Reply ConfirmEmailChange(const Client& c, const store::Session& s, std::string_view code) = 0;
  // method: "off", "email" or "sms" (then `phone` in E.164). Needs the current password. "sms"
  // only sends a code to the phone (202); ConfirmPhone with that code turns it on.
  virtual Reply SetTwoStep(const Client& c, const store::Session& s, std::string_view method,
                           std::string_view phone, std::string_view password) = 0;
  virtual Reply ConfirmPhone(const Client& c, const store::Session& s, std::string_view code) = 0;
  // Authenticator app: a new secret (needs the current password) as base32, otpauth:// URI and QR
  // code (SVG, PNG, UTF-8 text). Nothing changes at sign-in until TotpConfirm accepts a code
  // from the app; then sign-in asks for a TOTP code (channel "totp" at /v1/login/code) and the
  // 10 single-use recovery codes, shown only in that answer, work in its place.
  virtual Reply TotpEnroll(const Client& c, const store::Session& s, std::string_view password) = 0;
  virtual Reply TotpConfirm(const Client& c, const store::Session& s, std::string_view code) = 0;
  // 10 new recovery codes in place of the old ones (needs the current password).
  virtual Reply TotpRecoveryCodes(const Client& c, const store::Session& s, std::string_view password) = 0;
  virtual Reply Logout(const Client& c, const store::Session& s) = 0;
  virtual Reply ListSessions(const store::Session& s) = 0;
  virtual Reply RevokeSession(const Client& c, const store::Session& s, std::string_view id) = 0;
  // Checks that the store answers (the message queue and the accounts).
  virtual Reply Health() = 0;
  // The counters this service updates (the same object as ServiceOptions::metrics when set).
  virtual Metrics& metrics() = 0;

  // Writes every queued message to the outbox now. Returns how many were written.
  [[nodiscard]] virtual Result<int> DeliverPending() = 0;
};

// The client address: `peer` unless `peer` is in `trusted_proxies` (CIDRs such as "10.0.0.0/8",
// "::1/128"), in which case the right-most X-Forwarded-For entry that is not a trusted proxy.
// Unparseable entries stop the walk (the last trusted hop's view is used).
std::string ClientIp(std::string_view peer, std::string_view forwarded_for,
                     const std::vector<std::string>& trusted_proxies);
// Whether every entry of `cidrs` parses. Errors: kInvalidArgument naming the bad entry.
[[nodiscard]] Result<void> CheckCidrs(const std::vector<std::string>& cidrs);

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_H_
