#include "inspect/authentication.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"

namespace kakunin::inspect {
namespace {

void Summarise(const mime::Message& message, AuthenticationReport& a) {
  std::string from = message.from().empty() ? std::string() : message.from().front().Domain();
  if (!a.dns_available) {
    a.summary_en = "Not checked: no DNS (run with network, --dns-server or --dns-zone).";
    a.summary_ja = "未検証: DNS が使えません（ネットワーク、--dns-server または --dns-zone を指定してください）。";
    return;
  }
  if (a.dmarc && a.dmarc->result == dmarc::DmarcResult::kPass) {
    a.authenticated = true;
    a.method = "dmarc";
    a.authenticated_domain = from;
  } else {
    // Without a DMARC pass, an aligned DKIM pass still ties the message to its From domain
    // (RFC 7489 3.1 relaxed alignment: same organizational domain).
    for (const auto& v : a.dmarc ? a.dmarc->verdicts : std::vector<dmarc::Verdict>{}) {
      if (v.dkim_aligned) {
        a.authenticated = true;
        a.method = "dkim";
        a.authenticated_domain = v.from_domain;
      }
    }
  }
  if (a.authenticated) {
    a.summary_en = fmt::format("Authenticated as {} ({}).", a.authenticated_domain, a.method);
    a.summary_ja = fmt::format("{} からのメールであることを確認しました（{}）。", a.authenticated_domain, a.method);
    return;
  }
  bool any_temp = std::any_of(a.dkim.begin(), a.dkim.end(), [](const dkim::SignatureResult& r) {
    return r.result == dkim::AuthResult::kTempError;
  });
  if (a.dmarc && a.dmarc->result == dmarc::DmarcResult::kFail) {
    a.summary_en = fmt::format("Not authenticated as {}: DMARC fails.", from);
    a.summary_ja = fmt::format("{} からのメールであることを確認できません（DMARC 失敗）。", from);
  } else if (any_temp || (a.dmarc && a.dmarc->result == dmarc::DmarcResult::kTempError)) {
    a.summary_en = fmt::format("Could not check {}: DNS failed temporarily.", from);
    a.summary_ja = fmt::format("{} を確認できません（DNS の一時的な失敗）。", from);
  } else {
    a.summary_en = fmt::format("Not authenticated as {}.", from.empty() ? "its From domain" : from);
    a.summary_ja = fmt::format("{} からのメールであることを確認できません。", from.empty() ? "差出人ドメイン" : from);
  }
}

}  // namespace

AuthenticationReport Authenticate(const mime::Message& message, const InspectOptions& options,
                                  std::vector<Finding>& findings) {
  AuthenticationReport a;
  a.dns_available = options.resolver != nullptr;
  if (a.dns_available) {
    dkim::VerifyOptions vo;
    vo.now = options.now;
    a.dkim = dkim::VerifyAll(message, *options.resolver, vo);
    std::vector<dmarc::DkimInput> dkim_in;
    for (const auto& r : a.dkim) {
      findings.insert(findings.end(), r.findings.begin(), r.findings.end());
      dkim_in.push_back({r.domain, r.result == dkim::AuthResult::kPass, r.selector});
    }
    if (!message.from().empty()) {
      dmarc::Evaluation e = dmarc::EvaluateMessage(message, dkim_in, std::nullopt, *options.resolver);
      findings.insert(findings.end(), e.findings.begin(), e.findings.end());
      a.dmarc = std::move(e);
    }
  }
  Summarise(message, a);
  return a;
}

}  // namespace kakunin::inspect
