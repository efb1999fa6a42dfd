// Sign-in (password, then an optional code by mail or SMS) and everything that needs a session.
#include <charconv>
#include <filesystem>

#include "base/strings.h"
#include "kakunin/breach.h"
#include "service/address.h"
#include "service/alerts.h"
#include "service/service_impl.h"

namespace kakunin::service::internal {
namespace {

Reply Accepted() {
  Reply r;
  r.outcome = Outcome::kAccepted;
  r.body = {{"status", "accepted"}};
  return r;
}

// Login flow ids are "<account id>.<random>": the account part finds the code, the whole id must
// match the stored one (compared in constant time).
std::optional<int64_t> FlowAccount(std::string_view flow_id) {
  const size_t dot = flow_id.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 19) return std::nullopt;
  int64_t id = 0;
  auto [end, ec] = std::from_chars(flow_id.data(), flow_id.data() + dot, id);
  if (ec != std::errc() || end != flow_id.data() + dot || id <= 0) return std::nullopt;
  return id;
}

bool IsTotpFlow(const store::Code& flow) {
  const auto payload = nlohmann::json::parse(flow.payload, nullptr, false);  // "" for mailed codes.
  return payload.is_object() && payload.value("method", "") == "totp";
}

// Why a sign-in flow stepped up ("" for none), from its payload.
std::string StepUpOf(const store::Code& flow) {
  const auto payload = nlohmann::json::parse(flow.payload, nullptr, false);
  return payload.is_object() ? payload.value("step_up", "") : "";
}

// The template of a sign-in code: a step-up mail says why the code is asked for this time.
std::string LoginCodeKind(std::string_view channel, std::string_view step_up) {
  if (channel != "mail" || step_up.empty()) return "login_code";
  return step_up == "password_breached" ? "login_code_breached" : "login_code_step_up";
}

// Files in `outbox`/new: written, not yet taken by the delivery thread (or another program).
// Bound: counting stops at 100,000 so a huge backlog cannot make a probe slow.
int64_t CountWaiting(const std::string& outbox) {
  std::error_code ec;
  int64_t n = 0;
  for (std::filesystem::directory_iterator it(outbox + "/new", ec), end; !ec && it != end && n < 100000; it.increment(ec)) {
    ++n;
  }
  return n;
}

nlohmann::json SessionJson(const store::Session& s, bool current) {
  return {{"id", s.id},           {"created_at", s.created_at}, {"expires_at", s.expires_at},
          {"ip", s.client_ip},    {"user_agent", s.user_agent}, {"current", current}};
}

}  // namespace

