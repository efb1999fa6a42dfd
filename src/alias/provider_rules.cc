// The provider table: data/alias_providers.json parsed into ProviderRule values.
#include <algorithm>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "kakunin/alias.h"

namespace kakunin::alias {
namespace internal {
extern const char kBuiltinProvidersJson[];
}  // namespace internal

namespace {

using nlohmann::json;

Result<ProviderRule> ParseRule(const json& j, bool is_default) {
  if (!j.is_object()) return Fail(ErrorCode::kParse, "provider is not an object");
  ProviderRule rule;
  try {
    rule.id = j.value("id", "");
    rule.name = j.value("name", rule.id);
    if (rule.id.empty()) return Fail(ErrorCode::kParse, "provider without \"id\"");
    if (j.contains("domains")) {
      for (const auto& d : j.at("domains")) rule.domains.push_back(base::ToLower(d.get<std::string>()));
    }
    if (!is_default && rule.domains.empty()) {
      return Fail(ErrorCode::kParse, "provider \"" + rule.id + "\" has no \"domains\"");
    }
    rule.canonical_domain = base::ToLower(j.value("canonical_domain", ""));
    if (j.contains("separator") && !j.at("separator").is_null()) {
      std::string sep = j.at("separator").get<std::string>();
      if (sep != "+" && sep != "-") {
        return Fail(ErrorCode::kParse, "provider \"" + rule.id + "\": separator must be \"+\", \"-\" or null");
      }
      rule.separator = sep[0];
    }
    rule.dots_ignored = j.value("dots_ignored", false);
    rule.base_name_required = j.value("base_name_required", false);
    rule.subdomain_addressing = j.value("subdomain_addressing", false);
    rule.note = j.value("note", "");
    if (j.contains("sources")) {
      for (const auto& s : j.at("sources")) rule.sources.push_back(s.get<std::string>());
    }
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kParse, "provider \"" + rule.id + "\": " + e.what());
  }
  if (rule.base_name_required && rule.separator == '\0') {
    return Fail(ErrorCode::kParse, "provider \"" + rule.id + "\": base_name_required needs a separator");
  }
  return rule;
}

}  // namespace

Result<ProviderRules> ProviderRules::FromJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Fail(ErrorCode::kParse, "alias providers: not a JSON object");
  ProviderRules rules;
  rules.default_.id = "custom";
  rules.default_.name = "Custom or unknown domain";
  rules.default_.separator = '+';
  if (j.contains("default")) {
    auto rule = ParseRule(j.at("default"), /*is_default=*/true);
    if (!rule) return tl::unexpected(rule.error());
    rules.default_ = std::move(*rule);
    rules.has_default_ = true;
  }
  if (j.contains("providers")) {
    if (!j.at("providers").is_array()) return Fail(ErrorCode::kParse, "\"providers\" is not an array");
    for (const auto& p : j.at("providers")) {
      auto rule = ParseRule(p, /*is_default=*/false);
      if (!rule) return tl::unexpected(rule.error());
      rules.providers_.push_back(std::move(*rule));
    }
  }
  return rules;
}

const ProviderRules& ProviderRules::Builtin() {
  static const ProviderRules* rules = [] {
    auto parsed = FromJson(internal::kBuiltinProvidersJson);
    // The shipped file is checked by the alias tests; an unreadable one is a build bug.
    return new ProviderRules(parsed ? std::move(*parsed) : ProviderRules());
  }();
  return *rules;
}

void ProviderRules::Merge(const ProviderRules& extra) {
  for (const ProviderRule& rule : extra.providers_) {
    auto same = std::find_if(providers_.begin(), providers_.end(),
                             [&](const ProviderRule& r) { return r.id == rule.id; });
    if (same != providers_.end()) {
      *same = rule;
    } else {
      providers_.push_back(rule);
    }
  }
  if (extra.has_default_) default_ = extra.default_;
}

const ProviderRule& ProviderRules::ForDomain(std::string_view domain) const {
  // Later providers win, so a user's entry that lists a domain overrides the shipped one.
  for (auto it = providers_.rbegin(); it != providers_.rend(); ++it) {
    for (const std::string& d : it->domains) {
      if (domain == d) return *it;
    }
  }
  for (auto it = providers_.rbegin(); it != providers_.rend(); ++it) {
    if (!it->subdomain_addressing) continue;
    for (const std::string& d : it->domains) {
      // "taro.fastmail.com": exactly one more label in front of the provider's domain.
      if (domain.size() > d.size() + 1 && domain.ends_with(d) && domain[domain.size() - d.size() - 1] == '.' &&
          domain.substr(0, domain.size() - d.size() - 1).find('.') == std::string_view::npos) {
        return *it;
      }
    }
  }
  return default_;
}

}  // namespace kakunin::alias
