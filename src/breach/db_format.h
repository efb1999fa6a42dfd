// The offline breach database, format version 1 ("precise" mode). All integers little-endian.
// Laid out in 4 KiB pages so that a cold lookup reads two pages: one of the fan-out table and
// one of records.
//
//   offset 0      header (64 bytes, rest of the first page zero)
//     0  magic "KKNHIBP1"          8 bytes
//     8  u32 version = 1
//     12 u32 fanout_bits F          0..24; B = 2^F buckets
//     16 u64 entry_count n          hashes stored, < 2^32
//     24 u64 overflow_count m
//     32 u64 slot_count s           record slots, n plus padding, < 2^32
//     40 u64 records_offset = 4096 * (1 + P), P = ceil(B / 1023) fan-out pages
//     48 u64 overflow_offset = records_offset + 8 * s
//     56 u64 file_size = overflow_offset + 16 * m
//   offset 4096   fan-out: B + 1 u32 entries e[0..B], e[b] = first slot of bucket b, e[B] = s.
//     Stored as P pages of 1024 u32: page k holds e[1023k .. 1023k + 1023], so the entry
//     that ends one page starts the next, and the pair e[b], e[b+1] is always on one page.
//   records_offset   s slots x 8 bytes, sorted by hash within each bucket. Bytes 0-5: SHA-1
//     bits [F, F+48) big-endian (byte order is numeric order); bytes 6-7: u16 count, 0xFFFF
//     meaning "65535 or more: see overflow", 0 meaning a padding slot. A bucket of at most 512
//     records never crosses a page: when it would, the bucket before it is padded to the page
//     end with slots (key 0xFFFFFFFFFFFF, count 0), which sort last and never match.
//   overflow_offset  m x 16 bytes, sorted by slot: u64 slot index, u64 count.
//
// A hash is identified by its first F + 48 bits (72 with F = 24): the first F select the bucket,
// the next 48 are stored. Hashes sharing those bits are merged (counts added) by the builder.
#ifndef KAKUNIN_SRC_BREACH_DB_FORMAT_H_
#define KAKUNIN_SRC_BREACH_DB_FORMAT_H_

#include <cstdint>
#include <cstring>

namespace kakunin::breach::internal {

inline constexpr char kMagic[8] = {'K', 'K', 'N', 'H', 'I', 'B', 'P', '1'};
inline constexpr uint32_t kVersion = 1;
inline constexpr size_t kHeaderBytes = 64;
inline constexpr size_t kPageBytes = 4096;
inline constexpr uint64_t kFanoutPerPage = 1023;   // Distinct entries per fan-out page.
inline constexpr uint64_t kSlotsPerPage = kPageBytes / 8;
inline constexpr uint64_t kPaddingKey = 0xFFFFFFFFFFFFull;
inline constexpr size_t kRecordBytes = 8;
inline constexpr size_t kKeyBytes = 6;
inline constexpr size_t kOverflowBytes = 16;
inline constexpr int kMaxFanoutBits = 24;       // 2^24 buckets: a 64 MiB table at most.
inline constexpr int kKeyBits = 48;
inline constexpr uint16_t kCountOverflow = 0xFFFF;
inline constexpr uint64_t kMaxEntries = 0xFFFFFFFFull;  // Fan-out entries are u32 slot numbers.

inline uint64_t Load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // Little-endian hosts only (static_assert in the .cc files).
}
inline uint32_t Load32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint64_t LoadKey(const unsigned char* p) {
  uint64_t v = 0;
  for (size_t i = 0; i < kKeyBytes; ++i) v = v << 8 | p[i];
  return v;
}

__extension__ typedef unsigned __int128 U128;

// The first 72 bits of a SHA-1 as a number.
inline U128 First72Bits(const uint8_t* sha1) {
  U128 v = 0;
  for (int i = 0; i < 9; ++i) v = v << 8 | sha1[i];
  return v;
}
inline uint32_t BucketOf(U128 first72, int fanout_bits) {
  return fanout_bits == 0 ? 0 : static_cast<uint32_t>(first72 >> (72 - fanout_bits));
}
inline uint64_t KeyOf(U128 first72, int fanout_bits) {
  return static_cast<uint64_t>(first72 >> (72 - fanout_bits - kKeyBits)) & ((uint64_t{1} << kKeyBits) - 1);
}

inline uint64_t FanoutPages(int fanout_bits) {
  uint64_t buckets = uint64_t{1} << fanout_bits;
  return (buckets + kFanoutPerPage - 1) / kFanoutPerPage;
}
inline uint64_t RecordsOffset(int fanout_bits) { return kPageBytes * (1 + FanoutPages(fanout_bits)); }
// Byte offset (from the start of the file) of e[b] as read together with e[b+1], b < B.
inline uint64_t FanoutPairOffset(uint64_t b) {
  return kPageBytes + kPageBytes * (b / kFanoutPerPage) + 4 * (b % kFanoutPerPage);
}

// --- Compact mode (a filter, no counts) ---
//
//   offset 0   header (72 bytes, rest of the first page zero)
//     0  magic "KKNHIBC1"
//     8  u32 version = 1
//     12 u32 low_bits = 16
//     16 u64 n                     fingerprints stored
//     24 u64 M                     buckets
//     32 u64 W = ceil((n + M) / 64) bitmap words
//     40 u64 lows_offset = 4096
//     48 u64 bitmap_offset = lows_offset + 2n rounded up to 8
//     56 u64 samples_offset = bitmap_offset + 8W
//     64 u64 file_size = samples_offset + 8 (M / 2048 + 1)
//   lows     n x u16: the low 16 bits of each fingerprint, in fingerprint order.
//   bitmap   unary bucket sizes (Elias-Fano upper bits): for each bucket, one 1 bit per
//            fingerprint then a 0 bit; bit i is bit i % 64 of word i / 64.
//   samples  u64 per 2048 buckets: fingerprints in buckets before bucket 2048 j.
//
// The fingerprint of a hash is v = floor(h * M * 2^16 / 2^64), h = its first 64 bits; bucket
// v >> 16, low bits v & 0xFFFF. A hash not in the set matches by accident with probability
// n / (M * 2^16); the builder picks M = 0.92 x (an upper bound of n), so at most 1 in 60,293.
// Bits per fingerprint: 16 + 1 + M/n (+ 0.03 for samples) = about 18, 2.25 bytes.
inline constexpr char kCompactMagic[8] = {'K', 'K', 'N', 'H', 'I', 'B', 'C', '1'};
inline constexpr uint32_t kCompactLowBits = 16;
inline constexpr size_t kCompactHeaderBytes = 72;
inline constexpr uint64_t kCompactSampleBuckets = 2048;
inline constexpr double kCompactBucketsPerHash = 0.92;  // >= 60000 / 65536 = 0.9155.
inline constexpr uint64_t kCompactMaxBuckets = uint64_t{1} << 40;

inline uint64_t First64Bits(const uint8_t* sha1) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | sha1[i];
  return v;
}
inline uint64_t CompactFingerprint(uint64_t first64, uint64_t buckets) {
  return static_cast<uint64_t>((static_cast<U128>(first64) * (static_cast<U128>(buckets) << kCompactLowBits)) >> 64);
}
inline uint64_t CompactBitmapOffset(uint64_t n) { return (kPageBytes + 2 * n + 7) / 8 * 8; }
inline uint64_t CompactSampleCount(uint64_t buckets) { return buckets / kCompactSampleBuckets + 1; }

}  // namespace kakunin::breach::internal

#endif  // KAKUNIN_SRC_BREACH_DB_FORMAT_H_
