#include "arc/arc_set.h"

#include <charconv>

#include "base/strings.h"
#include "dkim/base64.h"
#include "dkim/tag_list.h"
#include "kakunin/arc.h"

namespace kakunin::arc::internal {
namespace {

using dkim::internal::Base64Decode;
using dkim::internal::ParseTagList;
using dkim::internal::TagList;

std::optional<int> ParseInstance(std::string_view v) {
  int n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < 1 || n > kMaxInstances) return std::nullopt;
  return n;
}

// d= (RFC 6376 3.5 domain-name): dot-separated labels of letters, digits and inner hyphens.
bool IsDomainName(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  for (std::string_view label : base::Split(d, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!base::IsAsciiAlpha(c) && !base::IsAsciiDigit(c) && c != '-') return false;
    }
  }
  return true;
}

bool IsSelector(std::string_view s) { return IsDomainName(s); }

Result<std::string_view> Required(const TagList& tags, std::string_view name) {
  const auto* t = tags.Find(name);
  if (t == nullptr) return Fail(ErrorCode::kParse, std::string(name) + "= missing");
  if (t->value.empty()) return Fail(ErrorCode::kParse, std::string(name) + "= empty");
  return t->value;
}

// The tags AMS and AS share: i, a, b, d, s, and t when present.
Result<ArcSignature> ParseCommon(const mime::HeaderField& field, const TagList& tags) {
  ArcSignature sig;
  sig.field = &field;
  auto i = Required(tags, "i");
  if (!i) return tl::unexpected(i.error());
  auto instance = ParseInstance(*i);
  if (!instance) return Fail(ErrorCode::kParse, "i= is not an instance 1-50");
  sig.instance = *instance;
  auto a = Required(tags, "a");
  if (!a) return tl::unexpected(a.error());
  // RFC 8617 4.1.2/4.1.3: rsa-sha256 only (tag values are case-sensitive).
  if (*a != "rsa-sha256") return Fail(ErrorCode::kParse, "a=" + std::string(*a) + " is not rsa-sha256");
  auto b = Required(tags, "b");
  if (!b) return tl::unexpected(b.error());
  auto decoded = Base64Decode(*b);
  if (!decoded || decoded->empty()) return Fail(ErrorCode::kParse, "b= is not base64");
  sig.signature = std::move(*decoded);
  const auto* bt = tags.Find("b");
  std::string_view value = field.RawValue();
  sig.b_offset = static_cast<size_t>(value.data() - field.raw.data()) + bt->value_begin;
  sig.b_size = bt->value.size();
  auto d = Required(tags, "d");
  if (!d) return tl::unexpected(d.error());
  if (!IsDomainName(*d)) return Fail(ErrorCode::kParse, "d= is not a domain name");
  sig.domain = base::ToLower(*d);
  auto s = Required(tags, "s");
  if (!s) return tl::unexpected(s.error());
  if (!IsSelector(*s)) return Fail(ErrorCode::kParse, "s= is not a selector");
  sig.selector = base::ToLower(*s);
  if (const auto* t = tags.Find("t")) {
    uint64_t when = 0;
    auto [p, ec] = std::from_chars(t->value.data(), t->value.data() + t->value.size(), when);
    if (t->value.empty() || ec != std::errc() || p != t->value.data() + t->value.size()) {
      return Fail(ErrorCode::kParse, "t= is not a number");
    }
  }
  return sig;
}

}  // namespace

