// Reading and validating the brand file (data/brands.json format, docs/brands.md). The input is
// a user file or the shipped one: every field is checked for type and shape, unknown keys are
// refused (a typo must not silently drop a domain), and each error names file and field.
#include <libpsl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "brands/registry_impl.h"

namespace kakunin::brands::internal {
namespace {

using nlohmann::json;

// Limits for single text fields: names and phrases are short; URLs fit in a browser bar.
constexpr size_t kMaxTextBytes = 2048;
// A DNS label is at most 63 octets (RFC 1035 2.3.4).
constexpr size_t kMaxLabelLength = 63;

class Checker {
 public:
  explicit Checker(std::string_view origin) : origin_(origin) {}

  tl::unexpected<Error> Bad(const std::string& field, const std::string& what) const {
    return Fail(ErrorCode::kParse, std::string(origin_) + ": " + field + ": " + what);
  }
  tl::unexpected<Error> TooMany(const std::string& field, const std::string& what) const {
    return Fail(ErrorCode::kLimitExceeded, std::string(origin_) + ": " + field + ": " + what);
  }

 private:
  std::string_view origin_;
};

const psl_ctx_t* Psl() {
  static const psl_ctx_t* const psl = [] {
    const psl_ctx_t* p = psl_latest(nullptr);
    return p != nullptr ? p : psl_builtin();
  }();
  return psl;
}

// Why `d` is not a usable registry domain; empty when it is.
std::string DomainProblem(const std::string& d, bool public_suffix_ok) {
  if (d.empty() || d.size() > kMaxDomainLength) return "not a domain name (empty or longer than 253)";
  size_t labels = 0;
  for (std::string_view label : base::Split(d, '.')) {
    ++labels;
    if (label.empty() || label.size() > kMaxLabelLength) return "empty or over-long label";
    if (label.front() == '-' || label.back() == '-') return "a label starts or ends with '-'";
    for (char c : label) {
      if (!(base::IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || c == '-')) {
        return "only lower-case a-z, 0-9, '-' and '.' (use the A-label form of IDNs)";
      }
    }
  }
  if (labels < 2) return "a single label cannot be a brand's domain";
  const psl_ctx_t* psl = Psl();
  if (!public_suffix_ok && psl != nullptr && psl_is_public_suffix2(psl, d.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE)) {
    return "is a public suffix";
  }
  return {};
}

// The deepest nesting of arrays/objects in `text`, outside strings. The format needs 4 levels; a
// bound keeps a hostile file from costing deep recursion anywhere downstream.
constexpr size_t kMaxNesting = 16;

size_t Nesting(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

bool IsValidId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(base::IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || c == '_' || c == '-')) return false;
  }
  return true;
}

class BrandReader {
 public:
  BrandReader(const Checker& check, std::string field) : check_(check), field_(std::move(field)) {}

