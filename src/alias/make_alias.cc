// Normalizing addresses under provider rules and making new aliases.
#include <openssl/rand.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "kakunin/alias.h"

namespace kakunin::alias {
namespace {

// Tags are kept short so the alias still fits RFC 5321's 64-byte local part after the mailbox
// name, and so people can type it into a sign-up form.
constexpr size_t kMaxTagBytes = 40;
// kRandom: 8 characters from 36 give 41 bits, enough that a tag cannot be guessed for a service.
constexpr size_t kRandomTagChars = 8;
constexpr std::string_view kTagAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

Result<std::string> OpenSslRandom(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    return Fail(ErrorCode::kCrypto, "RAND_bytes failed");
  }
  return out;
}

// "amazon" -> "amzn": the first letter and the following consonants, at most 4 characters, so a
// random tag still hints at the service without spelling it out.
std::string Abbreviate(std::string_view slug) {
  std::string out;
  for (char c : slug) {
    if (out.size() == 4) break;
    if (out.empty() || std::string_view("aeiou").find(c) == std::string_view::npos) out.push_back(c);
  }
  return out;
}

Result<std::string> RandomSuffix(RandomBytes random) {
  std::string out;
  while (out.size() < kRandomTagChars) {
    auto bytes = random(kRandomTagChars * 2);
    if (!bytes) return tl::unexpected(bytes.error());
    for (unsigned char b : *bytes) {
      // Rejection sampling: 252 = 7 * 36, so every character is equally likely.
      if (b >= 252 || out.size() == kRandomTagChars) continue;
      out.push_back(kTagAlphabet[b % kTagAlphabet.size()]);
    }
  }
  return out;
}

bool IsDnsLabel(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s) {
    if (!(base::IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || c == '-')) return false;
  }
  return true;
}

bool IsTagChar(char c) { return base::IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '_'; }

Result<std::string> MakeTag(const AliasRequest& request, RandomBytes random) {
  std::string tag;
  if (!request.tag.empty()) {
    tag = base::ToLower(request.tag);
    for (char c : tag) {
      if (!IsTagChar(c)) return Fail(ErrorCode::kInvalidArgument, "tag may hold only a-z, 0-9, '-' and '_'");
    }
  } else {
    tag = ServiceSlug(request.service);
    if (tag.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "service name has no ASCII letter or digit to make a tag from; give one with --tag");
    }
  }
  if (request.tagging == Tagging::kRandom) {
    auto suffix = RandomSuffix(random != nullptr ? random : &OpenSslRandom);
    if (!suffix) return tl::unexpected(suffix.error());
    tag = Abbreviate(tag) + "-" + *suffix;
  }
  if (tag.size() > kMaxTagBytes) tag.resize(kMaxTagBytes);
  while (!tag.empty() && (tag.back() == '-' || tag.back() == '_')) tag.pop_back();
  if (tag.empty()) return Fail(ErrorCode::kInvalidArgument, "the tag needs a letter or digit");
  return tag;
}

}  // namespace

Normalized Normalize(const ProviderRules& rules, const Address& address) {
  const ProviderRule& rule = rules.ForDomain(address.domain);
  std::string local = base::ToLower(address.local);
  std::string domain = address.domain;
  Normalized out;
  out.provider = rule.id;
  if (rule.subdomain_addressing &&
      std::find(rule.domains.begin(), rule.domains.end(), domain) == rule.domains.end()) {
    // "shop@taro.fastmail.com": the user is the first label, the whole local part is the tag.
    size_t dot = domain.find('.');
    out.tag = local;
    local = domain.substr(0, dot);
    domain = domain.substr(dot + 1);
  } else if (rule.has_subaddressing()) {
    if (size_t sep = local.find(rule.separator); sep != std::string::npos) {
      out.tag = local.substr(sep + 1);
      local.resize(sep);  // RFC 5233 4: the first separator ends the user part.
    }
  }
  if (rule.dots_ignored) std::erase(local, '.');
  if (!rule.canonical_domain.empty()) domain = rule.canonical_domain;
  out.mailbox = local + "@" + domain;
  out.address = out.tag.empty() ? out.mailbox : local + rule.separator + out.tag + "@" + domain;
  return out;
}

Result<NewAlias> MakeAlias(const ProviderRules& rules, const AliasRequest& request, RandomBytes random) {
  auto base_address = ParseAddress(request.base);
  if (!base_address) return Fail(ErrorCode::kInvalidArgument, "--base: " + base_address.error().message);
  const ProviderRule& rule = rules.ForDomain(base_address->domain);
  Normalized base_norm = Normalize(rules, *base_address);
  if (!base_norm.tag.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "--base already carries a tag (\"" + base_norm.tag +
                                                 "\"); give the plain mailbox address");
  }
  auto tag = MakeTag(request, random);
  if (!tag) return tl::unexpected(tag.error());

  const Address& b = *base_address;
  std::string address;
  switch (request.delivery) {
    case Delivery::kSubaddress:
      if (!rule.has_subaddressing()) {
        return Fail(ErrorCode::kInvalidArgument,
                    rule.name + " has no sub-addressing (no '+' aliases): use a separate address for this "
                                "service, or a mailbox at a provider that has plus addressing");
      }
      if (rule.base_name_required) {
        if (request.base_name.empty()) {
          return Fail(ErrorCode::kInvalidArgument,
                      rule.name + " aliases are basename-keyword@: set a base name in the provider's settings "
                                  "and pass it with --base-name");
        }
        for (char c : base::ToLower(request.base_name)) {
          if (!base::IsAsciiAlpha(c) && !base::IsAsciiDigit(c) && c != '_' && c != '.') {
            return Fail(ErrorCode::kInvalidArgument, "--base-name may hold only letters, digits, '_' and '.'");
          }
        }
        address = request.base_name + rule.separator + *tag + "@" + b.domain;
      } else {
        address = b.local + rule.separator + *tag + "@" + b.domain;
      }
      break;
    case Delivery::kSubdomain:
      if (!rule.subdomain_addressing) {
        return Fail(ErrorCode::kInvalidArgument, rule.name + " has no subdomain addressing");
      }
      if (!IsDnsLabel(base::ToLower(b.local))) {
        // The user name becomes a host name label (RFC 1035 2.3.1); "taro.y" would be two.
        return Fail(ErrorCode::kInvalidArgument,
                    "subdomain addressing needs a user name of letters, digits and inner '-' only");
      }
      address = *tag + "@" + base::ToLower(b.local) + "." + b.domain;
      break;
    case Delivery::kCatchAll:
      if (&rule != &rules.default_rule()) {
        return Fail(ErrorCode::kInvalidArgument,
                    rule.name + " does not deliver any local part to you; --catch-all is for a domain you own");
      }
      address = *tag + "@" + b.domain;
      break;
  }
  auto parsed = ParseAddress(address);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument, "the alias \"" + address + "\" is not a valid address (" +
                                                 parsed.error().message + "); choose a shorter --tag");
  }
  NewAlias out;
  out.address = address;
  out.normalized = Normalize(rules, *parsed);
  if (request.delivery == Delivery::kCatchAll) {
    out.normalized.mailbox = base_norm.mailbox;
    out.normalized.tag = *tag;
  }
  out.provider_name = rule.name;
  out.note = rule.note;
  return out;
}

}  // namespace kakunin::alias
