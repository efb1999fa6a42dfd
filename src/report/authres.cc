#include "kakunin/authres.h"

#include "kakunin/report.h"

namespace kakunin::report {

std::string RenderAuthenticationResults(const Report& report, std::string_view authserv_id) {
  const AuthenticationReport& a = report.authentication;
  authres::Header h;
  h.authserv_id = std::string(authserv_id);
  for (const auto& sig : a.dkim) {
    authres::MethodResult r;
    r.method = "dkim";
    r.result = std::string(dkim::AuthResultName(sig.result));
    r.reason = sig.reason;
    if (!sig.domain.empty()) r.properties.push_back({"header", "d", sig.domain});
    if (!sig.selector.empty()) r.properties.push_back({"header", "s", sig.selector});
    if (!sig.algorithm.empty()) r.properties.push_back({"header", "a", sig.algorithm});
    if (!sig.b_prefix.empty()) r.properties.push_back({"header", "b", sig.b_prefix});  // RFC 6008
    h.results.push_back(std::move(r));
  }
  if (a.dns_available && a.dkim.empty()) h.results.push_back(authres::MethodResult{"dkim", 0, "none", "", "", {}});
  if (a.spf) h.results.push_back(authres::SpfMethodResult(*a.spf));
  if (a.dmarc) {
    for (const auto& v : a.dmarc->verdicts) h.results.push_back(authres::DmarcMethodResult(v));
  }
  if (a.arc) {
    authres::MethodResult r;
    r.method = "arc";
    r.result = std::string(arc::ChainStatusName(a.arc->status));
    r.reason = a.arc->reason;
    h.results.push_back(std::move(r));
  }
  return authres::Write(h);
}

}  // namespace kakunin::report
