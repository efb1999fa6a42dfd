#include "service/metrics.h"

#include <fmt/format.h>

namespace kakunin::service {
namespace {

constexpr std::array<std::string_view, 6> kPurposeNames = {"verify_email", "login",        "reset",
                                                           "change_email", "verify_phone", "totp"};

uint64_t Get(const std::atomic<uint64_t>& counter) { return counter.load(std::memory_order_relaxed); }

void Family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

void Metrics::Code(std::string_view purpose, CodeEvent event) {
  for (size_t i = 0; i < kPurposeNames.size(); ++i) {
    if (kPurposeNames[i] == purpose) return Add(codes_[i][static_cast<int>(event)]);
  }
}

void Metrics::HttpRequest(int status) { Add(http_[status >= 0 && status < 600 ? status : 0]); }

std::string Metrics::Render(const Gauges& g) const {
  std::string out;
  Family(out, "kakunind_codes_total", "counter", "One-time codes issued, verified and failed, by purpose.");
  static constexpr std::array<std::string_view, 3> kCodeEvents = {"issued", "verified", "failed"};
  for (size_t p = 0; p < kPurposeNames.size(); ++p) {
    for (size_t e = 0; e < kCodeEvents.size(); ++e) {
      out += fmt::format("kakunind_codes_total{{purpose=\"{}\",result=\"{}\"}} {}\n", kPurposeNames[p], kCodeEvents[e],
                         Get(codes_[p][e]));
    }
  }
  Family(out, "kakunind_locks_total", "counter", "Requests refused because a failure budget is spent.");
  out += fmt::format("kakunind_locks_total{{kind=\"code\"}} {}\n", Get(locks_[0]));
  out += fmt::format("kakunind_locks_total{{kind=\"login\"}} {}\n", Get(locks_[1]));
  Family(out, "kakunind_rate_limited_total", "counter", "Messages refused by the per-address or per-IP send limits.");
  out += fmt::format("kakunind_rate_limited_total {}\n", Get(rate_limited_));
  Family(out, "kakunind_sign_ins_total", "counter", "Sign-in outcomes.");
  static constexpr std::array<std::string_view, 5> kSignIns = {"signed_in", "failed", "locked", "code_required",
                                                               "step_up"};
  for (size_t i = 0; i < kSignIns.size(); ++i) {
    out += fmt::format("kakunind_sign_ins_total{{result=\"{}\"}} {}\n", kSignIns[i], Get(sign_ins_[i]));
  }
  Family(out, "kakunind_stuffing_responses_total", "counter", "Credential-stuffing defence responses.");
  static constexpr std::array<std::string_view, 4> kStuffing = {"delay", "step_up_spike", "step_up_breached",
                                                                "block"};
  for (size_t i = 0; i < kStuffing.size(); ++i) {
    out += fmt::format("kakunind_stuffing_responses_total{{response=\"{}\"}} {}\n", kStuffing[i], Get(stuffing_[i]));
  }
  Family(out, "kakunind_new_sign_in_alerts_total", "counter", "New-sign-in alert mails queued.");
  out += fmt::format("kakunind_new_sign_in_alerts_total {}\n", Get(alerts_));
  Family(out, "kakunind_outbox_written_total", "counter", "Messages written from the store queue to an outbox.");
  out += fmt::format("kakunind_outbox_written_total {}\n", Get(outbox_written_));
  Family(out, "kakunind_delivery_total", "counter", "Final delivery outcomes (with [delivery]).");
  for (int ch = 0; ch < 2; ++ch) {
    for (int r = 0; r < 2; ++r) {
      out += fmt::format("kakunind_delivery_total{{channel=\"{}\",result=\"{}\"}} {}\n", ch ? "sms" : "mail",
                         r ? "failed" : "sent", Get(delivery_[ch][r]));
    }
  }
  Family(out, "kakunind_delivery_errors_total", "counter", "Outbox folders that could not be read or written.");
  out += fmt::format("kakunind_delivery_errors_total {}\n", Get(delivery_errors_));
  Family(out, "kakunind_http_requests_total", "counter", "HTTP requests answered, by status code.");
  bool any = false;
  for (size_t s = 0; s < http_.size(); ++s) {
    if (const uint64_t n = Get(http_[s]); n > 0) {
      out += fmt::format("kakunind_http_requests_total{{code=\"{}\"}} {}\n", s, n);
      any = true;
    }
  }
  if (!any) out += "kakunind_http_requests_total{code=\"200\"} 0\n";
  Family(out, "kakunind_store_up", "gauge", "1 if the store answered this scrape, else 0.");
  out += fmt::format("kakunind_store_up {}\n", g.store_up ? 1 : 0);
  const std::array<std::pair<std::string_view, int64_t>, 3> queues = {
      {{"store", g.queued_messages}, {"mail_outbox", g.mail_outbox}, {"sms_outbox", g.sms_outbox}}};
  Family(out, "kakunind_queue_messages", "gauge",
         "Messages waiting: in the store queue, and in the outboxes' new/ folders for the delivery thread.");
  for (const auto& [queue, n] : queues) {
    if (n >= 0) out += fmt::format("kakunind_queue_messages{{queue=\"{}\"}} {}\n", queue, n);
  }
  return out;
}

}  // namespace kakunin::service
