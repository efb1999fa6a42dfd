// check_host() (RFC 7208 section 4) over a dns::Resolver. Every record, name and answer here comes
// from DNS or from the SMTP client: the work is bounded by the limits of 4.6.4 (kMaxDnsTerms
// terms, each with at most kMaxMxAddressLookups / kMaxPtrNames address queries), which also ends
// include/redirect loops.
#include <algorithm>
#include <utility>

#include "base/strings.h"
#include "kakunin/spf.h"
#include "spf/macro.h"

namespace kakunin::spf {
namespace {

using internal::ExpandMacroString;
using internal::MacroContext;
using internal::MacroEnv;

// What one check_host() call (or one term) concluded.
struct Outcome {
  SpfResult result = SpfResult::kNone;
  std::string reason;
  std::string mechanism;
  std::string explanation;
  std::string domain;
};

// Whether a term matched, or stopped the whole evaluation with an error result.
struct TermResult {
  bool matched = false;
  std::optional<Outcome> stop;  // temperror / permerror
};

Outcome Make(SpfResult result, std::string reason) {
  Outcome o;
  o.result = result;
  o.reason = std::move(reason);
  return o;
}

SpfResult FromQualifier(Qualifier q) {
  switch (q) {
    case Qualifier::kPass: return SpfResult::kPass;
    case Qualifier::kFail: return SpfResult::kFail;
    case Qualifier::kSoftFail: return SpfResult::kSoftFail;
    case Qualifier::kNeutral: return SpfResult::kNeutral;
  }
  return SpfResult::kNeutral;
}

std::string StripDot(std::string_view name) {
  std::string s = base::ToLower(name);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

bool IsSubdomainOrSame(std::string_view name, std::string_view parent) {
  std::string n = StripDot(name), p = StripDot(parent);
  return n == p || (n.size() > p.size() && n.ends_with(p) && n[n.size() - p.size() - 1] == '.');
}

// RFC 7208 4.8: an expanded name longer than 253 octets loses labels from the left.
std::string TruncateDomain(std::string name) {
  while (name.size() > kMaxDomainLength) {
    size_t dot = name.find('.');
    if (dot == std::string::npos) break;
    name.erase(0, dot + 1);
  }
  return name;
}

std::string ReverseName(const IpAddress& ip) {
  std::string dotted = internal::DottedAddress(ip);
  std::vector<std::string_view> parts = base::Split(dotted, '.');
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    out += *it;
    out.push_back('.');
  }
  out += ip.is_v4() ? "in-addr.arpa" : "ip6.arpa";
  return out;
}

class Evaluation {
 public:
  Evaluation(const IpAddress& ip, std::string_view helo, dns::Resolver& resolver, const Options& options)
      : ip_(ip), helo_(helo), resolver_(resolver), options_(options) {}

  int dns_terms() const { return dns_terms_; }
  int void_lookups() const { return void_lookups_; }

  // check_host(<ip>, <domain>, <sender>); `explain` asks for exp= on a fail (6.2: only the record
  // that produced the result, never an included one).
  Outcome CheckHost(const std::string& domain, std::string_view sender, bool explain) {
    Outcome out = CheckHostInner(domain, sender, explain);
    if (out.domain.empty()) out.domain = domain;
    return out;
  }

 private:
  Outcome CheckHostInner(const std::string& domain, std::string_view sender, bool explain) {
    // 4.3: a malformed or single-label domain, or NXDOMAIN, is "none" without further ado.
    std::string d = StripDot(domain);
    if (!IsValidDomainName(domain) || d.find('.') == std::string::npos) {
      return Make(SpfResult::kNone, "'" + domain + "' is not a valid multi-label domain name");
    }
    auto answer = resolver_.Lookup(domain, dns::RrType::kTxt);
    if (!answer) return Make(SpfResult::kTempError, "DNS error looking up TXT " + domain + ": " + answer.error().message);
    std::vector<std::string_view> spf_records;
    for (const auto& rec : answer->records) {
      if (IsSpfRecord(rec.data)) spf_records.push_back(rec.data);
    }
    if (spf_records.empty()) return Make(SpfResult::kNone, "no SPF record at " + domain);
    // 4.5: more than one record is a permerror.
    if (spf_records.size() > 1) return Make(SpfResult::kPermError, "more than one SPF record at " + domain);
    auto record = ParseRecord(spf_records[0]);
    if (!record) return Make(SpfResult::kPermError, "SPF record at " + domain + ": " + record.error().message);

    MacroEnv env = Env(domain, sender);
    for (const auto& m : record->mechanisms) {
      TermResult tr = Evaluate(m, domain, sender, env);
      if (tr.stop) return *tr.stop;
      if (!tr.matched) continue;
      Outcome out;
      out.result = FromQualifier(m.qualifier);
      out.mechanism = m.ToString();
      out.reason = "matched '" + out.mechanism + "' in the SPF record of " + domain;
      out.domain = domain;
      if (out.result == SpfResult::kFail && explain && record->exp) out.explanation = Explain(*record->exp, env);
      return out;
    }
    if (record->redirect) {
      // 6.1: redirect counts as a DNS-querying term; a target without a record is a permerror.
      if (auto stop = CountDnsTerm("redirect=" + *record->redirect)) return *stop;
      auto target = ExpandDomain(*record->redirect, env);
      if (!target) return Make(SpfResult::kPermError, "redirect=" + *record->redirect + ": " + target.error().message);
      Outcome out = CheckHost(*target, sender, explain);
      if (out.result == SpfResult::kNone) {
        return Make(SpfResult::kPermError, "redirect=" + *target + " has no SPF record (" + out.reason + ")");
      }
      return out;
    }
    Outcome out = Make(SpfResult::kNeutral, "no mechanism matched in the SPF record of " + domain);
    out.domain = domain;
    return out;
  }

