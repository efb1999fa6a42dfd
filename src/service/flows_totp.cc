// Authenticator apps (RFC 6238 TOTP): enrolment with a QR code, confirmation with recovery
// codes, and the "totp" second step at sign-in.
#include <sodium.h>

#include "service/service_impl.h"

namespace kakunin::service::internal {
namespace {

// Recovery codes made at confirmation; each works once in place of a TOTP code.
constexpr int kRecoveryCodes = 10;

// The sealed plaintext is "<account id>:<secret>": a row copied onto another account (someone
// with write access to the database) does not open as that account's secret.
std::string SealedForm(int64_t account_id, std::string_view secret) {
  return std::to_string(account_id) + ":" + std::string(secret);
}

}  // namespace

std::string ServiceImpl::RecoveryHash(int64_t account_id, std::string_view normalized) const {
  return code_hasher_.Hash({"recovery", "", "a:" + std::to_string(account_id)}, normalized);
}

Reply ServiceImpl::TotpEnroll(const Client& c, const store::Session& s, std::string_view password) {
  auto account = store_->FindAccount(s.account_id);
  if (!account) return Internal(account.error());
  if (!account->has_value()) return ErrorReply(Outcome::kUnauthorized, "no_session");
  const auto& a = **account;
  if (a.two_step == "totp") return ErrorReply(Outcome::kInvalid, "totp_already_enabled");
  Reply checked = CheckPassword(c, a, password);
  if (!checked.error.empty()) return checked;
  auto secret = otp::RandomBytes(otp::kTotpSecretBytes);
  if (!secret) return Internal(secret.error());
  std::string plain = SealedForm(a.id, *secret);
  auto sealed = totp_sealer_.Seal(plain);
  sodium_memzero(plain.data(), plain.size());
  if (!sealed) return Internal(sealed.error());
  store::TotpSecret record;
  record.account_id = a.id;
  record.sealed_secret = *sealed;
  record.algorithm = std::string(otp::AlgorithmName(totp_params_.algorithm));
  record.digits = totp_params_.digits;
  record.period = totp_params_.period;
  record.last_step = -1;
  record.created_at = Now();
  auto put = store_->PutTotp(record);
  if (!put) return Internal(put.error());
  if (!*put) return ErrorReply(Outcome::kInvalid, "totp_already_enabled");  // Confirmed meanwhile.
  const std::string issuer = options_.totp.issuer.empty() ? options_.mail.service_name : options_.totp.issuer;
  const std::string uri = otp::OtpauthUri(issuer, a.email, *secret, totp_params_);
  nlohmann::json qr = nullptr;
  if (auto code = otp::EncodeQr(uri)) {
    qr = {{"svg", otp::QrSvg(*code)}, {"text", otp::QrUtf8(*code)}};
    if (auto png = otp::QrPng(*code)) qr["png_base64"] = Base64(*png);
  }
  Reply r;
  r.body = {{"status", "totp_pending"},
            {"secret", otp::Base32Encode(*secret)},
            {"uri", uri},
            {"algorithm", record.algorithm},
            {"digits", record.digits},
            {"period", record.period},
            {"qr", qr}};
  sodium_memzero(secret->data(), secret->size());
  Audit("totp_enrolment_started", c, {{"account_id", a.id}});
  return r;
}

Result<void> ServiceImpl::NewRecoveryCodes(int64_t account_id, std::vector<std::string>& shown,
                                           std::vector<std::string>& hashes) {
  for (int i = 0; i < kRecoveryCodes; ++i) {
    auto recovery = otp::GenerateRecoveryCode();
    if (!recovery) return tl::unexpected(recovery.error());
    hashes.push_back(RecoveryHash(account_id, otp::NormalizeRecoveryCode(*recovery).value_or("")));
    shown.push_back(std::move(*recovery));
  }
  return {};
}

Reply ServiceImpl::TotpRecoveryCodes(const Client& c, const store::Session& s, std::string_view password) {
  auto account = store_->FindAccount(s.account_id);
  if (!account) return Internal(account.error());
  if (!account->has_value()) return ErrorReply(Outcome::kUnauthorized, "no_session");
  if ((*account)->two_step != "totp") return ErrorReply(Outcome::kInvalid, "totp_not_enabled");
  Reply checked = CheckPassword(c, **account, password);
  if (!checked.error.empty()) return checked;
  std::vector<std::string> shown, hashes;
  auto made = NewRecoveryCodes(s.account_id, shown, hashes);
  if (!made) return Internal(made.error());
  auto replaced = store_->ReplaceRecoveryCodes(s.account_id, hashes);
  if (!replaced) return Internal(replaced.error());
  if (!*replaced) return ErrorReply(Outcome::kInvalid, "totp_not_enabled");
  Audit("recovery_codes_replaced", c, {{"account_id", s.account_id}});
  Reply r;
  r.body = {{"status", "recovery_codes_replaced"}, {"recovery_codes", shown}};
  for (auto& one : shown) sodium_memzero(one.data(), one.size());
  return r;
}

Reply ServiceImpl::TotpConfirm(const Client& c, const store::Session& s, std::string_view code) {
  std::vector<std::string> shown, hashes;
  auto made = NewRecoveryCodes(s.account_id, shown, hashes);
  if (!made) return Internal(made.error());
  const std::string subject = "a:" + std::to_string(s.account_id);
  auto result = CheckTotp(s.account_id, "", code, std::move(hashes));
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) {
    return CodeFailure(c, store::VerifyResult{result->status, std::nullopt, result->retry_after}, subject);
  }
  auto set = store_->SetTwoStep(s.account_id, "totp", "");
  if (!set) return Internal(set.error());
  Audit("two_step_changed", c, {{"account_id", s.account_id}, {"method", "totp"}});
  Reply r;
  r.body = {{"status", "two_step_changed"}, {"two_step", "totp"}, {"recovery_codes", shown}};
  for (auto& one : shown) sodium_memzero(one.data(), one.size());
  return r;
}

