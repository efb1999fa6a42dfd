// BrandRegistry's shared state: the brands, the domain index and the compiled name patterns.
// Internal to brands/. Immutable once built; shared between copies of a registry.
#ifndef KAKUNIN_BRANDS_REGISTRY_IMPL_H_
#define KAKUNIN_BRANDS_REGISTRY_IMPL_H_

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "brands/folded_text.h"
#include "brands/lookalike.h"
#include "kakunin/brands.h"

namespace kakunin::brands {

struct CompiledName {
  internal::Pattern pattern;
  NameScope scope = NameScope::kAnywhere;
  std::string text;  // The registry spelling, for BrandClaim::name.
  // Confusable skeletons, for Latin names of 4+ letters that are not case-sensitive or
  // display-name-only; nullopt for the others.
  std::optional<internal::Skeletons> skeleton;
};

struct CompiledBrand {
  std::vector<CompiledName> names;
  std::vector<internal::Pattern> not_claims;
  std::vector<internal::Skeletons> not_claim_skeletons;
};

struct BrandRegistry::Impl {
  std::vector<Brand> brands;
  std::vector<CompiledBrand> compiled;  // Parallel to `brands`.
  std::unordered_map<std::string, size_t> by_id;
  struct DomainEntry {
    size_t brand = 0;
    DomainRole role = DomainRole::kMail;
  };
  std::unordered_map<std::string, DomainEntry> domains;   // mail, link and user-content domains.
  std::unordered_map<std::string, size_t> mailbox_domains;  // Exact hosts only.
};

namespace internal {

// Parses and validates a brand file into brands (no index). Errors as BrandRegistry::FromJson.
Result<std::vector<Brand>> ParseBrandFile(std::string_view json, std::string_view origin);

// The registry domain form of `host`: lower-case, one trailing dot removed.
std::string CanonicalHost(std::string_view host);

}  // namespace internal
}  // namespace kakunin::brands

#endif  // KAKUNIN_BRANDS_REGISTRY_IMPL_H_