  Result<std::string> Text(const json& obj, const char* key, bool required) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) return check_.Bad(field_ + "." + key, "missing");
      return std::string();
    }
    if (!it->is_string()) return check_.Bad(field_ + "." + key, "must be a string");
    const std::string& s = it->get_ref<const std::string&>();
    if (s.size() > kMaxTextBytes) return check_.Bad(field_ + "." + key, "longer than 2048 bytes");
    if (!base::IsValidUtf8(s)) return check_.Bad(field_ + "." + key, "not valid UTF-8");
    return s;
  }

  Result<std::string> Url(const json& obj, const char* key, bool mailto_ok) {
    auto s = Text(obj, key, false);
    if (!s || s->empty()) return s;
    bool ok = base::StartsWithIgnoreCase(*s, "https://") || base::StartsWithIgnoreCase(*s, "http://") ||
              (mailto_ok && base::StartsWithIgnoreCase(*s, "mailto:") && s->find('@') != std::string::npos);
    if (!ok) {
      return check_.Bad(field_ + "." + key, mailto_ok ? "must start with https://, http:// or mailto:"
                                                     : "must start with https:// or http://");
    }
    return s;
  }

  Result<std::vector<std::string>> Strings(const json& obj, const char* key) {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return out;
    std::string f = field_ + "." + key;
    if (!it->is_array()) return check_.Bad(f, "must be an array of strings");
    if (it->size() > kMaxListEntries) {
      return check_.TooMany(f, "more than 500 entries");
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      std::string fi = f + "[" + std::to_string(i) + "]";
      if (!v.is_string()) return check_.Bad(fi, "must be a string");
      const std::string& s = v.get_ref<const std::string&>();
      if (s.empty() || s.size() > kMaxTextBytes || !base::IsValidUtf8(s)) {
        return check_.Bad(fi, "empty, longer than 2048 bytes or not UTF-8");
      }
      out.push_back(s);
    }
    return out;
  }

  // Hosting domains such as web.app are public suffixes (PSL private section) by design, so
  // user_content_domains may list them; a brand's own domains may not.
  Result<std::vector<std::string>> Domains(const json& obj, const char* key, bool public_suffix_ok = false) {
    auto list = Strings(obj, key);
    if (!list) return list;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string problem = DomainProblem((*list)[i], public_suffix_ok);
      if (!problem.empty()) {
        return check_.Bad(field_ + "." + key + "[" + std::to_string(i) + "]", "\"" + (*list)[i] + "\" " + problem);
      }
    }
    return list;
  }

  Result<std::optional<int>> Count(const json& obj, const char* key, int max) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::optional<int>();
    std::string f = field_ + ".code_policy." + key;
    if (!it->is_number_integer()) return check_.Bad(f, "must be an integer or null");
    int64_t v = it->get<int64_t>();
    if (v < 1 || v > max) return check_.Bad(f, "out of range 1.." + std::to_string(max));
    return std::optional<int>(static_cast<int>(v));
  }

  const std::string& field() const { return field_; }
  const Checker& check() const { return check_; }

 private:
  const Checker& check_;
  std::string field_;
};

Result<NameScope> ParseScope(const BrandReader& r, const std::string& field, const std::string& s) {
  if (s == "anywhere") return NameScope::kAnywhere;
  if (s == "header") return NameScope::kHeader;
  if (s == "display_name") return NameScope::kExactDisplayName;
  return r.check().Bad(field, "scope must be \"anywhere\", \"header\" or \"display_name\"");
}

Result<std::vector<BrandName>> ParseNames(BrandReader& r, const json& obj) {
  auto it = obj.find("names");
  std::string f = r.field() + ".names";
  if (it == obj.end() || !it->is_array() || it->empty()) return r.check().Bad(f, "must be a non-empty array");
  if (it->size() > kMaxListEntries) {
    return r.check().TooMany(f, "more than 500 entries");
  }
  std::vector<BrandName> names;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    std::string fi = f + "[" + std::to_string(i) + "]";
    BrandName name;
    if (v.is_string()) {
      name.text = v.get<std::string>();
    } else if (v.is_object()) {
      for (auto& [k, unused] : v.items()) {
        if (k != "text" && k != "scope" && k != "case_sensitive") return r.check().Bad(fi, "unknown key \"" + k + "\"");
      }
      BrandReader inner(r.check(), fi);
      auto text = inner.Text(v, "text", true);
      if (!text) return tl::unexpected(text.error());
      name.text = *text;
      auto scope = inner.Text(v, "scope", false);
      if (!scope) return tl::unexpected(scope.error());
      if (!scope->empty()) {
        auto s = ParseScope(r, fi + ".scope", *scope);
        if (!s) return tl::unexpected(s.error());
        name.scope = *s;
      }
      auto cs = v.find("case_sensitive");
      if (cs != v.end()) {
        if (!cs->is_boolean()) return r.check().Bad(fi + ".case_sensitive", "must be true or false");
        name.case_sensitive = cs->get<bool>();
      }
    } else {
      return r.check().Bad(fi, "must be a string or an object {text, scope, case_sensitive}");
    }
    if (name.text.empty() || name.text.size() > kMaxTextBytes || !base::IsValidUtf8(name.text)) {
      return r.check().Bad(fi, "empty, longer than 2048 bytes or not UTF-8");
    }
    if (Compile(name.text, name.case_sensitive).text.empty()) {
      return r.check().Bad(fi, "has no letters (only spaces, dots or hyphens)");
    }
    names.push_back(std::move(name));
  }
  return names;
}