Result<store::TotpVerifyResult> ServiceImpl::CheckTotp(int64_t account_id, std::string_view flow_id,
                                                       std::string_view code,
                                                       std::vector<std::string> new_recovery_hashes) {
  // Attacker input, bounded: at most 64 bytes are looked at; spaces and hyphens are dropped.
  std::string cleaned;
  for (char ch : code.substr(0, 64)) {
    if (ch != ' ' && ch != '-') cleaned += ch;
  }
  store::TotpVerifyRequest request;
  request.now = Now();
  request.account_id = account_id;
  request.login_flow_id = std::string(flow_id);
  request.max_attempts = options_.codes.max_attempts;
  request.budget = CodeBudget("code:a:" + std::to_string(account_id));
  request.new_recovery_hashes = std::move(new_recovery_hashes);
  if (!flow_id.empty()) {
    if (auto normalized = otp::NormalizeRecoveryCode(code)) request.recovery_hash = RecoveryHash(account_id, *normalized);
  }
  const std::string prefix = std::to_string(account_id) + ":";
  request.match = [&](const store::TotpSecret& stored) -> std::optional<int64_t> {
    auto plain = totp_sealer_.Open(stored.sealed_secret);
    if (!plain) return std::nullopt;
    std::optional<int64_t> step;
    if (plain->starts_with(prefix)) {
      otp::TotpParams params;
      params.algorithm = stored.algorithm == "SHA512"   ? otp::HmacAlgorithm::kSha512
                         : stored.algorithm == "SHA256" ? otp::HmacAlgorithm::kSha256
                                                        : otp::HmacAlgorithm::kSha1;
      params.digits = stored.digits;
      params.period = stored.period;
      step = otp::MatchTotp(std::string_view(*plain).substr(prefix.size()), cleaned, request.now, params,
                            stored.last_step);
    }
    sodium_memzero(plain->data(), plain->size());
    return step;
  };
  auto result = store_->VerifyTotp(request);
  sodium_memzero(cleaned.data(), cleaned.size());
  if (result && result->status != store::VerifyStatus::kLocked) {
    metrics_->Code("totp", result->status == store::VerifyStatus::kAccepted ? CodeEvent::kVerified : CodeEvent::kFailed);
  }
  return result;
}

Reply ServiceImpl::StartTotpLogin(const Client& c, const store::Account& account) {
  auto random = otp::RandomToken(16);
  if (!random) return Internal(random.error());
  store::IssueRequest request;
  request.now = Now();
  request.budget = CodeBudget("code:a:" + std::to_string(account.id));  // While spent, no flow opens.
  store::Code flow;
  flow.purpose = store::Purpose::kLogin;
  flow.subject = "a:" + std::to_string(account.id);
  flow.flow_id = std::to_string(account.id) + "." + *random;
  flow.address = "totp";
  flow.code_hash = "";  // Nothing is sent; the app makes the code. No mailed code can match "".
  flow.payload = nlohmann::json{{"method", "totp"}}.dump();
  flow.account_id = account.id;
  flow.created_at = request.now;
  flow.expires_at = request.now + options_.codes.ttl_seconds;
  request.code = flow;
  auto issued = store_->IssueCode(request);
  if (!issued) return Internal(issued.error());
  if (issued->status != store::LimitStatus::kOk) {
    Reply r = ErrorReply(Outcome::kRateLimited, "locked");
    r.retry_after = issued->retry_after;
    r.body["retry_after"] = r.retry_after;
    return r;
  }
  Audit("two_step_started", c, {{"account_id", account.id}, {"channel", "totp"}});
  Reply r;
  r.body = {{"status", "code_required"}, {"flow_id", flow.flow_id}, {"channel", "totp"}};
  return r;
}

Reply ServiceImpl::TotpLoginCode(const Client& c, int64_t account_id, std::string_view flow_id,
                                 std::string_view code) {
  const std::string subject = "a:" + std::to_string(account_id);
  auto result = CheckTotp(account_id, flow_id, code, {});
  if (!result) return Internal(result.error());
  if (result->status != store::VerifyStatus::kAccepted) {
    return CodeFailure(c, store::VerifyResult{result->status, std::nullopt, result->retry_after}, subject);
  }
  Audit("two_step_passed", c,
        {{"account_id", account_id}, {"channel", "totp"}, {"recovery_code", result->used_recovery_code}});
  nlohmann::json body = {{"status", "signed_in"}};
  if (result->used_recovery_code) body["recovery_codes_left"] = result->recovery_codes_left;
  return SignInSession(c, account_id, body);
}

}  // namespace kakunin::service::internal
