#include <string>
#include <unordered_set>

#include "base/strings.h"
#include "kakunin/links.h"

namespace kakunin::links {
namespace internal {
extern const char kBuiltinShorteners[];
}  // namespace internal

bool IsShortener(std::string_view registrable_domain) {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> s;
    for (std::string_view line : base::Split(internal::kBuiltinShorteners, '\n')) {
      if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
      line = base::Trim(line);
      if (!line.empty()) s.insert(base::ToLower(line));
    }
    return s;
  }();
  return set.count(base::ToLower(registrable_domain)) > 0;
}

}  // namespace kakunin::links
