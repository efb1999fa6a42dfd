// "Did you mean" suggestions: Levenshtein distance over the catalogue ids.
#include <algorithm>
#include <numeric>
#include <string_view>
#include <utility>
#include <vector>

#include "kakunin/explain.h"

namespace kakunin::explain {
namespace {

// O(|a| * |b|) time, O(|b|) memory; callers bound |a| by kMaxQueryLength and ids are short.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t k = 1; k <= b.size(); ++k) {
      const size_t above = row[k];
      row[k] = std::min({row[k] + 1, row[k - 1] + 1, diagonal + (a[i - 1] == b[k - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string_view> ClosestFindings(std::string_view id, size_t max) {
  id = id.substr(0, kMaxQueryLength);
  std::vector<std::pair<size_t, std::string_view>> scored;
  for (const auto& f : AllFindings()) scored.emplace_back(EditDistance(id, f.id), f.id);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string_view> out;
  for (size_t i = 0; i < scored.size() && i < max; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace kakunin::explain
