// Flows for people without a session: sign-up, address verification, password reset. Each
// answers alike for addresses with and without an account (same outcome, body and store work;
// one Argon2id computation where a password is involved).
#include <sodium.h>

#include "service/address.h"
#include "service/service_impl.h"

namespace kakunin::service::internal {
namespace {

Reply BadRequest(std::string error) {
  Reply r;
  r.outcome = Outcome::kInvalid;
  r.error = std::move(error);
  r.body = {{"error", r.error}};
  return r;
}

Reply AcceptedReply() {
  Reply r;
  r.outcome = Outcome::kAccepted;
  r.body = {{"status", "accepted"},
            {"message", "If the address can receive mail, a message is on its way."}};
  return r;
}

std::string LocalPart(const std::string& email) { return email.substr(0, email.find('@')); }

// 128 bits: a sign-up flow id is what lets a code activate a password, so it must not be guessable.
constexpr size_t kSignupFlowBytes = 16;

// Pending sign-up flows one address may hold. With the default resend limits (5 messages per
// address per hour, codes valid 10 minutes) no live flow is ever evicted: at most 5 sign-ups fit
// in one code's lifetime. Raising resend.address_per_hour above this lets the 6th sign-up within
// 10 minutes evict the flow that expires first (its requester signs up again). Either way one
// address holds at most this many rows, whatever the request rate.
constexpr int kMaxPendingSignups = 5;

}  // namespace

Reply ServiceImpl::Signup(const Client& c, std::string_view email_in, std::string_view password) {
  auto email = NormalizeEmail(email_in);
  if (!email) return BadRequest("invalid_email");
  std::string weak = CheckStrength(password, {LocalPart(*email), *email, options_.mail.service_name},
                                   options_.passwords, breached_.get());
  if (!weak.empty()) return BadRequest(weak);
  // Hashed in both branches, so both take the Argon2id time.
  auto hash = hasher_.Hash(password);
  if (!hash) return Internal(hash.error());
  // A flow id in both branches, so both answers look alike; for an existing account it is never
  // stored and no code ever works with it.
  auto flow = otp::RandomToken(kSignupFlowBytes);
  if (!flow) return Internal(flow.error());
  auto account = store_->FindAccountByEmail(*email);
  if (!account) return Internal(account.error());
  const std::string subject = "e:" + *email;
  const std::string language = Language(c, account->has_value() ? (*account)->language : "");
  Reply accepted = AcceptedReply();
  accepted.body["flow_id"] = *flow;
  Reply reply;
  if (account->has_value()) {
    Audit("signup_existing", c, {{"account_id", (*account)->id}});
    auto notice = SealMessage("mail", "signup_exists", language, *email, BaseVars());
    if (!notice) return Internal(notice.error());
    reply = IssueCode(c, *email, "code:" + subject, nullptr, *notice, accepted);
  } else {
    // Its own flow, code and password: other pending sign-ups for this address are left as they
    // are (up to kMaxPendingSignups; see there).
    CodeIssue issue;
    issue.purpose = store::Purpose::kVerifyEmail;
    issue.subject = subject;
    issue.address = *email;
    issue.flow_id = *flow;
    issue.max_flows = kMaxPendingSignups;
    issue.payload = nlohmann::json{{"password_hash", *hash}, {"lang", language}}.dump();
    issue.kind = "verify_email";
    issue.language = language;
    issue.vars = BaseVars();
    Audit("signup_requested", c, {{"address_tag", AddressTag(*email)}});
    reply = IssueCode(c, *email, "code:" + subject, &issue, std::nullopt, accepted);
  }
  sodium_memzero(hash->data(), hash->size());
  return reply;
}

Reply ServiceImpl::ResendVerification(const Client& c, std::string_view email_in, std::string_view flow_id) {
  auto email = NormalizeEmail(email_in);
  if (!email) return BadRequest("invalid_email");
  const std::string subject = "e:" + *email;
  // An empty flow id would select the newest flow of anyone: it names none.
  const std::string_view flow = flow_id.empty() ? std::string_view("-") : flow_id.substr(0, 64);
  auto pending = store_->FindCode(store::Purpose::kVerifyEmail, subject, flow);
  if (!pending) return Internal(pending.error());
  if (!pending->has_value()) return IssueCode(c, *email, "code:" + subject, nullptr, std::nullopt, AcceptedReply());
  // A new code for the same flow and the same pending password: the flow's old code stops
  // working; other flows keep theirs.
  const auto& old = **pending;
  CodeIssue issue;
  issue.purpose = store::Purpose::kVerifyEmail;
  issue.subject = subject;
  issue.address = *email;
  issue.flow_id = old.flow_id;
  issue.max_flows = kMaxPendingSignups;
  issue.payload = old.payload;
  issue.kind = "verify_email";
  issue.language = Language(c, nlohmann::json::parse(old.payload, nullptr, false).value("lang", ""));
  issue.vars = BaseVars();
  return IssueCode(c, *email, "code:" + subject, &issue, std::nullopt, AcceptedReply());
}

Reply ServiceImpl::VerifyEmail(const Client& c, std::string_view email_in, std::string_view flow_id,
                               std::string_view code) {
  auto email = NormalizeEmail(email_in);
  if (!email) return BadRequest("invalid_email");
  const std::string subject = "e:" + *email;
  // Only the code of this flow is compared, and every wrong try, whatever the flow, is charged
  // to the one budget of the address ("code:e:<address>").
  auto result = CheckCode(store::Purpose::kVerifyEmail, subject, code, flow_id);
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) return CodeFailure(c, *result, subject);
  nlohmann::json payload = nlohmann::json::parse(result->code->payload, nullptr, false);
  store::Account account;
  account.email = *email;
  account.password_hash = payload.value("password_hash", "");
  account.language = payload.value("lang", options_.mail.default_language);
  account.created_at = Now();
  auto id = store_->CreateAccount(account);
  if (!id) return PutCodeBack(*result->code, kMaxPendingSignups, id.error());
  if (!id->has_value()) return BadRequest("invalid_code");  // Another flow verified this address first.
  Audit("account_created", c, {{"account_id", **id}});
  return NewSession(c, **id, {{"status", "verified"}});
}