Reply ServiceImpl::Login(const Client& c, std::string_view email_in, std::string_view password) {
  auto email = NormalizeEmail(email_in);
  if (!email) return ErrorReply(Outcome::kInvalid, "invalid_email");
  auto account = store_->FindAccountByEmail(*email);
  if (!account) return Internal(account.error());
  // Known address or not: the same budgets, the same delay, the same store work, one Argon2id
  // computation and, for a wrong password, the same answer.
  auto gate = defence_.Begin(*store_, c, *email, clock_);
  if (!gate) return Internal(gate.error());
  if (gate->delayed) metrics_->Stuffing(StuffingEvent::kDelay);
  if (gate->limit.status != store::LimitStatus::kOk) {
    metrics_->Lock(LockKind::kLogin);
    metrics_->SignIn(SignInEvent::kLocked);
    metrics_->Stuffing(StuffingEvent::kBlock);
    Reply r = ErrorReply(Outcome::kRateLimited, "locked");
    r.retry_after = gate->limit.retry_after;
    r.body["retry_after"] = r.retry_after;
    return r;
  }
  const std::string_view bounded = password.substr(0, options_.passwords.max_length * 4);
  bool ok = false;
  if (account->has_value() && bounded.size() == password.size()) {
    ok = hasher_.Verify((*account)->password_hash, password);
  } else {
    hasher_.DummyVerify(bounded);  // No account, or a password too long to be anyone's.
  }
  auto ended = defence_.End(*store_, *gate, c, *email, ok, Now());
  if (!ended) return Internal(ended.error());
  if (!ok) {
    metrics_->SignIn(SignInEvent::kFailed);
    if (account->has_value()) {
      Audit("password_failed", c, {{"account_id", (*account)->id}});
    } else {
      Audit("password_failed", c, {{"address_tag", AddressTag(*email)}, {"known", false}});
    }
    return ErrorReply(Outcome::kUnauthorized, "invalid_credentials");
  }
  const auto& a = **account;
  // Step-up: the password was right, but it is public (breached) or the service is under a
  // failure spike, so whoever typed it must also show they read the account's mail.
  std::string step_up;
  if (options_.stuffing.breached_step_up && breached_ != nullptr &&
      breached_->Check(breach::PasswordHash::Of(password)).breached) {
    step_up = "password_breached";
    metrics_->Stuffing(StuffingEvent::kStepUpBreached);
  } else if (gate->spike_active) {
    step_up = "unusual_activity";
    metrics_->Stuffing(StuffingEvent::kStepUpSpike);
  }
  if (!step_up.empty()) Audit("step_up", c, {{"account_id", a.id}, {"reason", step_up}});
  std::string method = a.two_step;
  if (method.empty() && (options_.login.require_two_step || !step_up.empty())) method = "email";
  if (method.empty()) return SignInSession(c, a.id, {{"status", "signed_in"}});
  metrics_->SignIn(step_up.empty() ? SignInEvent::kCodeRequired : SignInEvent::kStepUp);
  Reply reply;
  if (method == "totp") {
    reply = StartTotpLogin(c, a);
  } else {
    auto random = otp::RandomToken(16);
    if (!random) return Internal(random.error());
    CodeIssue issue;
    issue.purpose = store::Purpose::kLogin;
    issue.subject = "a:" + std::to_string(a.id);
    issue.flow_id = std::to_string(a.id) + "." + *random;
    issue.account_id = a.id;
    issue.channel = method == "sms" ? "sms" : "mail";
    issue.address = method == "sms" ? a.phone : a.email;
    issue.kind = LoginCodeKind(issue.channel, step_up);
    // The reason stays with the flow, so a resent code explains itself the same way.
    if (!step_up.empty()) issue.payload = nlohmann::json{{"step_up", step_up}}.dump();
    issue.language = Language(c, a.language);
    issue.vars = BaseVars();
    Reply answer;
    answer.body = {{"status", "code_required"}, {"flow_id", issue.flow_id}, {"channel", issue.channel}};
    Audit("two_step_started", c, {{"account_id", a.id}, {"channel", issue.channel}});
    reply = IssueCode(c, issue.address, "code:" + issue.subject, &issue, std::nullopt, answer);
  }
  if (reply.outcome == Outcome::kOk && !step_up.empty()) {
    reply.body["step_up"] = step_up;
    if (step_up == "password_breached") reply.body["change_password"] = true;
  }
  return reply;
}

Reply ServiceImpl::LoginCode(const Client& c, std::string_view flow_id, std::string_view code) {
  auto id = FlowAccount(flow_id);
  if (!id) return ErrorReply(Outcome::kInvalid, "invalid_code");
  const std::string subject = "a:" + std::to_string(*id);
  auto pending = store_->FindCode(store::Purpose::kLogin, subject, flow_id);
  if (!pending) return Internal(pending.error());
  if (pending->has_value() && IsTotpFlow(**pending)) return TotpLoginCode(c, *id, flow_id, code);
  auto result = CheckCode(store::Purpose::kLogin, subject, code, flow_id);
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) return CodeFailure(c, *result, subject);
  Audit("two_step_passed", c, {{"account_id", *id}});
  return SignInSession(c, *id, {{"status", "signed_in"}});
}

