// Domain to ASCII / to Unicode (URL Standard 3.3) over ICU's UTS #46 implementation.
#include <unicode/uidna.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "kakunin/url.h"

namespace kakunin::url {
namespace {

// UTS #46 options required by the URL Standard for beStrict = false: CheckBidi, CheckJoiners,
// Transitional_Processing false; UseSTD3ASCIIRules, CheckHyphens and VerifyDnsLength false
// (the last two are ICU errors that are filtered out below; STD3 is simply not requested).
constexpr uint32_t kUts46Options = UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                   UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE;

// ICU reports these, but the URL Standard turns the checks off (CheckHyphens=false,
// VerifyDnsLength=false).
constexpr uint32_t kIgnoredErrors = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                    UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                    UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;

// One UTS46 instance for the process; ICU documents UIDNA as usable from several threads.
const UIDNA* Uts46() {
  static const UIDNA* idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* p = uidna_openUTS46(kUts46Options, &status);
    return U_SUCCESS(status) ? p : nullptr;
  }();
  return idna;
}

using NameFn = int32_t (*)(const UIDNA*, const char*, int32_t, char*, int32_t, UIDNAInfo*, UErrorCode*);

// Runs an ICU UTF-8 name conversion; returns false on an ICU failure.
bool RunIcu(NameFn fn, std::string_view in, std::string* out, uint32_t* errors) {
  const UIDNA* idna = Uts46();
  if (idna == nullptr || in.size() > static_cast<size_t>(INT32_MAX / 4)) return false;
  out->assign(in.size() * 2 + 64, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    UIDNAInfo info = UIDNA_INFO_INITIALIZER;
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = fn(idna, in.data(), static_cast<int32_t>(in.size()), out->data(),
                   static_cast<int32_t>(out->size()), &info, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out->assign(static_cast<size_t>(n) + 1, '\0');
      continue;
    }
    if (U_FAILURE(status)) return false;
    out->resize(static_cast<size_t>(n));
    *errors = info.errors;
    return true;
  }
  return false;
}

bool IsForbiddenDomainCodePoint(unsigned char c) {
  switch (c) {
    case '\0': case '\t': case '\n': case '\r': case ' ': case '#': case '/': case ':': case '<':
    case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|': case '%':
      return true;
    default:
      return c < 0x20 || c == 0x7F;
  }
}

// The URL Standard's fast path: an ASCII domain without "xn--" labels only needs lower-casing.
bool AsciiWithoutPunycode(std::string_view domain) {
  for (char c : domain) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  for (std::string_view label : base::Split(domain, '.')) {
    if (base::StartsWithIgnoreCase(label, "xn--")) return false;
  }
  return true;
}

}  // namespace

Result<std::string> DomainToAscii(std::string_view domain) {
  std::string result;
  if (AsciiWithoutPunycode(domain)) {
    result = base::ToLower(domain);
  } else {
    uint32_t errors = 0;
    if (!RunIcu(&uidna_nameToASCII_UTF8, domain, &result, &errors)) {
      return Fail(ErrorCode::kInternal, "ICU UTS #46 conversion failed");
    }
    if ((errors & ~kIgnoredErrors) != 0) {
      char hex[16];
      std::snprintf(hex, sizeof(hex), "%x", static_cast<unsigned>(errors));
      return Fail(ErrorCode::kParse, std::string("domain fails UTS #46 processing (ICU errors 0x") + hex + ")");
    }
  }
  if (result.empty()) return Fail(ErrorCode::kParse, "domain is empty after UTS #46 processing");
  for (char c : result) {
    if (IsForbiddenDomainCodePoint(static_cast<unsigned char>(c))) {
      return Fail(ErrorCode::kParse, "forbidden domain code point in host");
    }
  }
  return result;
}

std::string DomainToUnicode(std::string_view ascii_domain) {
  if (AsciiWithoutPunycode(ascii_domain)) return base::ToLower(ascii_domain);
  // Label by label: a label that ICU cannot decode cleanly (bad Punycode, disallowed or
  // contextual-rule-breaking code points) is shown as it was, never as a half-decoded string.
  std::string out;
  bool first = true;
  for (std::string_view label : base::Split(ascii_domain, '.')) {
    if (!first) out.push_back('.');
    first = false;
    std::string decoded;
    uint32_t errors = 0;
    if (base::StartsWithIgnoreCase(label, "xn--") && RunIcu(&uidna_labelToUnicodeUTF8, label, &decoded, &errors) &&
        (errors & ~kIgnoredErrors) == 0) {
      out += decoded;
    } else {
      out += base::ToLower(label);
    }
  }
  return out;
}

}  // namespace kakunin::url
