#include <string>

#include "base/strings.h"
#include "kakunin/links.h"

namespace kakunin::links {

void BrandList::Add(std::string name, const std::vector<std::string>& domains, const url::PublicSuffixList& psl) {
  Brand brand;
  brand.name = std::move(name);
  for (const auto& d : domains) {
    auto ascii = url::DomainToAscii(d);
    if (!ascii) continue;
    std::string reg = psl.RegistrableDomain(*ascii);
    if (reg.empty()) continue;
    bool seen = false;
    for (const auto& have : brand.domains) seen = seen || have == reg;
    if (seen) continue;
    brand.domains.push_back(reg);
    std::string suffix = psl.PublicSuffix(reg);
    std::string label = reg.size() > suffix.size() + 1 ? reg.substr(0, reg.size() - suffix.size() - 1) : reg;
    bool label_seen = false;
    for (const auto& have : brand.labels) label_seen = label_seen || have == label;
    if (!label_seen) {
      brand.skeletons.push_back(url::Skeleton(url::DomainToUnicode(label)));
      brand.labels.push_back(std::move(label));
    }
  }
  brands_.push_back(std::move(brand));
}

const BrandList::Brand* BrandList::FindByDomain(std::string_view registrable_domain) const {
  if (registrable_domain.empty()) return nullptr;
  for (const auto& b : brands_) {
    for (const auto& d : b.domains) {
      if (base::EqualsIgnoreCase(d, registrable_domain)) return &b;
    }
  }
  return nullptr;
}

}  // namespace kakunin::links
