// Fuzzes mime::Message::Parse, the first code to touch attacker bytes.
// Invariants: Parse never crashes; on success the header views lie inside the wire buffer, the
// header block plus separator plus body is the whole wire form, and re-parsing the wire form
// gives the same fields (normalisation is idempotent).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kakunin/message.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Inputs past 256 KiB add time, not coverage: limits are tested by unit tests.
  if (size > (256u << 10)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  kakunin::mime::Limits limits;
  limits.max_header_fields = 200;
  limits.max_mime_depth = 20;
  // Small enough that inputs under the cap reach the paths for over-long header fields (kept
  // out of GMime's view) as well as for fields past max_header_fields.
  limits.max_line_bytes = 4096;
  auto m = kakunin::mime::Message::Parse(in, limits);
  if (!m) return 0;
  std::string_view wire = m->wire();
  for (const auto& f : m->fields()) {
    Check(f.raw.data() >= wire.data() && f.raw.data() + f.raw.size() <= wire.data() + wire.size());
    Check(f.raw.starts_with(f.name));
  }
  Check(m->header_block().size() <= static_cast<size_t>(m->body().data() - wire.data()));
  auto again = kakunin::mime::Message::Parse(wire, limits);
  Check(again.has_value());
  Check(again->fields().size() == m->fields().size());
  Check(again->wire() == wire);
  return 0;
}
