// Per-service e-mail aliases by sub-addressing ("plus addressing", RFC 5233's user+detail), a
// registry of which alias was given to which service, and the question inspect asks of it:
// "this mail went to an alias given only to X".
//
//   auto rules = alias::ProviderRules::Builtin();              // data/alias_providers.json
//   auto made = alias::MakeAlias(rules, {.service = "Amazon", .base = "taro@gmail.com"});
//   // made->address == "taro+amazon@gmail.com"
//   auto reg = alias::Registry::Open("aliases.sqlite");
//   reg->Add(*made, "Amazon", now);
//   auto hit = reg->Which(rules, "T.A.R.O+Amazon@googlemail.com");  // -> service "Amazon"
//
// Provider rules (separator '+' or '-', dots ignored, canonical domain, Fastmail's subdomain
// addressing, Yahoo's base name, providers without sub-addressing) are data, not code: they come
// from data/alias_providers.json (compiled in) plus an optional user file of the same format.
//
// Addresses handled: RFC 5321 4.1.2 dot-atom local parts (no quoted strings, no comments, no
// SMTPUTF8 local parts) and ASCII or UTF-8 domains, optionally inside "Name <...>". Local parts
// are compared case-insensitively, which RFC 5321 2.4 leaves to the receiving server; every
// provider listed does so. Left out: provider rules that depend on the account (custom
// separators set by an administrator), and IDNA mapping of domains (compared byte-wise after
// ASCII lower-casing).
#ifndef KAKUNIN_ALIAS_H_
#define KAKUNIN_ALIAS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::alias {

// RFC 5321 4.5.3.1.1 / 4.5.3.1.2 / 4.5.3.1.3: the longest local part, domain and path.
inline constexpr size_t kMaxLocalPartBytes = 64;
inline constexpr size_t kMaxDomainBytes = 255;
inline constexpr size_t kMaxAddressBytes = 254;  // 256-octet path minus the angle brackets.

// An addr-spec split at its last '@'. `local` keeps its case; `domain` is lower-cased ASCII.
struct Address {
  std::string local;
  std::string domain;

  std::string ToString() const { return local + "@" + domain; }
};

// Parses "local@domain", "<local@domain>" or "Display Name <local@domain>". Errors: kParse with
// the reason (no '@', empty or over-long part, quoted local part, characters outside dot-atom).
// Bounds: input over kMaxAddressBytes + 1024 (room for a display name) is refused unread.
[[nodiscard]] Result<Address> ParseAddress(std::string_view text);

// How one provider (or the default for unknown domains) delivers sub-addresses.
struct ProviderRule {
  std::string id;                    // "gmail"
  std::string name;                  // "Gmail"
  std::vector<std::string> domains;  // Lower-case; empty for the default rule.
  std::string canonical_domain;      // Empty: every domain is its own namespace.
  char separator = '\0';             // '+', '-', or '\0' when there is no sub-addressing.
  bool dots_ignored = false;         // "t.a.r.o" and "taro" are one mailbox (Gmail).
  bool base_name_required = false;   // Yahoo: "basename-keyword@", basename set in settings.
  bool subdomain_addressing = false; // Fastmail: "tag@user.fastmail.com".
  std::string note;
  std::vector<std::string> sources;

  bool has_subaddressing() const { return separator != '\0'; }
};

// The provider table. Immutable after construction: safe to share between threads.
class ProviderRules {
 public:
  // Parses the data/alias_providers.json format. Errors: kParse (not JSON, a field of the wrong
  // type, a separator other than "+", "-" or null, a provider without id or domains).
  [[nodiscard]] static Result<ProviderRules> FromJson(std::string_view json);
  // The table shipped in data/alias_providers.json, compiled into the library.
  static const ProviderRules& Builtin();

  // Providers in `extra` replace ones with the same id and add the rest; its default replaces
  // ours when it has one (the user's $XDG_CONFIG_HOME/kakunin/alias_providers.json).
  void Merge(const ProviderRules& extra);

  // The rule for `domain` (lower-case). A Fastmail user subdomain ("taro.fastmail.com") finds
  // Fastmail. Unknown domains get the default rule.
  const ProviderRule& ForDomain(std::string_view domain) const;
  const std::vector<ProviderRule>& providers() const { return providers_; }
  const ProviderRule& default_rule() const { return default_; }

 private:
  std::vector<ProviderRule> providers_;
  ProviderRule default_;
  bool has_default_ = false;  // The JSON named a default (Merge then replaces ours).
};

// An address seen through its provider's rules.
struct Normalized {
  std::string address;    // The key the registry stores: mailbox local + sep + tag @ domain,
                          // lower-cased, dots dropped where ignored, canonical domain.
  std::string mailbox;    // Where it is delivered: "taro@gmail.com".
  std::string tag;        // "amazon"; empty when the address carries none.
  std::string provider;   // ProviderRule::id.
};

// Applies the rules to `address`. For a Fastmail subdomain address "shop@taro.fastmail.com" the
// result is the same as for "taro+shop@fastmail.com". Never fails on a parsed Address.
Normalized Normalize(const ProviderRules& rules, const Address& address);

