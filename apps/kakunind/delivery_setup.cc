#include "delivery_setup.h"

#include <cstdlib>

#include "base/time.h"
#include "service/files.h"
#include "service/metrics.h"

namespace kakunin::kakunind {

Result<std::unique_ptr<delivery::Worker>> StartDelivery(const DeliveryConfig& c, const std::string& data_dir,
                                                        service::Metrics* metrics) {
  if (!c.enabled()) return std::unique_ptr<delivery::Worker>();
  delivery::WorkerOptions o;
  if (!c.smtp_url.empty()) {
    o.mail_outbox = data_dir + "/outbox";
    o.smtp.url = c.smtp_url;
    o.smtp.starttls = c.starttls;
    o.smtp.username = c.username;
    o.smtp.mail_from = c.mail_from;
    o.smtp.ca_file = c.ca_file;
    o.smtp.timeout_seconds = static_cast<long>(c.timeout_seconds);
    if (!c.username.empty()) {
      const char* password = std::getenv(c.password_env.c_str());
      if (password == nullptr) {
        return Fail(ErrorCode::kInvalidArgument, "delivery.username is set but $" + c.password_env + " is not");
      }
      o.smtp.password = password;
    }
  }
  if (!c.sms_webhook_url.empty()) {
    o.sms_outbox = data_dir + "/sms-outbox";
    o.webhook.url = c.sms_webhook_url;
    o.webhook.timeout_seconds = static_cast<long>(c.timeout_seconds);
    if (const char* token = std::getenv(c.sms_token_env.c_str()); token != nullptr) o.webhook.bearer_token = token;
  }
  o.retry.base_seconds = c.retry_base_seconds;
  o.retry.max_seconds = c.retry_max_seconds;
  o.retry.give_up_seconds = c.give_up_seconds;
  o.poll_milliseconds = c.poll_milliseconds;
  // The service's own audit file; each line is one O_APPEND write, so the two writers never interleave.
  auto audit = std::make_shared<service::AuditLog>(data_dir + "/audit.jsonl");
  o.audit = [audit, metrics](std::string_view event, const std::string& file, const delivery::SendResult& r) {
    if (metrics != nullptr) {
      if (event == "delivery_error") {
        metrics->DeliveryError();
      } else {
        metrics->Delivery(event.starts_with("sms"), event.ends_with("_sent"));
      }
    }
    nlohmann::json fields = {{"file", file}, {"status", r.status}};
    if (!r.detail.empty()) fields["reason"] = r.detail;
    (void)audit->Write(base::UnixNow(), event, std::move(fields));
  };
  auto worker = delivery::Worker::Create(std::move(o));
  if (!worker) return tl::unexpected(worker.error());
  (*worker)->Start();
  return std::move(*worker);
}

}  // namespace kakunin::kakunind