Reply ServiceImpl::RequestPasswordReset(const Client& c, std::string_view email_in) {
  auto email = NormalizeEmail(email_in);
  if (!email) return BadRequest("invalid_email");
  auto account = store_->FindAccountByEmail(*email);
  if (!account) return Internal(account.error());
  if (!account->has_value()) {
    Audit("reset_requested", c, {{"address_tag", AddressTag(*email)}, {"known", false}});
    return IssueCode(c, *email, "code:e:" + *email, nullptr, std::nullopt, AcceptedReply());
  }
  const auto& a = **account;
  auto flow = otp::RandomToken(16);
  if (!flow) return Internal(flow.error());
  CodeIssue issue;
  issue.purpose = store::Purpose::kReset;
  issue.subject = "a:" + std::to_string(a.id);
  issue.address = a.email;
  issue.flow_id = *flow;
  issue.account_id = a.id;
  issue.kind = "reset_code";
  issue.language = Language(c, a.language);
  issue.vars = BaseVars();
  Audit("reset_requested", c, {{"account_id", a.id}});
  return IssueCode(c, *email, "code:" + issue.subject, &issue, std::nullopt, AcceptedReply());
}

Reply ServiceImpl::ConfirmPasswordReset(const Client& c, std::string_view email_in, std::string_view code,
                                        std::string_view new_password) {
  auto email = NormalizeEmail(email_in);
  if (!email) return BadRequest("invalid_email");
  std::string weak = CheckStrength(new_password, {LocalPart(*email), *email, options_.mail.service_name},
                                   options_.passwords, breached_.get());
  if (!weak.empty()) return BadRequest(weak);
  auto account = store_->FindAccountByEmail(*email);
  if (!account) return Internal(account.error());
  const std::string subject = account->has_value() ? "a:" + std::to_string((*account)->id) : "e:" + *email;
  auto result = CheckCode(store::Purpose::kReset, subject, code, std::nullopt);
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) return CodeFailure(c, *result, subject);
  const auto& a = **account;  // A reset code exists only for an account.
  auto hash = hasher_.Hash(new_password);
  if (!hash) return Internal(hash.error());
  // Until the password is set and every session ended, the code stays usable: a retry with it
  // finishes the reset (a session left open after a reset would be the attacker's).
  auto set = store_->SetPasswordHash(a.id, *hash);
  if (!set) return PutCodeBack(*result->code, kOneFlowPerSubject, set.error());
  auto ended = store_->DeleteSessions(a.id, "");
  if (!ended) return PutCodeBack(*result->code, kOneFlowPerSubject, ended.error());
  Audit("password_reset", c, {{"account_id", a.id}, {"sessions_ended", *ended}});
  Queue(SealMessage("mail", "password_changed", Language(c, a.language), a.email, BaseVars()));
  Reply r;
  r.body = {{"status", "password_changed"}};
  return r;
}

}  // namespace kakunin::service::internal
