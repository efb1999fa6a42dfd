// Received trace fields (RFC 5321 4.4, RFC 5322 3.6.7). The from-clause comment ("TCP-info") is
// not standardised; the forms read here are those of Postfix/Sendmail ("rdns [ip]"), Exchange
// ("ip"), Exim ("[ip] helo=name"), qmail ("HELO name") and Gmail ("rdns. [ip]").
// Input is attacker-controlled (below the entry hop) and bounded by kMaxFieldLength.
#include "authres/cursor.h"
#include "base/strings.h"
#include "kakunin/authres.h"
#include "kakunin/spf.h"

namespace kakunin::authres {
namespace {

using internal::Cursor;

bool IsClauseKeyword(std::string_view w) {
  for (const char* k : {"from", "by", "via", "with", "id", "for"}) {
    if (base::EqualsIgnoreCase(w, k)) return true;
  }
  return false;
}

// "[192.0.2.1]", "[IPv6:2001:db8::1]", "192.0.2.1" -> the address, or "".
std::string AddressIn(std::string_view word) {
  if (word.size() >= 2 && word.front() == '[' && word.back() == ']') word = word.substr(1, word.size() - 2);
  if (base::StartsWithIgnoreCase(word, "ipv6:")) word.remove_prefix(5);
  auto ip = spf::IpAddress::Parse(word);
  return ip ? ip->ToString() : std::string();
}

std::string StripDot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return std::string(s);
}

// Reads the TCP-info comment(s) that follow the from-name.
void ReadTcpInfo(const std::vector<std::string>& comments, ReceivedHop& hop) {
  for (const auto& comment : comments) {
    std::vector<std::string> words;
    for (std::string_view w : base::Split(comment, ' ')) {
      w = base::Trim(w);
      // Brackets may hold the address glued to other text: "[192.0.2.1]helo=x" is rare; keep simple.
      if (!w.empty()) words.emplace_back(w);
    }
    for (size_t i = 0; i < words.size(); ++i) {
      std::string_view w = words[i];
      if (base::StartsWithIgnoreCase(w, "helo=")) {
        hop.helo = StripDot(w.substr(5));
      } else if ((base::EqualsIgnoreCase(w, "helo") || base::EqualsIgnoreCase(w, "ehlo")) && i + 1 < words.size()) {
        hop.helo = StripDot(words[++i]);
      } else if (std::string ip = AddressIn(w); !ip.empty()) {
        if (hop.ip.empty()) hop.ip = ip;
      } else if (i == 0 && w.find('.') != std::string_view::npos && w.find('=') == std::string_view::npos) {
        if (hop.reverse_name.empty()) hop.reverse_name = base::ToLower(StripDot(w));
      }
    }
  }
}

}  // namespace

Result<ReceivedHop> ParseReceived(std::string_view value) {
  if (value.size() > kMaxFieldLength) return Fail(ErrorCode::kLimitExceeded, "Received field too long");
  // The date follows the last ';' (RFC 5322 3.6.7); clauses never contain one outside comments.
  Cursor splitter(value);
  size_t last_semi = std::string_view::npos;
  while (!splitter.AtEnd()) {
    splitter.SkipPast(';');
    if (splitter.pos() > 0 && value[splitter.pos() - 1] == ';') last_semi = splitter.pos() - 1;
  }
  std::string_view clauses = last_semi == std::string_view::npos ? value : value.substr(0, last_semi);

  ReceivedHop hop;
  bool saw_from = false, saw_by = false;
  Cursor c(clauses);
  std::vector<std::string> ignored;
  c.SkipCfws(&ignored);
  while (!c.AtEnd()) {
    size_t before = c.pos();
    std::string word = c.ReadValue(";");
    std::vector<std::string> comments;
    c.SkipCfws(&comments);
    if (IsClauseKeyword(word) && !c.AtEnd()) {
      std::string arg = c.ReadValue(";");
      comments.clear();
      c.SkipCfws(&comments);
      if (base::EqualsIgnoreCase(word, "from") && !saw_from) {
        saw_from = true;
        hop.from_name = StripDot(arg);
        ReadTcpInfo(comments, hop);
        if (hop.ip.empty()) hop.ip = AddressIn(hop.from_name);
      } else if (base::EqualsIgnoreCase(word, "by") && !saw_by) {
        saw_by = true;
        hop.by = base::ToLower(StripDot(arg));
      } else if (base::EqualsIgnoreCase(word, "with") && hop.with.empty()) {
        hop.with = arg;
      }
    }
    if (c.pos() == before) c.set_pos(before + 1);
  }
  if (!saw_from && !saw_by) return Fail(ErrorCode::kParse, "Received field without from or by clause");
  if (hop.helo.empty()) hop.helo = hop.from_name;
  return hop;
}

}  // namespace kakunin::authres
