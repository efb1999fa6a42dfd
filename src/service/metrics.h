// Counters for kakunind's GET /metrics, rendered in the Prometheus text exposition format
// (version 0.0.4: "# HELP", "# TYPE", then `name{label="value"} number` lines).
//
// Thread-safety: every counter is a lock-free std::atomic updated with relaxed ordering (each is
// independent; a scrape may see one request's counters half-updated, never a torn value).
// Counters never hold addresses, codes or tokens: labels come from fixed vocabularies.
#ifndef KAKUNIN_SERVICE_METRICS_H_
#define KAKUNIN_SERVICE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "kakunin/store.h"

namespace kakunin::service {

enum class CodeEvent { kIssued, kVerified, kFailed };
// How a sign-in (POST /v1/login and the code step after it) ended.
enum class SignInEvent {
  kSignedIn,      // A session was created (directly or after the code step).
  kFailed,        // Wrong password, known address or not.
  kLocked,        // Refused by a failure budget (account, IP, network): a temporary block.
  kCodeRequired,  // The account's own 2-step setting asked for a code.
  kStepUp,        // The stuffing defence asked for an e-mail code (spike or breached password).
};
enum class StuffingEvent { kDelay, kStepUpSpike, kStepUpBreached, kBlock };
enum class LockKind { kCode, kLogin };

// Values read at scrape time rather than counted.
struct Gauges {
  bool store_up = false;
  int64_t queued_messages = -1;  // The store's message queue; -1 when unknown.
  int64_t mail_outbox = -1;      // Files waiting in outbox/new; -1 when unknown.
  int64_t sms_outbox = -1;
};

class Metrics {
 public:
  // "totp" counts authenticator-app codes beside the store purposes.
  void Code(std::string_view purpose, CodeEvent event);
  void Lock(LockKind kind) { Add(locks_[static_cast<int>(kind)]); }
  void RateLimited() { Add(rate_limited_); }
  void SignIn(SignInEvent event) { Add(sign_ins_[static_cast<int>(event)]); }
  void Stuffing(StuffingEvent event) { Add(stuffing_[static_cast<int>(event)]); }
  void Alert() { Add(alerts_); }
  void OutboxWritten() { Add(outbox_written_); }
  // Delivery (with [delivery]): channel "mail" or "sms"; sent or failed for good.
  void Delivery(bool sms, bool sent) { Add(delivery_[sms ? 1 : 0][sent ? 0 : 1]); }
  void DeliveryError() { Add(delivery_errors_); }
  void HttpRequest(int status);

  // The exposition text. Every family is always present (zeros included), so dashboards and
  // alert rules never see a series appear out of nowhere.
  std::string Render(const Gauges& gauges) const;

 private:
  static constexpr int kPurposes = 6;  // store::Purpose values + "totp".
  static void Add(std::atomic<uint64_t>& counter) { counter.fetch_add(1, std::memory_order_relaxed); }

  std::array<std::array<std::atomic<uint64_t>, 3>, kPurposes> codes_{};
  std::array<std::atomic<uint64_t>, 2> locks_{};
  std::atomic<uint64_t> rate_limited_{0};
  std::array<std::atomic<uint64_t>, 5> sign_ins_{};
  std::array<std::atomic<uint64_t>, 4> stuffing_{};
  std::atomic<uint64_t> alerts_{0};
  std::atomic<uint64_t> outbox_written_{0};
  std::array<std::array<std::atomic<uint64_t>, 2>, 2> delivery_{};
  std::atomic<uint64_t> delivery_errors_{0};
  std::array<std::atomic<uint64_t>, 600> http_{};  // By status code 0-599; others count as 0.
};

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_METRICS_H_
