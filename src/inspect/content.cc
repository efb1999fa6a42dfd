#include "inspect/content.h"

#include <algorithm>
#include <mutex>

#include "base/strings.h"

namespace kakunin::inspect {
namespace {

// The links library checks look-alikes against a plain list of brand domains; build it once
// per registry (the shipped one is the common case).
links::BrandList MakeBrandList(const brands::BrandRegistry& registry) {
  links::BrandList list;
  for (const auto& b : registry.brands()) {
    std::vector<std::string> domains = b.mail_domains;
    domains.insert(domains.end(), b.link_domains.begin(), b.link_domains.end());
    list.Add(b.name_en, domains);
  }
  return list;
}

}  // namespace

const links::BrandList& BrandListFor(const brands::BrandRegistry& registry, links::BrandList& scratch) {
  if (&registry == &brands::BrandRegistry::Default()) {
    static const links::BrandList shipped = MakeBrandList(registry);
    return shipped;
  }
  scratch = MakeBrandList(registry);
  return scratch;
}

std::vector<links::AnalyzedLink> AnalyzeLinks(const mime::Message& message, const links::BrandList& brand_list,
                                              std::vector<Finding>& findings) {
  links::AnalyzeOptions options;
  options.brands = &brand_list;
  links::ExtractLimits reached;
  std::vector<links::Link> extracted = links::Extract(message, &reached);
  for (auto& f : links::LimitFindings(reached)) findings.push_back(std::move(f));
  return links::Analyze(extracted, options);
}

SenderFacts ExamineSender(const mime::Message& message, const brands::BrandRegistry& registry,
                          const links::BrandList& brand_list) {
  SenderFacts s;
  if (message.from().empty()) return s;
  s.domain = message.from().front().Domain();
  if (s.domain.empty()) return s;
  if (auto m = registry.MatchDomain(s.domain)) {
    auto listed = [&](const std::vector<std::string>& domains) {
      return std::find(domains.begin(), domains.end(), m->matched) != domains.end();
    };
    if (m->role == brands::DomainRole::kMailbox && m->brand != nullptr &&
        (listed(m->brand->mail_domains) || listed(m->brand->link_domains))) {
      s.owner_brand = m->brand->id;
      s.shared_mailbox = true;
      return s;
    }
    if (m->role == brands::DomainRole::kMailbox || m->role == brands::DomainRole::kUserContent) {
      s.mailbox_provider = true;
    } else if (m->brand != nullptr) {
      s.owner_brand = m->brand->id;
      return s;
    }
  }
  // Reuse the link checks on the sender's domain: a confusable or brand-bearing domain is a
  // look-alike whether it appears in a link or in From.
  links::AnalyzeOptions options;
  options.brands = &brand_list;
  links::AnalyzedLink probe = links::AnalyzeUrl("https://" + s.domain + "/", nullptr, options);
  for (const auto& f : probe.findings) {
    const std::string& id = f.finding.id;
    if (id == "link.confusable" || id == "link.lookalike" || id == "link.brand_in_domain" ||
        id == "link.brand_in_subdomain" || id == "link.punycode_mixed_script") {
      s.lookalike_evidence = id + ": " + f.evidence;
      // The finding names the imitated brand by its English name ("... like Amazon's ...").
      for (const auto& b : registry.brands()) {
        if (!b.name_en.empty() && f.finding.message_en.find(" " + b.name_en + "'s") != std::string::npos) {
          s.lookalike_brand = b.id;
          break;
        }
      }
      if (!s.lookalike_brand.empty()) break;
    }
  }
  return s;
}

}  // namespace kakunin::inspect
