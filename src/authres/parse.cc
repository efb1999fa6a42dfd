// Authentication-Results parsing (RFC 8601 2.2). Input is a header value from the message:
// attacker-controlled, bounded by kMaxFieldLength, kMaxResults and kMaxProperties.
#include <charconv>

#include "authres/cursor.h"
#include "base/strings.h"
#include "kakunin/authres.h"

namespace kakunin::authres {
namespace {

using internal::Cursor;

// Splits `text` at ';' outside comments and quoted strings.
std::vector<std::string_view> SplitResinfos(std::string_view text) {
  std::vector<std::string_view> out;
  Cursor c(text);
  size_t start = 0;
  while (!c.AtEnd()) {
    c.SkipPast(';');
    size_t end = c.pos();
    bool semi = end > start && text[end - 1] == ';';
    out.push_back(text.substr(start, end - start - (semi ? 1 : 0)));
    start = end;
  }
  if (!text.empty() && text.back() == ';') out.emplace_back();
  return out;
}

bool IsBlank(std::string_view seg) {
  Cursor c(seg);
  c.SkipCfws();
  return c.AtEnd();
}

int ReadNumber(Cursor& c) {
  std::string digits = c.ReadToken(";=/.");
  int n = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return (ec == std::errc() && p == digits.data() + digits.size()) ? n : -1;
}

// One resinfo: method[/version]=result [reason=...] [ptype.property=value ...].
std::optional<MethodResult> ParseResinfo(std::string_view seg, std::vector<std::string>& warnings) {
  Cursor c(seg);
  std::vector<std::string> comments;
  c.SkipCfws(&comments);
  MethodResult r;
  r.method = base::ToLower(c.ReadToken("=/;"));
  c.SkipCfws(&comments);
  if (c.Consume('/')) {
    c.SkipCfws(&comments);
    r.method_version = ReadNumber(c);
    c.SkipCfws(&comments);
  }
  if (r.method.empty() || r.method_version < 0 || !c.Consume('=')) {
    warnings.push_back("not a method=result: '" + std::string(base::Trim(seg)) + "'");
    return std::nullopt;
  }
  c.SkipCfws(&comments);
  r.result = base::ToLower(c.ReadToken("=;"));
  if (r.result.empty()) {
    warnings.push_back("method " + r.method + " has no result");
    return std::nullopt;
  }
  comments.clear();
  c.SkipCfws(&comments);
  if (!comments.empty()) r.comment = comments.front();
  while (!c.AtEnd()) {
    size_t before = c.pos();
    std::string name = base::ToLower(c.ReadToken("=."));
    c.SkipCfws();
    if (c.Consume('.')) {
      c.SkipCfws();
      Property p;
      p.ptype = std::move(name);
      p.property = base::ToLower(c.ReadToken("="));
      c.SkipCfws();
      if (p.property.empty() || !c.Consume('=')) {
        warnings.push_back("malformed property after " + r.method + "=" + r.result);
        c.ReadToken("");
      } else {
        c.SkipCfws();
        bool quoted = c.Peek() == '"';
        p.value = c.ReadValue("");
        if (quoted && c.Peek() == '@') {
          // pvalue = [ [ local-part ] "@" ] domain-name: a quoted local-part keeps its quotes.
          p.value = "\"" + p.value + "\"" + c.ReadToken("");
        }
        if (r.properties.size() < kMaxProperties) r.properties.push_back(std::move(p));
      }
    } else if (c.Consume('=')) {
      c.SkipCfws();
      std::string value = c.ReadValue("");
      if (name == "reason") {
        r.reason = std::move(value);
      } else if (r.properties.size() < kMaxProperties) {
        // Not RFC 8601 (Microsoft writes "action=none"): kept as a property without ptype.
        r.properties.push_back(Property{"", std::move(name), std::move(value)});
      }
    } else if (!name.empty()) {
      warnings.push_back("stray word '" + name + "' after " + r.method + "=" + r.result);
    }
    c.SkipCfws();
    if (c.pos() == before) c.set_pos(before + 1);  // Always make progress on junk like '"'.
  }
  if (c.damaged()) warnings.push_back("unterminated comment or quoted string in " + r.method + "=" + r.result);
  return r;
}

}  // namespace

std::string MethodResult::Find(std::string_view ptype, std::string_view property) const {
  for (const auto& p : properties) {
    if (p.ptype == ptype && p.property == property) return p.value;
  }
  return {};
}

Result<Header> Parse(std::string_view value) {
  if (value.size() > kMaxFieldLength) return Fail(ErrorCode::kLimitExceeded, "Authentication-Results field too long");
  std::vector<std::string_view> segs = SplitResinfos(value);
  Header h;
  size_t next = 0;
  auto first_is_resinfo = [&](std::string_view seg) {
    Cursor c(seg);
    c.SkipCfws();
    c.ReadValue("=;/");
    c.SkipCfws();
    return c.Peek() == '=' || c.Peek() == '/';
  };
  // ARC-Authentication-Results: "i=N; authserv-id; ..." (RFC 8617 4.1.1).
  if (!segs.empty()) {
    Cursor c(segs[0]);
    c.SkipCfws();
    std::string tag = c.ReadToken("=;");
    c.SkipCfws();
    if (base::EqualsIgnoreCase(tag, "i") && c.Consume('=')) {
      c.SkipCfws();
      h.arc_instance = ReadNumber(c);
      if (h.arc_instance <= 0) return Fail(ErrorCode::kParse, "bad ARC instance");
      next = 1;
    }
  }
  if (next >= segs.size() || IsBlank(segs[next])) return Fail(ErrorCode::kParse, "no authserv-id");
  if (first_is_resinfo(segs[next])) {
    h.missing_authserv_id = true;  // Microsoft 365: "spf=pass (...) smtp.mailfrom=...; dkim=...".
  } else {
    Cursor c(segs[next]);
    c.SkipCfws();
    h.authserv_id = base::ToLower(c.ReadValue(";"));
    if (h.authserv_id.empty()) return Fail(ErrorCode::kParse, "empty authserv-id");
    c.SkipCfws();
    if (c.damaged()) return Fail(ErrorCode::kParse, "unterminated comment or quoted string");
    if (!c.AtEnd()) {
      int version = ReadNumber(c);
      c.SkipCfws();
      if (version <= 0 || !c.AtEnd()) return Fail(ErrorCode::kParse, "junk after authserv-id '" + h.authserv_id + "'");
      h.version = version;
    }
    ++next;
  }
  for (; next < segs.size(); ++next) {
    if (IsBlank(segs[next])) continue;  // Trailing or doubled ';'.
    Cursor c(segs[next]);
    c.SkipCfws();
    std::string word = c.ReadToken("=;");
    c.SkipCfws();
    if (base::EqualsIgnoreCase(word, "none") && c.AtEnd()) {
      h.none = true;
      continue;
    }
    auto r = ParseResinfo(segs[next], h.warnings);
    if (r && h.results.size() < kMaxResults) h.results.push_back(std::move(*r));
  }
  if (h.missing_authserv_id && h.results.empty()) return Fail(ErrorCode::kParse, "neither authserv-id nor result");
  return h;
}

std::vector<std::string> ResultTexts(std::string_view value) {
  std::vector<std::string> out;
  if (value.size() > kMaxFieldLength) return out;
  auto parsed = Parse(value);
  if (!parsed || parsed->results.empty()) return out;
  std::vector<std::string_view> segs = SplitResinfos(value);
  size_t first = (parsed->arc_instance > 0 ? 1 : 0) + (parsed->missing_authserv_id ? 0 : 1);
  for (size_t i = first; i < segs.size(); ++i) {
    std::string_view t = base::Trim(segs[i]);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

}  // namespace kakunin::authres
