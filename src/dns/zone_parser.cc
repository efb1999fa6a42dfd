// ParseZone: logical lines from the lexer -> Zone.
#include <algorithm>
#include <set>
#include <utility>

#include "base/strings.h"
#include "dns/name.h"
#include "dns/zone.h"
#include "dns/zone_fields.h"
#include "dns/zone_lexer.h"

namespace kakunin::dns::internal {
namespace {

constexpr uint16_t kCnameCode = static_cast<uint16_t>(RrType::kCname);

// Types kakunin never asks for but that real zone files hold: their records are accepted
// (their data is not checked) so that the owner name exists.
struct OtherType {
  std::string_view name;
  uint16_t code;
};
constexpr OtherType kOtherTypes[] = {
    {"NS", 2},      {"SOA", 6},     {"HINFO", 13},   {"RP", 17},         {"AFSDB", 18},
    {"SIG", 24},    {"KEY", 25},    {"LOC", 29},     {"SRV", 33},        {"NAPTR", 35},
    {"CERT", 37},   {"DNAME", 39},  {"DS", 43},      {"SSHFP", 44},      {"RRSIG", 46},
    {"NSEC", 47},   {"DNSKEY", 48}, {"NSEC3", 50},   {"NSEC3PARAM", 51}, {"TLSA", 52},
    {"SMIMEA", 53}, {"CDS", 59},    {"CDNSKEY", 60}, {"OPENPGPKEY", 61}, {"SVCB", 64},
    {"HTTPS", 65},  {"SPF", 99},    {"URI", 256},    {"CAA", 257},
};

// The type code of a mnemonic, RFC 3597's "TYPEnnn" included; 0 when unknown.
uint16_t TypeCode(std::string_view token) {
  if (auto t = RrTypeFromName(token)) return static_cast<uint16_t>(*t);
  for (const auto& other : kOtherTypes) {
    if (base::EqualsIgnoreCase(token, other.name)) return other.code;
  }
  if (token.size() > 4 && token.size() <= 9 && base::StartsWithIgnoreCase(token, "TYPE")) {
    uint32_t code = 0;
    for (char c : token.substr(4)) {
      if (!base::IsAsciiDigit(c)) return 0;
      code = code * 10 + static_cast<uint32_t>(c - '0');
    }
    if (code > 0 && code <= 0xffff) return static_cast<uint16_t>(code);
  }
  return 0;
}

bool IsClass(std::string_view token) {
  return base::EqualsIgnoreCase(token, "IN") || base::EqualsIgnoreCase(token, "CH") ||
         base::EqualsIgnoreCase(token, "HS") || base::EqualsIgnoreCase(token, "CS");
}

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  Result<Zone> Run(const std::vector<ZoneLine>& lines) {
    for (const ZoneLine& line : lines) {
      line_ = line.line;
      auto ok = line.test_directive ? TestDirective(line.tokens)
                : line.tokens[0].text.starts_with('$') && !line.starts_with_blank
                    ? Control(line.tokens)
                    : Record(line);
      if (!ok) return tl::unexpected(ok.error());
    }
    AddEmptyNonTerminals();
    return std::move(zone_);
  }

 private:
  tl::unexpected<kakunin::Error> Error(std::string_view what) const {
    return Fail(ErrorCode::kParse,
                std::string(source_) + ":" + std::to_string(line_) + ": " + std::string(what));
  }
  // Adds file:line to a field parser's message.
  tl::unexpected<kakunin::Error> Error(const kakunin::Error& e) const { return Error(e.message); }

