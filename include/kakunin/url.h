// URL parsing as a browser does it: where does this link really go?
//
// Implements the WHATWG URL Standard's basic URL parser (https://url.spec.whatwg.org/, section 4.4)
// without state overrides (those serve only the URL API setters, which kakunin never needs):
// leading/trailing C0-control-or-space trimming, tab/newline removal, schemes, backslashes in
// special schemes, userinfo, ports, relative references against a base (for <base href>), file:
// URLs, opaque paths, percent-encoding of path/query/fragment, and the host parser (section 3.5):
// percent-decoding, IPv4 in every numeric form ("0x7f.1", "3405803786", octal "0300.0250.0.1"),
// IPv6 with compression and embedded IPv4, forbidden host code points, opaque hosts for
// non-special schemes, and "domain to ASCII" through ICU's UTS #46 implementation with the
// options the standard requires (CheckBidi, CheckJoiners, nontransitional, no STD3 rules,
// VerifyDnsLength off, CheckHyphens off).
//
// Left out: non-UTF-8 query encodings (mail links are parsed as UTF-8 documents), validation-error
// reporting (only failures matter to kakunin), the URL API setters, blob: origins.
// Known deviations from the WPT data are listed, each with its reason, in
// tests/url/wpt_test.cc (mostly Unicode-version differences between ICU 72 and the test data).
//
// Also here: the public suffix / registrable domain (libpsl) and UTS #39 confusable skeletons
// (ICU uspoof), the two questions every link finding asks about a host.
//
// Thread-safety: all functions are safe to call from several threads; Url and Host are values.
#ifndef KAKUNIN_URL_H_
#define KAKUNIN_URL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::url {

// Inputs longer than this are refused (kLimitExceeded) before parsing. Browsers accept up to
// 2 MiB (Chromium's kMaxURLChars); a link longer than that in a mail is not a link to follow.
inline constexpr size_t kMaxUrlBytes = 2u << 20;

enum class HostKind {
  kDomain,  // An ASCII domain after UTS #46 processing ("xn--80ak6aa92e.com").
  kIpv4,    // Any IPv4 form, serialized dotted-decimal.
  kIpv6,    // Serialized with brackets and compression ("[::1]").
  kOpaque,  // Host of a non-special scheme, percent-encoded, not a DNS name.
  kEmpty,   // The empty host ("file:///x", "foo://").
};

// A parsed host (URL Standard 3.1).
struct Host {
  HostKind kind = HostKind::kEmpty;
  std::string serialized;  // As in the href: "example.com", "192.0.2.1", "[2001:db8::1]".
  uint32_t ipv4 = 0;                     // kIpv4 only.
  std::array<uint16_t, 8> ipv6 = {};     // kIpv6 only.

  bool IsIp() const { return kind == HostKind::kIpv4 || kind == HostKind::kIpv6; }
};

// A URL record (URL Standard 4.1). Absent components are std::nullopt.
struct Url {
  std::string scheme;  // Lower case, without ':'.
  std::string username;
  std::string password;
  std::optional<Host> host;
  std::optional<uint16_t> port;  // Null when absent or equal to the scheme's default port.
  bool has_opaque_path = false;
  std::vector<std::string> path;  // Segments; with an opaque path, exactly one element.
  std::optional<std::string> query;
  std::optional<std::string> fragment;

  // Whether the scheme is one of ftp, file, http, https, ws, wss.
  bool IsSpecial() const;
  // The URL serializer (4.5): the href.
  std::string Href() const;
  // "/a/b" or the opaque path (the "pathname" getter).
  std::string Pathname() const;
  // The host serialized ("" when null); with ":port" for HostAndPort.
  std::string Hostname() const { return host ? host->serialized : std::string(); }
  std::string HostAndPort() const;
  // The port in effect: the explicit one or the scheme's default; nullopt for other schemes.
  std::optional<uint16_t> EffectivePort() const;
};

