#include "base/strings.h"
#include "kakunin/message.h"

namespace kakunin::mime {

std::string_view HeaderField::RawValue() const {
  std::string_view v = raw.substr(name.size());
  size_t colon = v.find(':');
  v = colon == std::string_view::npos ? std::string_view() : v.substr(colon + 1);
  if (v.ends_with("\r\n")) v.remove_suffix(2);
  return v;
}

std::string HeaderField::UnfoldedValue() const {
  std::string_view v = RawValue();
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n') {
      ++i;
      continue;
    }
    out.push_back(v[i]);
  }
  return std::string(base::Trim(out));
}

std::string Mailbox::Domain() const {
  size_t at = address.rfind('@');
  if (at == std::string::npos) return {};
  return base::ToLower(address.substr(at + 1));
}

}  // namespace kakunin::mime