enum class Tagging {
  kPlain,   // taro+amazon@gmail.com: readable, but guessable for other services.
  kRandom,  // taro+amzn-k3q9x7p2@gmail.com: a short service hint plus 8 random characters.
};

enum class Delivery {
  kSubaddress,  // The provider's separator (or subdomain for Fastmail when asked).
  kCatchAll,    // A domain you own that accepts any local part: amazon@example.com.
  kSubdomain,   // Fastmail only: amazon@taro.fastmail.com.
};

struct AliasRequest {
  std::string service{};   // Free text: "Amazon", "Mizuho Bank".
  std::string base{};      // The real mailbox: "taro@gmail.com".
  Tagging tagging = Tagging::kPlain;
  Delivery delivery = Delivery::kSubaddress;
  std::string base_name{}; // Yahoo's disposable-address base name; required there.
  std::string tag{};       // Overrides the tag made from `service` (needed when the service
                           // name has no ASCII letter or digit, e.g. one written in kanji).
};

struct NewAlias {
  std::string address;     // To give to the service, as it should be typed.
  Normalized normalized;
  std::string provider_name;
  std::string note;        // The provider's caveat (e.g. "check your server uses '+'").
};

// Random bytes for kRandom tags; the default draws from OpenSSL's CSPRNG (RAND_bytes).
// Tests pass a deterministic source.
using RandomBytes = Result<std::string> (*)(size_t count);

// Builds the alias for `request`. Errors: kInvalidArgument when the base does not parse, the
// service has no letter or digit, the provider has no sub-addressing (message names the provider
// and suggests a separate address), a Yahoo base name is missing or contains '-', subdomain
// delivery is asked of a provider without it, or the result would break RFC 5321 length limits;
// kCrypto when the random source fails.
[[nodiscard]] Result<NewAlias> MakeAlias(const ProviderRules& rules, const AliasRequest& request,
                                         RandomBytes random = nullptr);

// One row of the registry.
struct AliasRecord {
  int64_t id = 0;
  std::string address;     // As given to the service.
  std::string normalized;  // Normalized::address, the lookup key (unique).
  std::string mailbox;
  std::string service;
  std::string provider;
  int64_t created_at = 0;  // Unix seconds.
};

// The alias registry: a SQLite file (schema in docs/aliases.md). Each Registry owns one SQLite
// connection and is not thread-safe; open one per thread. Several processes may share the file
// (SQLite locking; writes wait up to 5 s for a lock).
class Registry {
 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory one); the parent
  // folder must exist. Errors: kIo (cannot open, not a kakunin registry, newer schema).
  [[nodiscard]] static Result<Registry> Open(const std::string& path);

  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;
  ~Registry();

  // Records that `alias` was given to `service`. Errors: kInvalidArgument when the normalized
  // address is already registered (the message names the service it belongs to); kIo.
  [[nodiscard]] Result<AliasRecord> Add(const NewAlias& alias, std::string_view service, int64_t now);
  // Every alias, oldest first.
  [[nodiscard]] Result<std::vector<AliasRecord>> List() const;
  // The record whose normalized key equals `normalized`, or nullopt. Errors: kIo.
  [[nodiscard]] Result<std::optional<AliasRecord>> Find(std::string_view normalized) const;
  // Parses and normalizes `address`, then Find. Errors: kParse (bad address), kIo.
  [[nodiscard]] Result<std::optional<AliasRecord>> Which(const ProviderRules& rules,
                                                         std::string_view address) const;

 private:
  struct Impl;
  explicit Registry(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The registry's default place: $XDG_DATA_HOME/kakunin/aliases.sqlite, else
// $HOME/.local/share/kakunin/aliases.sqlite (XDG Base Directory Specification 0.8).
// Errors: kNotFound when neither variable is set.
[[nodiscard]] Result<std::string> DefaultRegistryPath();

// --- For inspect: which service was the recipient alias given to? ---

// A recipient address of a message that is a registered alias.
struct RecipientAlias {
  std::string address;     // As it appeared in To/Delivered-To.
  AliasRecord record;
};

// Looks each of `addresses` (To, Cc, Delivered-To values: bare or "Name <addr>") up in the
// registry, returning the registered ones in input order, each normalized key once. Addresses
// that do not parse are skipped (inspect reports malformed headers elsewhere). Errors: kIo.
[[nodiscard]] Result<std::vector<RecipientAlias>> FindRecipientAliases(
    const Registry& registry, const ProviderRules& rules, std::span<const std::string> addresses);

enum class BrandFit {
  kConsistent,  // The alias was given to the brand the mail claims to be.
  kMismatch,    // Given to another service: that service leaked it, or the mail is not genuine.
};

// Compares the service an alias was given to with a brand the message claims (a brand id or
// name, "amazon" / "Amazon Japan"). Both are reduced to lower-case letters and digits; they fit
// when one is a prefix of the other ("amazon" fits "Amazon Japan", "mizuho" fits "Mizuho Bank").
BrandFit CompareServiceWithBrand(std::string_view service, std::string_view brand);

// "amazonjapan" from "Amazon Japan!": lower-case ASCII letters and digits only (the tag alphabet).
std::string ServiceSlug(std::string_view service);

}  // namespace kakunin::alias

#endif  // KAKUNIN_ALIAS_H_
