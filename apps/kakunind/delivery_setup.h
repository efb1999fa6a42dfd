// kakunind's [delivery] section: turns the config into a delivery::Worker over the service's
// outboxes (DATA_DIR/outbox, DATA_DIR/sms-outbox), with secrets read from the environment and
// final outcomes written to DATA_DIR/audit.jsonl.
#ifndef KAKUNIN_APPS_KAKUNIND_DELIVERY_SETUP_H_
#define KAKUNIN_APPS_KAKUNIND_DELIVERY_SETUP_H_

#include <memory>
#include <string>

#include "kakunin/delivery.h"
#include "kakunin/result.h"
#include "kakunin/service.h"

namespace kakunin::kakunind {

struct DeliveryConfig {
  std::string smtp_url;  // Empty: mail stays in the outbox for another program.
  bool starttls = true;  // On smtp://: refuse to send unless STARTTLS succeeds.
  std::string username;
  std::string password_env = "KAKUNIND_SMTP_PASSWORD";
  std::string mail_from;  // Envelope sender; empty = mail.from_address (the From field).
  std::string ca_file;
  int64_t timeout_seconds = 60;
  int64_t retry_base_seconds = 60;
  int64_t retry_max_seconds = 3600;
  int64_t give_up_seconds = int64_t{4} * 86400;
  int64_t poll_milliseconds = 1000;
  std::string sms_webhook_url;  // Empty: SMS stays in the SMS outbox.
  std::string sms_token_env = "KAKUNIND_SMS_TOKEN";
  bool enabled() const { return !smtp_url.empty() || !sms_webhook_url.empty(); }
};

// The worker, started; null when neither smtp_url nor sms_webhook_url is set. Final outcomes
// are counted in `metrics` when given (it must outlive the worker). Errors: kInvalidArgument
// (username set but the password variable unset), kIo.
[[nodiscard]] Result<std::unique_ptr<delivery::Worker>> StartDelivery(const DeliveryConfig& config,
                                                                       const std::string& data_dir,
                                                                       service::Metrics* metrics = nullptr);

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_APPS_KAKUNIND_DELIVERY_SETUP_H_
