// Service construction, the helpers every flow shares, and delivery from the queue to the outboxes.
#include "service/service_impl.h"

#include <sodium.h>

#include "base/strings.h"
#include "base/time.h"

namespace kakunin::service {
namespace internal {
namespace {

// Sub-keys from the one server secret, so no key serves two purposes.
std::string DeriveKey(const std::string& secret, std::string_view label) {
  return otp::HmacSha256(secret, std::string("kakunind/") + std::string(label));
}

// Messages written per syncfs; bounds the work lost to a crash in the middle of a batch.
constexpr int kDeliveryBatch = 100;

std::string DomainOf(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string("localhost") : std::string(address.substr(at + 1));
}

}  // namespace

ServiceImpl::ServiceImpl(ServiceOptions options, std::shared_ptr<store::Store> store, Clock clock,
                         std::string secret, PasswordHasher hasher, Templates templates, Outbox mail_outbox,
                         Outbox sms_outbox, std::unique_ptr<breach::Database> breached)
    : options_(std::move(options)),
      metrics_(options_.metrics ? options_.metrics : std::make_shared<Metrics>()),
      defence_(options_.stuffing, options_.login, options_.sleep),
      store_(std::move(store)),
      clock_(std::move(clock)),
      code_hasher_(DeriveKey(secret, "code-hmac")),
      sealer_(DeriveKey(secret, "queue-seal")),
      totp_sealer_(DeriveKey(secret, "totp-seal")),
      tag_key_(DeriveKey(secret, "audit-tag")),
      hasher_(std::move(hasher)),
      breached_(std::move(breached)),
      templates_(std::move(templates)),
      mail_outbox_(std::move(mail_outbox)),
      sms_outbox_(std::move(sms_outbox)),
      audit_(options_.data_dir + "/audit.jsonl", store_->central_audit()) {
  sodium_memzero(secret.data(), secret.size());
  const auto& t = options_.totp;
  totp_params_.algorithm = t.algorithm == "SHA512"   ? otp::HmacAlgorithm::kSha512
                           : t.algorithm == "SHA256" ? otp::HmacAlgorithm::kSha256
                                                     : otp::HmacAlgorithm::kSha1;
  totp_params_.digits = t.digits;
  totp_params_.period = t.period;
}

ServiceImpl::~ServiceImpl() {
  {
    std::lock_guard lock(wake_mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (delivery_thread_.joinable()) delivery_thread_.join();
}

void ServiceImpl::StartDelivery() {
  delivery_thread_ = std::thread([this] {
    std::unique_lock lock(wake_mu_);
    while (!stop_) {
      lock.unlock();
      (void)DeliverPending();
      lock.lock();
      // Woken by Queue(); the timeout picks up messages queued by another process or left over.
      wake_.wait_for(lock, std::chrono::seconds(1));
    }
  });
}

std::string ServiceImpl::Language(const Client& c, std::string_view account_language) const {
  for (std::string_view lang : {std::string_view(c.language), account_language}) {
    if (lang == "ja" || lang == "en") return std::string(lang);
  }
  return options_.mail.default_language;
}

Vars ServiceImpl::BaseVars() const {
  return {{"service", options_.mail.service_name},
          {"base_url", options_.mail.base_url},
          {"minutes", std::to_string(options_.codes.ttl_seconds / 60)}};
}

std::vector<store::WindowLimit> ServiceImpl::SendLimits(const Client& c, std::string_view address) const {
  const auto& r = options_.resend;
  const std::string key = "send:" + std::string(address);
  return {{key, 1, r.address_min_interval_seconds},
          {key, r.address_per_hour, 3600},
          {"send-ip:" + c.ip, r.ip_per_hour, 3600}};
}

store::FailureBudget ServiceImpl::CodeBudget(std::string key) const {
  const auto& o = options_.codes;
  return {std::move(key), o.account_budget, o.budget_window_seconds, o.lock_base_seconds, o.lock_max_seconds};
}

std::vector<store::FailureBudget> ServiceImpl::LoginBudgets(const Client& c, std::string_view email) const {
  return defence_.PasswordBudgets(c, email);
}

Result<store::QueuedMessage> ServiceImpl::SealMessage(std::string_view channel, std::string_view kind,
                                                      std::string_view language, std::string_view to,
                                                      const Vars& vars) {
  auto nonce = otp::RandomToken(12);
  if (!nonce) return tl::unexpected(nonce.error());
  nlohmann::json j = {{"channel", channel}, {"kind", kind}, {"lang", language},
                      {"to", to},           {"vars", vars}, {"nonce", *nonce}};
  std::string plain = j.dump();
  auto sealed = sealer_.Seal(plain);
  sodium_memzero(plain.data(), plain.size());
  if (!sealed) return tl::unexpected(sealed.error());
  return store::QueuedMessage{0, Now(), *sealed};
}

Reply ServiceImpl::IssueCode(const Client& c, std::string_view limit_address, const std::string& budget_key,
                             const CodeIssue* issue, const std::optional<store::QueuedMessage>& notice, Reply ok) {
  store::IssueRequest request;
  request.now = Now();
  request.send_limits = SendLimits(c, limit_address);
  request.budget = CodeBudget(budget_key);
  request.message = notice;
  if (issue != nullptr) {
    request.max_flows = issue->max_flows;
    auto code = otp::GenerateCode(options_.codes.digits);
    if (!code) return Internal(code.error());
    store::Code record;
    record.purpose = issue->purpose;
    record.subject = issue->subject;
    record.flow_id = issue->flow_id;
    record.address = issue->address;
    record.payload = issue->payload;
    record.account_id = issue->account_id;
    record.created_at = request.now;
    record.expires_at = request.now + options_.codes.ttl_seconds;
    record.code_hash = code_hasher_.Hash({store::PurposeName(issue->purpose), issue->flow_id, issue->address}, *code);
    Vars vars = issue->vars;
    vars["code"] = *code;
    auto message = SealMessage(issue->channel, issue->kind, issue->language, issue->address, vars);
    sodium_memzero(code->data(), code->size());
    sodium_memzero(vars["code"].data(), vars["code"].size());
    if (!message) return Internal(message.error());
    request.code = std::move(record);
    request.message = *message;
  }
  auto result = store_->IssueCode(request);
  if (!result) return Internal(result.error());
  if (result->status != store::LimitStatus::kOk) {
    if (result->status == store::LimitStatus::kLocked) {
      metrics_->Lock(LockKind::kCode);
    } else {
      metrics_->RateLimited();
    }
    Audit("send_limited", c, {{"address_tag", AddressTag(limit_address)}});
    Reply r;
    r.outcome = Outcome::kRateLimited;
    r.error = result->status == store::LimitStatus::kLocked ? "locked" : "rate_limited";
    r.retry_after = result->retry_after;
    r.body = {{"error", r.error}, {"retry_after", r.retry_after}};
    return r;
  }
  if (request.code) metrics_->Code(store::PurposeName(request.code->purpose), CodeEvent::kIssued);
  if (request.message) {
    std::lock_guard lock(wake_mu_);
    wake_.notify_all();
  }
  return ok;
}

Result<store::VerifyResult> ServiceImpl::CheckCode(store::Purpose purpose, const std::string& subject,
                                                   std::string_view code, std::optional<std::string_view> flow_id) {
  // Users paste "123 456" or "123-456". Input is bounded: anything longer than 32 characters
  // cannot be a code and is cut (it still counts as a wrong try).
  std::string cleaned;
  for (char ch : code.substr(0, 64)) {
    if (ch != ' ' && ch != '-') cleaned += ch;
  }
  cleaned.resize(std::min<size_t>(cleaned.size(), 32));
  store::VerifyRequest request;
  request.now = Now();
  request.purpose = purpose;
  request.subject = subject;
  request.max_attempts = options_.codes.max_attempts;
  request.budget = CodeBudget("code:" + subject);
  if (flow_id) request.flow_id = std::string(flow_id->substr(0, 64));
  const std::string purpose_name(store::PurposeName(purpose));
  request.matches = [&](const store::Code& stored) {
    // The store selected the row by flow id; the code hash binds it once more.
    return code_hasher_.Matches({purpose_name, stored.flow_id, stored.address}, cleaned, stored.code_hash);
  };
  auto result = store_->VerifyCode(request);
  sodium_memzero(cleaned.data(), cleaned.size());
  if (result && result->status != store::VerifyStatus::kLocked) {
    metrics_->Code(purpose_name, result->status == store::VerifyStatus::kAccepted ? CodeEvent::kVerified
                                                                                  : CodeEvent::kFailed);
  }
  return result;
}

Reply ServiceImpl::PutCodeBack(const store::Code& code, int max_flows, const Error& error) {
  store::IssueRequest restore;
  restore.now = Now();
  restore.code = code;
  restore.max_flows = max_flows;
  // Best effort: if the store refuses this too, the flow is lost and a new request is needed.
  (void)store_->IssueCode(restore);
  return Internal(error);
}

Reply ServiceImpl::CodeFailure(const Client& c, const store::VerifyResult& result, std::string_view subject) {
  Reply r;
  if (result.status == store::VerifyStatus::kLocked) {
    metrics_->Lock(LockKind::kCode);
    Audit("code_locked", c, {{"subject_tag", AddressTag(subject)}});
    r.outcome = Outcome::kRateLimited;
    r.error = "locked";
    r.retry_after = result.retry_after;
    r.body = {{"error", r.error}, {"retry_after", r.retry_after}};
    return r;
  }
  Audit("code_failed", c, {{"subject_tag", AddressTag(subject)}});
  r.outcome = Outcome::kInvalid;
  r.error = "invalid_code";
  r.body = {{"error", r.error}};
  return r;
}

Reply ServiceImpl::CheckPassword(const Client& c, const store::Account& account, std::string_view password) {
  const auto budgets = LoginBudgets(c, account.email);
  auto attempt = store_->BeginAttempt(budgets, Now());
  if (!attempt) return Internal(attempt.error());
  if (attempt->limit.status != store::LimitStatus::kOk) {
    metrics_->Lock(LockKind::kLogin);
    Reply r;
    r.outcome = Outcome::kRateLimited;
    r.error = "locked";
    r.retry_after = attempt->limit.retry_after;
    r.body = {{"error", r.error}, {"retry_after", r.retry_after}};
    return r;
  }
  const bool ok = password.size() <= options_.passwords.max_length * 4 && hasher_.Verify(account.password_hash, password);
  auto ended = store_->EndAttempt(*attempt, budgets, ok, Now());
  if (!ended) return Internal(ended.error());
  if (!ok) {
    Audit("password_failed", c, {{"account_id", account.id}});
    Reply r;
    r.outcome = Outcome::kUnauthorized;
    r.error = "invalid_credentials";
    r.body = {{"error", r.error}};
    return r;
  }
  return Reply{};
}

Reply ServiceImpl::NewSession(const Client& c, int64_t account_id, nlohmann::json body) {
  auto token = otp::RandomToken(32);  // 256 bits.
  auto id = otp::RandomToken(12);
  if (!token || !id) return Internal(token ? id.error() : token.error());
  store::Session s;
  s.id = *id;
  s.token_hash = base::Sha256Hex(*token);
  s.account_id = account_id;
  s.created_at = Now();
  s.expires_at = s.created_at + options_.session_ttl_seconds;
  s.client_ip = c.ip;
  s.user_agent = c.user_agent;
  auto created = store_->CreateSession(s);
  if (!created) return Internal(created.error());
  Audit("session_created", c, {{"account_id", account_id}, {"session_id", s.id}});
  Reply r;
  r.session_token = *token;
  body["token"] = *token;
  body["session"] = {{"id", s.id}, {"expires_at", s.expires_at}};
  r.body = std::move(body);
  return r;
}

void ServiceImpl::Queue(const Result<store::QueuedMessage>& message) {
  if (!message) {
    Audit("queue_failed", Client{}, {{"reason", message.error().ToString()}});
    return;
  }
  auto queued = store_->Enqueue(*message);
  if (!queued) {
    Audit("queue_failed", Client{}, {{"reason", queued.error().ToString()}});
    return;
  }
  std::lock_guard lock(wake_mu_);
  wake_.notify_all();
}

void ServiceImpl::Audit(std::string_view event, const Client& c, nlohmann::json fields) {
  if (!c.ip.empty()) fields["ip"] = c.ip;
  (void)audit_.Write(Now(), event, std::move(fields));
}

std::string ServiceImpl::AddressTag(std::string_view address) const {
  // A keyed, shortened hash: lets operators correlate events for one address without the log
  // holding the addresses of people who have no account.
  return base::HexEncode(otp::HmacSha256(tag_key_, address)).substr(0, 16);
}

Reply ServiceImpl::Internal(const Error& error) {
  Audit("internal_error", Client{}, {{"reason", error.ToString()}});
  Reply r;
  r.outcome = Outcome::kInternal;
  r.error = "internal";
  r.body = {{"error", r.error}};
  return r;
}

Result<int> ServiceImpl::DeliverPending() {
  std::lock_guard delivery(delivery_mu_);
  int delivered = 0;
  for (;;) {
    if (stop_) return delivered;  // Shutting down: the rest stays queued for the next start.
    auto pending = store_->Pending(kDeliveryBatch);
    if (!pending) return tl::unexpected(pending.error());
    if (pending->empty()) return delivered;
    std::vector<nlohmann::json> done;  // Audit entries, written once the batch is published.
    for (const auto& message : *pending) {
      auto plain = sealer_.Open(message.sealed);
      if (!plain) {
        // Sealed with another secret: it can never be delivered. Logged, then dropped.
        Audit("delivery_failed", Client{}, {{"queue_id", message.id}, {"reason", plain.error().ToString()}});
        done.push_back(nullptr);
        continue;
      }
      nlohmann::json j = nlohmann::json::parse(*plain, nullptr, false);
      sodium_memzero(plain->data(), plain->size());
      Vars vars = j.value("vars", Vars{});
      const std::string channel = j.value("channel", "mail");
      const std::string kind = j.value("kind", "");
      const std::string lang = j.value("lang", options_.mail.default_language);
      const std::string to = j.value("to", "");
      // The file name comes from the queue id (never reused, so names sort in queue order) and
      // the message's own random nonce, so a redelivery after a crash finds the file already in
      // new/ instead of writing a second copy.
      char id[24];
      std::snprintf(id, sizeof id, "%012lld", static_cast<long long>(message.id));
      const std::string name = std::to_string(message.created_at) + "." + id + "." + j.value("nonce", "") + ".kakunind";
      Result<bool> staged = false;
      if (channel == "sms") {
        nlohmann::json sms = {{"to", to}, {"body", templates_.BuildSms(lang, kind, vars)}};
        staged = sms_outbox_.Stage(name + ".json", sms.dump() + "\n");
      } else {
        MailHeaders h;
        h.from_name = options_.mail.service_name;
        h.from_address = options_.mail.from_address;
        h.to = to;
        h.message_id = j.value("nonce", "") + "@" + DomainOf(options_.mail.from_address);
        h.date = message.created_at;
        h.language = lang;
        std::string mail = templates_.BuildMail(h, kind, vars);
        if (options_.signer) {
          auto signature = options_.signer->Sign(mail);
          if (signature) {
            mail = *signature + mail;
          } else {
            Audit("dkim_failed", Client{}, {{"queue_id", message.id}, {"reason", signature.error().ToString()}});
          }
        }
        staged = mail_outbox_.Stage(name, mail);
        sodium_memzero(mail.data(), mail.size());
      }
      for (auto& [k, v] : vars) sodium_memzero(v.data(), v.size());
      if (!staged) return tl::unexpected(staged.error());  // Kept in the queue; retried later.
      done.push_back({{"channel", channel}, {"kind", kind}, {"to_tag", AddressTag(to)}});
    }
    auto published = mail_outbox_.Publish();
    if (published) published = sms_outbox_.Publish();
    if (!published) return tl::unexpected(published.error());
    // Only now, with the files durable in new/, do the messages leave the queue.
    for (size_t i = 0; i < pending->size(); ++i) {
      auto removed = store_->Remove((*pending)[i].id);
      if (!removed) return tl::unexpected(removed.error());
      if (done[i].is_null()) continue;
      Audit("message_delivered", Client{}, done[i]);
      metrics_->OutboxWritten();
      ++delivered;
    }
  }
}

}  // namespace internal

Result<std::unique_ptr<Service>> Service::Create(ServiceOptions options, std::shared_ptr<store::Store> store,
                                                 Clock clock) {
  if (options.codes.digits < otp::kMinDigits || options.codes.digits > otp::kMaxDigits) {
    return Fail(ErrorCode::kInvalidArgument, "codes.digits must be 6 to 10");
  }
  if (options.codes.max_attempts < 1 || options.codes.ttl_seconds < 60) {
    return Fail(ErrorCode::kInvalidArgument, "codes.max_attempts must be >= 1 and codes.ttl_seconds >= 60");
  }
  if (options.totp.algorithm != "SHA1" && options.totp.algorithm != "SHA256" && options.totp.algorithm != "SHA512") {
    return Fail(ErrorCode::kInvalidArgument, "totp.algorithm must be SHA1, SHA256 or SHA512");
  }
  if (options.totp.digits < 6 || options.totp.digits > 8 || options.totp.period < 15 || options.totp.period > 300) {
    return Fail(ErrorCode::kInvalidArgument, "totp.digits must be 6 to 8 and totp.period 15 to 300");
  }
  if (options.mail.default_language != "ja" && options.mail.default_language != "en") {
    return Fail(ErrorCode::kInvalidArgument, "mail.default_language must be ja or en");
  }
  if (auto checked = StuffingDefence::Check(options.stuffing); !checked) return tl::unexpected(checked.error());
  if (!options.metrics) options.metrics = std::make_shared<Metrics>();
  if (!clock) clock = [] { return base::UnixNow(); };
  auto made = MakeDirs(options.data_dir);
  if (!made) return tl::unexpected(made.error());
  auto secret = LoadOrCreateSecret(options.data_dir + "/secret.key");
  if (!secret) return tl::unexpected(secret.error());
  auto hasher = PasswordHasher::Create(options.passwords);
  if (!hasher) return tl::unexpected(hasher.error());
  auto templates = Templates::Load(options.templates_dir);
  if (!templates) return tl::unexpected(templates.error());
  auto mail_outbox = Outbox::Open(options.data_dir + "/outbox");
  if (!mail_outbox) return tl::unexpected(mail_outbox.error());
  auto sms_outbox = Outbox::Open(options.data_dir + "/sms-outbox");
  if (!sms_outbox) return tl::unexpected(sms_outbox.error());
  std::unique_ptr<breach::Database> breached;
  if (!options.passwords.breach_database.empty()) {
    auto db = breach::Database::Open(options.passwords.breach_database);
    if (!db) return tl::unexpected(db.error());
    breached = std::make_unique<breach::Database>(std::move(*db));
  }
  const bool start = options.start_delivery_thread;
  auto service = std::make_unique<internal::ServiceImpl>(
      std::move(options), std::move(store), std::move(clock), std::move(*secret), std::move(*hasher),
      std::move(*templates), std::move(*mail_outbox), std::move(*sms_outbox), std::move(breached));
  if (start) service->StartDelivery();
  return std::unique_ptr<Service>(std::move(service));
}

}  // namespace kakunin::service