  // A name field: "@", absolute "a.b.", or relative to $ORIGIN.
  Result<std::string> Name(const ZoneToken& token) const {
    if (token.quoted) return Error("a name cannot be a quoted string");
    std::string_view text = token.text;
    std::string name;
    if (text == "@") {
      if (!origin_) return Error("'@' used before $ORIGIN");
      return *origin_;
    }
    if (text.starts_with('$')) {
      // At the start of a line it would read as a control entry ($ORIGIN, $TTL).
      return Error("a name cannot start with '$': \"" + token.text + "\"");
    }
    if (text.find('\\') != std::string_view::npos) {
      return Error("escapes in names are not supported: \"" + token.text + "\"");
    }
    if (text == ".") return std::string();
    if (text.ends_with('.')) {
      name = base::ToLower(text.substr(0, text.size() - 1));
    } else {
      if (!origin_) return Error("relative name \"" + token.text + "\" before $ORIGIN");
      name = base::ToLower(text);
      if (!origin_->empty()) name += "." + *origin_;
    }
    if (auto problem = CheckName(name))
      return Error("bad name \"" + token.text + "\": " + *problem);
    return name;
  }

  Result<void> Control(const std::vector<ZoneToken>& tokens) {
    const std::string& word = tokens[0].text;
    if (base::EqualsIgnoreCase(word, "$ORIGIN") || base::EqualsIgnoreCase(word, "$TTL")) {
      if (tokens.size() != 2) return Error(word + " takes exactly one value");
      if (base::EqualsIgnoreCase(word, "$TTL")) {
        auto ttl = ParseTtl(tokens[1].text);
        if (!ttl) return Error(ttl.error());
        default_ttl_ = *ttl;
        return {};
      }
      // $ORIGIN is relative to the previous origin when not absolute (RFC 1035 5.1).
      auto origin = Name(tokens[1]);
      if (!origin) return tl::unexpected(origin.error());
      origin_ = std::move(*origin);
      origins_.insert(*origin_);
      return {};
    }
    if (base::EqualsIgnoreCase(word, "$INCLUDE") || base::EqualsIgnoreCase(word, "$GENERATE")) {
      return Error(word + " is not supported: write the records in this file");
    }
    return Error("unknown control entry " + word);
  }

  // ";! servfail|timeout|refused NAME [TYPE]" and ";! dnssec STATUS NAME".
  Result<void> TestDirective(const std::vector<ZoneToken>& tokens) {
    std::string kind = base::ToLower(tokens[0].text);
    if (kind == "dnssec") {
      if (tokens.size() != 3) return Error(";! dnssec takes STATUS NAME");
      std::string status = base::ToLower(tokens[1].text);
      Dnssec value;
      if (status == "secure") {
        value = Dnssec::kSecure;
      } else if (status == "insecure") {
        value = Dnssec::kInsecure;
      } else if (status == "bogus") {
        value = Dnssec::kBogus;
      } else {
        return Error(";! dnssec status must be secure, insecure or bogus, not \"" + tokens[1].text +
                     "\"");
      }
      auto name = Name(tokens[2]);
      if (!name) return tl::unexpected(name.error());
      zone_.dnssec[*name] = value;
      return {};
    }
    Fault fault;
    fault.line = line_;
    if (kind == "servfail") {
      fault.kind = FaultKind::kServfail;
    } else if (kind == "timeout") {
      fault.kind = FaultKind::kTimeout;
    } else if (kind == "refused") {
      fault.kind = FaultKind::kRefused;
    } else {
      return Error("unknown test directive \";! " + tokens[0].text +
                   "\" (servfail, timeout, refused, dnssec)");
    }
    if (tokens.size() < 2 || tokens.size() > 3) return Error(";! " + kind + " takes NAME [TYPE]");
    auto name = Name(tokens[1]);
    if (!name) return tl::unexpected(name.error());
    if (tokens.size() == 3) {
      fault.type = RrTypeFromName(tokens[2].text);
      if (!fault.type) return Error("unknown type \"" + tokens[2].text + "\" in ;! " + kind);
    }
    zone_.faults[*name].push_back(fault);
    return {};
  }

