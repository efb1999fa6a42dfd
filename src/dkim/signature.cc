#include "dkim/signature.h"

#include "base/strings.h"
#include "dkim/base64.h"

namespace kakunin::dkim::internal {
namespace {

constexpr size_t kMaxLengthDigits = 76;  // RFC 6376 3.5 l=: "1*76DIGIT".
constexpr size_t kMaxTimeDigits = 12;    // RFC 6376 3.5 t=/x=: "1*12DIGIT".
constexpr size_t kMaxDomainBytes = 253;  // RFC 1035 2.3.4 (without the final dot).
constexpr size_t kMaxLabelBytes = 63;

tl::unexpected<Error> Bad(std::string reason) { return Fail(ErrorCode::kParse, std::move(reason)); }

std::string LowerNoDot(std::string_view s) {
  std::string out = base::ToLower(s);
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

std::optional<int64_t> ParseDecimal(std::string_view value, size_t max_digits) {
  if (value.empty() || value.size() > max_digits) return std::nullopt;
  int64_t v = 0;
  for (char c : value) {
    if (!base::IsAsciiDigit(c)) return std::nullopt;
    if (v > (INT64_MAX - 9) / 10) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool IsDomainName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > kMaxDomainBytes) return false;
  for (std::string_view label : base::Split(name, '.')) {
    if (label.empty() || label.size() > kMaxLabelBytes) return false;
    for (char c : label) {
      if (!base::IsAsciiAlpha(c) && !base::IsAsciiDigit(c) && c != '-' && c != '_') return false;
    }
  }
  return true;
}

bool IsWithinDomain(std::string_view sub, std::string_view domain) {
  if (sub == domain) return true;
  return sub.size() > domain.size() && sub.ends_with(domain) && sub[sub.size() - domain.size() - 1] == '.';
}

Result<Algorithm> ParseAlgorithm(std::string_view value) {
  std::string a = base::ToLower(value);
  if (a == "rsa-sha256") return Algorithm::kRsaSha256;
  if (a == "ed25519-sha256") return Algorithm::kEd25519Sha256;
  if (a == "rsa-sha1") return Algorithm::kRsaSha1;
  return Bad("unknown algorithm a=" + std::string(value));
}

Result<std::pair<Canonicalization, Canonicalization>> ParseCanonicalization(std::string_view value) {
  auto one = [](std::string_view s) -> std::optional<Canonicalization> {
    if (base::EqualsIgnoreCase(s, "simple")) return Canonicalization::kSimple;
    if (base::EqualsIgnoreCase(s, "relaxed")) return Canonicalization::kRelaxed;
    return std::nullopt;
  };
  size_t slash = value.find('/');
  auto header = one(value.substr(0, slash));
  auto body = slash == std::string_view::npos ? std::optional(Canonicalization::kSimple) : one(value.substr(slash + 1));
  if (!header || !body) return Bad("unknown canonicalization c=" + std::string(value));
  return std::pair{*header, *body};
}

Result<std::vector<std::string>> ParseHeaderList(std::string_view value) {
  std::vector<std::string> out;
  for (std::string_view name : SplitColonList(value)) {
    if (name.empty()) return Bad("h= has an empty field name");
    if (out.size() >= kMaxSignedHeaders) return Fail(ErrorCode::kLimitExceeded, "h= names too many fields");
    out.push_back(base::ToLower(name));
  }
  return out;
}

Result<void> ParseSignature(std::string_view value, Signature& out) {
  auto tags = ParseTagList(value);
  if (!tags) return Bad("signature syntax: " + tags.error().message);
  auto get = [&](std::string_view name) -> const Tag* { return tags->Find(name); };

  // Names first, so that even a broken signature can be reported with its d=, s= and a=.
  if (const Tag* d = get("d")) out.domain = LowerNoDot(d->value);
  if (const Tag* s = get("s")) out.selector = LowerNoDot(s->value);
  if (const Tag* a = get("a")) out.algorithm_name = base::ToLower(a->value);
  if (const Tag* b = get("b")) {
    out.b_text = StripFws(b->value);
    out.b_value_begin = b->value_begin;
    out.b_value_size = b->value.size();
  }

  for (std::string_view required : {"v", "a", "b", "bh", "d", "h", "s"}) {
    if (get(required) == nullptr) return Bad("missing required tag " + std::string(required) + "=");
  }
  if (get("v")->value != "1") return Bad("unsupported version v=" + std::string(get("v")->value));
  auto alg = ParseAlgorithm(get("a")->value);
  if (!alg) return tl::unexpected(alg.error());
  out.algorithm = *alg;

  auto b = Base64Decode(get("b")->value);
  if (!b || b->empty()) return Bad("b= is not valid base64");
  out.signature = std::move(*b);
  auto bh = Base64Decode(get("bh")->value);
  if (!bh || bh->empty()) return Bad("bh= is not valid base64");
  out.body_hash = std::move(*bh);

  if (const Tag* c = get("c")) {
    auto canon = ParseCanonicalization(c->value);
    if (!canon) return tl::unexpected(canon.error());
    out.header_canon = canon->first;
    out.body_canon = canon->second;
  }
  if (!IsDomainName(out.domain)) return Bad("d= is not a domain name");
  if (!IsDomainName(out.selector)) return Bad("s= is not a valid selector");

  auto headers = ParseHeaderList(get("h")->value);
  if (!headers) return tl::unexpected(headers.error());
  out.signed_headers = std::move(*headers);
  bool from_signed = false;
  for (const std::string& h : out.signed_headers) from_signed = from_signed || h == "from";
  if (!from_signed) return Bad("From field not signed (h= lacks from)");  // RFC 6376 6.1.1.

  out.identity_domain = out.domain;
  if (const Tag* i = get("i")) {
    out.identity = std::string(i->value);
    size_t at = i->value.rfind('@');
    if (at == std::string_view::npos) return Bad("i= has no '@'");
    out.identity_domain = LowerNoDot(i->value.substr(at + 1));
    if (!IsDomainName(out.identity_domain)) return Bad("i= domain is not a domain name");
    if (!IsWithinDomain(out.identity_domain, out.domain)) return Bad("i= domain is not within d=");  // 6.1.1.
  }
  if (const Tag* l = get("l")) {
    if (l->value.empty() || l->value.size() > kMaxLengthDigits) return Bad("l= is not a number");
    for (char c : l->value) {
      if (!base::IsAsciiDigit(c)) return Bad("l= is not a number");
    }
    // A count past 2^63 cannot be a real body; keep it saturated so "l= exceeds the body" is reported.
    auto v = ParseDecimal(l->value, 19);
    out.body_length = v ? static_cast<uint64_t>(*v) : UINT64_MAX;
  }
  if (const Tag* q = get("q")) {
    bool dns_txt = false;
    for (std::string_view m : SplitColonList(q->value)) dns_txt = dns_txt || base::EqualsIgnoreCase(m, "dns/txt");
    if (!dns_txt) return Bad("unsupported query method q=" + std::string(q->value));
  }
  if (const Tag* t = get("t")) {
    out.timestamp = ParseDecimal(t->value, kMaxTimeDigits);
    if (!out.timestamp) return Bad("t= is not a timestamp");
  }
  if (const Tag* x = get("x")) {
    out.expiration = ParseDecimal(x->value, kMaxTimeDigits);
    if (!out.expiration) return Bad("x= is not a timestamp");
    // RFC 6376 3.5: "the value of the x= tag MUST be greater than the value of the t= tag".
    if (out.timestamp && *out.expiration <= *out.timestamp) return Bad("x= is not after t=");
  }
  return {};
}

}  // namespace kakunin::dkim::internal
