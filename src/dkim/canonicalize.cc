#include "dkim/canonicalize.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "base/strings.h"

namespace kakunin::dkim::internal {
namespace {

// Stages output in a fixed buffer and hands it to the sink in chunks, cutting at a byte limit.
// Writers reserve room first and then write straight into the buffer (no per-byte checks).
class ChunkWriter {
 public:
  ChunkWriter(ByteSink& sink, std::optional<uint64_t> limit)
      : sink_(sink), remaining_(limit.value_or(UINT64_MAX)) {}
  ChunkWriter(const ChunkWriter&) = delete;
  ChunkWriter& operator=(const ChunkWriter&) = delete;

  static constexpr size_t kMaxReserve = kChunkBytes;
  // A pointer to at least `n` (<= kMaxReserve) writable bytes.
  char* Reserve(size_t n) {
    if (buf_.size() - used_ < n) Flush();
    return buf_.data() + used_;
  }
  void Commit(size_t n) { used_ += n; }
  void Write(const char* p, size_t n) {
    while (n > 0) {
      size_t k = std::min(n, kMaxReserve);
      std::memcpy(Reserve(k), p, k);
      Commit(k);
      p += k;
      n -= k;
    }
  }
  // Passes the staged bytes on (only those within the limit). Returns the total produced.
  uint64_t Flush() {
    total_ += used_;
    size_t pass = static_cast<size_t>(std::min<uint64_t>(used_, remaining_));
    if (pass > 0) sink_.Append(std::string_view(buf_.data(), pass));
    remaining_ -= pass;
    used_ = 0;
    return total_;
  }

 private:
  ByteSink& sink_;
  uint64_t remaining_;
  uint64_t total_ = 0;
  size_t used_ = 0;
  std::array<char, kChunkBytes> buf_;
};

bool HasWsp(const char* p, size_t n) {
  return std::memchr(p, ' ', n) != nullptr || std::memchr(p, '\t', n) != nullptr;
}

// Writes line content [p, end) (no trailing WSP) with each WSP run made one SP (3.4.4 a).
void WriteCollapsed(const char* p, const char* end, ChunkWriter& out) {
  while (p < end) {
    size_t n = std::min(static_cast<size_t>(end - p), ChunkWriter::kMaxReserve);
    if (!HasWsp(p, n)) {  // Typical of base64 and many text lines: one copy.
      out.Write(p, n);
      p += n;
      continue;
    }
    char* dst = out.Reserve(n);  // Output never exceeds input.
    char* d = dst;
    const char* seg_end = p + n;
    bool in_wsp = false;
    for (; p < seg_end; ++p) {
      char c = *p;
      if (c == ' ' || c == '\t') {
        if (!in_wsp) *d++ = ' ';
        in_wsp = true;
      } else {
        *d++ = c;
        in_wsp = false;
      }
    }
    // A run split across segments must still give one SP: skip WSP continuing it.
    if (in_wsp) {
      while (p < end && base::IsWsp(*p)) ++p;
    }
    out.Commit(static_cast<size_t>(d - dst));
  }
}

// Length of `body` once trailing CRLF pairs are dropped.
size_t TrimTrailingCrlf(std::string_view body) {
  size_t end = body.size();
  while (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') end -= 2;
  return end;
}

uint64_t SimpleBody(std::string_view body, std::optional<uint64_t> limit, ByteSink& sink) {
  // 3.4.3: empty lines at the end are ignored; an empty body becomes one CRLF.
  size_t end = TrimTrailingCrlf(body);
  uint64_t total = end + 2;
  uint64_t allowed = limit.value_or(UINT64_MAX);
  std::string_view content = body.substr(0, end);
  if (content.size() > allowed) content = content.substr(0, static_cast<size_t>(allowed));
  if (!content.empty()) sink.Append(content);
  allowed -= content.size();
  if (allowed > 0) sink.Append(std::string_view("\r\n", allowed >= 2 ? 2 : 1));
  return total;
}

uint64_t RelaxedBody(std::string_view body, std::optional<uint64_t> limit, ByteSink& sink) {
  ChunkWriter out(sink, limit);
  const char* p = body.data();
  const char* const end = p + body.size();
  size_t pending_empty = 0;  // Empty lines seen but not written: dropped if nothing follows (3.4.4 c).
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl ? nl : end;
    // A line is ended by CRLF; the CR belongs to the line terminator.
    const char* content_end = (nl && line_end > p && line_end[-1] == '\r') ? line_end - 1 : line_end;
    // Drop trailing WSP (3.4.4 b).
    while (content_end > p && base::IsWsp(content_end[-1])) --content_end;
    if (content_end == p) {
      ++pending_empty;
    } else {
      for (; pending_empty > 0; --pending_empty) out.Write("\r\n", 2);
      WriteCollapsed(p, content_end, out);
      out.Write("\r\n", 2);
    }
    p = nl ? nl + 1 : end;
  }
  return out.Flush();
}

}  // namespace

void CanonicalizeHeader(Canonicalization c, std::string_view name, std::string_view raw, std::string& out) {
  if (c == Canonicalization::kSimple) {
    out.append(raw);
    return;
  }
  for (char ch : name) out.push_back(base::AsciiLower(ch));
  out.push_back(':');
  size_t colon = raw.find(':', name.size());
  std::string_view value = colon == std::string_view::npos ? std::string_view() : raw.substr(colon + 1);
  bool pending_space = false;
  bool started = false;
  for (char ch : value) {
    if (ch == '\r' || ch == '\n') continue;  // Unfold (3.4.2 c).
    if (base::IsWsp(ch)) {
      pending_space = started;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    started = true;
    out.push_back(ch);
  }
  out.append("\r\n");
}

uint64_t CanonicalizeBody(Canonicalization c, std::string_view body, std::optional<uint64_t> limit,
                          ByteSink& sink) {
  if (c == Canonicalization::kSimple) return SimpleBody(body, limit, sink);
  return RelaxedBody(body, limit, sink);
}

std::vector<const mime::HeaderField*> SelectSignedFields(const std::vector<mime::HeaderField>& fields,
                                                         const std::vector<std::string>& names) {
  std::vector<const mime::HeaderField*> out;
  out.reserve(names.size());
  std::vector<bool> used(fields.size(), false);
  for (const std::string& name : names) {
    const mime::HeaderField* pick = nullptr;
    for (size_t i = fields.size(); i-- > 0;) {
      if (!used[i] && base::EqualsIgnoreCase(fields[i].name, name)) {
        used[i] = true;
        pick = &fields[i];
        break;
      }
    }
    out.push_back(pick);
  }
  return out;
}

std::string RemoveTagValue(std::string_view raw, size_t b_begin, size_t b_size) {
  std::string out;
  out.reserve(raw.size() - b_size);
  out.append(raw.substr(0, b_begin));
  out.append(raw.substr(b_begin + b_size));
  return out;
}

}  // namespace kakunin::dkim::internal