Result<CodePolicy> ParseCodePolicy(BrandReader& r, const json& obj) {
  CodePolicy p;
  auto it = obj.find("code_policy");
  if (it == obj.end() || it->is_null()) return p;
  std::string f = r.field() + ".code_policy";
  if (!it->is_object()) return r.check().Bad(f, "must be an object or null");
  for (auto& [k, unused] : it->items()) {
    if (k != "digits" && k != "alphabet_size" && k != "length" && k != "lifetime_minutes" && k != "attempts" &&
        k != "format") {
      return r.check().Bad(f, "unknown key \"" + k + "\"");
    }
  }
  // Bounds: codes are short (RFC 4226 5.3 uses 6-10 digits); a day is the longest lifetime seen.
  auto digits = r.Count(*it, "digits", 20);
  auto alphabet = r.Count(*it, "alphabet_size", 256);
  auto length = r.Count(*it, "length", 64);
  auto lifetime = r.Count(*it, "lifetime_minutes", 7 * 24 * 60);
  auto attempts = r.Count(*it, "attempts", 1000);
  for (auto* v : {&digits, &alphabet, &length, &lifetime, &attempts}) {
    if (!*v) return tl::unexpected(v->error());
  }
  p.digits = *digits;
  p.alphabet_size = *alphabet;
  p.length = *length;
  p.lifetime_minutes = *lifetime;
  p.attempts = *attempts;
  if (p.alphabet_size.has_value() != p.length.has_value()) {
    return r.check().Bad(f, "alphabet_size and length go together");
  }
  auto format = r.Text(*it, "format", false);
  if (!format) return tl::unexpected(format.error());
  p.format = *format;
  return p;
}

Result<std::vector<Source>> ParseSources(BrandReader& r, const json& obj) {
  std::vector<Source> out;
  auto it = obj.find("sources");
  if (it == obj.end() || it->is_null()) return out;
  std::string f = r.field() + ".sources";
  if (!it->is_array()) return r.check().Bad(f, "must be an array of {covers, basis}");
  if (it->size() > kMaxListEntries) {
    return r.check().TooMany(f, "more than 500 entries");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    std::string fi = f + "[" + std::to_string(i) + "]";
    if (!v.is_object()) return r.check().Bad(fi, "must be an object {covers, basis}");
    for (auto& [k, unused] : v.items()) {
      if (k != "covers" && k != "basis") return r.check().Bad(fi, "unknown key \"" + k + "\"");
    }
    BrandReader inner(r.check(), fi);
    Source s;
    auto covers = inner.Strings(v, "covers");
    if (!covers) return tl::unexpected(covers.error());
    if (covers->empty()) return r.check().Bad(fi + ".covers", "must list what the source supports");
    s.covers = std::move(*covers);
    auto basis = inner.Text(v, "basis", true);
    if (!basis) return tl::unexpected(basis.error());
    s.basis = std::move(*basis);
    out.push_back(std::move(s));
  }
  return out;
}

constexpr const char* kBrandKeys[] = {
    "id", "name_en", "name_ja", "names", "not_claims", "mail_domains", "link_domains", "mailbox_domains",
    "user_content_domains", "report_phishing", "change_email_url", "two_step_url", "code_policy",
    "sources", "note"};

