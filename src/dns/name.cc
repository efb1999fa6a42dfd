#include "dns/name.h"

#include "base/strings.h"

namespace kakunin::dns::internal {

std::optional<std::string> CheckName(std::string_view name) {
  if (name.empty()) return std::nullopt;  // The root.
  if (name.size() > kMaxNameLength) {
    return "name longer than " + std::to_string(kMaxNameLength) + " characters";
  }
  size_t label_start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      size_t len = i - label_start;
      if (len == 0) return std::string("empty label");
      if (len > kMaxLabelLength) {
        return "label longer than " + std::to_string(kMaxLabelLength) + " characters";
      }
      label_start = i + 1;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c <= 0x20 || c >= 0x7f) return std::string("character outside printable ASCII");
    if (c == '\\') return std::string("backslash in name");
  }
  return std::nullopt;
}

Result<std::string> NormalizeQueryName(std::string_view name) {
  if (name.empty()) return Fail(ErrorCode::kDnsPermFail, "empty query name");
  std::string key = base::ToLower(name);
  if (key == ".") return std::string();
  if (key.back() == '.') key.pop_back();
  if (auto problem = CheckName(key)) {
    // Cut what is echoed: the name may be attacker-built (an SPF macro expansion).
    std::string shown = key.size() > 80 ? key.substr(0, 80) + "..." : key;
    return Fail(ErrorCode::kDnsPermFail, "malformed query name \"" + shown + "\": " + *problem);
  }
  return key;
}

}  // namespace kakunin::dns::internal
