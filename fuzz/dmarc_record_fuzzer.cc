// Fuzzes the DMARC record parser (RFC 7489 6.3 over the RFC 6376 3.2 tag list).
// Invariants: a parsed record is a DMARC record by IsDmarcRecord, its values are in range, and it
// prints to text that parses to the same record.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kakunin/dmarc.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Records past kMaxRecordLength are refused; twice that covers the refusal path.
  if (size > 2 * kakunin::dmarc::kMaxRecordLength) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = kakunin::dmarc::ParseRecord(in);
  if (!r) return 0;
  Check(kakunin::dmarc::IsDmarcRecord(in));
  Check(r->pct >= 0 && r->pct <= 100);
  Check(r->rua.size() <= kakunin::dmarc::kMaxReportUris && r->ruf.size() <= kakunin::dmarc::kMaxReportUris);
  std::string text = r->ToString();
  auto again = kakunin::dmarc::ParseRecord(text);
  Check(again.has_value());
  Check(again->ToString() == text);
  return 0;
}