  Result<void> Record(const ZoneLine& line) {
    const auto& tokens = line.tokens;
    size_t i = 0;
    std::string owner;
    if (line.starts_with_blank) {
      if (!last_owner_) return Error("record without an owner name (the line starts with a blank)");
      owner = *last_owner_;
    } else {
      auto name = Name(tokens[i++]);
      if (!name) return tl::unexpected(name.error());
      owner = std::move(*name);
    }
    // [TTL] [CLASS] in either order (RFC 1035 5.1), then TYPE.
    std::optional<uint32_t> ttl;
    bool have_class = false;
    while (i < tokens.size() && !tokens[i].quoted) {
      const std::string& t = tokens[i].text;
      if (!ttl && base::IsAsciiDigit(t[0])) {
        auto parsed = ParseTtl(t);
        if (!parsed) return Error(parsed.error());
        ttl = *parsed;
      } else if (!have_class && IsClass(t)) {
        if (!base::EqualsIgnoreCase(t, "IN"))
          return Error("class " + t + " is not supported (only IN)");
        have_class = true;
      } else {
        break;
      }
      ++i;
    }
    if (i >= tokens.size()) return Error("record without a type");
    if (tokens[i].quoted) return Error("a type cannot be a quoted string");
    uint16_t code = TypeCode(tokens[i].text);
    if (code == 0) return Error("unknown or unsupported type \"" + tokens[i].text + "\"");
    auto known = RrTypeFromName(tokens[i].text);
    if (!known && RrTypeFromName(RrTypeName(static_cast<RrType>(code)))) {
      // RFC 3597 generic data is not decoded; the types kakunin asks for need their mnemonic.
      return Error("write " + std::string(RrTypeName(static_cast<RrType>(code))) + ", not " +
                   tokens[i].text);
    }
    ++i;
    if (i >= tokens.size()) return Error("record without data");
    std::vector<ZoneToken> rdata(tokens.begin() + static_cast<std::ptrdiff_t>(i), tokens.end());

    // RFC 1035 5.1: a record without TTL takes $TTL, else the last one given; BIND-compatible
    // files always have one of them, and kDefaultTtl covers short test zones.
    uint32_t record_ttl = ttl            ? *ttl
                          : default_ttl_ ? *default_ttl_
                                         : last_ttl_.value_or(kDefaultTtl);
    if (ttl) last_ttl_ = ttl;

    std::optional<dns::Record> record;
    if (known) {
      auto decoded = Rdata(*known, rdata);
      if (!decoded) return tl::unexpected(decoded.error());
      record = std::move(*decoded);
    }
    last_owner_ = owner;
    return Add(owner, code, record_ttl, std::move(record));
  }

  Result<dns::Record> Rdata(RrType type, const std::vector<ZoneToken>& rdata) const {
    auto want = [&](size_t n) -> Result<void> {
      if (rdata.size() != n) {
        return Error(std::string(RrTypeName(type)) + " takes " + std::to_string(n) + " field" +
                     (n == 1 ? "" : "s") + ", found " + std::to_string(rdata.size()));
      }
      for (const auto& t : rdata) {
        if (t.quoted) return Error(std::string(RrTypeName(type)) + " data cannot be quoted");
      }
      return {};
    };
    dns::Record record;
    switch (type) {
      case RrType::kA:
      case RrType::kAaaa: {
        if (auto ok = want(1); !ok) return tl::unexpected(ok.error());
        auto address = type == RrType::kA ? ParseIpv4(rdata[0].text) : ParseIpv6(rdata[0].text);
        if (!address) return Error(address.error());
        record.data = std::move(*address);
        return record;
      }
      case RrType::kMx: {
        if (auto ok = want(2); !ok) return tl::unexpected(ok.error());
        auto preference = ParseUint16(rdata[0].text);
        if (!preference) return Error(preference.error());
        auto exchange = Name(rdata[1]);
        if (!exchange) return tl::unexpected(exchange.error());
        record.preference = *preference;
        record.data = std::move(*exchange);
        return record;
      }
      case RrType::kPtr:
      case RrType::kCname: {
        if (auto ok = want(1); !ok) return tl::unexpected(ok.error());
        auto target = Name(rdata[0]);
        if (!target) return tl::unexpected(target.error());
        record.data = std::move(*target);
        return record;
      }
      case RrType::kTxt: {
        // Each token, quoted or not, is one <character-string>; they are concatenated.
        size_t wire_size = 0;
        for (const auto& t : rdata) {
          auto piece = DecodeCharacterString(t.text);
          if (!piece) return Error(piece.error());
          wire_size += piece->size() + 1;
          if (wire_size > kMaxRdata) return Error("TXT data over 65535 octets (RFC 1035 3.2.1)");
          record.data += *piece;
        }
        return record;
      }
    }
    return Error("unsupported type");
  }

