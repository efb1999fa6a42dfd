// SPF record syntax (RFC 7208 4.5, 4.6, 12). Input is a TXT string from DNS: attacker-controlled,
// bounded by kMaxRecordLength; every loop below is linear in it.
#include <charconv>

#include "base/strings.h"
#include "kakunin/spf.h"
#include "spf/macro.h"

namespace kakunin::spf {
namespace {

using internal::CheckMacroString;
using internal::MacroContext;

struct NamedKind {
  std::string_view name;
  MechanismKind kind;
};
constexpr NamedKind kMechanisms[] = {
    {"all", MechanismKind::kAll},   {"include", MechanismKind::kInclude}, {"a", MechanismKind::kA},
    {"mx", MechanismKind::kMx},     {"ptr", MechanismKind::kPtr},         {"ip4", MechanismKind::kIp4},
    {"ip6", MechanismKind::kIp6},   {"exists", MechanismKind::kExists},
};

bool IsAlnum(char c) { return base::IsAsciiAlpha(c) || base::IsAsciiDigit(c); }

bool IsNameChar(char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; }

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
bool IsTopLabel(std::string_view label) {
  if (label.empty()) return false;
  bool has_alpha = false, has_hyphen = false;
  for (char c : label) {
    if (c == '-') {
      has_hyphen = true;
    } else if (!IsAlnum(c)) {
      return false;
    } else if (base::IsAsciiAlpha(c)) {
      has_alpha = true;
    }
  }
  if (!has_hyphen) return has_alpha;
  return label.front() != '-' && label.back() != '-';
}

Result<void> CheckDomainSpec(std::string_view spec) {
  if (spec.empty()) return Fail(ErrorCode::kParse, "empty domain-spec");
  if (auto r = CheckMacroString(spec, MacroContext::kDomainSpec); !r) return r;
  // domain-end = ( "." toplabel [ "." ] ) / macro-expand
  if (spec.back() == '}') return {};
  std::string_view s = spec;
  if (s.back() == '.') s.remove_suffix(1);
  size_t dot = s.rfind('.');
  if (dot == std::string_view::npos) return Fail(ErrorCode::kParse, "domain-spec '" + std::string(spec) + "' has no top label");
  if (!IsTopLabel(s.substr(dot + 1))) {
    return Fail(ErrorCode::kParse, "domain-spec '" + std::string(spec) + "' does not end in a valid top label");
  }
  return {};
}

// "0" / %x31-39 0*N DIGIT, value <= max.
Result<int> ParseCidr(std::string_view digits, int max) {
  if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0')) {
    return Fail(ErrorCode::kParse, "bad CIDR length '/" + std::string(digits) + "'");
  }
  int value = 0;
  for (char c : digits) {
    if (!base::IsAsciiDigit(c)) return Fail(ErrorCode::kParse, "bad CIDR length '/" + std::string(digits) + "'");
    value = value * 10 + (c - '0');
  }
  if (value > max) return Fail(ErrorCode::kParse, "CIDR length /" + std::string(digits) + " is too long");
  return value;
}

// Removes a trailing "/digits" from `s` (the digits may be empty if only "/" ends it).
std::optional<std::string_view> CutTrailingCidr(std::string_view& s) {
  size_t i = s.size();
  while (i > 0 && base::IsAsciiDigit(s[i - 1])) --i;
  if (i == s.size() || i == 0 || s[i - 1] != '/') return std::nullopt;
  std::string_view digits = s.substr(i);
  s = s.substr(0, i - 1);
  return digits;
}

Result<Mechanism> ParseDirective(std::string_view term) {
  Mechanism m;
  switch (term[0]) {
    case '+': m.qualifier = Qualifier::kPass; term.remove_prefix(1); break;
    case '-': m.qualifier = Qualifier::kFail; term.remove_prefix(1); break;
    case '~': m.qualifier = Qualifier::kSoftFail; term.remove_prefix(1); break;
    case '?': m.qualifier = Qualifier::kNeutral; term.remove_prefix(1); break;
    default: break;
  }
  size_t name_end = 0;
  while (name_end < term.size() && IsAlnum(term[name_end])) ++name_end;
  std::string_view name = term.substr(0, name_end);
  std::string_view rest = term.substr(name_end);
  const NamedKind* found = nullptr;
  for (const auto& nk : kMechanisms) {
    if (base::EqualsIgnoreCase(nk.name, name)) found = &nk;
  }
  if (found == nullptr) return Fail(ErrorCode::kParse, "unknown mechanism '" + std::string(term) + "'");
  m.kind = found->kind;
  auto bad = [&](const std::string& why) { return Fail(ErrorCode::kParse, why + " in '" + std::string(term) + "'"); };

  switch (m.kind) {
    case MechanismKind::kAll:
      if (!rest.empty()) return bad("'all' takes no argument");
      return m;
    case MechanismKind::kInclude:
    case MechanismKind::kExists:
    case MechanismKind::kPtr: {
      if (rest.empty()) {
        if (m.kind != MechanismKind::kPtr) return bad("missing domain-spec");
        return m;
      }
      if (rest[0] != ':') return bad("expected ':'");
      m.domain_spec = std::string(rest.substr(1));
      if (auto r = CheckDomainSpec(m.domain_spec); !r) return tl::unexpected(r.error());
      return m;
    }
    case MechanismKind::kA:
    case MechanismKind::kMx: {
      // dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
      std::string_view s = rest;
      if (auto d6 = CutTrailingCidr(s)) {
        if (!s.empty() && s.back() == '/') {
          s.remove_suffix(1);
          auto v6 = ParseCidr(*d6, 128);
          if (!v6) return bad(v6.error().message);
          m.cidr6 = *v6;
          if (auto d4 = CutTrailingCidr(s)) {
            auto v4 = ParseCidr(*d4, 32);
            if (!v4) return bad(v4.error().message);
            m.cidr4 = *v4;
          }
        } else {
          auto v4 = ParseCidr(*d6, 32);
          if (!v4) return bad(v4.error().message);
          m.cidr4 = *v4;
        }
      }
      if (s.empty()) return m;
      if (s[0] != ':') return bad("expected ':' or '/'");
      m.domain_spec = std::string(s.substr(1));
      if (auto r = CheckDomainSpec(m.domain_spec); !r) return tl::unexpected(r.error());
      return m;
    }
    case MechanismKind::kIp4:
    case MechanismKind::kIp6: {
      if (rest.empty() || rest[0] != ':') return bad("missing address");
      std::string_view s = rest.substr(1);
      bool v4 = m.kind == MechanismKind::kIp4;
      size_t slash = s.find('/');
      if (slash != std::string_view::npos) {
        auto len = ParseCidr(s.substr(slash + 1), v4 ? 32 : 128);
        if (!len) return bad(len.error().message);
        (v4 ? m.cidr4 : m.cidr6) = *len;
        s = s.substr(0, slash);
      }
      auto ip = IpAddress::Parse(s);
      if (!ip || ip->is_v4() != v4) return bad(v4 ? "bad IPv4 network" : "bad IPv6 network");
      m.network = *ip;
      return m;
    }
  }
  return bad("unknown mechanism");
}

char QualifierChar(Qualifier q) {
  switch (q) {
    case Qualifier::kPass: return '+';
    case Qualifier::kFail: return '-';
    case Qualifier::kSoftFail: return '~';
    case Qualifier::kNeutral: return '?';
  }
  return '+';
}

}  // namespace

