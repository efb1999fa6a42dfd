// The range API's answer format and the local match. The body comes from the network (or from
// whoever --base-url points at): it is bounded to kMaxRangeResponseBytes and every line is
// checked before use.
#include <sodium.h>

#include <charconv>
#include <string>

#include "base/strings.h"
#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

bool IsHex(char c) { return base::IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

std::string_view SourceName(Source source) {
  return source == Source::kDatabase ? "database" : "range-api";
}

Result<std::vector<RangeLine>> ParseRangeResponse(std::string_view body) {
  if (body.size() > kMaxRangeResponseBytes) {
    return Fail(ErrorCode::kLimitExceeded, "range response larger than 4 MiB");
  }
  std::vector<RangeLine> out;
  size_t line_no = 0;
  while (!body.empty()) {
    ++line_no;
    size_t nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto bad = [&](const char* why) {
      return Fail(ErrorCode::kParse, "range response line " + std::to_string(line_no) + ": " + why);
    };
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return bad("no ':'");
    std::string_view suffix = line.substr(0, colon);
    std::string_view count_text = base::Trim(line.substr(colon + 1));
    if (suffix.size() != kSuffixHexChars) return bad("hash suffix is not 35 hex digits");
    for (char c : suffix) {
      if (!IsHex(c)) return bad("hash suffix is not 35 hex digits");
    }
    uint64_t count = 0;
    auto [end, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (count_text.empty() || ec != std::errc() || end != count_text.data() + count_text.size() ||
        count > (uint64_t{1} << 63)) {
      return bad("count is not a decimal number");
    }
    if (count == 0) continue;  // "Add-Padding: true": decoy lines, never a real hit.
    RangeLine entry;
    entry.suffix.reserve(kSuffixHexChars);
    for (char c : suffix) entry.suffix.push_back(c >= 'a' ? static_cast<char>(c - 32) : c);
    entry.count = count;
    out.push_back(std::move(entry));
  }
  return out;
}

Result<Finding> CheckOnline(RangeClient& client, const PasswordHash& hash) {
  auto body = client.FetchRange(hash.Prefix());
  if (!body) return tl::unexpected(body.error());
  auto lines = ParseRangeResponse(*body);
  if (!lines) return tl::unexpected(lines.error());
  std::string suffix = hash.SuffixHex();
  Finding finding;
  finding.source = Source::kRangeApi;
  for (const RangeLine& line : *lines) {
    if (line.suffix == suffix) {
      finding.breached = true;
      finding.count += line.count;  // A well-formed answer lists a suffix once; sum if not.
    }
  }
  sodium_memzero(suffix.data(), suffix.size());
  return finding;
}

}  // namespace kakunin::breach
