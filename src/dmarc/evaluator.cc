// DMARC evaluation (RFC 7489 6.6): discovery, alignment, result, requested and applied policy.
#include <algorithm>
#include <random>

#include "base/strings.h"
#include "kakunin/dmarc.h"

namespace kakunin::dmarc {
namespace {

// Longest DNS name (RFC 1035 2.3.4) minus "_dmarc.": longer From domains cannot have a record.
constexpr size_t kMaxFromDomainLength = 253 - 7;
// Longest DNS label (RFC 1035 2.3.4).
constexpr size_t kMaxLabelLength = 63;

std::string Normalize(std::string_view domain) {
  std::string d = base::ToLower(base::Trim(domain));
  if (!d.empty() && d.back() == '.') d.pop_back();
  return d;
}

bool IsLookupableDomain(const std::string& d) {
  if (d.empty() || d.size() > kMaxFromDomainLength) return false;
  for (std::string_view label : base::Split(d, '.')) {
    if (label.empty() || label.size() > kMaxLabelLength) return false;
  }
  return true;
}

// What one _dmarc lookup found.
struct Lookup {
  enum class Kind { kNone, kFound, kTempError, kPermError } kind = Kind::kNone;
  std::optional<Record> record;
  std::string problem;
};

Lookup FetchRecord(const std::string& domain, dns::Resolver& resolver) {
  Lookup out;
  std::string name = "_dmarc." + domain;
  auto answer = resolver.Lookup(name, dns::RrType::kTxt);
  if (!answer) {
    out.kind = Lookup::Kind::kTempError;
    out.problem = "DNS error looking up TXT " + name + ": " + answer.error().message;
    return out;
  }
  std::vector<std::string_view> found;
  for (const auto& rec : answer->records) {
    if (IsDmarcRecord(rec.data)) found.push_back(rec.data);
  }
  if (found.empty()) return out;
  if (found.size() > 1) {
    // 6.6.3: more than one record means no DMARC processing; reported as permerror.
    out.kind = Lookup::Kind::kPermError;
    out.problem = "more than one DMARC record at " + name;
    return out;
  }
  auto record = ParseRecord(found[0]);
  if (!record) {
    out.kind = Lookup::Kind::kPermError;
    out.problem = "DMARC record at " + name + ": " + record.error().message;
    return out;
  }
  out.kind = Lookup::Kind::kFound;
  out.record = std::move(*record);
  return out;
}

Policy Weaker(Policy p) {
  // 6.6.4: a message not selected by pct= gets the next policy down.
  return p == Policy::kReject ? Policy::kQuarantine : Policy::kNone;
}

int Rank(DmarcResult r) {
  switch (r) {
    case DmarcResult::kPass: return 0;
    case DmarcResult::kNone: return 1;
    case DmarcResult::kFail: return 2;
    case DmarcResult::kPermError: return 3;
    case DmarcResult::kTempError: return 4;
  }
  return 0;
}

Finding MakeFinding(std::string id, Severity severity, std::string en, std::string ja) {
  Finding f;
  f.id = std::move(id);
  f.severity = severity;
  f.message_en = std::move(en);
  f.message_ja = std::move(ja);
  return f;
}

}  // namespace

std::string_view DmarcResultName(DmarcResult result) {
  switch (result) {
    case DmarcResult::kNone: return "none";
    case DmarcResult::kPass: return "pass";
    case DmarcResult::kFail: return "fail";
    case DmarcResult::kTempError: return "temperror";
    case DmarcResult::kPermError: return "permerror";
  }
  return "none";
}

std::string OrganizationalDomain(std::string_view domain, const url::PublicSuffixList& psl) {
  std::string d = Normalize(domain);
  std::string reg = psl.RegistrableDomain(d);
  // A public suffix has no registrable domain: it is its own Organizational Domain.
  return reg.empty() ? d : reg;
}

bool Aligned(std::string_view a, std::string_view b, Alignment mode, const url::PublicSuffixList& psl) {
  std::string x = Normalize(a), y = Normalize(b);
  if (x.empty() || y.empty()) return false;
  if (x == y) return true;
  return mode == Alignment::kRelaxed && OrganizationalDomain(x, psl) == OrganizationalDomain(y, psl);
}

Verdict EvaluateDomain(std::string_view from_domain, const std::vector<DkimInput>& dkim,
                       const std::optional<SpfInput>& spf, dns::Resolver& resolver, const Options& options) {
  std::shared_ptr<const url::PublicSuffixList> psl = options.psl ? options.psl : url::PublicSuffixList::Default();
  Verdict v;
  v.from_domain = Normalize(from_domain);
  if (!IsLookupableDomain(v.from_domain)) {
    v.reason = "From domain '" + v.from_domain + "' is not a valid domain name";
    return v;
  }
  v.organizational_domain = OrganizationalDomain(v.from_domain, *psl);

  // 6.6.3: the From domain first, then (DMARCbis: a tree walk instead) its Organizational Domain.
  Lookup lookup = FetchRecord(v.from_domain, resolver);
  v.record_domain = v.from_domain;
  if (lookup.kind == Lookup::Kind::kNone && v.organizational_domain != v.from_domain) {
    lookup = FetchRecord(v.organizational_domain, resolver);
    v.record_domain = v.organizational_domain;
  }
  switch (lookup.kind) {
    case Lookup::Kind::kNone:
      v.record_domain.clear();
      v.reason = "no DMARC record for " + v.from_domain +
                 (v.organizational_domain != v.from_domain ? " or " + v.organizational_domain : std::string());
      return v;
    case Lookup::Kind::kTempError:
      v.result = DmarcResult::kTempError;
      v.reason = lookup.problem;
      return v;
    case Lookup::Kind::kPermError:
      v.result = DmarcResult::kPermError;
      v.reason = lookup.problem;
      return v;
    case Lookup::Kind::kFound:
      break;
  }
  const Record& record = *lookup.record;
  v.record = record;

  // 3.1.1: any passing DKIM signature whose d= aligns.
  for (const auto& sig : dkim) {
    if (!sig.pass) continue;
    if (Aligned(sig.domain, v.from_domain, record.adkim, *psl)) {
      v.dkim_aligned = true;
      v.dkim_domain = Normalize(sig.domain);
      break;
    }
    if (v.dkim_domain.empty()) v.dkim_domain = Normalize(sig.domain);
  }
  // 3.1.2: an SPF pass for an aligned domain.
  if (spf && spf->pass) {
    v.spf_domain = Normalize(spf->domain);
    v.spf_aligned = Aligned(spf->domain, v.from_domain, record.aspf, *psl);
  }

  // 6.3 sp=: for subdomains of the Organizational Domain, i.e. when the record came from there.
  bool subdomain_record = v.record_domain != v.from_domain;
  v.requested_policy = subdomain_record && record.subdomain_policy ? *record.subdomain_policy : record.policy;
  if (v.dkim_aligned || v.spf_aligned) {
    v.result = DmarcResult::kPass;
    v.applied_policy = Policy::kNone;
    v.reason = std::string("aligned ") + (v.dkim_aligned ? "DKIM d=" + v.dkim_domain : "SPF " + v.spf_domain) +
               " for " + v.from_domain;
    return v;
  }
  v.result = DmarcResult::kFail;
  int sample = options.pct_sample ? *options.pct_sample : [] {
    static thread_local std::mt19937 rng{std::random_device{}()};
    return std::uniform_int_distribution<int>(0, 99)(rng);
  }();
  v.applied_policy = v.requested_policy;
  if (v.requested_policy != Policy::kNone && sample >= record.pct) {
    v.sampled_out = true;
    v.applied_policy = Weaker(v.requested_policy);
  }
  v.reason = "no aligned pass: DKIM " +
             (v.dkim_domain.empty() ? std::string("none passed") : "passed for " + v.dkim_domain + " only") +
             ", SPF " + (v.spf_domain.empty() ? std::string("did not pass") : "passed for " + v.spf_domain + " only") +
             "; the domain asks for p=" + std::string(PolicyName(v.requested_policy));
  return v;
}

Evaluation Evaluate(const std::vector<std::string>& from_domains, const std::vector<DkimInput>& dkim,
                    const std::optional<SpfInput>& spf, dns::Resolver& resolver, const Options& options) {
  Evaluation e;
  std::vector<std::string> distinct;
  bool missing_domain = false;
  for (const auto& d : from_domains) {
    std::string n = Normalize(d);
    if (n.empty()) {
      missing_domain = true;
      continue;
    }
    if (std::find(distinct.begin(), distinct.end(), n) == distinct.end()) distinct.push_back(n);
  }
  if (from_domains.empty()) {
    e.findings.push_back(MakeFinding("dmarc.no_from", Severity::kMedium,
                                     "The message has no From address, so DMARC cannot be applied (RFC 7489 6.6.1).",
                                     "差出人 (From) アドレスがないため、DMARC を適用できません (RFC 7489 6.6.1)。"));
  } else if (from_domains.size() > 1) {
    e.findings.push_back(MakeFinding(
        "dmarc.multiple_from", distinct.size() > 1 ? Severity::kHigh : Severity::kMedium,
        "The From header lists " + std::to_string(from_domains.size()) + " addresses (" +
            std::to_string(distinct.size()) + " domains); each domain is checked (RFC 7489 6.6.1).",
        "From ヘッダーにアドレスが " + std::to_string(from_domains.size()) + " 個 (ドメイン " +
            std::to_string(distinct.size()) + " 個) あります。各ドメインを検査しました (RFC 7489 6.6.1)。"));
  }
  if (missing_domain) {
    e.findings.push_back(MakeFinding("dmarc.from_without_domain", Severity::kMedium,
                                     "A From address has no domain, so DMARC cannot be applied to it.",
                                     "ドメインのない From アドレスがあり、DMARC を適用できません。"));
  }
  for (const auto& d : distinct) {
    Verdict v = EvaluateDomain(d, dkim, spf, resolver, options);
    if (e.verdicts.empty() || Rank(v.result) > Rank(e.result)) e.result = v.result;
    if (v.applied_policy > e.applied_policy) e.applied_policy = v.applied_policy;
    e.verdicts.push_back(std::move(v));
  }
  return e;
}

Evaluation EvaluateMessage(const mime::Message& message, const std::vector<DkimInput>& dkim,
                           const std::optional<SpfInput>& spf, dns::Resolver& resolver, const Options& options) {
  std::vector<std::string> domains;
  for (const auto& mb : message.from()) domains.push_back(mb.Domain());
  return Evaluate(domains, dkim, spf, resolver, options);
}

}  // namespace kakunin::dmarc
