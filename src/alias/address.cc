// Address parsing for aliases (RFC 5321 4.1.2 dot-atom local parts, 4.5.3.1 length limits).
// The input is attacker-controlled when it comes from a message's To/Delivered-To field: it is
// bounded to kMaxAddressBytes plus room for a display name before anything is scanned.
#include <string>
#include <string_view>

#include "base/strings.h"
#include "kakunin/alias.h"

namespace kakunin::alias {
namespace {

// Room for "Display Name <...>" around an address; longer input is refused unread.
constexpr size_t kMaxDisplayNameBytes = 1024;

// RFC 5322 3.2.3 atext, plus '.' (dot-atom). Consecutive and trailing dots are accepted: some
// Japanese carrier addresses from before 2009 have them and are still delivered.
bool IsLocalChar(char c) {
  if (base::IsAsciiAlpha(c) || base::IsAsciiDigit(c)) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
}

Result<std::string> ParseDomain(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);  // FQDN form.
  if (domain.empty()) return Fail(ErrorCode::kParse, "empty domain");
  if (domain.size() > kMaxDomainBytes) return Fail(ErrorCode::kParse, "domain longer than 255 bytes");
  if (domain.front() == '[') return Fail(ErrorCode::kParse, "address literals are not supported");
  if (!base::IsValidUtf8(domain)) return Fail(ErrorCode::kParse, "domain is not valid UTF-8");
  for (std::string_view label : base::Split(domain, '.')) {
    if (label.empty()) return Fail(ErrorCode::kParse, "empty label in domain");
    if (label.size() > 63) return Fail(ErrorCode::kParse, "domain label longer than 63 bytes");  // RFC 1035 2.3.4
    for (char c : label) {
      bool ok = base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || c == '-' || static_cast<unsigned char>(c) >= 0x80;
      if (!ok) return Fail(ErrorCode::kParse, "character not allowed in domain");
    }
  }
  return base::ToLower(domain);
}

}  // namespace

Result<Address> ParseAddress(std::string_view text) {
  if (text.size() > kMaxAddressBytes + kMaxDisplayNameBytes) {
    return Fail(ErrorCode::kParse, "address field too long");
  }
  std::string_view s = base::Trim(text);
  if (size_t open = s.rfind('<'); open != std::string_view::npos) {
    size_t close = s.find('>', open);
    if (close == std::string_view::npos) return Fail(ErrorCode::kParse, "'<' without '>'");
    s = base::Trim(s.substr(open + 1, close - open - 1));
  }
  if (s.size() > kMaxAddressBytes) return Fail(ErrorCode::kParse, "address longer than 254 bytes");
  size_t at = s.rfind('@');
  if (at == std::string_view::npos) return Fail(ErrorCode::kParse, "no '@' in address");
  std::string_view local = s.substr(0, at);
  if (local.empty()) return Fail(ErrorCode::kParse, "empty local part");
  if (local.front() == '"') return Fail(ErrorCode::kParse, "quoted local parts are not supported");
  if (local.size() > kMaxLocalPartBytes) return Fail(ErrorCode::kParse, "local part longer than 64 bytes");
  for (char c : local) {
    if (!IsLocalChar(c)) return Fail(ErrorCode::kParse, "character not allowed in local part");
  }
  auto domain = ParseDomain(s.substr(at + 1));
  if (!domain) return tl::unexpected(domain.error());
  return Address{std::string(local), std::move(*domain)};
}

std::string ServiceSlug(std::string_view service) {
  std::string slug;
  for (char c : service) {
    if (base::IsAsciiAlpha(c) || base::IsAsciiDigit(c)) slug.push_back(base::AsciiLower(c));
  }
  return slug;
}

}  // namespace kakunin::alias
