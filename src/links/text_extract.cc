// Links from text/plain bodies.
//
// Attacker input: the whole text body. Bounds: every position is looked at a bounded number of
// times (a candidate either becomes a link and the scan resumes after it, or the scan skips the
// whole token), bracketed and wrapped URLs stop at url::kMaxUrlBytes, and at most
// kMaxLinksPerMessage links are kept.
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "kakunin/links.h"
#include "links/resolve.h"
#include "links/text_util.h"

namespace kakunin::links {
namespace {

// A mail client hard-wraps lines at 72-78 characters; a URL ending a line at least this long
// may continue on the next one.
constexpr size_t kWrapLineLength = 60;
// A URL inside <...> (RFC 3986 Appendix C) longer than this is not one: the '>' is far away.
constexpr size_t kMaxBracketedBytes = 8192;

bool IsWordChar(char c) { return base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || c == '_'; }
bool IsHostChar(char c) { return base::IsAsciiAlpha(c) || base::IsAsciiDigit(c) || c == '-' || c == '.'; }

// ASCII characters that can appear inside a URL in running text (RFC 3986 unreserved, reserved
// and '%'); anything else ends it.
bool IsUrlChar(char c) {
  if (base::IsAsciiAlpha(c) || base::IsAsciiDigit(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~': case ':': case '/': case '?': case '#': case '[': case ']':
    case '@': case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',':
    case ';': case '=': case '%': case '\\': case '|': case '{': case '}': case '^':
      return true;
    default:
      return false;
  }
}

// Non-ASCII ends a URL in running text (Japanese text follows URLs without a space), except in
// the host, where letters of an IDN are allowed but CJK punctuation and full-width forms are not.
bool NonAsciiContinuesHost(std::string_view s, size_t i) {
  size_t j = i;
  char32_t cp = internal::NextCodePoint(s, &j);
  return cp != 0xFFFD && !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFFEF) && cp != 0xA0 &&
         !(cp >= 0x2000 && cp <= 0x206F);
}

// End of a URL starting at `start` whose host starts at `host_start`.
size_t ScanUrlEnd(std::string_view s, size_t host_start) {
  size_t i = host_start;
  bool in_host = true;
  while (i < s.size() && i - host_start < url::kMaxUrlBytes) {
    char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      if (!in_host || !NonAsciiContinuesHost(s, i)) break;
      internal::NextCodePoint(s, &i);
      continue;
    }
    if (!IsUrlChar(c)) break;
    if (c == '/' || c == '?' || c == '#') in_host = false;
    ++i;
  }
  return i;
}

// Drops trailing punctuation that belongs to the sentence ("see https://x/." or "(https://x/)").
size_t TrimTrailing(std::string_view s, size_t start, size_t end) {
  while (end > start) {
    char c = s[end - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '*') {
      --end;
    } else if (c == ')' || c == ']' || c == '}') {
      char open = c == ')' ? '(' : c == ']' ? '[' : '{';
      std::string_view body = s.substr(start, end - start);
      long balance = 0;
      for (char d : body) balance += d == open ? 1 : d == c ? -1 : 0;
      if (balance >= 0) break;
      --end;
    } else {
      break;
    }
  }
  return end;
}

// Whether the text after a line break continues a wrapped URL: it starts without indentation,
// is a run of URL characters with a path or query character in it, and is not a URL itself.
size_t WrappedContinuation(std::string_view s, size_t pos) {
  size_t end = pos;
  while (end < s.size() && static_cast<unsigned char>(s[end]) < 0x80 && IsUrlChar(s[end])) ++end;
  if (end == pos) return 0;
  std::string_view token = s.substr(pos, end - pos);
  if (token.find("://") != std::string_view::npos || base::StartsWithIgnoreCase(token, "www.")) return 0;
  if (token.find_first_of("/=&%?#") == std::string_view::npos) return 0;
  return end - pos;
}

size_t LineStart(std::string_view s, size_t i) {
  size_t nl = s.rfind('\n', i == 0 ? 0 : i - 1);
  return i == 0 || nl == std::string_view::npos ? 0 : nl + 1;
}

struct Scanner {
  std::string_view s;
  int part_index;
  std::vector<Link> links;