  Result<void> Add(const std::string& owner, uint16_t code, uint32_t ttl,
                   std::optional<dns::Record> record) {
    ZoneNode& node = zone_.nodes[owner];
    bool has_cname = node.rrsets.contains(kCnameCode);
    bool has_other = node.rrsets.size() > (has_cname ? 1u : 0u);
    // RFC 1034 3.6.2 / RFC 2181 10.1: a CNAME owner has no other data, and one CNAME only.
    if ((code == kCnameCode && has_other) || (code != kCnameCode && has_cname)) {
      return Error("CNAME and other data at \"" + owner + "\" (RFC 1034 3.6.2)");
    }
    auto [it, inserted] = node.rrsets.try_emplace(code, RrSet{ttl, {}});
    RrSet& rrset = it->second;
    // RFC 2181 5.2: one TTL per RRset; keep the smallest, as a cache would.
    rrset.ttl = std::min(rrset.ttl, ttl);
    if (record) {
      // RFC 2181 5: an RRset holds no duplicates.
      bool duplicate = std::any_of(rrset.records.begin(), rrset.records.end(), [&](const auto& r) {
        return r.data == record->data && r.preference == record->preference;
      });
      if (code == kCnameCode && !rrset.records.empty() && !duplicate) {
        return Error("more than one CNAME at \"" + owner + "\" (RFC 2181 10.1)");
      }
      if (!duplicate) rrset.records.push_back(std::move(*record));
    }
    return {};
  }

  // An ancestor of an owner name exists without data (an empty non-terminal, RFC 8020) when it
  // lies at or below the highest of the file's $ORIGINs above it, as the names of a zone do:
  // with "sel._domainkey" under "$ORIGIN example.com.", "_domainkey.example.com" and
  // "example.com" exist, "com" does not.
  void AddEmptyNonTerminals() {
    std::vector<std::string> owners;
    for (const auto& [name, node] : zone_.nodes) owners.push_back(name);
    std::vector<std::string_view> ancestors;
    for (const std::string& owner : owners) {
      ancestors.clear();
      std::string_view parent = owner;
      while (!parent.empty()) {
        size_t dot = parent.find('.');
        parent = dot == std::string_view::npos ? std::string_view() : parent.substr(dot + 1);
        ancestors.push_back(parent);
      }
      // The highest origin above the owner: it and every ancestor below it exist.
      size_t top = 0;
      bool found = false;
      for (size_t i = 0; i < ancestors.size(); ++i) {
        if (origins_.contains(ancestors[i])) {
          top = i;
          found = true;
        }
      }
      if (!found) continue;
      for (size_t i = 0; i <= top; ++i) zone_.nodes.try_emplace(std::string(ancestors[i]));
    }
  }

  std::string_view source_;
  int line_ = 0;
  std::set<std::string, std::less<>> origins_;
  std::optional<std::string> origin_;
  std::optional<uint32_t> default_ttl_;
  std::optional<uint32_t> last_ttl_;
  std::optional<std::string> last_owner_;
  Zone zone_;
};

}  // namespace

Result<Zone> ParseZone(std::string_view text, std::string_view source_name) {
  auto lines = LexZone(text, source_name);
  if (!lines) return tl::unexpected(lines.error());
  return Parser(source_name).Run(*lines);
}

}  // namespace kakunin::dns::internal
