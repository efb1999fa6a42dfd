// Parsing HIBP's breachedaccount answer: a JSON array of breach models. The body comes from the
// network (HIBP, or whatever the base URL points at): it is bounded by kMaxAccountResponseBytes
// before parsing, and every field is type-checked rather than trusted.
#include <nlohmann/json.hpp>

#include <string>

#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

using Json = nlohmann::json;

// A breach list is 3 levels deep (list, breach, DataClasses). A hostile server could send 8 MiB
// of '[' to make the parser build millions of nested values; the cheap scan below refuses that
// before parsing.
constexpr int kMaxNesting = 8;

bool NestingWithin(std::string_view body, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

Result<void> ReadString(const Json& object, const char* key, size_t index, std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) {
    return Fail(ErrorCode::kParse, "breach " + std::to_string(index) + ": " + key + " is not a string");
  }
  *out = it->get<std::string>();
  return {};
}

Result<void> ReadBool(const Json& object, const char* key, size_t index, bool* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_boolean()) {
    return Fail(ErrorCode::kParse, "breach " + std::to_string(index) + ": " + key + " is not true or false");
  }
  *out = it->get<bool>();
  return {};
}

Result<AccountBreach> ReadBreach(const Json& item, size_t index) {
  const std::string where = "breach " + std::to_string(index);
  if (!item.is_object()) return Fail(ErrorCode::kParse, where + " is not an object");
  AccountBreach b;
  auto name = item.find("Name");
  if (name == item.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
    return Fail(ErrorCode::kParse, where + " has no Name");
  }
  b.name = name->get<std::string>();
  for (auto [key, out] : {std::pair{"Title", &b.title}, {"Domain", &b.domain}, {"BreachDate", &b.breach_date},
                          {"AddedDate", &b.added_date}}) {
    if (auto r = ReadString(item, key, index, out); !r) return tl::unexpected(r.error());
  }
  if (b.title.empty()) b.title = b.name;
  for (auto [key, out] : {std::pair{"IsVerified", &b.is_verified}, {"IsFabricated", &b.is_fabricated},
                          {"IsSensitive", &b.is_sensitive}, {"IsSpamList", &b.is_spam_list}}) {
    if (auto r = ReadBool(item, key, index, out); !r) return tl::unexpected(r.error());
  }
  if (auto it = item.find("PwnCount"); it != item.end() && !it->is_null()) {
    if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<int64_t>() >= 0)) {
      return Fail(ErrorCode::kParse, where + ": PwnCount is not a count");
    }
    b.pwn_count = it->get<uint64_t>();
  }
  if (auto it = item.find("DataClasses"); it != item.end() && !it->is_null()) {
    if (!it->is_array()) return Fail(ErrorCode::kParse, where + ": DataClasses is not a list");
    for (const Json& c : *it) {
      if (!c.is_string()) return Fail(ErrorCode::kParse, where + ": DataClasses holds a non-string");
      b.data_classes.push_back(c.get<std::string>());
    }
  }
  return b;
}

}  // namespace

std::string_view AccountStatusName(AccountStatus status) {
  switch (status) {
    case AccountStatus::kBreached:
      return "breached";
    case AccountStatus::kNotFound:
      return "not_found";
    case AccountStatus::kNotChecked:
      return "not_checked";
  }
  return "not_checked";
}

Result<std::vector<AccountBreach>> ParseBreachedAccountResponse(std::string_view body) {
  if (body.size() > kMaxAccountResponseBytes) {
    return Fail(ErrorCode::kLimitExceeded, "HIBP answer larger than 8 MiB");
  }
  if (!NestingWithin(body, kMaxNesting)) return Fail(ErrorCode::kParse, "HIBP answer is nested too deeply");
  Json doc = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Fail(ErrorCode::kParse, "HIBP answer is not JSON");
  if (!doc.is_array()) return Fail(ErrorCode::kParse, "HIBP answer is not a list of breaches");
  std::vector<AccountBreach> out;
  out.reserve(doc.size());
  for (size_t i = 0; i < doc.size(); ++i) {
    auto b = ReadBreach(doc[i], i + 1);
    if (!b) return tl::unexpected(b.error());
    out.push_back(std::move(*b));
  }
  return out;
}

}  // namespace kakunin::breach
