// SPF macro strings (RFC 7208 section 7): syntax check and expansion.
// Internal to spf/. Thread-safety: pure functions.
#ifndef KAKUNIN_SPF_MACRO_H_
#define KAKUNIN_SPF_MACRO_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "kakunin/result.h"
#include "kakunin/spf.h"

namespace kakunin::spf::internal {

// Where a macro string appears: domain-specs allow the letters "slodipvh"; explanation
// strings (6.2) also allow "crt" and spaces (RFC 7208 7.1).
enum class MacroContext { kDomainSpec, kExplanation };

// The values macros expand to (RFC 7208 7.3).
struct MacroEnv {
  std::string_view sender;        // %{s}
  std::string_view local_part;    // %{l}
  std::string_view sender_domain; // %{o}
  std::string_view domain;        // %{d}
  IpAddress ip;                   // %{i}, %{c}, %{v}
  std::string_view helo;          // %{h}
  std::string_view receiver;      // %{r}
  int64_t now = 0;                // %{t}
  // %{p}: the validated domain name of the client (7.3); called only when %{p} is used.
  std::function<std::string()> validated_name;
};

// Checks `text` against the macro-string grammar (7.1). Errors: kParse naming the problem.
[[nodiscard]] Result<void> CheckMacroString(std::string_view text, MacroContext context);

// Expands `text`. Errors: kParse for grammar errors (as CheckMacroString), kLimitExceeded when the
// result would pass kMaxExpansionLength.
[[nodiscard]] Result<std::string> ExpandMacroString(std::string_view text, MacroContext context,
                                                    const MacroEnv& env);

// %{i} of an address: dotted IPv4, or 32 dot-separated lower-case nibbles for IPv6 (7.3).
std::string DottedAddress(const IpAddress& ip);

}  // namespace kakunin::spf::internal

#endif  // KAKUNIN_SPF_MACRO_H_
