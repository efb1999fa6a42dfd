// The offline breach database, format version 1 ("precise" mode). All integers little-endian.
//
//   offset 0   header, 64 bytes
//     0  magic "KKNHIBP1"          8 bytes
//     8  u32 version = 1
//     12 u32 fanout_bits F          0..24
//     16 u64 entry_count n          < 2^32
//     24 u64 overflow_count m
//     32 u64 fanout_offset  = 64
//     40 u64 records_offset = 64 + 4 * (2^F + 1)
//     48 u64 overflow_offset = records_offset + 8 * n
//     56 u64 file_size = overflow_offset + 16 * m
//   fan-out table: 2^F + 1 u32. fanout[b] = number of records whose first F hash bits are < b;
//     fanout[2^F] = n.
//   records: n x 8 bytes, sorted by hash. Bytes 0-5: SHA-1 bits [F, F+48) big-endian (so byte
//     order is numeric order); bytes 6-7: u16 count, 0xFFFF meaning "65535 or more: see overflow".
//   overflow: m x 16 bytes, sorted by record index: u64 record index, u64 count.
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
inline constexpr size_t kRecordBytes = 8;
inline constexpr size_t kKeyBytes = 6;
inline constexpr size_t kOverflowBytes = 16;
inline constexpr int kMaxFanoutBits = 24;       // 2^24 buckets: a 64 MiB table at most.
inline constexpr int kKeyBits = 48;
inline constexpr uint16_t kCountOverflow = 0xFFFF;
inline constexpr uint64_t kMaxEntries = 0xFFFFFFFFull;  // Fan-out entries are u32.

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

inline uint64_t RecordsOffset(int fanout_bits) {
  return kHeaderBytes + 4 * ((uint64_t{1} << fanout_bits) + 1);
}

}  // namespace kakunin::breach::internal

#endif  // KAKUNIN_SRC_BREACH_DB_FORMAT_H_
