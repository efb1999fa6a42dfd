#include "service/address.h"

#include "base/strings.h"

namespace kakunin::service {

std::optional<std::string> NormalizeEmail(std::string_view input) {
  std::string_view s = base::Trim(input);
  if (s.empty() || s.size() > kMaxAddress || !base::IsValidUtf8(s)) return std::nullopt;
  const size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at > kMaxLocalPart || s.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '<' || c == '>' || c == '(' || c == ')' ||
        c == ',' || c == ';' || c == ':' || c == '\\' || c == '[' || c == ']') {
      return std::nullopt;
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  if (domain.empty() || domain.find('.') == std::string_view::npos) return std::nullopt;
  for (std::string_view label : base::Split(domain, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return std::nullopt;
    for (char c : label) {
      auto u = static_cast<unsigned char>(c);
      if (!(base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || c == '-' || u >= 0x80)) return std::nullopt;
    }
  }
  return base::ToLower(s);
}

bool IsE164(std::string_view phone) {
  if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  for (char c : phone.substr(1)) {
    if (!base::IsAsciiDigit(c)) return false;
  }
  return true;
}

}  // namespace kakunin::service
