// Reading the offline database. The file may be corrupt or hostile (a user can be handed one):
// Open/FromBytes check the header, every offset against the file size, and that the fan-out
// table is monotonic and ends at n, so that every later read stays inside the mapping whatever
// the record bytes hold.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <string>

#include "breach/db_format.h"
#include "kakunin/breach.h"

namespace kakunin::breach {

static_assert(std::endian::native == std::endian::little, "the database format is little-endian");

using namespace internal;  // NOLINT: the format constants.

struct Database::View {
  const unsigned char* data = nullptr;
  size_t size = 0;
  void* mapping = nullptr;  // Non-null when we own an mmap.
  int fanout_bits = 0;
  uint64_t entries = 0;
  uint64_t slots = 0;
  uint64_t overflow_count = 0;
  // Compact mode.
  bool compact = false;
  uint64_t compact_buckets = 0;
  uint64_t words = 0;
  const unsigned char* lows = nullptr;
  const unsigned char* bitmap = nullptr;
  const unsigned char* samples = nullptr;
  const unsigned char* records = nullptr;
  const unsigned char* overflow = nullptr;

  ~View() {
    if (mapping != nullptr) ::munmap(mapping, size);
  }

  Result<bool> Validate();
  Result<bool> ValidateCompact();
  std::optional<uint64_t> LookupCompact(const PasswordHash& hash) const;
  uint64_t Word(uint64_t i) const { return Load64(bitmap + 8 * i); }
};

Result<bool> Database::View::Validate() {
  const unsigned char* d = data;
  if (size >= kCompactHeaderBytes && std::memcmp(d, kCompactMagic, sizeof(kCompactMagic)) == 0) {
    return ValidateCompact();
  }
  if (size < kHeaderBytes || std::memcmp(d, kMagic, sizeof(kMagic)) != 0) {
    return Fail(ErrorCode::kParse, "not a kakunin breach database");
  }
  if (Load32(d + 8) != kVersion) return Fail(ErrorCode::kParse, "unsupported breach database version");
  uint32_t bits = Load32(d + 12);
  uint64_t n = Load64(d + 16);
  uint64_t m = Load64(d + 24);
  uint64_t s = Load64(d + 32);
  if (bits > static_cast<uint32_t>(kMaxFanoutBits) || s > kMaxEntries || n > s || m > n) {
    return Fail(ErrorCode::kParse, "breach database header out of range");
  }
  int f = static_cast<int>(bits);
  uint64_t records_offset = RecordsOffset(f);
  uint64_t overflow_offset = records_offset + kRecordBytes * s;
  uint64_t file_size = overflow_offset + kOverflowBytes * m;
  if (Load64(d + 40) != records_offset || Load64(d + 48) != overflow_offset || Load64(d + 56) != file_size ||
      file_size != size) {
    return Fail(ErrorCode::kParse, "breach database sizes do not match its header (truncated?)");
  }
  fanout_bits = f;
  entries = n;
  slots = s;
  overflow_count = m;
  records = d + records_offset;
  overflow = d + overflow_offset;
  // e[0] = 0, monotonic, e[B] = s, and each page's last entry repeated as the next page's first.
  auto corrupt = [] { return Fail(ErrorCode::kParse, "breach database fan-out table is corrupt"); };
  uint64_t buckets = uint64_t{1} << f;
  uint32_t prev = 0;
  if (Load32(d + FanoutPairOffset(0)) != 0) return corrupt();
  for (uint64_t b = 0; b < buckets; ++b) {
    const unsigned char* pair = d + FanoutPairOffset(b);
    if (Load32(pair) != prev) return corrupt();
    uint32_t next = Load32(pair + 4);
    if (next < prev) return corrupt();
    prev = next;
  }
  if (prev != s) return corrupt();
  return true;
}

// Checks the header against the file size, then walks the whole bitmap once: exactly M zero bits
// and n one bits, nothing after them, and every sample equal to the ones before its bucket. After
// that a lookup's scan stays inside the bitmap and its entry range inside the lows.
Result<bool> Database::View::ValidateCompact() {
  const unsigned char* d = data;
  auto bad = [](const char* why) { return Fail(ErrorCode::kParse, std::string("compact breach database: ") + why); };
  if (Load32(d + 8) != kVersion || Load32(d + 12) != kCompactLowBits) return bad("unsupported version");
  uint64_t n = Load64(d + 16), m = Load64(d + 24), w = Load64(d + 32);
  if (n > kMaxEntries || m == 0 || m > kCompactMaxBuckets || w != (n + m + 63) / 64) return bad("header out of range");
  uint64_t bitmap_offset = CompactBitmapOffset(n);
  uint64_t samples_offset = bitmap_offset + 8 * w;
  uint64_t file_size = samples_offset + 8 * CompactSampleCount(m);
  if (Load64(d + 40) != kPageBytes || Load64(d + 48) != bitmap_offset || Load64(d + 56) != samples_offset ||
      Load64(d + 64) != file_size || file_size != size) {
    return bad("sizes do not match its header (truncated?)");
  }
  compact = true;
  entries = n;
  compact_buckets = m;
  words = w;
  lows = d + kPageBytes;
  bitmap = d + bitmap_offset;
  samples = d + samples_offset;
  if (Load64(samples) != 0) return bad("samples are corrupt");
  uint64_t zeros = 0, ones = 0;
  for (uint64_t i = 0; i < w && zeros < m; ++i) {
    uint64_t word = Word(i);
    for (int bit = 0; bit < 64 && zeros < m; ++bit) {
      if ((word >> bit) & 1) {
        ++ones;
        continue;
      }
      ++zeros;
      if (zeros % kCompactSampleBuckets == 0 && Load64(samples + 8 * (zeros / kCompactSampleBuckets)) != ones) {
        return bad("samples do not match the bitmap");
      }
      if (zeros == m) {
        // Nothing may follow the last bucket's end.
        uint64_t rest = bit == 63 ? 0 : word >> (bit + 1);
        if (rest != 0) return bad("bits after the last bucket");
        for (uint64_t j = i + 1; j < w; ++j) {
          if (Word(j) != 0) return bad("bits after the last bucket");
        }
      }
    }
  }
  if (zeros != m || ones != n) return bad("bitmap does not hold n entries in M buckets");
  return true;
}

std::optional<uint64_t> Database::View::LookupCompact(const PasswordHash& hash) const {
  uint64_t v = CompactFingerprint(First64Bits(hash.bytes().data()), compact_buckets);
  uint64_t q = v >> kCompactLowBits;
  uint16_t low = static_cast<uint16_t>(v & 0xFFFF);
  uint64_t block = q / kCompactSampleBuckets;
  uint64_t ones = Load64(samples + 8 * block);
  uint64_t pos = block * kCompactSampleBuckets + ones;  // Bit where bucket 2048 * block starts.
  uint64_t skip = q - block * kCompactSampleBuckets;    // Zero bits (bucket ends) to pass.
  while (skip > 0) {
    if (pos / 64 >= words) return std::nullopt;
    unsigned shift = static_cast<unsigned>(pos % 64);
    unsigned avail = 64 - shift;
    uint64_t w = Word(pos / 64) >> shift;
    uint64_t zero_bits = ~w & (avail == 64 ? ~uint64_t{0} : (uint64_t{1} << avail) - 1);
    uint64_t zc = static_cast<uint64_t>(std::popcount(zero_bits));
    if (zc < skip) {
      ones += avail - zc;
      skip -= zc;
      pos += avail;
      continue;
    }
    for (uint64_t i = 1; i < skip; ++i) zero_bits &= zero_bits - 1;  // Drop the first skip-1 zeros.
    unsigned at = static_cast<unsigned>(std::countr_zero(zero_bits));
    ones += at - (skip - 1);
    pos += at + 1;
    skip = 0;
  }
  uint64_t count = 0;  // Fingerprints in bucket q: the run of one bits at pos.
  for (;;) {
    if (pos / 64 >= words) break;
    unsigned shift = static_cast<unsigned>(pos % 64);
    unsigned run = static_cast<unsigned>(std::countr_one(Word(pos / 64) >> shift));
    unsigned avail = 64 - shift;
    count += std::min(run, avail);
    if (run < avail) break;
    pos += avail;
  }
  if (ones + count > entries) return std::nullopt;  // Validate() rules this out; stay safe.
  for (uint64_t i = ones; i < ones + count; ++i) {
    if (static_cast<uint16_t>(lows[2 * i] | lows[2 * i + 1] << 8) == low) return uint64_t{0};
  }
  return std::nullopt;
}

Database::Database(std::unique_ptr<View> view) : view_(std::move(view)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Result<Database> Database::FromBytes(std::string_view bytes) {
  auto v = std::make_unique<View>();
  v->data = reinterpret_cast<const unsigned char*>(bytes.data());
  v->size = bytes.size();
  auto ok = v->Validate();
  if (!ok) return tl::unexpected(ok.error());
  return Database(std::move(v));
}

Result<Database> Database::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return Fail(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, path + ": " + std::strerror(e));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Fail(ErrorCode::kIo, path + ": not a regular file");
  }
  auto v = std::make_unique<View>();
  v->size = static_cast<size_t>(st.st_size);
  if (v->size < kHeaderBytes) {
    ::close(fd);
    return Fail(ErrorCode::kParse, path + ": not a kakunin breach database");
  }
  void* map = ::mmap(nullptr, v->size, PROT_READ, MAP_SHARED, fd, 0);
  int e = errno;
  ::close(fd);
  if (map == MAP_FAILED) return Fail(ErrorCode::kIo, path + ": mmap: " + std::strerror(e));
  // Lookups jump to one bucket each; read-ahead would only fetch pages nobody asked for.
  ::madvise(map, v->size, MADV_RANDOM);
  v->mapping = map;
  v->data = static_cast<const unsigned char*>(map);
  auto ok = v->Validate();
  if (!ok) return Fail(ok.error().code, path + ": " + ok.error().message);
  return Database(std::move(v));
}

