// Parses the built-in data/findings.json once.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kakunin/explain.h"

namespace kakunin::explain {
namespace internal {
extern const char kBuiltinFindingsJson[];
}  // namespace internal

namespace {

std::vector<FindingInfo> Parse() {
  // The text is ours and compiled in; a broken file yields an empty catalogue, which
  // tests/explain reports, rather than an exception across the API.
  const nlohmann::json doc = nlohmann::json::parse(internal::kBuiltinFindingsJson, nullptr, false);
  std::vector<FindingInfo> out;
  if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array()) return out;
  for (const auto& j : doc["findings"]) {
    if (!j.is_object()) continue;
    auto text = [&j](const char* key) {
      auto it = j.find(key);
      return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    out.push_back(FindingInfo{text("id"), text("severity"), text("title_en"), text("title_ja"),
                              text("explain_en"), text("explain_ja"), text("see")});
  }
  std::sort(out.begin(), out.end(), [](const FindingInfo& a, const FindingInfo& b) { return a.id < b.id; });
  return out;
}

}  // namespace

const std::vector<FindingInfo>& AllFindings() {
  static const std::vector<FindingInfo> all = Parse();
  return all;
}

const FindingInfo* FindFinding(std::string_view id) {
  const auto& all = AllFindings();
  auto it = std::lower_bound(all.begin(), all.end(), id,
                             [](const FindingInfo& f, std::string_view v) { return f.id < v; });
  return it != all.end() && it->id == id ? &*it : nullptr;
}

}  // namespace kakunin::explain