Reply ServiceImpl::ResendLoginCode(const Client& c, std::string_view flow_id) {
  auto id = FlowAccount(flow_id);
  if (!id) return Accepted();
  const std::string subject = "a:" + std::to_string(*id);
  auto pending = store_->FindCode(store::Purpose::kLogin, subject, flow_id);
  if (!pending) return Internal(pending.error());
  if (!pending->has_value() || !otp::ConstantTimeEquals((*pending)->flow_id, flow_id)) return Accepted();
  // The app makes TOTP codes: nothing to send, and a mailed code must never replace the step.
  if (IsTotpFlow(**pending)) return Accepted();
  auto account = store_->FindAccount(*id);
  if (!account) return Internal(account.error());
  if (!account->has_value()) return Accepted();
  const auto& old = **pending;
  CodeIssue issue;
  issue.purpose = store::Purpose::kLogin;
  issue.subject = subject;
  issue.flow_id = old.flow_id;
  issue.account_id = *id;
  issue.address = old.address;
  issue.channel = base::IsAsciiDigit(old.address.empty() ? ' ' : old.address.back()) && old.address[0] == '+'
                      ? "sms" : "mail";
  issue.kind = LoginCodeKind(issue.channel, StepUpOf(old));
  issue.payload = old.payload;
  issue.language = Language(c, (*account)->language);
  issue.vars = BaseVars();
  return IssueCode(c, old.address, "code:" + subject, &issue, std::nullopt, Accepted());
}

std::optional<store::Session> ServiceImpl::Authenticate(std::string_view token) {
  // Tokens are 43 base64url characters; anything far off is not looked up.
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto session = store_->FindSession(base::Sha256Hex(token), Now());
  if (!session || !session->has_value()) return std::nullopt;
  return **session;
}

Reply ServiceImpl::Me(const store::Session& s) {
  auto account = store_->FindAccount(s.account_id);
  if (!account) return Internal(account.error());
  if (!account->has_value()) return ErrorReply(Outcome::kUnauthorized, "no_session");
  const auto& a = **account;
  Reply r;
  r.body = {{"id", a.id}, {"email", a.email}, {"language", a.language}, {"two_step", a.two_step.empty() ? "off" : a.two_step},
            {"created_at", a.created_at}};
  return r;
}

Reply ServiceImpl::RequestEmailChange(const Client& c, const store::Session& s, std::string_view new_email_in,
                                      std::string_view password) {
  auto account = store_->FindAccount(s.account_id);
  if (!account) return Internal(account.error());
  if (!account->has_value()) return ErrorReply(Outcome::kUnauthorized, "no_session");
  const auto& a = **account;
  auto new_email = NormalizeEmail(new_email_in);
  if (!new_email) return ErrorReply(Outcome::kInvalid, "invalid_email");
  if (*new_email == a.email) return ErrorReply(Outcome::kInvalid, "same_email");
  Reply checked = CheckPassword(c, a, password);
  if (!checked.error.empty()) return checked;
  auto taken = store_->FindAccountByEmail(*new_email);
  if (!taken) return Internal(taken.error());
  const std::string subject = "a:" + std::to_string(a.id);
  if (taken->has_value()) {
    // No code goes out, but the answer is the same: the new address's owner is not revealed.
    Audit("email_change_requested", c, {{"account_id", a.id}, {"taken", true}});
    return IssueCode(c, *new_email, "code:" + subject, nullptr, std::nullopt, Accepted());
  }
  auto flow = otp::RandomToken(16);
  if (!flow) return Internal(flow.error());
  CodeIssue issue;
  issue.purpose = store::Purpose::kChangeEmail;
  issue.subject = subject;
  issue.address = *new_email;
  issue.flow_id = *flow;
  issue.payload = *new_email;
  issue.account_id = a.id;
  issue.kind = "change_email_code";
  issue.language = Language(c, a.language);
  issue.vars = BaseVars();
  Reply reply = IssueCode(c, *new_email, "code:" + subject, &issue, std::nullopt, Accepted());
  if (reply.outcome == Outcome::kAccepted) {
    Vars vars = BaseVars();
    vars["new_email"] = *new_email;
    Queue(SealMessage("mail", "change_email_requested", issue.language, a.email, vars));
    Audit("email_change_requested", c, {{"account_id", a.id}});
  }
  return reply;
}

