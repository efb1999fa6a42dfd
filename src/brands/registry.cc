#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include "base/file.h"
#include "brands/registry_impl.h"

namespace kakunin::brands {
namespace internal {
extern const char kBuiltinBrandsJson[];
}  // namespace internal

std::string_view DomainRoleName(DomainRole role) {
  switch (role) {
    case DomainRole::kMail: return "mail";
    case DomainRole::kLink: return "link";
    case DomainRole::kMailbox: return "mailbox";
    case DomainRole::kUserContent: return "user_content";
  }
  return "mail";
}

std::string_view ClaimSourceName(ClaimSource source) {
  switch (source) {
    case ClaimSource::kFromDisplayName: return "from_display_name";
    case ClaimSource::kFromAddress: return "from_address";
    case ClaimSource::kSubject: return "subject";
    case ClaimSource::kBody: return "body";
  }
  return "body";
}

namespace {

// Lookalike spellings are checked for Latin names long enough to be distinctive: "X" or "au"
// would match half the alphabet's confusables, and kanji brand names have no common lookalikes.
bool LookalikeEligible(const BrandName& n, const internal::Pattern& p) {
  constexpr size_t kMinLookalikeNameLength = 4;
  if (n.case_sensitive || n.scope == NameScope::kExactDisplayName || p.text.size() < kMinLookalikeNameLength) {
    return false;
  }
  for (char32_t c : p.text) {
    if (!((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'))) return false;
  }
  return true;
}

std::shared_ptr<BrandRegistry::Impl> Build(std::vector<Brand> brands) {
  auto impl = std::make_shared<BrandRegistry::Impl>();
  impl->brands = std::move(brands);
  for (size_t i = 0; i < impl->brands.size(); ++i) {
    const Brand& b = impl->brands[i];
    impl->by_id[b.id] = i;
    CompiledBrand c;
    for (const BrandName& n : b.names) {
      CompiledName name{internal::Compile(n.text, n.case_sensitive), n.scope, n.text, std::nullopt};
      if (LookalikeEligible(n, name.pattern)) name.skeleton = internal::SkeletonsOf(n.text);
      c.names.push_back(std::move(name));
    }
    for (const std::string& phrase : b.not_claims) {
      c.not_claims.push_back(internal::Compile(phrase, false));
      c.not_claim_skeletons.push_back(internal::SkeletonsOf(phrase));
    }
    impl->compiled.push_back(std::move(c));
    // Link first, then mail: a domain in both lists is indexed as a mail domain.
    for (const std::string& d : b.link_domains) impl->domains[d] = {i, DomainRole::kLink};
    for (const std::string& d : b.mail_domains) impl->domains[d] = {i, DomainRole::kMail};
    for (const std::string& d : b.user_content_domains) impl->domains[d] = {i, DomainRole::kUserContent};
    for (const std::string& d : b.mailbox_domains) impl->mailbox_domains[d] = i;
  }
  return impl;
}

}  // namespace

BrandRegistry::BrandRegistry() : impl_(Build({})) {}
BrandRegistry::~BrandRegistry() = default;
BrandRegistry::BrandRegistry(const BrandRegistry&) = default;
BrandRegistry& BrandRegistry::operator=(const BrandRegistry&) = default;
BrandRegistry::BrandRegistry(BrandRegistry&&) noexcept = default;
BrandRegistry& BrandRegistry::operator=(BrandRegistry&&) noexcept = default;

Result<BrandRegistry> BrandRegistry::FromJson(std::string_view json, std::string_view origin) {
  auto brands = internal::ParseBrandFile(json, origin);
  if (!brands) return tl::unexpected(brands.error());
  BrandRegistry r;
  r.impl_ = Build(std::move(*brands));
  return r;
}

const BrandRegistry& BrandRegistry::Default() {
  static const BrandRegistry* const registry = [] {
    auto r = FromJson(internal::kBuiltinBrandsJson, "data/brands.json (built in)");
    if (!r) {
      // The shipped file is checked by tests/brands; reaching this is a build of a broken file.
      std::fprintf(stderr, "kakunin: %s\n", r.error().ToString().c_str());
      std::abort();
    }
    return new BrandRegistry(std::move(*r));
  }();
  return *registry;
}

BrandRegistry BrandRegistry::LoadDefault() { return Default(); }

Result<BrandRegistry> BrandRegistry::LoadFile(const std::string& path) {
  auto contents = base::ReadInput(path, kMaxBrandFileBytes);
  if (!contents) return tl::unexpected(contents.error());
  if (contents->truncated) {
    return Fail(ErrorCode::kLimitExceeded, path + ": larger than 4 MiB (kMaxBrandFileBytes)");
  }
  return FromJson(contents->bytes, path);
}

std::optional<std::string> BrandRegistry::DefaultUserFilePath() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  // XDG Base Directory 0.8: a relative path in $XDG_CONFIG_HOME is invalid and must be ignored.
  if (config != nullptr && config[0] == '/') return std::string(config) + "/kakunin/brands.json";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.config/kakunin/brands.json";
  return std::nullopt;
}

Result<BrandRegistry> BrandRegistry::LoadWithUserFile(const std::optional<std::string>& user_file) {
  BrandRegistry registry = LoadDefault();
  std::optional<std::string> path = user_file;
  if (!path) {
    path = DefaultUserFilePath();
    std::error_code ec;
    if (!path || !std::filesystem::exists(*path, ec)) return registry;
  }
  auto user = LoadFile(*path);
  if (!user) return tl::unexpected(user.error());
  registry.Merge(*user);
  return registry;
}

void BrandRegistry::Merge(const BrandRegistry& other) {
  std::vector<Brand> merged;
  std::unordered_map<std::string, bool> taken;  // Domains the other file lists.
  for (const Brand& b : other.brands()) {
    for (const auto* list : {&b.mail_domains, &b.link_domains, &b.mailbox_domains, &b.user_content_domains}) {
      for (const std::string& d : *list) taken[d] = true;
    }
  }
  auto drop_taken = [&taken](std::vector<std::string>* list) {
    std::erase_if(*list, [&taken](const std::string& d) { return taken.count(d) != 0; });
  };
  for (const Brand& b : brands()) {
    if (other.FindById(b.id) != nullptr) continue;
    Brand kept = b;
    drop_taken(&kept.mail_domains);
    drop_taken(&kept.link_domains);
    drop_taken(&kept.mailbox_domains);
    drop_taken(&kept.user_content_domains);
    merged.push_back(std::move(kept));
  }
  for (const Brand& b : other.brands()) merged.push_back(b);
  impl_ = Build(std::move(merged));
}

const std::vector<Brand>& BrandRegistry::brands() const { return impl_->brands; }

const Brand* BrandRegistry::FindById(std::string_view id) const {
  auto it = impl_->by_id.find(std::string(id));
  return it == impl_->by_id.end() ? nullptr : &impl_->brands[it->second];
}

std::optional<DomainMatch> BrandRegistry::MatchDomain(std::string_view host) const {
  std::string h = internal::CanonicalHost(host);
  if (h.empty() || h.size() > kMaxDomainLength) return std::nullopt;
  if (auto it = impl_->mailbox_domains.find(h); it != impl_->mailbox_domains.end()) {
    return DomainMatch{&impl_->brands[it->second], DomainRole::kMailbox, h};
  }
  // Most specific first: the host itself, then each parent on a label boundary.
  std::string_view rest = h;
  while (!rest.empty()) {
    if (auto it = impl_->domains.find(std::string(rest)); it != impl_->domains.end()) {
      return DomainMatch{&impl_->brands[it->second.brand], it->second.role, std::string(rest)};
    }
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

const Brand* BrandRegistry::FindByDomain(std::string_view host) const {
  auto m = MatchDomain(host);
  if (!m || m->role == DomainRole::kMailbox || m->role == DomainRole::kUserContent) return nullptr;
  return m->brand;
}

}  // namespace kakunin::brands