std::optional<uint64_t> Database::Lookup(const PasswordHash& hash) const {
  const View& v = *view_;
  if (v.compact) return v.LookupCompact(hash);
  U128 first = First72Bits(hash.bytes().data());
  uint32_t bucket = BucketOf(first, v.fanout_bits);
  uint64_t key = KeyOf(first, v.fanout_bits);
  const unsigned char* pair = v.data + FanoutPairOffset(bucket);  // One page for both entries.
  uint64_t lo = Load32(pair);
  uint64_t hi = Load32(pair + 4);  // Validate() guarantees lo <= hi <= slots.
  uint64_t bucket_lo = lo;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    uint64_t k = LoadKey(v.records + kRecordBytes * mid);
    if (k < key) {
      lo = mid + 1;
    } else if (k > key) {
      hi = mid;
    } else {
      // Equal keys: a real record and padding can share the all-ones key (probability 2^-48);
      // padding (count 0) sits after real records, so step left past it.
      uint64_t at = mid;
      const unsigned char* r = v.records + kRecordBytes * at;
      while ((r[6] | r[7]) == 0 && at > bucket_lo && LoadKey(r - kRecordBytes) == key) {
        --at;
        r -= kRecordBytes;
      }
      uint16_t count = static_cast<uint16_t>(r[6] | r[7] << 8);
      if (count == 0) return std::nullopt;  // Only padding carries this key.
      if (count != kCountOverflow) return count;
      uint64_t olo = 0, ohi = v.overflow_count;
      while (olo < ohi) {
        uint64_t omid = olo + (ohi - olo) / 2;
        uint64_t index = Load64(v.overflow + kOverflowBytes * omid);
        if (index == at) return Load64(v.overflow + kOverflowBytes * omid + 8);
        if (index < at) {
          olo = omid + 1;
        } else {
          ohi = omid;
        }
      }
      return uint64_t{kCountOverflow};  // Corrupt overflow table: the floor we know.
    }
  }
  return std::nullopt;
}

Finding Database::Check(const PasswordHash& hash) const {
  Finding f;
  f.source = Source::kDatabase;
  if (auto count = Lookup(hash)) {
    f.breached = true;
    f.count = *count;
  }
  return f;
}

uint64_t Database::entries() const { return view_->entries; }
int Database::fanout_bits() const { return view_->fanout_bits; }
DatabaseMode Database::mode() const { return view_->compact ? DatabaseMode::kCompact : DatabaseMode::kPrecise; }

}  // namespace kakunin::breach
