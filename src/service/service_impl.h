// ServiceImpl: the flows of kakunin::service::Service over a store::Store. Internal.
// Thread-safety: all members are immutable after Create or thread-safe themselves (store,
// audit log, outbox); the delivery thread is the only one writing to the outboxes.
#ifndef KAKUNIN_SERVICE_SERVICE_IMPL_H_
#define KAKUNIN_SERVICE_SERVICE_IMPL_H_

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "kakunin/otp.h"
#include "kakunin/service.h"
#include "service/files.h"
#include "service/mail.h"
#include "service/metrics.h"
#include "service/passwords.h"
#include "service/sealer.h"
#include "service/stuffing.h"

namespace kakunin::service::internal {

// Most codes allow one open flow per subject: a new code replaces the last (sign-up allows a few).
constexpr int kOneFlowPerSubject = 1;

// One code to issue: where it goes and what the message says.
struct CodeIssue {
  store::Purpose purpose = store::Purpose::kVerifyEmail;
  std::string subject;     // "a:<id>" or "e:<address>".
  std::string budget_key;  // Usually "code:" + subject.
  std::string address;     // E-mail address or phone.
  std::string flow_id;
  std::string payload;
  int64_t account_id = 0;
  int max_flows = kOneFlowPerSubject;  // store::IssueRequest::max_flows.
  std::string channel = "mail";  // "mail" or "sms".
  std::string kind;              // Template kind.
  std::string language;
  Vars vars;
};

// A reply with an error id and no other body.
inline Reply ErrorReply(Outcome outcome, std::string error) {
  Reply r;
  r.outcome = outcome;
  r.error = std::move(error);
  r.body = {{"error", r.error}};
  return r;
}

class ServiceImpl : public Service {
 public:
  ServiceImpl(ServiceOptions options, std::shared_ptr<store::Store> store, Clock clock, std::string secret,
              PasswordHasher hasher, Templates templates, Outbox mail_outbox, Outbox sms_outbox,
              std::unique_ptr<breach::Database> breached);
  ~ServiceImpl() override;

  void StartDelivery();

  Reply Signup(const Client& c, std::string_view email, std::string_view password) override;
  Reply ResendVerification(const Client& c, std::string_view email, std::string_view flow_id) override;
  Reply VerifyEmail(const Client& c, std::string_view email, std::string_view flow_id,
                    std::string_view code) override;
  Reply Login(const Client& c, std::string_view email, std::string_view password) override;
  Reply LoginCode(const Client& c, std::string_view flow_id, std::string_view code) override;
  Reply ResendLoginCode(const Client& c, std::string_view flow_id) override;
  Reply RequestPasswordReset(const Client& c, std::string_view email) override;
  Reply ConfirmPasswordReset(const Client& c, std::string_view email, std::string_view code,
                             std::string_view new_password) override;
  std::optional<store::Session> Authenticate(std::string_view token) override;
  Reply Me(const store::Session& s) override;
  Reply RequestEmailChange(const Client& c, const store::Session& s, std::string_view new_email,
                           std::string_view password) override;
  Reply ConfirmEmailChange(const Client& c, const store::Session& s, std::string_view code) override;
  Reply SetTwoStep(const Client& c, const store::Session& s, std::string_view method, std::string_view phone,
                   std::string_view password) override;
  Reply ConfirmPhone(const Client& c, const store::Session& s, std::string_view code) override;
  Reply TotpEnroll(const Client& c, const store::Session& s, std::string_view password) override;
  Reply TotpConfirm(const Client& c, const store::Session& s, std::string_view code) override;
  Reply TotpRecoveryCodes(const Client& c, const store::Session& s, std::string_view password) override;
  Reply Logout(const Client& c, const store::Session& s) override;
  Reply ListSessions(const store::Session& s) override;
  Reply RevokeSession(const Client& c, const store::Session& s, std::string_view id) override;
  Reply Health() override;
  Metrics& metrics() override { return *metrics_; }
  Result<int> DeliverPending() override;

