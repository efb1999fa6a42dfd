// Fuzzes the offline breach database reader (breach::Database::FromBytes + Lookup): a database
// file may be corrupt, truncated or handed over by someone hostile.
// Invariants: validation never reads outside the buffer; on success, lookups of any hash stay in
// bounds and agree with a linear scan of the bucket when the bucket is sorted; a lookup of the
// same hash twice gives the same answer.
#include <openssl/sha.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "breach/db_format.h"
#include "kakunin/breach.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // 1 MiB allows fan-out tables up to 2^17 buckets; larger ones only repeat the same checks.
  if (size > (1u << 20)) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto db = kakunin::breach::Database::FromBytes(bytes);
  if (!db) return 0;
  using namespace kakunin::breach::internal;  // NOLINT
  bool compact = db->mode() == kakunin::breach::DatabaseMode::kCompact;
  Check(db->entries() * (compact ? 2 : kRecordBytes) <= size);
  uint64_t slots = compact ? 0 : Load64(data + 32);  // Record-aimed probes: precise mode only.
  // Hashes aimed at the stored records: bucket b, key from the record, so found ones are hits.
  const unsigned char* base = data;
  uint64_t records = RecordsOffset(db->fanout_bits());
  uint64_t n = slots;
  for (uint64_t i = 0; i < n && i < 64; ++i) {
    // Which bucket holds record i: the fan-out entries are monotonic (validated).
    uint64_t buckets = uint64_t{1} << db->fanout_bits();
    uint64_t b = 0;
    while (b + 1 < buckets && Load32(base + FanoutPairOffset(b) + 4) <= i) ++b;
    uint64_t key = LoadKey(base + records + kRecordBytes * i);
    U128 first72 = (static_cast<U128>(b) << (72 - db->fanout_bits())) | (static_cast<U128>(key) << (24 - db->fanout_bits()));
    std::string hex;
    static const char* digits = "0123456789abcdef";
    for (int nib = 17; nib >= 0; --nib) hex.push_back(digits[static_cast<int>((first72 >> (4 * nib)) & 0xF)]);
    hex.append(22, '0');
    auto hash = kakunin::breach::PasswordHash::FromHex(hex);
    Check(hash.has_value());
    auto first = db->Lookup(*hash);
    Check(first == db->Lookup(*hash));
    // In a sorted bucket binary search must find the record it was aimed at.
    uint64_t lo = Load32(base + FanoutPairOffset(b)), hi = Load32(base + FanoutPairOffset(b) + 4);
    bool sorted = true;
    for (uint64_t j = lo + 1; j < hi; ++j) {
      sorted &= LoadKey(base + records + kRecordBytes * (j - 1)) < LoadKey(base + records + kRecordBytes * j);
    }
    const unsigned char* rec = base + records + kRecordBytes * i;
    bool padding = rec[6] == 0 && rec[7] == 0;
    if (sorted && !padding && i >= lo && i < hi) Check(first.has_value());
  }
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(data, size, digest);
  std::string hex;
  static const char* digits = "0123456789abcdef";
  for (unsigned char c : digest) {
    hex.push_back(digits[c >> 4]);
    hex.push_back(digits[c & 15]);
  }
  auto hash = kakunin::breach::PasswordHash::FromHex(hex);
  Check(hash.has_value());
  auto found = db->Lookup(*hash);
  Check(found == db->Lookup(*hash));
  return 0;
}