  void Emit(std::string raw, bool schemeless, bool wrapped) {
    if (links.size() >= kMaxLinksPerMessage) return;
    Link link;
    link.part_index = part_index;
    link.element = Element::kText;
    link.text = raw;
    link.wrapped = wrapped;
    link.raw = schemeless ? "http://" + raw : std::move(raw);
    internal::Resolve(link, nullptr);
    if (schemeless) link.raw = link.text;
    // What the reader sees is the URL itself; cut it like any link text (whole UTF-8 sequences
    // only). `raw` and `href` keep the whole URL.
    link.text.resize(base::Utf8PrefixLength(link.text, kMaxLinkTextBytes));
    links.push_back(std::move(link));
  }

  // A URL inside <...>: whitespace (line breaks of a wrapped URL) is dropped. Returns the end.
  size_t Bracketed(size_t start, bool schemeless) {
    size_t close = s.find('>', start);
    if (close == std::string_view::npos || close - start > kMaxBracketedBytes) return 0;
    std::string raw;
    bool wrapped = false;
    for (size_t i = start; i < close; ++i) {
      if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
        wrapped = true;
        continue;
      }
      raw.push_back(s[i]);
    }
    Emit(std::move(raw), schemeless, wrapped);
    return close + 1;
  }

  // A URL in running text from `start` (host at `host_start`). Returns the end.
  size_t Plain(size_t start, size_t host_start, bool schemeless) {
    size_t end = TrimTrailing(s, start, ScanUrlEnd(s, host_start));
    std::string raw(s.substr(start, end - start));
    bool wrapped = false;
    // Hard-wrapped: the URL ends a long line and the next line continues it.
    while (end < s.size() && raw.size() < url::kMaxUrlBytes) {
      size_t next = end;
      if (s[next] == '\r') ++next;
      if (next >= s.size() || s[next] != '\n') break;
      ++next;
      if (end - LineStart(s, end) < kWrapLineLength) break;
      size_t more = WrappedContinuation(s, next);
      if (more == 0) break;
      size_t cont_end = TrimTrailing(s, next, next + more);
      raw.append(s.substr(next, cont_end - next));
      wrapped = true;
      end = cont_end;
    }
    Emit(std::move(raw), schemeless, wrapped);
    return end;
  }

  void Run() {
    size_t i = 0;
    while (i < s.size() && links.size() < kMaxLinksPerMessage) {
      char c = s[i];
      bool boundary = i == 0 || !(IsWordChar(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == '@' ||
                                  s[i - 1] == '/');
      if (!boundary || (!base::IsAsciiAlpha(c) && !base::IsAsciiDigit(c))) {
        ++i;
        continue;
      }
      bool bracketed = i > 0 && s[i - 1] == '<';
      if (i >= 5 && base::StartsWithIgnoreCase(s.substr(i - 5), "<URL:")) bracketed = true;
      std::string_view rest = s.substr(i);
      size_t scheme_len = base::StartsWithIgnoreCase(rest, "https://") ? 8
                          : base::StartsWithIgnoreCase(rest, "http://") ? 7
                          : base::StartsWithIgnoreCase(rest, "ftp://")  ? 6
                                                                         : 0;
      if (scheme_len > 0) {
        size_t end = bracketed ? Bracketed(i, false) : 0;
        i = end != 0 ? end : Plain(i, i + scheme_len, false);
        continue;
      }
      if (base::StartsWithIgnoreCase(rest, "www.") && rest.size() > 4 && IsHostChar(rest[4])) {
        size_t end = bracketed ? Bracketed(i, true) : 0;
        i = end != 0 ? end : Plain(i, i, true);
        continue;
      }
      // "host.tld/path" without scheme or www: only with a path, so that "e.g." or a sentence
      // ending in "example.com." is not a link.
      size_t j = i;
      while (j < s.size() && IsHostChar(s[j])) ++j;
      std::string_view host = s.substr(i, j - i);
      size_t dot = host.rfind('.');
      if (j < s.size() && s[j] == '/' && dot != std::string_view::npos && dot > 0 && host.size() - dot > 2) {
        bool alpha_tld = true;
        for (char t : host.substr(dot + 1)) alpha_tld = alpha_tld && base::IsAsciiAlpha(t);
        if (alpha_tld) {
          i = Plain(i, i, true);
          continue;
        }
      }
      i = j > i ? j : i + 1;
    }
  }
};

}  // namespace

std::vector<Link> ExtractText(std::string_view text, int part_index) {
  Scanner scanner{text, part_index, {}};
  scanner.Run();
  return std::move(scanner.links);
}

}  // namespace kakunin::links
