// Public suffixes and registrable domains through libpsl.
#include <libpsl.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/strings.h"
#include "kakunin/url.h"

namespace kakunin::url {
namespace {

// Debian's publicsuffix package; libpsl reads the .dafsa (compiled) or .dat form.
constexpr const char* kDebianList = "/usr/share/publicsuffix/public_suffix_list.dafsa";

// libpsl wants lower-case input; the PSL rules are stored as punycode and UTF-8 both, so the
// ASCII form of a host works directly. A leading dot or an empty label makes no registrable domain.
bool UsableDomain(std::string_view d) {
  return !d.empty() && d.front() != '.' && d.find("..") == std::string_view::npos;
}

}  // namespace

struct PublicSuffixList::Impl {
  psl_ctx_t* ctx = nullptr;
  bool owned = false;
  ~Impl() {
    if (owned) psl_free(ctx);
  }
};

PublicSuffixList::PublicSuffixList(std::unique_ptr<Impl> impl, std::string source)
    : impl_(std::move(impl)), source_(std::move(source)) {}

PublicSuffixList::~PublicSuffixList() = default;

Result<std::shared_ptr<const PublicSuffixList>> PublicSuffixList::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Fail(ErrorCode::kNotFound, path + ": no such file");
  auto impl = std::make_unique<Impl>();
  impl->ctx = psl_load_file(path.c_str());
  if (impl->ctx == nullptr) return Fail(ErrorCode::kParse, path + ": not a public suffix list");
  impl->owned = true;
  return std::shared_ptr<const PublicSuffixList>(new PublicSuffixList(std::move(impl), path));
}

std::shared_ptr<const PublicSuffixList> PublicSuffixList::Default() {
  static const std::shared_ptr<const PublicSuffixList> list = [] {
    auto loaded = Load(kDebianList);
    if (loaded) return *loaded;
    auto impl = std::make_unique<Impl>();
    impl->ctx = const_cast<psl_ctx_t*>(psl_builtin());  // Static data inside libpsl, never freed.
    return std::shared_ptr<const PublicSuffixList>(new PublicSuffixList(std::move(impl), "libpsl builtin"));
  }();
  return list;
}

std::string PublicSuffixList::PublicSuffix(std::string_view ascii_domain) const {
  std::string d = base::ToLower(ascii_domain);
  if (!d.empty() && d.back() == '.') d.pop_back();
  if (impl_->ctx == nullptr || d.empty()) return "";
  const char* suffix = psl_unregistrable_domain(impl_->ctx, d.c_str());
  return suffix != nullptr ? std::string(suffix) : std::string();
}

std::string PublicSuffixList::RegistrableDomain(std::string_view ascii_domain) const {
  std::string d = base::ToLower(ascii_domain);
  // A fully qualified "example.com." has the same registrable domain as "example.com".
  if (!d.empty() && d.back() == '.') d.pop_back();
  if (impl_->ctx == nullptr || !UsableDomain(d)) return "";
  const char* reg = psl_registrable_domain(impl_->ctx, d.c_str());
  return reg != nullptr ? std::string(reg) : std::string();
}

bool PublicSuffixList::IsListedSuffix(std::string_view suffix) const {
  std::string d = base::ToLower(suffix);
  if (impl_->ctx == nullptr || d.empty()) return false;
  return psl_is_public_suffix2(impl_->ctx, d.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

}  // namespace kakunin::url