 private:
  // --- helpers (service_impl.cc) ---
  std::string Language(const Client& c, std::string_view account_language) const;
  Vars BaseVars() const;
  std::vector<store::WindowLimit> SendLimits(const Client& c, std::string_view address) const;
  store::FailureBudget CodeBudget(std::string key) const;
  std::vector<store::FailureBudget> LoginBudgets(const Client& c, std::string_view email) const;
  // Seals a message for the queue. nullopt (and an audit entry) if sealing failed.
  Result<store::QueuedMessage> SealMessage(std::string_view channel, std::string_view kind,
                                           std::string_view language, std::string_view to, const Vars& vars);
  // Issues a code (or, with `issue` == nullptr, only counts the send against the limits, the
  // same store work for an address without an account). `notice` is queued instead of a code mail.
  Reply IssueCode(const Client& c, std::string_view limit_address, const std::string& budget_key,
                  const CodeIssue* issue, const std::optional<store::QueuedMessage>& notice, Reply ok);
  // Verifies `code` against the (purpose, subject) code: that of `flow_id` when set, else the
  // subject's only one.
  Result<store::VerifyResult> CheckCode(store::Purpose purpose, const std::string& subject,
                                        std::string_view code, std::optional<std::string_view> flow_id);
  Reply CodeFailure(const Client& c, const store::VerifyResult& result, std::string_view subject);
  // For a step after an accepted code that failed (on several nodes: PostgreSQL unreachable):
  // puts the used code back as it was, so the same code finishes the flow once the store is
  // back, and answers Internal(error). `max_flows` as when the code was issued.
  Reply PutCodeBack(const store::Code& code, int max_flows, const Error& error);
  // Checks the account's password under the sign-in budgets. Empty reply.error = success.
  Reply CheckPassword(const Client& c, const store::Account& account, std::string_view password);
  Reply NewSession(const Client& c, int64_t account_id, nlohmann::json body);
  // --- sign-in (flows_login.cc) ---
  // A session at the end of a sign-in: NewSession, plus the new-sign-in alert when no current
  // session of the account shares the client's network and user agent.
  Reply SignInSession(const Client& c, int64_t account_id, nlohmann::json body);
  void AlertNewSignIn(const Client& c, const store::Account& account);
  // --- authenticator apps (flows_totp.cc) ---
  // Opens the sign-in flow of a TOTP account: no message, only a flow row to answer with a code.
  Reply StartTotpLogin(const Client& c, const store::Account& account);
  // /v1/login/code for a TOTP flow: a TOTP code or a recovery code.
  Reply TotpLoginCode(const Client& c, int64_t account_id, std::string_view flow_id, std::string_view code);
  // Checks `code` (TOTP or, at sign-in, recovery) in one store transaction.
  Result<store::TotpVerifyResult> CheckTotp(int64_t account_id, std::string_view flow_id, std::string_view code,
                                            std::vector<std::string> new_recovery_hashes);
  std::string RecoveryHash(int64_t account_id, std::string_view normalized) const;
  // kRecoveryCodes new codes: `shown` for the user once, `hashes` for the store.
  Result<void> NewRecoveryCodes(int64_t account_id, std::vector<std::string>& shown, std::vector<std::string>& hashes);
  void Queue(const Result<store::QueuedMessage>& message);
  void Audit(std::string_view event, const Client& c, nlohmann::json fields);
  std::string AddressTag(std::string_view address) const;
  Reply Internal(const Error& error);
  int64_t Now() const { return clock_(); }

  ServiceOptions options_;
  std::shared_ptr<Metrics> metrics_;  // Never null.
  StuffingDefence defence_;
  std::shared_ptr<store::Store> store_;
  Clock clock_;
  otp::CodeHasher code_hasher_;
  Sealer sealer_;
  Sealer totp_sealer_;  // TOTP secrets at rest; its own key, so a queue key can never open them.
  otp::TotpParams totp_params_;
  std::string tag_key_;  // For address tags in the audit log.
  PasswordHasher hasher_;
  std::unique_ptr<breach::Database> breached_;  // Null when no database is configured.
  Templates templates_;
  Outbox mail_outbox_;
  Outbox sms_outbox_;
  AuditLog audit_;

  std::mutex delivery_mu_;  // One delivery at a time.
  std::mutex wake_mu_;
  std::condition_variable wake_;
  std::atomic<bool> stop_{false};  // Also ends a long DeliverPending early (the queue is durable).
  std::thread delivery_thread_;
};

}  // namespace kakunin::service::internal

#endif  // KAKUNIN_SERVICE_SERVICE_IMPL_H_
