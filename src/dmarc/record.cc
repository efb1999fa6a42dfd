// DMARC record syntax (RFC 7489 6.3, 6.4) over the RFC 6376 3.2 tag-list. Input is a TXT string
// from DNS: attacker-controlled, bounded by kMaxRecordLength; parsing is linear in it.
#include <charconv>
#include <set>

#include "base/strings.h"
#include "kakunin/dmarc.h"

namespace kakunin::dmarc {
namespace {

struct Tag {
  std::string name;
  std::string value;
};

bool IsTagNameChar(char c) { return base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || c == '_'; }

// RFC 6376 3.2 tag-list. Errors: malformed tag-spec, duplicate tag (the whole list is invalid).
Result<std::vector<Tag>> ParseTagList(std::string_view text) {
  std::vector<Tag> tags;
  std::set<std::string> seen;
  std::vector<std::string_view> specs = base::Split(text, ';');
  for (size_t i = 0; i < specs.size(); ++i) {
    std::string_view spec = base::Trim(specs[i]);
    if (spec.empty()) {
      if (i + 1 == specs.size()) break;  // A trailing ';' is allowed.
      return Fail(ErrorCode::kParse, "empty tag in tag list");
    }
    size_t eq = spec.find('=');
    if (eq == std::string_view::npos) return Fail(ErrorCode::kParse, "tag without '=': " + std::string(spec));
    std::string name(base::Trim(spec.substr(0, eq)));
    if (name.empty() || !base::IsAsciiAlpha(name[0])) return Fail(ErrorCode::kParse, "bad tag name '" + name + "'");
    for (char c : name) {
      if (!IsTagNameChar(c)) return Fail(ErrorCode::kParse, "bad tag name '" + name + "'");
    }
    if (!seen.insert(name).second) return Fail(ErrorCode::kParse, "tag '" + name + "' appears twice");
    tags.push_back({name, std::string(base::Trim(spec.substr(eq + 1)))});
  }
  return tags;
}

std::optional<Policy> ParsePolicy(std::string_view v) {
  if (base::EqualsIgnoreCase(v, "none")) return Policy::kNone;
  if (base::EqualsIgnoreCase(v, "quarantine")) return Policy::kQuarantine;
  if (base::EqualsIgnoreCase(v, "reject")) return Policy::kReject;
  return std::nullopt;
}

std::optional<Alignment> ParseAlignment(std::string_view v) {
  if (base::EqualsIgnoreCase(v, "r")) return Alignment::kRelaxed;
  if (base::EqualsIgnoreCase(v, "s")) return Alignment::kStrict;
  return std::nullopt;
}

template <class T>
std::optional<T> ParseNumber(std::string_view v) {
  T n{};
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty()) return std::nullopt;
  return n;
}

// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ] (6.4). Only the scheme is checked:
// kakunin never sends reports.
bool IsDmarcUri(std::string_view uri) {
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : uri.substr(0, colon)) {
    if (!base::IsAsciiAlpha(c) && !base::IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return uri.size() > colon + 1;
}

std::vector<std::string> ParseUris(std::string_view v, const std::string& tag, std::vector<std::string>& warnings) {
  std::vector<std::string> out;
  for (std::string_view piece : base::Split(v, ',')) {
    piece = base::Trim(piece);
    if (!IsDmarcUri(piece)) {
      warnings.push_back(tag + ": '" + std::string(piece) + "' is not a URI");
      continue;
    }
    if (out.size() < kMaxReportUris) out.emplace_back(piece);
  }
  return out;
}

std::string_view AlignmentName(Alignment a) { return a == Alignment::kStrict ? "s" : "r"; }

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back(sep);
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string_view PolicyName(Policy policy) {
  switch (policy) {
    case Policy::kNone: return "none";
    case Policy::kQuarantine: return "quarantine";
    case Policy::kReject: return "reject";
  }
  return "none";
}

bool IsDmarcRecord(std::string_view txt) {
  size_t semi = txt.find(';');
  std::string_view first = base::Trim(txt.substr(0, semi));
  size_t eq = first.find('=');
  if (eq == std::string_view::npos) return false;
  // 6.4: v= must be the first tag and its value must be exactly "DMARC1".
  return base::Trim(first.substr(0, eq)) == "v" && base::Trim(first.substr(eq + 1)) == "DMARC1";
}

Result<Record> ParseRecord(std::string_view text) {
  if (text.size() > kMaxRecordLength) return Fail(ErrorCode::kLimitExceeded, "DMARC record too long");
  if (!IsDmarcRecord(text)) return Fail(ErrorCode::kParse, "record does not start with v=DMARC1");
  auto tags = ParseTagList(text);
  if (!tags) return tl::unexpected(tags.error());
  Record r;
  bool have_policy = false;
  bool bad_sp = false;
  for (const auto& [name, value] : *tags) {
    if (name == "v") continue;
    if (name == "p") {
      if (auto p = ParsePolicy(value)) {
        r.policy = *p;
        have_policy = true;
      } else {
        r.warnings.push_back("p: invalid value '" + value + "'");
      }
    } else if (name == "sp") {
      if (auto p = ParsePolicy(value)) {
        r.subdomain_policy = *p;
      } else {
        bad_sp = true;
        r.warnings.push_back("sp: invalid value '" + value + "'");
      }
    } else if (name == "pct") {
      auto n = ParseNumber<int>(value);
      if (n && *n >= 0 && *n <= 100) {
        r.pct = *n;
      } else {
        r.warnings.push_back("pct: '" + value + "' is not 0-100; using 100");
      }
    } else if (name == "adkim" || name == "aspf") {
      auto a = ParseAlignment(value);
      if (a) {
        (name == "adkim" ? r.adkim : r.aspf) = *a;
      } else {
        r.warnings.push_back(name + ": invalid value '" + value + "'; using relaxed");
      }
    } else if (name == "rua" || name == "ruf") {
      (name == "rua" ? r.rua : r.ruf) = ParseUris(value, name, r.warnings);
    } else if (name == "fo") {
      std::vector<std::string> fo;
      bool ok = !value.empty();
      for (std::string_view opt : base::Split(value, ':')) {
        opt = base::Trim(opt);
        if (opt == "0" || opt == "1" || opt == "d" || opt == "s") {
          fo.emplace_back(opt);
        } else {
          ok = false;
        }
      }
      if (ok) {
        r.fo = std::move(fo);
      } else {
        r.warnings.push_back("fo: invalid value '" + value + "'; using 0");
      }
    } else if (name == "rf") {
      std::vector<std::string> rf;
      for (std::string_view f : base::Split(value, ':')) {
        f = base::Trim(f);
        if (!f.empty()) rf.emplace_back(base::ToLower(f));
      }
      if (rf.empty()) {
        r.warnings.push_back("rf: empty; using afrf");
      } else {
        r.rf = std::move(rf);
      }
    } else if (name == "ri") {
      if (auto n = ParseNumber<uint32_t>(value)) {
        r.ri = *n;
      } else {
        r.warnings.push_back("ri: '" + value + "' is not a number of seconds; using 86400");
      }
    }
    // 6.3: unknown tags MUST be ignored (DMARCbis adds np=, psd=, t=; they land here).
  }
  if (!have_policy || bad_sp) {
    // 6.6.3 step 6: without a valid p= (or with an invalid sp=), a record with a usable rua= is
    // read as p=none; otherwise no DMARC processing applies.
    if (r.rua.empty()) return Fail(ErrorCode::kParse, "no valid p= tag and no usable rua= tag");
    r.policy = Policy::kNone;
    r.subdomain_policy.reset();
    r.policy_defaulted = true;
  }
  return r;
}

std::string Record::ToString() const {
  std::string out = "v=DMARC1; p=" + std::string(PolicyName(policy));
  if (subdomain_policy) out += "; sp=" + std::string(PolicyName(*subdomain_policy));
  if (pct != 100) out += "; pct=" + std::to_string(pct);
  if (adkim != Alignment::kRelaxed) out += "; adkim=" + std::string(AlignmentName(adkim));
  if (aspf != Alignment::kRelaxed) out += "; aspf=" + std::string(AlignmentName(aspf));
  if (!rua.empty()) out += "; rua=" + Join(rua, ',');
  if (!ruf.empty()) out += "; ruf=" + Join(ruf, ',');
  if (fo != std::vector<std::string>{"0"}) out += "; fo=" + Join(fo, ':');
  if (rf != std::vector<std::string>{"afrf"}) out += "; rf=" + Join(rf, ':');
  if (ri != 86400) out += "; ri=" + std::to_string(ri);
  return out;
}

}  // namespace kakunin::dmarc
