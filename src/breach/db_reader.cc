// Reading the offline database. The file may be corrupt or hostile (a user can be handed one):
// Open/FromBytes check the header, every offset against the file size, and that the fan-out
// table is monotonic and ends at n, so that every later read stays inside the mapping whatever
// the record bytes hold.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
  const unsigned char* records = nullptr;
  const unsigned char* overflow = nullptr;

  ~View() {
    if (mapping != nullptr) ::munmap(mapping, size);
  }

  Result<bool> Validate();
};

Result<bool> Database::View::Validate() {
  const unsigned char* d = data;
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

}  // namespace kakunin::breach
