// The built-in provider table, parsed once from the compiled-in data/providers.json.
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "kakunin/authres.h"

namespace kakunin::authres {
namespace internal {
extern const char kBuiltinProvidersJson[];
}  // namespace internal

namespace {

std::vector<std::string> LowerList(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  for (const auto& v : j[key]) out.push_back(base::ToLower(v.get<std::string>()));
  return out;
}

std::vector<Provider> LoadBuiltin() {
  // The file is part of the build: a malformed one fails the unit tests, never a user's run, so
  // a parse failure here yields an empty table rather than an exception.
  nlohmann::json j = nlohmann::json::parse(internal::kBuiltinProvidersJson, nullptr, /*allow_exceptions=*/false);
  std::vector<Provider> out;
  if (!j.is_object() || !j.contains("providers")) return out;
  for (const auto& p : j["providers"]) {
    Provider provider;
    provider.id = p.value("id", "");
    provider.name = p.value("name", "");
    provider.host_suffixes = LowerList(p, "host_suffixes");
    provider.entry_host_suffixes = LowerList(p, "entry_host_suffixes");
    provider.authserv_suffixes = LowerList(p, "authserv_suffixes");
    provider.writes_no_authserv_id = p.value("writes_no_authserv_id", false);
    out.push_back(std::move(provider));
  }
  return out;
}

}  // namespace

const std::vector<Provider>& BuiltinProviders() {
  static const std::vector<Provider> providers = LoadBuiltin();
  return providers;
}

}  // namespace kakunin::authres
