#include "dkim/from_domain.h"

#include "base/strings.h"

namespace kakunin::dkim::internal {
namespace {

// Adds the domain of `addr` ("local@domain", maybe with spaces or a trailing '>') to `out`.
void AddDomain(std::string_view addr, std::vector<std::string>& out) {
  addr = base::Trim(addr);
  size_t at = addr.rfind('@');
  if (at == std::string_view::npos) return;
  std::string_view domain = base::Trim(addr.substr(at + 1));
  while (!domain.empty() && (domain.back() == '.' || domain.back() == '>')) domain.remove_suffix(1);
  if (!domain.empty()) out.push_back(base::ToLower(domain));
}

}  // namespace

std::vector<std::string> FromDomains(std::string_view value) {
  std::vector<std::string> out;
  std::string token;  // The current mailbox with quoted strings and comments removed.
  std::string angle;  // Text inside <...>, when present.
  bool in_angle = false;
  bool had_angle = false;
  int depth = 0;
  bool in_quote = false;
  auto finish = [&] {
    AddDomain(had_angle ? angle : token, out);
    token.clear();
    angle.clear();
    had_angle = false;
  };
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (in_quote) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_quote = false;
      }
      continue;
    }
    if (depth > 0) {
      if (c == '\\') {
        ++i;
      } else if (c == '(') {
        if (depth < kMaxCommentDepth) ++depth;
      } else if (c == ')') {
        --depth;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_quote = true;
        break;
      case '(':
        depth = 1;
        break;
      case '<':
        in_angle = true;
        had_angle = true;
        angle.clear();
        break;
      case '>':
        in_angle = false;
        break;
      case ',':
        if (!in_angle) {
          finish();
        }
        break;
      case ':':  // A group's display name ends here ("undisclosed: a@b, c@d;").
        if (!in_angle) token.clear();
        break;
      case ';':
        if (!in_angle) finish();
        break;
      default:
        (in_angle ? angle : token).push_back(c);
    }
  }
  finish();
  return out;
}

}  // namespace kakunin::dkim::internal
