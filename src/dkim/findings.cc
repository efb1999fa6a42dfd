#include "dkim/findings.h"

#include <algorithm>

#include "base/strings.h"

namespace kakunin::dkim::internal {
namespace {

// Fields whose unsigned extra copies change what the reader sees (RFC 6376 8.15).
struct Watched {
  const char* name;
  Severity injection;  // Severity when it appears more often than signed.
};
constexpr Watched kWatched[] = {{"from", Severity::kHigh}, {"subject", Severity::kMedium}};

size_t CountFields(const std::vector<mime::HeaderField>& fields, std::string_view name) {
  return static_cast<size_t>(std::count_if(fields.begin(), fields.end(), [&](const mime::HeaderField& f) {
    return base::EqualsIgnoreCase(f.name, name);
  }));
}

std::string Display(std::string_view lower) {
  std::string s(lower);
  if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

bool DomainsAligned(const std::string& a, const std::string& b) {
  return IsWithinDomain(a, b) || IsWithinDomain(b, a);
}

std::vector<Finding> RiskFindings(const RiskInput& in) {
  std::vector<Finding> out;
  const Signature& sig = *in.signature;
  if (sig.body_length && *sig.body_length < in.canonical_body_length) {
    uint64_t unsigned_bytes = in.canonical_body_length - *sig.body_length;
    out.push_back(Finding{
        "dkim.body_length_limited", Severity::kMedium,
        "The signature covers only the first " + std::to_string(*sig.body_length) + " bytes of the body (l=); " +
            std::to_string(unsigned_bytes) + " bytes after them are not signed and may have been added later.",
        "署名は本文の先頭 " + std::to_string(*sig.body_length) + " バイトだけを対象にしています（l=）。その後の " +
            std::to_string(unsigned_bytes) + " バイトは署名されておらず、後から追加された可能性があります。"});
  }
  for (const Watched& w : kWatched) {
    size_t present = CountFields(*in.fields, w.name);
    size_t signed_count = static_cast<size_t>(std::count(sig.signed_headers.begin(), sig.signed_headers.end(), w.name));
    std::string name = Display(w.name);
    if (present > signed_count && signed_count > 0) {
      out.push_back(Finding{
          "dkim.header_injection", w.injection,
          "The message has " + std::to_string(present) + " " + name + " fields but the signature covers " +
              std::to_string(signed_count) + "; an unsigned " + name +
              " can be shown to the reader instead of the signed one.",
          "このメッセージには " + name + " ヘッダーが " + std::to_string(present) + " 個ありますが、署名の対象は " +
              std::to_string(signed_count) + " 個だけです。署名されていない " + name +
              " が表示される可能性があります。"});
    } else if (present > 0 && signed_count == 0) {
      out.push_back(Finding{"dkim.header_not_signed", Severity::kLow,
                            "The " + name + " field is not covered by the signature and may have been changed.",
                            name + " ヘッダーは署名の対象外で、変更されている可能性があります。"});
    }
  }
  if (!in.from_domains->empty()) {
    bool aligned = std::any_of(in.from_domains->begin(), in.from_domains->end(),
                               [&](const std::string& d) { return DomainsAligned(d, sig.domain); });
    if (!aligned) {
      out.push_back(Finding{"dkim.not_aligned", Severity::kLow,
                            "The signing domain " + sig.domain + " is not the From domain " +
                                in.from_domains->front() + " or related to it.",
                            "署名したドメイン " + sig.domain + " は差出人（From）のドメイン " +
                                in.from_domains->front() + " と一致せず、関連もありません。"});
    }
  }
  if (in.key->testing()) {
    out.push_back(Finding{"dkim.testing_key", Severity::kLow,
                          "The key is marked as being in testing mode (t=y); the domain asks not to rely on it.",
                          "鍵はテストモード（t=y）と表示されており、ドメインはこの署名に頼らないよう求めています。"});
  }
  return out;
}

}  // namespace kakunin::dkim::internal