Result<ArcSignature> ParseMessageSignature(const mime::HeaderField& field) {
  auto tags = ParseTagList(field.RawValue());
  if (!tags) return Fail(ErrorCode::kParse, "ARC-Message-Signature: " + tags.error().message);
  auto sig = ParseCommon(field, *tags);
  if (!sig) return Fail(ErrorCode::kParse, "ARC-Message-Signature: " + sig.error().message);
  auto bh = Required(*tags, "bh");
  if (!bh) return Fail(ErrorCode::kParse, "ARC-Message-Signature: " + bh.error().message);
  auto body_hash = Base64Decode(*bh);
  if (!body_hash || body_hash->size() != 32) return Fail(ErrorCode::kParse, "ARC-Message-Signature: bh= is not a SHA-256 digest");
  sig->body_hash = std::move(*body_hash);
  const auto* h = tags->Find("h");
  if (h == nullptr) return Fail(ErrorCode::kParse, "ARC-Message-Signature: h= missing");
  for (std::string_view name : dkim::internal::SplitColonList(h->value)) {
    if (name.empty()) continue;
    std::string lower = base::ToLower(name);
    // RFC 8617 4.1.2: the AMS must not sign ARC-Seal fields.
    if (lower == "arc-seal") return Fail(ErrorCode::kParse, "ARC-Message-Signature: h= includes ARC-Seal");
    sig->signed_headers.push_back(std::move(lower));
  }
  // Without c=, read relaxed/relaxed: the ValiMail suite (ams_fields_c_na) and the signers it was
  // built from expect it; RFC 6376's DKIM default would be simple/simple (RFC 8617 4.1.2 is
  // silent). Real AMS fields always carry c=.
  std::string_view c = "relaxed/relaxed";
  if (const auto* ct = tags->Find("c")) c = ct->value;
  size_t slash = c.find('/');
  std::string_view hc = c.substr(0, slash);
  std::string_view bc = slash == std::string_view::npos ? std::string_view("simple") : c.substr(slash + 1);
  auto canon = [](std::string_view v, bool& relaxed) {
    if (v == "relaxed") relaxed = true;
    return v == "relaxed" || v == "simple";
  };
  if (!canon(hc, sig->header_relaxed) || !canon(bc, sig->body_relaxed)) {
    return Fail(ErrorCode::kParse, "ARC-Message-Signature: c=" + std::string(c) + " is not a canonicalization");
  }
  return sig;
}

Result<ArcSignature> ParseSeal(const mime::HeaderField& field) {
  auto tags = ParseTagList(field.RawValue());
  if (!tags) return Fail(ErrorCode::kParse, "ARC-Seal: " + tags.error().message);
  auto sig = ParseCommon(field, *tags);
  if (!sig) return Fail(ErrorCode::kParse, "ARC-Seal: " + sig.error().message);
  // RFC 8617 4.1.3: the seal covers the ARC fields by rule, so an h= tag is an error.
  if (tags->Find("h") != nullptr) return Fail(ErrorCode::kParse, "ARC-Seal: h= is not allowed");
  auto cv = Required(*tags, "cv");
  if (!cv) return Fail(ErrorCode::kParse, "ARC-Seal: " + cv.error().message);
  if (*cv != "none" && *cv != "pass" && *cv != "fail") return Fail(ErrorCode::kParse, "ARC-Seal: cv=" + std::string(*cv) + " is invalid");
  sig->cv = std::string(*cv);
  return sig;
}

std::optional<int> InstanceOf(const mime::HeaderField& field) {
  std::string unfolded = field.UnfoldedValue();
  std::string_view v = base::Trim(unfolded);
  if (base::EqualsIgnoreCase(field.name, "ARC-Authentication-Results")) {
    // "i=N;" must come first (RFC 8617 4.1.1).
    if (!v.starts_with("i")) return std::nullopt;
    v.remove_prefix(1);
    v = base::Trim(v);
    if (!v.starts_with("=")) return std::nullopt;
    v = base::Trim(v.substr(1));
    size_t semi = v.find(';');
    if (semi == std::string_view::npos) return std::nullopt;
    return ParseInstance(base::Trim(v.substr(0, semi)));
  }
  auto tags = ParseTagList(field.RawValue());
  if (!tags) return std::nullopt;
  const auto* i = tags->Find("i");
  return i == nullptr ? std::nullopt : ParseInstance(i->value);
}

Result<ArcResults> ParseResults(const mime::HeaderField& field) {
  auto instance = InstanceOf(field);
  if (!instance) return Fail(ErrorCode::kParse, "ARC-Authentication-Results: no leading i=N;");
  ArcResults r;
  r.field = &field;
  r.instance = *instance;
  std::string v = field.UnfoldedValue();
  size_t semi = v.find(';');
  std::string_view rest = base::Trim(std::string_view(v).substr(semi + 1));
  size_t next = rest.find(';');
  r.authserv_id = base::ToLower(base::Trim(rest.substr(0, next)));
  if (next != std::string_view::npos) {
    // For people: folding whitespace collapsed to one space.
    for (char c : base::Trim(rest.substr(next + 1))) {
      bool space = c == ' ' || c == '\t';
      if (!(space && !r.claimed.empty() && r.claimed.back() == ' ')) r.claimed.push_back(space ? ' ' : c);
    }
  }
  if (r.authserv_id.empty()) return Fail(ErrorCode::kParse, "ARC-Authentication-Results: no authserv-id");
  return r;
}

}  // namespace kakunin::arc::internal
