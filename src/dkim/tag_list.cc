#include "dkim/tag_list.h"

#include "base/strings.h"

namespace kakunin::dkim::internal {
namespace {

constexpr bool IsFws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
// VALCHAR = %x21-3A / %x3C-7E (every visible character but ';').
constexpr bool IsValChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7e && c != ';';
}
constexpr bool IsAlnumPunc(char c) { return base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || c == '_'; }

size_t SkipFws(std::string_view s, size_t i) {
  while (i < s.size() && IsFws(s[i])) ++i;
  return i;
}

}  // namespace

const Tag* TagList::Find(std::string_view name) const {
  for (const Tag& t : tags_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Result<TagList> ParseTagList(std::string_view text) {
  TagList list;
  size_t i = 0;
  const size_t n = text.size();
  while (true) {
    i = SkipFws(text, i);
    if (i >= n) break;  // Empty list, or a trailing ';' (allowed).
    size_t name_begin = i;
    if (!base::IsAsciiAlpha(text[i])) {
      return Fail(ErrorCode::kParse, "tag name must start with a letter at offset " + std::to_string(i));
    }
    while (i < n && IsAlnumPunc(text[i])) ++i;
    std::string_view name = text.substr(name_begin, i - name_begin);
    i = SkipFws(text, i);
    if (i >= n || text[i] != '=') return Fail(ErrorCode::kParse, "tag '" + std::string(name) + "' has no '='");
    i = SkipFws(text, i + 1);
    size_t value_begin = i;
    size_t value_end = i;  // End of the last VALCHAR run, so trailing FWS is dropped.
    while (i < n && text[i] != ';') {
      if (IsValChar(text[i])) {
        value_end = ++i;
      } else if (IsFws(text[i])) {
        ++i;
      } else {
        return Fail(ErrorCode::kParse, "tag '" + std::string(name) + "' has a character not allowed in a value");
      }
    }
    if (list.Find(name) != nullptr) return Fail(ErrorCode::kParse, "tag '" + std::string(name) + "' is repeated");
    if (list.tags_.size() >= kMaxTags) return Fail(ErrorCode::kLimitExceeded, "too many tags");
    list.tags_.push_back(Tag{name, text.substr(value_begin, value_end - value_begin), value_begin});
    if (i >= n) break;
    ++i;  // ';'
  }
  return list;
}

std::string StripFws(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (!IsFws(c)) out.push_back(c);
  }
  return out;
}

std::vector<std::string_view> SplitColonList(std::string_view value) {
  std::vector<std::string_view> out;
  for (std::string_view piece : base::Split(value, ':')) out.push_back(base::Trim(piece));
  return out;
}

}  // namespace kakunin::dkim::internal
