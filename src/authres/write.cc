// Authentication-Results writing (RFC 8601 2.2), one resinfo per folded line.
#include "base/strings.h"
#include "kakunin/authres.h"

namespace kakunin::authres {
namespace {

// pvalue may be a token or "[local-part@]domain"; everything else is quoted (RFC 8601 2.2).
bool NeedsQuoting(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= 0x20 || c >= 0x7f) return true;
    if (std::string_view("()<>,;:\\\"/[]?=").find(static_cast<char>(c)) != std::string_view::npos) return true;
  }
  return false;
}

std::string Quote(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '\r' || c == '\n') c = ' ';
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string Value(std::string_view v) { return NeedsQuoting(v) ? Quote(v) : std::string(v); }

std::string Comment(std::string_view text) {
  std::string out = "(";
  for (char c : text) {
    if (c == '\r' || c == '\n') c = ' ';
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + ")";
}

}  // namespace

std::string Write(const Header& header) {
  std::string out = "Authentication-Results: " + Value(header.authserv_id);
  if (header.version != 1) out += " " + std::to_string(header.version);
  if (header.results.empty()) return out + "; none\r\n";
  for (const auto& r : header.results) {
    out += ";\r\n\t" + r.method;
    if (r.method_version > 0) out += "/" + std::to_string(r.method_version);
    out += "=" + r.result;
    if (!r.comment.empty()) out += " " + Comment(r.comment);
    if (!r.reason.empty()) out += " reason=" + Quote(r.reason);
    for (const auto& p : r.properties) {
      out += " " + (p.ptype.empty() ? p.property : p.ptype + "." + p.property) + "=" + Value(p.value);
    }
  }
  return out + "\r\n";
}

}  // namespace kakunin::authres
