// What inspect asks of the registry: was this message sent to an alias, and to whom was it given?
#include <set>
#include <string>

#include "kakunin/alias.h"

namespace kakunin::alias {

Result<std::vector<RecipientAlias>> FindRecipientAliases(const Registry& registry, const ProviderRules& rules,
                                                         std::span<const std::string> addresses) {
  std::vector<RecipientAlias> out;
  std::set<std::string> seen;
  for (const std::string& text : addresses) {
    auto parsed = ParseAddress(text);
    if (!parsed) continue;
    Normalized n = Normalize(rules, *parsed);
    if (!seen.insert(n.address).second) continue;
    auto record = registry.Find(n.address);
    if (!record) return tl::unexpected(record.error());
    if (record->has_value()) out.push_back({text, std::move(**record)});
  }
  return out;
}

BrandFit CompareServiceWithBrand(std::string_view service, std::string_view brand) {
  std::string a = ServiceSlug(service);
  std::string b = ServiceSlug(brand);
  if (a.empty() || b.empty()) return a == b && !service.empty() && service == brand ? BrandFit::kConsistent
                                                                                     : BrandFit::kMismatch;
  return (a.starts_with(b) || b.starts_with(a)) ? BrandFit::kConsistent : BrandFit::kMismatch;
}

}  // namespace kakunin::alias
