// Brands: who a mail claims to come from, and which domains really belong to that brand.
//
// The registry (data/brands.json, documented in docs/brands.md) lists for each brand its names
// and spellings in English and Japanese, the domains it sends mail from and signs DKIM with, the
// domains its links use (click-tracking and short-link domains included), consumer mailbox
// domains (gmail.com: any person can send from there), hosts where anyone can publish content
// (sites.google.com), where to report phishing, where to change the e-mail address and turn on
// 2-step verification, what is known of its one-time-code policy, and the source of each fact.
//
// The shipped file is compiled into the library, so the program needs no data folder. A user
// file in the same format adds brands or replaces them by id (Merge); the default user file is
// $XDG_CONFIG_HOME/kakunin/brands.json, else $HOME/.config/kakunin/brands.json (XDG Base
// Directory Specification 0.8).
//
// Claims: ClaimsOf finds which brands a message claims to be and where (From display name,
// From address, Subject, body), comparing text after Unicode NFKC normalisation and case folding
// (so full-width "Ａｍａｚｏｎ", half-width katakana "ｱﾏｿﾞﾝ" and "AMAZON" are all Amazon), with
// spaces, dots, hyphens and zero-width characters inserted between letters ignored
// ("A m a z o n", "Ama\u200Bzon"). Latin names match only on word boundaries ("Amazonas" is not
// Amazon) and katakana names only on katakana boundaries; each brand lists phrases that contain
// a name but are no claim ("apple pie", "楽天的"). A claim is evidence with a strength, not a
// verdict: the triage policy weighs it against authentication.
//
// Lookalike spellings ("Аmazon" with a Cyrillic А, "Arnazon", "PayPaI", "AMAZ0N") are found in the
// From display name and Subject by UTS #39 confusable skeleton (ICU uspoof) and marked
// `lookalike`; the body is compared by NFKC only. Hosts are compared by skeleton in url/.
// Left out: images (a logo without text) are not read.
#ifndef KAKUNIN_BRANDS_H_
#define KAKUNIN_BRANDS_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/message.h"
#include "kakunin/result.h"

namespace kakunin::brands {

// A brand file larger than this is refused (kLimitExceeded): the shipped one is ~100 KiB and a
// user file is typed by hand, so 4 MiB leaves room while bounding what a bad path can cost.
inline constexpr size_t kMaxBrandFileBytes = 4u << 20;
// At most this many brands per file and this many entries per list (validation bounds the
// matching cost: every name is searched in every mail).
inline constexpr size_t kMaxBrands = 2000;
inline constexpr size_t kMaxListEntries = 500;
// Body text past this many bytes (per text part, after HTML-to-text) is not searched for claims:
// the brand a phishing mail imitates appears near the top, and this bounds the work per mail.
inline constexpr size_t kMaxClaimTextBytes = 256u << 10;
// DNS names are at most 253 characters (RFC 1035 2.3.4).
inline constexpr size_t kMaxDomainLength = 253;

// Where a name counts as a claim.
enum class NameScope {
  kAnywhere,          // Display name, From address, Subject and body ("Amazon", "三菱UFJ銀行").
  kHeader,            // Display name, From address and Subject only: a common word ("Apple", "LINE").
  kExactDisplayName,  // Only when it is the whole From display name ("X", "au").
};

struct BrandName {
  std::string text;             // As written in the file: "Amazon", "アマゾン".
  NameScope scope = NameScope::kAnywhere;
  bool case_sensitive = false;  // "LINE" in capitals is the brand; "line" is a word.
};

// What is known of the brand's one-time codes; each field is empty when unknown.
struct CodePolicy {
  std::optional<int> digits;            // Length of a numeric code (6).
  std::optional<int> alphabet_size;     // When codes are not plain digits (36 for A-Z0-9).
  std::optional<int> length;            // Length when alphabet_size is set.
  std::optional<int> lifetime_minutes;  // How long one code stays valid.
  std::optional<int> attempts;          // Wrong entries allowed per code.
  std::string format;                   // Shape seen in mail, e.g. "G-NNNNNN"; may be empty.
};

// Where one fact comes from: `covers` lists domains or field names ("report_phishing").
struct Source {
  std::vector<std::string> covers;
  std::string basis;  // A public page URL, or a stated observation ("DKIM d= of a genuine mail").
};

struct Brand {
  std::string id;       // "amazon": lower-case ASCII letters, digits, '_' and '-'.
  std::string name_en;  // "Amazon".
  std::string name_ja;  // "アマゾン"; may be empty.
  std::vector<BrandName> names;
  std::vector<std::string> not_claims;     // Phrases containing a name that are no claim.
  std::vector<std::string> mail_domains;   // From / DKIM d= domains the brand owns.
  std::vector<std::string> link_domains;   // Web, click-tracking and short-link domains.
  std::vector<std::string> mailbox_domains;       // Consumer mailboxes: addresses are people's.
  std::vector<std::string> user_content_domains;  // Anyone can publish there.
  std::string report_phishing;  // "https://..." or "mailto:stop-spoofing@amazon.com"; may be empty.
  std::string change_email_url;
  std::string two_step_url;
  CodePolicy code_policy;
  std::vector<Source> sources;
  std::string note;
};

// Which of a brand's lists a host matched.
enum class DomainRole {
  kMail,         // One of its sending/DKIM domains.
  kLink,         // One of its web or link domains.
  kMailbox,      // Exactly a consumer mailbox domain (gmail.com): says nothing of the brand.
  kUserContent,  // A host where anyone can publish: says nothing of the brand.
};

// "mail", "link", "mailbox", "user_content".
std::string_view DomainRoleName(DomainRole role);

struct DomainMatch {
  const Brand* brand = nullptr;  // Points into the registry; valid while it lives unchanged.
  DomainRole role = DomainRole::kMail;
  std::string matched;  // The registry domain that matched ("amazon.co.jp").
};

enum class ClaimSource {
  kFromDisplayName,
  kFromAddress,
  kSubject,
  kBody,
};

// "from_display_name", "from_address", "subject", "body".
std::string_view ClaimSourceName(ClaimSource source);

// Strengths (0..1) that ClaimsOf gives; docs/brands.md has the table and the reasons.
inline constexpr double kStrengthDisplayName = 1.0;
inline constexpr double kStrengthOwnFromDomain = 1.0;   // From is on one of the brand's domains.
inline constexpr double kStrengthNameInAddress = 0.9;   // "amazon-jp@evil.example".
inline constexpr double kStrengthSubject = 0.8;
inline constexpr double kStrengthBody = 0.4;
inline constexpr double kStrengthBodyRepeated = 0.5;    // Three or more body mentions.

struct BrandClaim {
  std::string brand_id;
  ClaimSource source = ClaimSource::kBody;
  std::string matched;  // The text as it appears in the mail ("Ａｍａｚｏｎ", "amazon.co.jp").
  std::string name;     // The registry spelling or domain that matched.
  double strength = 0.0;
  int occurrences = 1;  // How many times this brand matched in this source.
  // Matched only as a lookalike spelling (display name or Subject): "Аmazon" with a Cyrillic А,
  // "Arnazon", "PayPaI". A brand never spells its own name that way, so this is itself a sign of
  // deception; `matched` then quotes the whole display name or Subject (at most 200 bytes).
  bool lookalike = false;
};

// The brand a mail claims most strongly, for a one-line answer ("claims to be Amazon"): the
// brand with the strongest claim, then the one claimed in more places, then with more
// occurrences, then the first in `claims`. nullopt when no claim reaches `min_strength`: by
// default a brand only mentioned in the body (a newsletter naming Apple) is not the mail's brand;
// pass kStrengthBody to accept body mentions too.
std::optional<std::string> PrimaryBrand(const std::vector<BrandClaim>& claims, double min_strength = kStrengthSubject);

// The brand registry. Build it with LoadDefault/LoadFile/FromJson, optionally Merge a user
// file, then share it: after that it is immutable and safe to read from several threads.
// Merge is not safe while other threads read.
class BrandRegistry {
 public:
  BrandRegistry();
  ~BrandRegistry();
  BrandRegistry(const BrandRegistry&);
  BrandRegistry& operator=(const BrandRegistry&);
  BrandRegistry(BrandRegistry&&) noexcept;
  BrandRegistry& operator=(BrandRegistry&&) noexcept;