  MacroEnv Env(const std::string& domain, std::string_view sender) {
    MacroEnv env;
    env.sender = sender;
    size_t at = sender.rfind('@');
    env.local_part = at == std::string_view::npos ? std::string_view("postmaster") : sender.substr(0, at);
    env.sender_domain = at == std::string_view::npos ? sender : sender.substr(at + 1);
    env.domain = domain;
    env.ip = ip_;
    env.helo = helo_;
    env.receiver = options_.receiver;
    env.now = options_.now;
    env.validated_name = [this, target = domain] { return ValidatedName(target); };
    return env;
  }

  Result<std::string> ExpandDomain(const std::string& spec, const MacroEnv& env) {
    auto expanded = ExpandMacroString(spec, MacroContext::kDomainSpec, env);
    if (!expanded) return expanded;
    return TruncateDomain(std::move(*expanded));
  }

  std::optional<Outcome> CountDnsTerm(const std::string& term) {
    if (++dns_terms_ > kMaxDnsTerms) {
      return Make(SpfResult::kPermError, "more than " + std::to_string(kMaxDnsTerms) +
                                             " DNS-querying terms (RFC 7208 4.6.4), at '" + term + "'");
    }
    return std::nullopt;
  }

  std::optional<Outcome> CountVoid(const std::string& term) {
    if (++void_lookups_ > options_.max_void_lookups) {
      return Make(SpfResult::kPermError, "more than " + std::to_string(options_.max_void_lookups) +
                                             " void DNS lookups (RFC 7208 4.6.4), at '" + term + "'");
    }
    return std::nullopt;
  }

  // Looks up `name`; names that cannot exist (labels over 63 octets, empty labels) are never sent
  // to DNS and count as no answer.
  Result<dns::Answer> Query(const std::string& name, dns::RrType type) {
    if (!IsValidDomainName(name)) {
      dns::Answer a;
      a.status = dns::Status::kNxDomain;
      return a;
    }
    return resolver_.Lookup(name, type);
  }

  dns::RrType AddressType() const { return ip_.is_v4() ? dns::RrType::kA : dns::RrType::kAaaa; }

  bool AnyAddressMatches(const dns::Answer& answer, int cidr4, int cidr6) const {
    for (const auto& rec : answer.records) {
      auto addr = IpAddress::Parse(rec.data);
      if (addr && ip_.InNetwork(*addr, addr->is_v4() ? cidr4 : cidr6)) return true;
    }
    return false;
  }

  TermResult Stop(SpfResult result, std::string reason, const Mechanism& m) {
    TermResult tr;
    Outcome o = Make(result, std::move(reason));
    o.mechanism = m.ToString();
    tr.stop = std::move(o);
    return tr;
  }

