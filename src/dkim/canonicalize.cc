#include "dkim/canonicalize.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "base/strings.h"
#include "dkim/byte_scan.h"

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
  // Like Write, but a long run goes to the sink straight from `p` instead of through the buffer.
  void WriteDirect(const char* p, size_t n) {
    if (n < kDirectMin) {
      Write(p, n);
      return;
    }
    Flush();
    total_ += n;
    size_t pass = static_cast<size_t>(std::min<uint64_t>(n, remaining_));
    if (pass > 0) sink_.Append(std::string_view(p, pass));
    remaining_ -= pass;
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
  // Below this, staging (one memcpy) is cheaper than an extra hash update call.
  static constexpr size_t kDirectMin = 512;

  ByteSink& sink_;
  uint64_t remaining_;
  uint64_t total_ = 0;
  size_t used_ = 0;
  std::array<char, kChunkBytes> buf_;
};

// Writes line content [p, end) (no trailing WSP) with each WSP run made one SP (3.4.4 a).
// Branch-free per byte: in text, blanks come every few bytes and a branch on each would mispredict.
void WriteCollapsed(const char* p, const char* end, ChunkWriter& out) {
  bool in_wsp = false;  // A run split across segments must still give one SP.
  while (p < end) {
    size_t n = std::min(static_cast<size_t>(end - p), ChunkWriter::kMaxReserve);
    char* dst = out.Reserve(n);  // Output never exceeds input.
    char* d = dst;
    for (const char* seg_end = p + n; p < seg_end; ++p) {
      char c = *p;
      bool wsp = (c == ' ') | (c == '\t');
      *d = wsp ? ' ' : c;
      d += !(wsp & in_wsp);
      in_wsp = wsp;
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

// Passes lines that contain no WSP and end in CRLF, [p, end), on unchanged: for them 3.4.4 a and b change
// nothing, and only empty lines at the very end of the body may be dropped (3.4.4 c), so trailing
// empty lines are held back in `pending_empty` until something follows them. `end` is a line
// start, or the body's end (then the last line may lack its CRLF, which is added).
void PassUnchanged(const char* p, const char* end, size_t& pending_empty, ChunkWriter& out) {
  if (p == end) return;
  if (end[-1] != '\n') {  // The body's last line, without CRLF.
    for (; pending_empty > 0; --pending_empty) out.Write("\r\n", 2);
    out.WriteDirect(p, static_cast<size_t>(end - p));
    out.Write("\r\n", 2);
    return;
  }
  size_t run = static_cast<size_t>(end - p);
  size_t kept = TrimTrailingCrlf(std::string_view(p, run));
  size_t pairs = (run - kept) / 2;
  if (kept == 0) {
    pending_empty += pairs;
    return;
  }
  for (; pending_empty > 0; --pending_empty) out.Write("\r\n", 2);
  out.WriteDirect(p, kept + 2);  // The last non-empty line with its CRLF.
  pending_empty = pairs - 1;
}

// Canonicalizes the one line starting at `p` (3.4.4 a, b) and returns where the next begins.
const char* RelaxLine(const char* p, const char* end, size_t& pending_empty, ChunkWriter& out) {
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
  const char* line_end = nl ? nl : end;
  // A line is ended by CRLF; the CR belongs to the line terminator.
  const char* content_end = (nl && line_end > p && line_end[-1] == '\r') ? line_end - 1 : line_end;
  // Drop trailing WSP (3.4.4 b).
  while (content_end > p && base::IsWsp(content_end[-1])) --content_end;
  if (content_end == p) {
    ++pending_empty;  // Dropped if nothing follows (3.4.4 c).
  } else {
    for (; pending_empty > 0; --pending_empty) out.Write("\r\n", 2);
    WriteCollapsed(p, content_end, out);
    out.Write("\r\n", 2);
  }
  return nl ? nl + 1 : end;
}

uint64_t RelaxedBody(std::string_view body, std::optional<uint64_t> limit, ByteSink& sink) {
  ChunkWriter out(sink, limit);
  const char* p = body.data();
  const char* const end = p + body.size();
  size_t pending_empty = 0;  // Empty lines seen but not written.
  while (p < end) {
    // Only lines with a blank (or a bare LF) need work; the lines before the next one go as they are.
    const char* wsp = FindWspOrBareLf(p, end, p == body.data() ? '\0' : p[-1]);
    if (wsp == end) {
      PassUnchanged(p, end, pending_empty, out);
      break;
    }
    const char* line_start = wsp;
    while (line_start > p && line_start[-1] != '\n') --line_start;
    PassUnchanged(p, line_start, pending_empty, out);
    p = RelaxLine(line_start, end, pending_empty, out);
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
