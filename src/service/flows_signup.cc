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
  auto account = store_->FindAccountByEmail(*email);
  if (!account) return Internal(account.error());
  const std::string subject = "e:" + *email;
  const std::string language = Language(c, account->has_value() ? (*account)->language : "");
  Reply reply;
  if (account->has_value()) {
    Audit("signup_existing", c, {{"account_id", (*account)->id}});
    auto notice = SealMessage("mail", "signup_exists", language, *email, BaseVars());
    if (!notice) return Internal(notice.error());
    reply = IssueCode(c, *email, "code:" + subject, nullptr, *notice, AcceptedReply());
  } else {
    auto flow = otp::RandomToken(16);
    if (!flow) return Internal(flow.error());
    CodeIssue issue;
    issue.purpose = store::Purpose::kVerifyEmail;
    issue.subject = subject;
    issue.address = *email;
    issue.flow_id = *flow;
    issue.payload = nlohmann::json{{"password_hash", *hash}, {"lang", language}}.dump();
    issue.kind = "verify_email";
    issue.language = language;
    issue.vars = BaseVars();
    Audit("signup_requested", c, {{"address_tag", AddressTag(*email)}});
    reply = IssueCode(c, *email, "code:" + subject, &issue, std::nullopt, AcceptedReply());
  }
  sodium_memzero(hash->data(), hash->size());
  return reply;
}

Reply ServiceImpl::ResendVerification(const Client& c, std::string_view email_in) {
  auto email = NormalizeEmail(email_in);
  if (!email) return BadRequest("invalid_email");
  const std::string subject = "e:" + *email;
  auto pending = store_->FindCode(store::Purpose::kVerifyEmail, subject);
  if (!pending) return Internal(pending.error());
  if (!pending->has_value()) return IssueCode(c, *email, "code:" + subject, nullptr, std::nullopt, AcceptedReply());
  // A new code for the same flow and the same pending password: the old code stops working.
  const auto& old = **pending;
  CodeIssue issue;
  issue.purpose = store::Purpose::kVerifyEmail;
  issue.subject = subject;
  issue.address = *email;
  issue.flow_id = old.flow_id;
  issue.payload = old.payload;
  issue.kind = "verify_email";
  issue.language = Language(c, nlohmann::json::parse(old.payload, nullptr, false).value("lang", ""));
  issue.vars = BaseVars();
  return IssueCode(c, *email, "code:" + subject, &issue, std::nullopt, AcceptedReply());
}

Reply ServiceImpl::VerifyEmail(const Client& c, std::string_view email_in, std::string_view code) {
  auto email = NormalizeEmail(email_in);
  if (!email) return BadRequest("invalid_email");
  const std::string subject = "e:" + *email;
  auto result = CheckCode(store::Purpose::kVerifyEmail, subject, code, "");
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) return CodeFailure(c, *result, subject);
  nlohmann::json payload = nlohmann::json::parse(result->code->payload, nullptr, false);
  store::Account account;
  account.email = *email;
  account.password_hash = payload.value("password_hash", "");
  account.language = payload.value("lang", options_.mail.default_language);
  account.created_at = Now();
  auto id = store_->CreateAccount(account);
  if (!id) return Internal(id.error());
  if (!id->has_value()) return BadRequest("invalid_code");  // Someone else verified this address first.
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
  auto result = CheckCode(store::Purpose::kReset, subject, code, "");
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) return CodeFailure(c, *result, subject);
  const auto& a = **account;  // A reset code exists only for an account.
  auto hash = hasher_.Hash(new_password);
  if (!hash) return Internal(hash.error());
  auto set = store_->SetPasswordHash(a.id, *hash);
  if (!set) return Internal(set.error());
  auto ended = store_->DeleteSessions(a.id, "");
  if (!ended) return Internal(ended.error());
  Audit("password_reset", c, {{"account_id", a.id}, {"sessions_ended", *ended}});
  Queue(SealMessage("mail", "password_changed", Language(c, a.language), a.email, BaseVars()));
  Reply r;
  r.body = {{"status", "password_changed"}};
  return r;
}

}  // namespace kakunin::service::internal
