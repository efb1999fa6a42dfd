// One-call helpers over the authres pieces: SPF for a received message, and method results for
// Write().
#include "kakunin/authres.h"

namespace kakunin::authres {

MessageSpf CheckMessageSpf(const mime::Message& message, const TrustPolicy& policy, dns::Resolver& resolver,
                           const spf::Options& options) {
  MessageSpf out;
  out.inputs = FindSpfInputs(message, policy);
  if (!out.inputs.evaluated) return out;
  auto ip = spf::IpAddress::Parse(out.inputs.ip);
  if (!ip) {
    out.inputs.evaluated = false;
    out.inputs.reason = "the entry hop's client address '" + out.inputs.ip + "' is not an IP address";
    return out;
  }
  auto verdict = spf::CheckMailFrom(*ip, out.inputs.mail_from, out.inputs.helo, resolver, options);
  if (!verdict) {
    out.inputs.evaluated = false;
    out.inputs.reason = verdict.error().message;
    return out;
  }
  out.verdict = std::move(*verdict);
  return out;
}

MethodResult SpfMethodResult(const spf::Verdict& verdict) {
  MethodResult r;
  r.method = "spf";
  r.result = std::string(spf::SpfResultName(verdict.result));
  r.comment = verdict.reason;
  if (verdict.identity == spf::Identity::kHelo) {
    r.properties.push_back({"smtp", "helo", verdict.domain});
  } else {
    r.properties.push_back({"smtp", "mailfrom", verdict.sender});
  }
  return r;
}

MethodResult DmarcMethodResult(const dmarc::Verdict& verdict) {
  MethodResult r;
  r.method = "dmarc";
  r.result = std::string(dmarc::DmarcResultName(verdict.result));
  r.comment = verdict.reason;
  if (verdict.record) {
    // Gmail's form: the asked policy and the disposition applied ("dis") in the comment; RFC 7489
    // registers no property for them.
    r.comment = "p=" + std::string(dmarc::PolicyName(verdict.requested_policy)) +
                " dis=" + std::string(dmarc::PolicyName(verdict.applied_policy)) +
                (verdict.sampled_out ? " (pct=" + std::to_string(verdict.record->pct) + ", not sampled)" : "");
  }
  r.properties.push_back({"header", "from", verdict.from_domain});
  return r;
}

}  // namespace kakunin::authres
