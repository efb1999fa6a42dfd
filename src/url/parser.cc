// The basic URL parser (URL Standard 4.4), without state overrides.
//
// Attacker input: every href in a mail. Bounds: kMaxUrlBytes on the input; each state consumes
// at least one byte or moves to a state that does, and the only backward jumps (start over after
// a non-scheme, the authority rewind) happen once per component, so parsing is linear.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "kakunin/url.h"
#include "url/percent.h"
#include "url/scheme.h"

namespace kakunin::url {
namespace {

using internal::AppendEncoded;
using internal::EncodeSet;

enum class State {
  kSchemeStart, kScheme, kNoScheme, kSpecialRelativeOrAuthority, kPathOrAuthority, kRelative,
  kRelativeSlash, kSpecialAuthoritySlashes, kSpecialAuthorityIgnoreSlashes, kAuthority, kHost,
  kPort, kFile, kFileSlash, kFileHost, kPathStart, kPath, kOpaquePath, kQuery, kFragment,
};

constexpr bool IsC0OrSpace(char c) { return static_cast<unsigned char>(c) <= 0x20; }
constexpr bool IsTabOrNewline(char c) { return c == '\t' || c == '\n' || c == '\r'; }
constexpr bool IsAsciiAlnum(char c) { return base::IsAsciiAlpha(c) || base::IsAsciiDigit(c); }

bool IsWindowsDriveLetter(std::string_view s) {
  return s.size() == 2 && base::IsAsciiAlpha(s[0]) && (s[1] == ':' || s[1] == '|');
}
bool IsNormalizedWindowsDriveLetter(std::string_view s) {
  return IsWindowsDriveLetter(s) && s[1] == ':';
}
bool StartsWithWindowsDriveLetter(std::string_view s) {
  if (s.size() < 2 || !IsWindowsDriveLetter(s.substr(0, 2))) return false;
  if (s.size() == 2) return true;
  char c = s[2];
  return c == '/' || c == '\\' || c == '?' || c == '#';
}
bool IsSingleDot(std::string_view s) { return s == "." || base::EqualsIgnoreCase(s, "%2e"); }
bool IsDoubleDot(std::string_view s) {
  return s == ".." || base::EqualsIgnoreCase(s, ".%2e") || base::EqualsIgnoreCase(s, "%2e.") ||
         base::EqualsIgnoreCase(s, "%2e%2e");
}

void ShortenPath(Url& url) {
  if (url.scheme == "file" && url.path.size() == 1 && IsNormalizedWindowsDriveLetter(url.path[0])) return;
  if (!url.path.empty()) url.path.pop_back();
}

// '?' starts the query and '#' the fragment, as several states say; returns whether it did.
bool StartQueryOrFragment(char c, bool eof, Url& url, State& state) {
  if (eof || (c != '?' && c != '#')) return false;
  if (c == '?') {
    url.query = std::string();
    state = State::kQuery;
  } else {
    url.fragment = std::string();
    state = State::kFragment;
  }
  return true;
}

Host EmptyHost() { return Host{}; }

tl::unexpected<Error> Failure(const char* why) { return Fail(ErrorCode::kParse, why); }

}  // namespace

Result<Url> Parse(std::string_view raw_input, const Url* base) {
  if (raw_input.size() > kMaxUrlBytes) return Fail(ErrorCode::kLimitExceeded, "URL longer than 2 MiB");
  // 4.4 steps 1-3: trim C0 control or space from both ends, remove all tab and newline.
  while (!raw_input.empty() && IsC0OrSpace(raw_input.front())) raw_input.remove_prefix(1);
  while (!raw_input.empty() && IsC0OrSpace(raw_input.back())) raw_input.remove_suffix(1);
  std::string input;
  input.reserve(raw_input.size());
  for (char c : raw_input) {
    if (!IsTabOrNewline(c)) input.push_back(c);
  }
  input = internal::SanitizeUtf8(input);

  Url url;
  State state = State::kSchemeStart;
  std::string buffer;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false, port_digits = false;
  uint32_t port_value = 0;
  const auto size = static_cast<int64_t>(input.size());
  constexpr char kEof = '\0';
  // The input may contain NUL itself, so EOF is decided by position, never by the byte value.
  for (int64_t pointer = 0;; ++pointer) {
    const bool eof = pointer >= size;
    const char c = eof ? kEof : input[static_cast<size_t>(pointer)];
    // The code points after c, and from c on (both empty at EOF).
    auto remaining = [&]() { return std::string_view(input).substr(std::min(static_cast<size_t>(pointer + 1), input.size())); };
    auto rest = [&]() { return std::string_view(input).substr(std::min(static_cast<size_t>(pointer), input.size())); };
    switch (state) {
      case State::kSchemeStart:
        if (!eof && base::IsAsciiAlpha(c)) {
          buffer.push_back(base::AsciiLower(c));
          state = State::kScheme;
        } else {
          state = State::kNoScheme;
          --pointer;
        }
        break;

      case State::kScheme:
        if (!eof && (IsAsciiAlnum(c) || c == '+' || c == '-' || c == '.')) {
          buffer.push_back(base::AsciiLower(c));
        } else if (!eof && c == ':') {
          url.scheme = std::move(buffer);
          buffer.clear();
          if (url.scheme == "file") {
            state = State::kFile;
          } else if (url.IsSpecial() && base != nullptr && base->scheme == url.scheme) {
            state = State::kSpecialRelativeOrAuthority;
          } else if (url.IsSpecial()) {
            state = State::kSpecialAuthoritySlashes;
          } else if (remaining().starts_with('/')) {
            state = State::kPathOrAuthority;
            ++pointer;
          } else {
            url.has_opaque_path = true;
            url.path.assign(1, std::string());
            state = State::kOpaquePath;
          }
        } else {
          buffer.clear();
          state = State::kNoScheme;
          pointer = -1;
        }
        break;

      case State::kNoScheme:
        if (base == nullptr || (base->has_opaque_path && c != '#')) {
          return Failure("relative URL without a usable base");
        } else if (base->has_opaque_path && c == '#') {
          url.scheme = base->scheme;
          url.has_opaque_path = true;
          url.path = base->path;
          url.query = base->query;
          url.fragment = std::string();
          state = State::kFragment;
        } else if (base->scheme != "file") {
          state = State::kRelative;
          --pointer;
        } else {
          state = State::kFile;
          --pointer;
        }
        break;

      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && remaining().starts_with('/')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++pointer;
        } else {
          state = State::kRelative;
          --pointer;
        }
        break;

      case State::kPathOrAuthority:
        if (c == '/') {
          state = State::kAuthority;
        } else {
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kRelative:
        url.scheme = base->scheme;
        if (c == '/' || (url.IsSpecial() && c == '\\')) {
          state = State::kRelativeSlash;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          url.path = base->path;
          url.query = base->query;
          if (StartQueryOrFragment(c, eof, url, state)) {
          } else if (!eof) {
            url.query.reset();
            ShortenPath(url);
            state = State::kPath;
            --pointer;
          }
        }
        break;

      case State::kRelativeSlash:
        if (url.IsSpecial() && (c == '/' || c == '\\')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else if (c == '/') {
          state = State::kAuthority;
        } else {
          url.username = base->username;
          url.password = base->password;
          url.host = base->host;
          url.port = base->port;
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kSpecialAuthoritySlashes:
        state = State::kSpecialAuthorityIgnoreSlashes;
        if (c == '/' && remaining().starts_with('/')) {
          ++pointer;
        } else {
          --pointer;
        }
        break;

      case State::kSpecialAuthorityIgnoreSlashes:
        if (eof || (c != '/' && c != '\\')) {
          state = State::kAuthority;
          --pointer;
        }
        break;

      case State::kAuthority:
        if (!eof && c == '@') {
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (char b : buffer) {
            if (b == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            AppendEncoded(password_token_seen ? url.password : url.username, b, EncodeSet::kUserinfo);
          }
          buffer.clear();
        } else if (eof || c == '/' || c == '?' || c == '#' || (url.IsSpecial() && c == '\\')) {
          if (at_sign_seen && buffer.empty()) return Failure("credentials without a host");
          pointer -= static_cast<int64_t>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer.push_back(c);
        }
        break;

      case State::kHost:
        if (!eof && c == ':' && !inside_brackets) {
          if (buffer.empty()) return Failure("port without a host");
          auto host = ParseHost(buffer, url.IsSpecial() ? HostMode::kSpecial : HostMode::kOpaque);
          if (!host) return tl::unexpected(host.error());
          url.host = std::move(*host);
          buffer.clear();
          state = State::kPort;
        } else if (eof || c == '/' || c == '?' || c == '#' || (url.IsSpecial() && c == '\\')) {
          --pointer;
          if (url.IsSpecial() && buffer.empty()) return Failure("special URL without a host");
          auto host = ParseHost(buffer, url.IsSpecial() ? HostMode::kSpecial : HostMode::kOpaque);
          if (!host) return tl::unexpected(host.error());
          url.host = std::move(*host);
          buffer.clear();
          state = State::kPathStart;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer.push_back(c);
        }
        break;

      case State::kPort:
        if (!eof && base::IsAsciiDigit(c)) {
          // A value past 65535 fails whatever follows, so failing now keeps the number bounded.
          port_value = port_value * 10 + static_cast<uint32_t>(c - '0');
          if (port_value > 65535) return Failure("port out of range");
          port_digits = true;
        } else if (eof || c == '/' || c == '?' || c == '#' || (url.IsSpecial() && c == '\\')) {
          if (port_digits) {
            auto def = internal::DefaultPort(url.scheme);
            if (def && *def == port_value) {
              url.port.reset();
            } else {
              url.port = static_cast<uint16_t>(port_value);
            }
          }
          state = State::kPathStart;
          --pointer;
        } else {
          return Failure("invalid port");
        }
        break;

      case State::kFile:
        url.scheme = "file";
        url.host = EmptyHost();
        if (!eof && (c == '/' || c == '\\')) {
          state = State::kFileSlash;
        } else if (base != nullptr && base->scheme == "file") {
          url.host = base->host;
          url.path = base->path;
          url.query = base->query;
          if (StartQueryOrFragment(c, eof, url, state)) {
          } else if (!eof) {
            url.query.reset();
            if (!StartsWithWindowsDriveLetter(rest())) {
              ShortenPath(url);
            } else {
              url.path.clear();
            }
            state = State::kPath;
            --pointer;
          }
        } else {
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kFileSlash:
        if (!eof && (c == '/' || c == '\\')) {
          state = State::kFileHost;
        } else {
          if (base != nullptr && base->scheme == "file") {
            url.host = base->host;
            if (!StartsWithWindowsDriveLetter(rest()) &&
                !base->path.empty() && IsNormalizedWindowsDriveLetter(base->path[0])) {
              url.path.push_back(base->path[0]);
            }
          }
          state = State::kPath;
          --pointer;
        }
        break;

      case State::kFileHost:
        if (eof || c == '/' || c == '\\' || c == '?' || c == '#') {
          --pointer;
          if (IsWindowsDriveLetter(buffer)) {
            state = State::kPath;  // The buffer is kept: it becomes the first path segment.
          } else if (buffer.empty()) {
            url.host = EmptyHost();
            state = State::kPathStart;
          } else {
            auto host = ParseHost(buffer, HostMode::kSpecial);
            if (!host) return tl::unexpected(host.error());
            if (host->serialized == "localhost") host = EmptyHost();
            url.host = std::move(*host);
            buffer.clear();
            state = State::kPathStart;
          }
        } else {
          buffer.push_back(c);
        }
        break;

      case State::kPathStart:
        if (url.IsSpecial()) {
          state = State::kPath;
          if (eof || (c != '/' && c != '\\')) --pointer;
        } else if (StartQueryOrFragment(c, eof, url, state)) {
        } else if (!eof) {
          state = State::kPath;
          if (c != '/') --pointer;
        }
        break;

      case State::kPath: {
        const bool slash = !eof && (c == '/' || (url.IsSpecial() && c == '\\'));
        if (eof || slash || c == '?' || c == '#') {
          if (IsDoubleDot(buffer)) {
            ShortenPath(url);
            if (!slash) url.path.emplace_back();
          } else if (IsSingleDot(buffer) && !slash) {
            url.path.emplace_back();
          } else if (!IsSingleDot(buffer)) {
            if (url.scheme == "file" && url.path.empty() && IsWindowsDriveLetter(buffer)) buffer[1] = ':';
            url.path.push_back(std::move(buffer));
          }
          buffer.clear();
          StartQueryOrFragment(c, eof, url, state);
        } else {
          AppendEncoded(buffer, c, EncodeSet::kPath);
        }
        break;
      }

      case State::kOpaquePath:
        if (StartQueryOrFragment(c, eof, url, state)) {
        } else if (!eof && c == ' ') {
          // A space right before the query or fragment is encoded so that it survives a
          // serialize/parse round trip (URL Standard, opaque path state, 2025).
          std::string_view next = remaining();
          url.path[0] += next.starts_with('?') || next.starts_with('#') ? "%20" : " ";
        } else if (!eof) {
          AppendEncoded(url.path[0], c, EncodeSet::kC0Control);
        }
        break;

      case State::kQuery:
        if (eof || c == '#') {
          AppendEncoded(*url.query, buffer, url.IsSpecial() ? EncodeSet::kSpecialQuery : EncodeSet::kQuery);
          buffer.clear();
          if (!eof) {
            url.fragment = std::string();
            state = State::kFragment;
          }
        } else {
          buffer.push_back(c);
        }
        break;

      case State::kFragment:
        if (!eof) AppendEncoded(*url.fragment, c, EncodeSet::kFragment);
        break;
    }
    if (pointer >= size) break;
  }
  return url;
}

}  // namespace kakunin::url