Reply ServiceImpl::ConfirmEmailChange(const Client& c, const store::Session& s, std::string_view code) {
  const std::string subject = "a:" + std::to_string(s.account_id);
  auto account = store_->FindAccount(s.account_id);
  if (!account) return Internal(account.error());
  if (!account->has_value()) return ErrorReply(Outcome::kUnauthorized, "no_session");
  auto result = CheckCode(store::Purpose::kChangeEmail, subject, code, std::nullopt);
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) return CodeFailure(c, *result, subject);
  const std::string new_email = result->code->payload;
  auto changed = store_->SetEmail(s.account_id, new_email);
  if (!changed) return PutCodeBack(*result->code, kOneFlowPerSubject, changed.error());
  if (!*changed) return ErrorReply(Outcome::kInvalid, "email_taken");
  Vars vars = BaseVars();
  vars["new_email"] = new_email;
  Queue(SealMessage("mail", "email_changed", Language(c, (*account)->language), (*account)->email, vars));
  Audit("email_changed", c, {{"account_id", s.account_id}});
  Reply r;
  r.body = {{"status", "email_changed"}, {"email", new_email}};
  return r;
}

Reply ServiceImpl::SetTwoStep(const Client& c, const store::Session& s, std::string_view method,
                              std::string_view phone, std::string_view password) {
  if (method != "off" && method != "email" && method != "sms") return ErrorReply(Outcome::kInvalid, "invalid_method");
  if (method == "sms" && !IsE164(phone)) return ErrorReply(Outcome::kInvalid, "invalid_phone");
  auto account = store_->FindAccount(s.account_id);
  if (!account) return Internal(account.error());
  if (!account->has_value()) return ErrorReply(Outcome::kUnauthorized, "no_session");
  Reply checked = CheckPassword(c, **account, password);
  if (!checked.error.empty()) return checked;
  if (method == "sms") {
    // The number must prove it receives our SMS before sign-in depends on it.
    auto flow = otp::RandomToken(16);
    if (!flow) return Internal(flow.error());
    CodeIssue issue;
    issue.purpose = store::Purpose::kVerifyPhone;
    issue.subject = "a:" + std::to_string(s.account_id);
    issue.address = std::string(phone);
    issue.flow_id = *flow;
    issue.payload = std::string(phone);
    issue.account_id = s.account_id;
    issue.channel = "sms";
    issue.kind = "verify_phone";
    issue.language = Language(c, (*account)->language);
    issue.vars = BaseVars();
    Audit("phone_verification_started", c, {{"account_id", s.account_id}});
    return IssueCode(c, issue.address, "code:" + issue.subject, &issue, std::nullopt, Accepted());
  }
  auto set = store_->SetTwoStep(s.account_id, method == "off" ? "" : method, "");
  if (!set) return Internal(set.error());
  Audit("two_step_changed", c, {{"account_id", s.account_id}, {"method", method}});
  Reply r;
  r.body = {{"status", "two_step_changed"}, {"two_step", method}};
  return r;
}

Reply ServiceImpl::ConfirmPhone(const Client& c, const store::Session& s, std::string_view code) {
  const std::string subject = "a:" + std::to_string(s.account_id);
  auto result = CheckCode(store::Purpose::kVerifyPhone, subject, code, std::nullopt);
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) return CodeFailure(c, *result, subject);
  auto set = store_->SetTwoStep(s.account_id, "sms", result->code->payload);
  if (!set) return Internal(set.error());
  Audit("two_step_changed", c, {{"account_id", s.account_id}, {"method", "sms"}});
  Reply r;
  r.body = {{"status", "two_step_changed"}, {"two_step", "sms"}};
  return r;
}