  // Parses and validates a brand file. `origin` names it in errors ("brands.json"). Errors:
  // kParse ("origin: brands[3].mail_domains[1]: \"co.jp\" is a public suffix") for bad JSON, a
  // missing or mistyped field, a malformed or public-suffix domain, a duplicate id, a domain in
  // two brands; kLimitExceeded past kMaxBrands / kMaxListEntries.
  [[nodiscard]] static Result<BrandRegistry> FromJson(std::string_view json, std::string_view origin);
  // The registry shipped in data/brands.json (compiled in). Never fails: the shipped file is
  // validated by the tests, and a broken one aborts at first use.
  static const BrandRegistry& Default();
  // Default() as a value, for callers that Merge into it.
  static BrandRegistry LoadDefault();
  // Reads and parses `path`. Errors: those of FromJson, kNotFound, kIo, kLimitExceeded
  // (larger than kMaxBrandFileBytes).
  [[nodiscard]] static Result<BrandRegistry> LoadFile(const std::string& path);
  // $XDG_CONFIG_HOME/kakunin/brands.json, else $HOME/.config/kakunin/brands.json; nullopt when
  // neither variable is usable (a relative XDG_CONFIG_HOME is ignored, as the spec says).
  static std::optional<std::string> DefaultUserFilePath();
  // The default registry merged with `user_file` when given (errors as LoadFile), else with the
  // default user file when it exists (a missing default file is no error).
  [[nodiscard]] static Result<BrandRegistry> LoadWithUserFile(const std::optional<std::string>& user_file);

  // Brands in `other` replace ours with the same id and the rest are added. A domain that an
  // overriding brand lists is taken from any other brand that listed it.
  void Merge(const BrandRegistry& other);

  const std::vector<Brand>& brands() const;
  // nullptr when there is no brand `id`.
  const Brand* FindById(std::string_view id) const;
  // The most specific entry for `host` or a parent domain of it, on label boundaries
  // ("shipment.amazon.co.jp" -> amazon.co.jp; "amazon.co.jp.evil.example" -> nothing). `host` is
  // ASCII (A-label); case and one trailing dot are ignored.
  std::optional<DomainMatch> MatchDomain(std::string_view host) const;
  // The brand when MatchDomain finds a mail or link domain; nullptr otherwise (also for mailbox
  // and user-content hosts, which prove nothing about the brand).
  const Brand* FindByDomain(std::string_view host) const;

  // The claims in `message`, strongest first, at most one per brand and source.
  // Thread-safe; reads at most kMaxClaimTextBytes per text part.
  std::vector<BrandClaim> ClaimsOf(const mime::Message& message) const;
  // The claims in one piece of text (an SMS, a subject), all marked `source`; lookalike
  // spellings are looked for when `source` is the display name or the Subject.
  std::vector<BrandClaim> ClaimsInText(std::string_view utf8, ClaimSource source) const;

  // Internal: the shared, immutable state (src/brands/registry_impl.h).
  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kakunin::brands

#endif  // KAKUNIN_BRANDS_H_