std::string_view MechanismName(MechanismKind kind) {
  for (const auto& nk : kMechanisms) {
    if (nk.kind == kind) return nk.name;
  }
  return "?";
}

std::string Mechanism::ToString() const {
  std::string out;
  if (qualifier != Qualifier::kPass) out.push_back(QualifierChar(qualifier));
  out += MechanismName(kind);
  switch (kind) {
    case MechanismKind::kIp4:
      out += ":" + (network ? network->ToString() : std::string());
      if (cidr4 != 32) out += "/" + std::to_string(cidr4);
      break;
    case MechanismKind::kIp6:
      out += ":" + (network ? network->ToString() : std::string());
      if (cidr6 != 128) out += "/" + std::to_string(cidr6);
      break;
    case MechanismKind::kA:
    case MechanismKind::kMx:
      if (!domain_spec.empty()) out += ":" + domain_spec;
      if (cidr4 != 32) out += "/" + std::to_string(cidr4);
      if (cidr6 != 128) out += "//" + std::to_string(cidr6);
      break;
    case MechanismKind::kAll:
      break;
    default:
      if (!domain_spec.empty()) out += ":" + domain_spec;
      break;
  }
  return out;
}

std::string Record::ToString() const {
  std::string out = "v=spf1";
  for (const auto& m : mechanisms) out += " " + m.ToString();
  for (const auto& mod : unknown_modifiers) out += " " + mod.name + "=" + mod.value;
  if (redirect) out += " redirect=" + *redirect;
  if (exp) out += " exp=" + *exp;
  return out;
}

bool IsSpfRecord(std::string_view txt) {
  constexpr std::string_view kVersion = "v=spf1";
  return base::StartsWithIgnoreCase(txt, kVersion) && (txt.size() == kVersion.size() || txt[kVersion.size()] == ' ');
}

bool IsValidDomainName(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty() || domain.size() > kMaxDomainLength) return false;
  for (std::string_view label : base::Split(domain, '.')) {
    if (label.empty() || label.size() > kMaxLabelLength) return false;
  }
  return true;
}

Result<Record> ParseRecord(std::string_view text) {
  if (text.size() > kMaxRecordLength) return Fail(ErrorCode::kLimitExceeded, "SPF record too long");
  if (!IsSpfRecord(text)) return Fail(ErrorCode::kParse, "record does not start with v=spf1");
  Record record;
  // terms = *( 1*SP ( directive / modifier ) ): only SP separates terms (tabs, CR, LF are errors).
  for (std::string_view term : base::Split(text.substr(6), ' ')) {
    if (term.empty()) continue;
    size_t i = 0;
    while (i < term.size() && IsNameChar(term[i])) ++i;
    bool is_modifier = i > 0 && i < term.size() && term[i] == '=' && base::IsAsciiAlpha(term[0]);
    if (!is_modifier) {
      auto m = ParseDirective(term);
      if (!m) return tl::unexpected(m.error());
      record.mechanisms.push_back(std::move(*m));
      continue;
    }
    std::string name = base::ToLower(term.substr(0, i));
    std::string value(term.substr(i + 1));
    if (name == "redirect" || name == "exp") {
      std::optional<std::string>& slot = name == "redirect" ? record.redirect : record.exp;
      // RFC 7208 6: each of these modifiers MUST NOT appear more than once.
      if (slot) return Fail(ErrorCode::kParse, "more than one " + name + "= modifier");
      if (auto r = CheckDomainSpec(value); !r) return tl::unexpected(r.error());
      slot = std::move(value);
    } else {
      if (auto r = CheckMacroString(value, MacroContext::kDomainSpec); !r) {
        return Fail(ErrorCode::kParse, "modifier " + name + "=: " + r.error().message);
      }
      record.unknown_modifiers.push_back(Modifier{std::move(name), std::move(value)});
    }
  }
  return record;
}

}  // namespace kakunin::spf