Reply ServiceImpl::Logout(const Client& c, const store::Session& s) {
  auto deleted = store_->DeleteSession(s.account_id, s.id);
  if (!deleted) return Internal(deleted.error());
  Audit("logout", c, {{"account_id", s.account_id}, {"session_id", s.id}});
  Reply r;
  r.body = {{"status", "signed_out"}};
  r.clear_session = true;
  return r;
}

Reply ServiceImpl::ListSessions(const store::Session& s) {
  auto sessions = store_->ListSessions(s.account_id, Now());
  if (!sessions) return Internal(sessions.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& one : *sessions) list.push_back(SessionJson(one, one.id == s.id));
  Reply r;
  r.body = {{"sessions", list}};
  return r;
}

Reply ServiceImpl::RevokeSession(const Client& c, const store::Session& s, std::string_view id) {
  auto deleted = store_->DeleteSession(s.account_id, id);
  if (!deleted) return Internal(deleted.error());
  if (!*deleted) return ErrorReply(Outcome::kNotFound, "no_such_session");
  Audit("session_revoked", c, {{"account_id", s.account_id}, {"session_id", id}});
  Reply r;
  r.body = {{"status", "revoked"}};
  r.clear_session = id == s.id;
  return r;
}

Reply ServiceImpl::Health() {
  // Both halves of a split store: the queue (Redis, or SQLite) and the accounts (PostgreSQL).
  // QueuedCount, not Pending: on several nodes Pending claims messages for delivery.
  auto pending = store_->QueuedCount();
  Result<std::optional<store::Account>> accounts = std::nullopt;
  if (pending) accounts = store_->FindAccount(0);
  if (!pending || !accounts) {
    Internal(pending ? accounts.error() : pending.error());  // Audited; the probe gets its own answer.
    Reply r = ErrorReply(Outcome::kInternal, "store_unreachable");
    r.body["status"] = "unavailable";
    r.body["store"] = "unreachable";
    return r;
  }
  Reply r;
  r.body = {{"status", "ok"},
            {"store", "reachable"},
            {"queued_messages", *pending},
            {"outbox", {{"mail", CountWaiting(options_.data_dir + "/outbox")},
                        {"sms", CountWaiting(options_.data_dir + "/sms-outbox")}}}};
  return r;
}

Reply ServiceImpl::SignInSession(const Client& c, int64_t account_id, nlohmann::json body) {
  std::optional<store::Account> account;
  bool known = true;
  if (options_.alerts.new_sign_in) {
    auto found = store_->FindAccount(account_id);
    if (!found) return Internal(found.error());
    account = std::move(*found);
    auto sessions = store_->ListSessions(account_id, Now());
    if (!sessions) return Internal(sessions.error());
    known = IsKnownClient(*sessions, c, options_.stuffing.ipv4_prefix, options_.stuffing.ipv6_prefix);
  }
  Reply r = NewSession(c, account_id, std::move(body));
  if (r.outcome != Outcome::kOk) return r;
  metrics_->SignIn(SignInEvent::kSignedIn);
  if (!known && account) AlertNewSignIn(c, *account);
  return r;
}

void ServiceImpl::AlertNewSignIn(const Client& c, const store::Account& a) {
  // Bounded per account, so sign-ins with a stolen password cannot flood the owner's mailbox.
  auto allowed = store_->ConsumeLimits({{"alert:a:" + std::to_string(a.id), options_.alerts.per_hour, 3600}}, Now());
  if (!allowed || allowed->status != store::LimitStatus::kOk) return;
  Vars vars = BaseVars();
  vars["time"] = MailDate(Now());
  vars["ip"] = DescribeIp(c.ip);
  vars["client"] = DescribeUserAgent(c.user_agent);
  Queue(SealMessage("mail", "new_sign_in", Language(c, a.language), a.email, vars));
  metrics_->Alert();
  Audit("new_sign_in_alert", c, {{"account_id", a.id}});
}

}  // namespace kakunin::service::internal