  TermResult Evaluate(const Mechanism& m, const std::string& domain, std::string_view sender, const MacroEnv& env) {
    TermResult tr;
    std::string term = m.ToString();
    switch (m.kind) {
      case MechanismKind::kAll:
        tr.matched = true;
        return tr;
      case MechanismKind::kIp4:
      case MechanismKind::kIp6:
        tr.matched = m.network && ip_.InNetwork(*m.network, m.network->is_v4() ? m.cidr4 : m.cidr6);
        return tr;
      default:
        break;
    }
    if (auto stop = CountDnsTerm(term)) {
      tr.stop = std::move(stop);
      return tr;
    }
    std::string target = domain;
    if (!m.domain_spec.empty()) {
      auto expanded = ExpandDomain(m.domain_spec, env);
      if (!expanded) return Stop(SpfResult::kPermError, "'" + term + "': " + expanded.error().message, m);
      target = std::move(*expanded);
    }
    switch (m.kind) {
      case MechanismKind::kInclude: {
        Outcome inner = CheckHost(target, sender, false);
        switch (inner.result) {
          case SpfResult::kPass: tr.matched = true; return tr;
          case SpfResult::kFail:
          case SpfResult::kSoftFail:
          case SpfResult::kNeutral: return tr;
          case SpfResult::kTempError: tr.stop = std::move(inner); return tr;
          case SpfResult::kPermError: tr.stop = std::move(inner); return tr;
          case SpfResult::kNone:
            // 5.2: an included domain without a record is a permerror.
            return Stop(SpfResult::kPermError, "'" + term + "': " + inner.reason, m);
        }
        return tr;
      }
      case MechanismKind::kA:
      case MechanismKind::kExists: {
        // 5.7: exists always asks for A records, whatever the client's address family.
        dns::RrType type = m.kind == MechanismKind::kExists ? dns::RrType::kA : AddressType();
        auto answer = Query(target, type);
        if (!answer) return Stop(SpfResult::kTempError, "'" + term + "': " + answer.error().message, m);
        if (answer->records.empty()) {
          tr.stop = CountVoid(term);
          return tr;
        }
        tr.matched = m.kind == MechanismKind::kExists || AnyAddressMatches(*answer, m.cidr4, m.cidr6);
        return tr;
      }
      case MechanismKind::kMx: return EvaluateMx(m, target, term);
      case MechanismKind::kPtr: {
        auto names = ValidatedNames(std::optional<std::string>(target), &tr, term);
        if (tr.stop) return tr;
        for (const auto& name : names) {
          if (IsSubdomainOrSame(name, target)) tr.matched = true;
        }
        return tr;
      }
      default: return tr;
    }
  }

  TermResult EvaluateMx(const Mechanism& m, const std::string& target, const std::string& term) {
    TermResult tr;
    auto answer = Query(target, dns::RrType::kMx);
    if (!answer) return Stop(SpfResult::kTempError, "'" + term + "': " + answer.error().message, m);
    if (answer->records.empty()) {
      tr.stop = CountVoid(term);
      return tr;
    }
    std::vector<dns::Record> mx = answer->records;
    std::stable_sort(mx.begin(), mx.end(), [](const auto& a, const auto& b) { return a.preference < b.preference; });
    int lookups = 0;
    for (const auto& host : mx) {
      std::string name = StripDot(host.data);
      if (name.empty()) continue;  // RFC 7505 null MX: no host.
      // 4.6.4: the limit is on address queries made; a match found before the 11th query stands
      // (hosts are tried in preference order), needing an 11th query is a permerror.
      if (++lookups > kMaxMxAddressLookups) {
        return Stop(SpfResult::kPermError,
                    "'" + term + "': more than " + std::to_string(kMaxMxAddressLookups) +
                        " MX hosts to look up (RFC 7208 4.6.4)",
                    m);
      }
      auto addrs = Query(name, AddressType());
      if (!addrs) return Stop(SpfResult::kTempError, "'" + term + "': " + addrs.error().message, m);
      if (AnyAddressMatches(*addrs, m.cidr4, m.cidr6)) {
        tr.matched = true;
        return tr;
      }
    }
    return tr;
  }

  // 5.5: PTR names of the client whose A/AAAA records contain the client's address. With a
  // `target`, names within it are checked first (the RFC's suggested order). At most
  // kMaxPtrNames names are checked. `tr` (may be null) receives void-limit stops.
  std::vector<std::string> ValidatedNames(const std::optional<std::string>& target, TermResult* tr,
                                          const std::string& term) {
    std::vector<std::string> validated;
    auto answer = resolver_.Lookup(ReverseName(ip_), dns::RrType::kPtr);
    // 5.5: a DNS error on the PTR lookup means no match, not temperror.
    if (!answer) return validated;
    if (answer->records.empty()) {
      if (tr != nullptr) tr->stop = CountVoid(term);
      return validated;
    }
    std::vector<std::string> names;
    for (const auto& rec : answer->records) {
      if (names.size() >= static_cast<size_t>(kMaxPtrNames)) break;  // 4.6.4: ignore the rest.
      names.push_back(StripDot(rec.data));
    }
    if (target) {
      std::stable_partition(names.begin(), names.end(), [&](const std::string& n) { return IsSubdomainOrSame(n, *target); });
    }
    for (const auto& name : names) {
      auto addrs = Query(name, AddressType());
      if (!addrs) continue;  // 5.5: skip names whose lookup fails.
      for (const auto& rec : addrs->records) {
        auto addr = IpAddress::Parse(rec.data);
        if (addr && *addr == ip_) {
          validated.push_back(name);
          break;
        }
      }
      if (target && !validated.empty() && IsSubdomainOrSame(validated.back(), *target)) break;
    }
    return validated;
  }