Result<Brand> ParseBrand(const Checker& check, const json& obj, size_t index) {
  std::string field = "brands[" + std::to_string(index) + "]";
  if (!obj.is_object()) return check.Bad(field, "must be an object");
  for (auto& [k, unused] : obj.items()) {
    bool known = false;
    for (const char* key : kBrandKeys) known = known || k == key;
    if (!known) return check.Bad(field, "unknown key \"" + k + "\"");
  }
  BrandReader r(check, field);
  Brand b;
#define KAKUNIN_BRANDS_READ(target, expr)           \
  do {                                              \
    auto v = (expr);                                \
    if (!v) return tl::unexpected(v.error());       \
    (target) = std::move(*v);                       \
  } while (false)
  KAKUNIN_BRANDS_READ(b.id, r.Text(obj, "id", true));
  if (!IsValidId(b.id)) return check.Bad(field + ".id", "must be 1-64 of a-z, 0-9, '_', '-'");
  KAKUNIN_BRANDS_READ(b.name_en, r.Text(obj, "name_en", true));
  KAKUNIN_BRANDS_READ(b.name_ja, r.Text(obj, "name_ja", false));
  KAKUNIN_BRANDS_READ(b.names, ParseNames(r, obj));
  KAKUNIN_BRANDS_READ(b.not_claims, r.Strings(obj, "not_claims"));
  KAKUNIN_BRANDS_READ(b.mail_domains, r.Domains(obj, "mail_domains"));
  KAKUNIN_BRANDS_READ(b.link_domains, r.Domains(obj, "link_domains"));
  KAKUNIN_BRANDS_READ(b.mailbox_domains, r.Domains(obj, "mailbox_domains"));
  KAKUNIN_BRANDS_READ(b.user_content_domains, r.Domains(obj, "user_content_domains", true));
  KAKUNIN_BRANDS_READ(b.report_phishing, r.Url(obj, "report_phishing", true));
  KAKUNIN_BRANDS_READ(b.change_email_url, r.Url(obj, "change_email_url", false));
  KAKUNIN_BRANDS_READ(b.two_step_url, r.Url(obj, "two_step_url", false));
  KAKUNIN_BRANDS_READ(b.code_policy, ParseCodePolicy(r, obj));
  KAKUNIN_BRANDS_READ(b.sources, ParseSources(r, obj));
  KAKUNIN_BRANDS_READ(b.note, r.Text(obj, "note", false));
#undef KAKUNIN_BRANDS_READ
  return b;
}

}  // namespace

std::string CanonicalHost(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return base::ToLower(host);
}

Result<std::vector<Brand>> ParseBrandFile(std::string_view text, std::string_view origin) {
  Checker check(origin);
  if (Nesting(text) > kMaxNesting) return check.Bad("(top)", "nested deeper than 16 levels");
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kParse, std::string(origin) + ": not JSON: " + e.what());
  }
  if (!doc.is_object()) return check.Bad("(top)", "must be an object with a \"brands\" array");
  for (auto& [k, unused] : doc.items()) {
    if (k != "about" && k != "version" && k != "brands") return check.Bad("(top)", "unknown key \"" + k + "\"");
  }
  auto version = doc.find("version");
  if (version != doc.end() && !(version->is_number_integer() && version->get<int64_t>() == 1)) {
    return check.Bad("version", "only version 1 is known");
  }
  auto list = doc.find("brands");
  if (list == doc.end() || !list->is_array()) return check.Bad("brands", "missing or not an array");
  if (list->size() > kMaxBrands) {
    return check.TooMany("brands", "more than 2000 brands");
  }
  std::vector<Brand> brands;
  std::unordered_map<std::string, std::string> owner;  // domain -> "brands[i].field"
  std::set<std::string> ids;
  for (size_t i = 0; i < list->size(); ++i) {
    auto b = ParseBrand(check, (*list)[i], i);
    if (!b) return tl::unexpected(b.error());
    std::string field = "brands[" + std::to_string(i) + "]";
    if (!ids.insert(b->id).second) return check.Bad(field + ".id", "duplicate id \"" + b->id + "\"");
    for (const auto* domains : {&b->mail_domains, &b->link_domains, &b->user_content_domains, &b->mailbox_domains}) {
      for (const std::string& d : *domains) {
        auto [it, inserted] = owner.emplace(d, b->id);
        if (!inserted && it->second != b->id) {
          return check.Bad(field, "domain \"" + d + "\" is also listed by brand \"" + it->second + "\"");
        }
      }
    }
    brands.push_back(std::move(*b));
  }
  return brands;
}

}  // namespace kakunin::brands::internal
