#include "inspect/authentication.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"

namespace kakunin::inspect {
namespace {

// authserv-ids equal to or under a trusted id, or a built-in provider's (authres::TrustPolicy).
bool TrustedId(std::string_view id, const authres::TrustPolicy& policy) {
  if (id.empty()) return false;
  auto under = [&](std::string_view suffix) {
    return base::EqualsIgnoreCase(id, suffix) || base::EndsWithIgnoreCase(id, "." + std::string(suffix));
  };
  for (const auto& t : policy.trusted_ids) {
    if (under(t)) return true;
  }
  if (!policy.use_builtin_providers) return false;
  for (const auto& p : authres::BuiltinProviders()) {
    for (const auto& s : p.authserv_suffixes) {
      if (under(s)) return true;
    }
  }
  return false;
}

// Whether a recorded Authentication-Results header says the message passed DMARC for
// `from_domain`, or passed DKIM with a signature aligned with it.
bool StampVouches(const authres::Header& h, const std::string& from_domain, const url::PublicSuffixList& psl) {
  for (const auto& r : h.results) {
    if (r.result != "pass") continue;
    if (r.method == "dmarc") {
      std::string hf = base::ToLower(r.Find("header", "from"));
      if (hf.empty() || hf == from_domain) return true;
    }
    if (r.method == "dkim") {
      std::string d = base::ToLower(r.Find("header", "d"));
      if (!d.empty() && dmarc::Aligned(d, from_domain, dmarc::Alignment::kRelaxed, psl)) return true;
    }
  }
  return false;
}

void Summarise(const std::string& from, AuthenticationReport& a) {
  if (a.authenticated) {
    const char* how_en = a.method == "arc"        ? "a trusted forwarder's ARC record"
                         : a.method == "provider" ? "your provider's stamp from delivery time"
                                                  : nullptr;
    const char* how_ja = a.method == "arc"        ? "信頼する転送元の ARC 記録"
                         : a.method == "provider" ? "配送時のプロバイダーの認証結果"
                                                  : nullptr;
    a.summary_en = how_en ? fmt::format("Authenticated as {} by {} ({}).", from, how_en, a.method_detail)
                          : fmt::format("Authenticated as {} ({}).", from, a.method);
    a.summary_ja = how_ja ? fmt::format("{} からのメールであることを{}で確認しました（{}）。", from, how_ja, a.method_detail)
                          : fmt::format("{} からのメールであることを確認しました（{}）。", from, a.method);
    return;
  }
  if (!a.dns_available) {
    a.summary_en = "Not checked: no DNS (run with network, --dns-server or --dns-zone).";
    a.summary_ja = "未検証: DNS が使えません（ネットワーク、--dns-server または --dns-zone を指定してください）。";
    return;
  }
  if (a.failed) {
    a.summary_en = fmt::format("Not authenticated as {}: DMARC fails.", from);
    a.summary_ja = fmt::format("{} からのメールであることを確認できません（DMARC 失敗）。", from);
    return;
  }
  bool any_temp = std::any_of(a.dkim.begin(), a.dkim.end(), [](const dkim::SignatureResult& r) {
    return r.result == dkim::AuthResult::kTempError;
  });
  if (any_temp || (a.dmarc && a.dmarc->result == dmarc::DmarcResult::kTempError)) {
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
  const std::string from = message.from().empty() ? std::string() : message.from().front().Domain();
  const auto psl = url::PublicSuffixList::Default();

  authres::TrustPolicy trust;
  trust.trusted_ids = options.trusted_authserv_ids;
  authres::Classification stamps = authres::Classify(message, trust);
  a.stamps = stamps.stamps;
  for (const auto& s : a.stamps) {
    if (s.trust != authres::Trust::kForged) continue;
    findings.push_back(Finding{"authres.forged", Severity::kHigh,
                               "An Authentication-Results header claims to come from your provider (" +
                                   (s.header ? s.header->authserv_id : std::string("?")) +
                                   ") but sits where the sender wrote it: " + s.why,
                               "プロバイダー（" + (s.header ? s.header->authserv_id : std::string("?")) +
                                   "）の認証結果を装ったヘッダーが、送信者の書ける位置にあります: " + s.why});
  }

  if (a.dns_available) {
    dkim::VerifyOptions vo;
    vo.now = options.now;
    a.dkim = dkim::VerifyAll(message, *options.resolver, vo);
    // RFC 6376 6.1 lets a verifier stop after some signatures; the one it skipped may be the
    // one that would pass, so the reader is told.
    if (const size_t n = message.FindAll("DKIM-Signature").size(); n > dkim::kMaxSignatures) {
      const std::string count = std::to_string(n);
      const std::string max = std::to_string(dkim::kMaxSignatures);
      findings.push_back(Finding{"dkim.limit.signatures", Severity::kMedium,
                                 "The message has " + count + " DKIM signatures; only the first " + max +
                                     " were verified.",
                                 "DKIM 署名が " + count + " 個あり、最初の " + max + " 個だけを検証しました。"});
    }
    std::vector<dmarc::DkimInput> dkim_in;
    for (const auto& r : a.dkim) {
      findings.insert(findings.end(), r.findings.begin(), r.findings.end());
      dkim_in.push_back({r.domain, r.result == dkim::AuthResult::kPass, r.selector});
    }
    spf::Options so;
    so.now = options.now.value_or(0);
    authres::MessageSpf ms = authres::CheckMessageSpf(message, trust, *options.resolver, so);
    a.spf_inputs = ms.inputs;
    a.spf = ms.verdict;
    std::optional<dmarc::SpfInput> spf_in;
    if (a.spf) spf_in = dmarc::SpfInput{a.spf->domain, a.spf->result == spf::SpfResult::kPass, std::string(spf::SpfResultName(a.spf->result))};
    if (!message.from().empty()) {
      dmarc::Options dopt;
      dopt.pct_sample = 0;  // Judge by the policy the domain asks for, the same way every run.
      dmarc::Evaluation e = dmarc::EvaluateMessage(message, dkim_in, spf_in, *options.resolver, dopt);
      findings.insert(findings.end(), e.findings.begin(), e.findings.end());
      a.dmarc = std::move(e);
    }
    if (message.FindFromBottom("ARC-Seal") != nullptr) {
      arc::ValidateOptions ao;
      ao.now = options.now.value_or(0);
      a.arc = arc::Validate(message, *options.resolver, ao);
    }
  }

  // 1. Live checks.
  if (a.dmarc && a.dmarc->result == dmarc::DmarcResult::kPass) {
    a.authenticated = true;
    a.method = "dmarc";
  } else if (!from.empty()) {
    // No DMARC pass (often: no DMARC record at all), but a verified signature whose d= is
    // aligned with From (RFC 7489 3.1 relaxed: same organizational domain) still ties the
    // message to its From domain.
    for (const auto& r : a.dkim) {
      if (r.result == dkim::AuthResult::kPass && dmarc::Aligned(r.domain, from, dmarc::Alignment::kRelaxed, *psl)) {
        a.authenticated = true;
        a.method = "dkim";
        break;
      }
    }
  }
  // 2. A forwarder the user trusts recorded a pass in its ARC set before changing the message.
  if (!a.authenticated && a.arc && a.arc->status == arc::ChainStatus::kPass && !from.empty()) {
    for (const auto& hop : a.arc->hops) {
      if (!TrustedId(hop.authserv_id, trust) && !TrustedId(hop.seal_domain, trust)) continue;
      auto h = authres::Parse(hop.authserv_id + "; " + hop.claimed);
      if (h && StampVouches(*h, from, *psl)) {
        a.authenticated = true;
        a.method = "arc";
        a.method_detail = hop.authserv_id;
        break;
      }
    }
  }
  // 3. The provider's own stamp from delivery time (keys rotate away; mail gets old).
  if (!a.authenticated && !from.empty()) {
    for (const auto& s : a.stamps) {
      if (s.trust != authres::Trust::kTrusted || !s.header || s.field_name != "Authentication-Results") continue;
      if (StampVouches(*s.header, from, *psl)) {
        a.authenticated = true;
        a.method = "provider";
        a.method_detail = s.header->authserv_id;
        break;
      }
    }
  }
  if (a.authenticated) a.authenticated_domain = from;
  if (!a.authenticated && a.dmarc && a.dmarc->result == dmarc::DmarcResult::kFail) {
    const bool signature_broken = std::any_of(a.dkim.begin(), a.dkim.end(), [](const dkim::SignatureResult& r) {
      return r.result == dkim::AuthResult::kFail;
    });
    const bool spf_decided = a.spf && a.spf->result != spf::SpfResult::kTempError &&
                             a.spf->result != spf::SpfResult::kPermError;
    a.failed = signature_broken || spf_decided;
  }
  Summarise(from, a);
  return a;
}

}  // namespace kakunin::inspect