  // %{p} (7.3): a validated name in the target domain if any, else any validated name, else "unknown".
  std::string ValidatedName(const std::string& domain) {
    auto names = ValidatedNames(std::optional<std::string>(domain), nullptr, "%{p}");
    for (const auto& n : names) {
      if (IsSubdomainOrSame(n, domain)) return n;
    }
    return names.empty() ? "unknown" : names.front();
  }

  // 6.2: the explanation, or "" whenever anything about it is wrong.
  std::string Explain(const std::string& spec, const MacroEnv& env) {
    auto name = ExpandDomain(spec, env);
    if (!name || !IsValidDomainName(*name)) return {};
    auto answer = resolver_.Lookup(*name, dns::RrType::kTxt);
    if (!answer || answer->records.size() != 1) return {};
    auto text = ExpandMacroString(answer->records[0].data, MacroContext::kExplanation, env);
    if (!text) return {};
    return *text;
  }

  IpAddress ip_;
  std::string helo_;
  dns::Resolver& resolver_;
  const Options& options_;
  int dns_terms_ = 0;
  int void_lookups_ = 0;
};

// Splits a MAIL FROM into <sender>, adding "postmaster" where the local part is missing (4.3).
std::pair<std::string, std::string> SenderAndDomain(std::string_view mail_from) {
  std::string_view s = base::Trim(mail_from);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  size_t at = s.rfind('@');
  std::string domain(at == std::string_view::npos ? s : s.substr(at + 1));
  std::string local(at == std::string_view::npos ? std::string_view() : s.substr(0, at));
  if (local.empty()) local = "postmaster";
  return {local + "@" + domain, domain};
}

}  // namespace

std::string_view SpfResultName(SpfResult result) {
  switch (result) {
    case SpfResult::kNone: return "none";
    case SpfResult::kNeutral: return "neutral";
    case SpfResult::kPass: return "pass";
    case SpfResult::kFail: return "fail";
    case SpfResult::kSoftFail: return "softfail";
    case SpfResult::kTempError: return "temperror";
    case SpfResult::kPermError: return "permerror";
  }
  return "none";
}

std::string DefaultExplanation(const Verdict& verdict) {
  return "the SPF record of " + verdict.domain + " does not authorize this host to send mail for " + verdict.sender;
}

Verdict CheckHost(const IpAddress& ip, std::string_view domain, std::string_view sender, std::string_view helo,
                  dns::Resolver& resolver, const Options& options) {
  // 5: an IPv4 client seen through an IPv6 socket is checked as IPv4.
  IpAddress effective = ip.MappedV4().value_or(ip);
  Evaluation eval(effective, helo, resolver, options);
  Outcome out = eval.CheckHost(std::string(domain), sender, true);
  Verdict v;
  v.result = out.result;
  v.domain = std::string(domain);
  v.sender = std::string(sender);
  v.explanation = std::move(out.explanation);
  v.reason = std::move(out.reason);
  v.mechanism = std::move(out.mechanism);
  v.dns_terms = eval.dns_terms();
  v.void_lookups = eval.void_lookups();
  return v;
}

Result<Verdict> CheckMailFrom(const IpAddress& ip, std::string_view mail_from, std::string_view helo,
                              dns::Resolver& resolver, const Options& options) {
  std::string_view from = base::Trim(mail_from);
  if (from == "<>") from = {};
  if (from.empty()) {
    // 2.4: a null reverse-path is checked as postmaster@<HELO>.
    if (base::Trim(helo).empty()) return Fail(ErrorCode::kInvalidArgument, "empty MAIL FROM and no HELO name");
    Verdict v = CheckHelo(ip, helo, resolver, options);
    v.identity = Identity::kMailFrom;
    return v;
  }
  auto [sender, domain] = SenderAndDomain(from);
  Verdict v = CheckHost(ip, domain, sender, helo, resolver, options);
  v.identity = Identity::kMailFrom;
  return v;
}

Verdict CheckHelo(const IpAddress& ip, std::string_view helo, dns::Resolver& resolver, const Options& options) {
  std::string name(base::Trim(helo));
  Verdict v;
  v.identity = Identity::kHelo;
  v.domain = name;
  v.sender = "postmaster@" + name;
  // 2.3: an address literal, or a name that is not a multi-label domain, cannot be checked.
  if (name.empty() || name.front() == '[' || IpAddress::Parse(name) || name.find('.') == std::string::npos) {
    v.result = SpfResult::kNone;
    v.reason = "HELO '" + name + "' is not a domain name";
    return v;
  }
  v = CheckHost(ip, name, "postmaster@" + name, name, resolver, options);
  v.identity = Identity::kHelo;
  return v;
}

}  // namespace kakunin::spf