// The basic URL parser (4.4) over UTF-8 `input` (invalid UTF-8 is read as U+FFFD, as a browser
// decoding the page would). `base` resolves relative references. Errors: kParse when the
// standard says "failure" (message names the reason), kLimitExceeded past kMaxUrlBytes.
[[nodiscard]] Result<Url> Parse(std::string_view input, const Url* base = nullptr);

// Whether the host parser treats input as opaque (non-special scheme) or as a domain/IP.
enum class HostMode { kSpecial, kOpaque };

// The host parser (3.5). Errors: kParse on failure.
[[nodiscard]] Result<Host> ParseHost(std::string_view input, HostMode mode = HostMode::kSpecial);

// "domain to ASCII" (3.3) with beStrict = false. Errors: kParse.
[[nodiscard]] Result<std::string> DomainToAscii(std::string_view domain);

// "domain to Unicode" (3.3): the host for display ("xn--80ak6aa92e.com" -> "аррӏе.com").
// Labels that do not decode are kept as they are.
std::string DomainToUnicode(std::string_view ascii_domain);

// ---- Public suffixes (libpsl) ----

// The Public Suffix List. Default(): Debian's list (/usr/share/publicsuffix, package
// publicsuffix) or, if absent, the one built into libpsl; Load() reads a newer .dat file.
// Thread-safety: const methods are safe from several threads.
class PublicSuffixList {
 public:
  // Loads a list in the PSL .dat text format. Errors: kNotFound, kParse.
  [[nodiscard]] static Result<std::shared_ptr<const PublicSuffixList>> Load(const std::string& path);
  // The shared default list (never null).
  static std::shared_ptr<const PublicSuffixList> Default();

  ~PublicSuffixList();
  PublicSuffixList(const PublicSuffixList&) = delete;
  PublicSuffixList& operator=(const PublicSuffixList&) = delete;

  // The public suffix of an ASCII (punycode) domain, lower case ("co.jp" for "www.amazon.co.jp").
  // Unlisted TLDs count as public suffixes (the PSL's "*" default rule).
  std::string PublicSuffix(std::string_view ascii_domain) const;
  // The registrable domain ("amazon.co.jp"), or "" when the domain is itself a public suffix.
  std::string RegistrableDomain(std::string_view ascii_domain) const;
  // Whether `suffix` is a rule of the list itself, not only the "*" default ("co.jp" yes,
  // "txt" no): tells a real domain in text from "file.txt".
  bool IsListedSuffix(std::string_view suffix) const;
  // Where the list came from (a path or "libpsl builtin").
  const std::string& source() const { return source_; }

 private:
  struct Impl;
  PublicSuffixList(std::unique_ptr<Impl> impl, std::string source);
  std::unique_ptr<Impl> impl_;
  std::string source_;
};

// ---- Confusables (UTS #39 via ICU uspoof) ----

// The UTS #39 skeleton of UTF-8 `text` (section 4): equal skeletons = visually confusable
// ("аmazon" with Cyrillic а and "amazon"). Invalid UTF-8 gives "".
std::string Skeleton(std::string_view text);

// Whether two strings are confusable (same skeleton, but not identical).
bool AreConfusable(std::string_view a, std::string_view b);

// UTS #39 5.2 restriction levels, from the most to the least restrictive.
enum class RestrictionLevel { kAsciiOnly, kSingleScript, kHighlyRestrictive, kModeratelyRestrictive, kMinimallyRestrictive, kUnrestricted };
std::string_view RestrictionLevelName(RestrictionLevel level);

// What uspoof sees in one label (or string).
struct SpoofInfo {
  RestrictionLevel restriction = RestrictionLevel::kAsciiOnly;
  bool mixed_script = false;      // More than one script (after Common/Inherited are ignored).
  bool mixed_numbers = false;     // Digits from more than one decimal system.
  bool invisible = false;         // Invisible/combining marks stacked in a way uspoof flags.
  std::vector<std::string> scripts;  // ISO 15924 short names seen ("Latn", "Cyrl").
};
SpoofInfo CheckSpoof(std::string_view text);

}  // namespace kakunin::url

#endif  // KAKUNIN_URL_H_
