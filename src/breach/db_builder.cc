// Building the offline database from HIBP's text. Streaming: one pass over the input, records
// written as they come, only the fan-out counts (<= 64 MiB) and the overflow list held in memory,
// so input of any size (the full set is about 40 GB of text) builds in bounded memory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "breach/db_format.h"
#include "kakunin/breach.h"

namespace kakunin::breach {

static_assert(std::endian::native == std::endian::little, "the database format is little-endian");

using namespace internal;  // NOLINT: the format constants.

namespace {

constexpr size_t kReadChunk = 4u << 20;
constexpr size_t kWriteChunk = 1u << 20;
// "HASH:COUNT\r\n" is 45 bytes on average in HIBP's files; 42 slightly over-estimates the count,
// which only makes the fan-out a little larger.
constexpr uint64_t kBytesPerLineEstimate = 42;
constexpr uint64_t kTargetBucketEntries = 16;
// Longest sensible line: 40 hex, ':', a 20-digit count, CRLF. Longer lines are malformed.
constexpr size_t kMaxLineBytes = 128;
constexpr int kFanoutBitsForStdin = 20;

struct HexTable {
  std::array<uint8_t, 256> v{};
  constexpr HexTable() {
    for (auto& x : v) x = 0xFF;
    for (int i = 0; i < 10; ++i) v['0' + i] = static_cast<uint8_t>(i);
    for (int i = 0; i < 6; ++i) {
      v['a' + i] = static_cast<uint8_t>(10 + i);
      v['A' + i] = static_cast<uint8_t>(10 + i);
    }
  }
};
constexpr HexTable kHex;

// Removes the temporary file unless the build got to the rename.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  Result<bool> Create(const std::string& final_path) {
    path_ = final_path + ".tmp-XXXXXX";
    fd_ = ::mkstemp(path_.data());
    if (fd_ < 0) {
      int e = errno;
      path_.clear();
      return Fail(ErrorCode::kIo, final_path + ": cannot create temporary file: " + std::strerror(e));
    }
    return true;
  }
  Result<bool> Commit(const std::string& final_path) {
    if (::fchmod(fd_, 0644) != 0 || ::fsync(fd_) != 0 || ::close(fd_) != 0) {
      fd_ = -1;
      return Fail(ErrorCode::kIo, final_path + ": " + std::strerror(errno));
    }
    fd_ = -1;
    if (::rename(path_.c_str(), final_path.c_str()) != 0) {
      return Fail(ErrorCode::kIo, final_path + ": rename: " + std::strerror(errno));
    }
    path_.clear();
    return true;
  }
  int fd() const { return fd_; }

 private:
  std::string path_;
  int fd_ = -1;
};

Result<bool> WriteAll(int fd, const unsigned char* p, size_t n, off_t at) {
  while (n > 0) {
    ssize_t w = ::pwrite(fd, p, n, at);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrorCode::kIo, std::string("write: ") + std::strerror(errno));
    }
    p += w;
    n -= static_cast<size_t>(w);
    at += w;
  }
  return true;
}

// The 5 hex digits a per-prefix file is named by ("ABCDE.txt" or "ABCDE"), or -1.
int64_t PrefixFromName(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  if (name.size() == 9 && name.ends_with(".txt")) name.resize(5);
  if (name.size() != kPrefixHexChars) return -1;
  int64_t v = 0;
  for (char c : name) {
    uint8_t h = kHex.v[static_cast<unsigned char>(c)];
    if (h == 0xFF) return -1;
    v = v << 4 | h;
  }
  return v;
}

class Builder {
 public:
  // compact_buckets > 0 selects compact mode with that many buckets (fanout_bits is then 0).
  Builder(int fd, int fanout_bits, uint64_t compact_buckets)
      : fd_(fd), bits_(fanout_bits), counts_((size_t{1} << fanout_bits), 0), buckets_(compact_buckets) {
    bucket_.reserve(kSlotsPerPage * kRecordBytes);
    if (buckets_ > 0) {
      samples_.push_back(0);
      write_at_ = static_cast<off_t>(kPageBytes);
      return;
    }
    out_.reserve(kWriteChunk);
    write_at_ = static_cast<off_t>(RecordsOffset(bits_));
  }

  // One input file (or stdin when fd == 0). prefix >= 0: per-prefix layout, 35-digit lines.
  Result<bool> ReadFile(int in, const std::string& name, int64_t prefix) {
    std::vector<char> buf(kReadChunk + kMaxLineBytes);
    size_t carry = 0;
    uint64_t line_no = 0;
    for (;;) {
      ssize_t r = ::read(in, buf.data() + carry, kReadChunk);
      if (r < 0) {
        if (errno == EINTR) continue;
        return Fail(ErrorCode::kIo, name + ": " + std::strerror(errno));
      }
      stats_.input_bytes += static_cast<uint64_t>(r);
      size_t have = carry + static_cast<size_t>(r);
      bool eof = r == 0;
      size_t pos = 0;
      for (;;) {
        const char* start = buf.data() + pos;
        const char* nl = static_cast<const char*>(std::memchr(start, '\n', have - pos));
        size_t len;
        if (nl != nullptr) {
          len = static_cast<size_t>(nl - start);
        } else if (eof && pos < have) {
          len = have - pos;  // Last line without a line end.
        } else {
          break;
        }
        ++line_no;
        auto ok = Line(std::string_view(start, len), prefix);
        if (!ok) return Fail(ErrorCode::kParse, name + ":" + std::to_string(line_no) + ": " + ok.error().message);
        pos += len + (nl != nullptr ? 1 : 0);
      }
      if (eof) break;
      carry = have - pos;
      if (carry > kMaxLineBytes) {
        return Fail(ErrorCode::kParse, name + ":" + std::to_string(line_no + 1) + ": line too long");
      }
      std::memmove(buf.data(), buf.data() + pos, carry);
    }
    return true;
  }

  Result<BuildStats> Finish() {
    if (have_pending_) {
      auto ok = Emit();
      if (!ok) return tl::unexpected(ok.error());
    }
    if (buckets_ > 0) return FinishCompact();
    auto ok = CloseBucket();
    if (ok) ok = Flush();
    if (!ok) return tl::unexpected(ok.error());
    // Overflow table after the records.
    std::vector<unsigned char> tail(overflow_.size() * kOverflowBytes);
    for (size_t i = 0; i < overflow_.size(); ++i) {
      std::memcpy(tail.data() + i * kOverflowBytes, &overflow_[i].first, 8);
      std::memcpy(tail.data() + i * kOverflowBytes + 8, &overflow_[i].second, 8);
    }
    ok = WriteAll(fd_, tail.data(), tail.size(), write_at_);
    if (!ok) return tl::unexpected(ok.error());
    // Header page and fan-out pages at the front.
    uint64_t buckets = uint64_t{1} << bits_;
    uint64_t records_offset = RecordsOffset(bits_);
    std::vector<unsigned char> head(records_offset, 0);
    uint64_t n = entries_, m = overflow_.size(), slots = slot_;
    uint64_t overflow_offset = records_offset + kRecordBytes * slots;
    uint64_t file_size = overflow_offset + kOverflowBytes * m;
    uint32_t version = kVersion, bits = static_cast<uint32_t>(bits_);
    std::memcpy(head.data(), kMagic, 8);
    std::memcpy(head.data() + 8, &version, 4);
    std::memcpy(head.data() + 12, &bits, 4);
    std::memcpy(head.data() + 16, &n, 8);
    std::memcpy(head.data() + 24, &m, 8);
    std::memcpy(head.data() + 32, &slots, 8);
    std::memcpy(head.data() + 40, &records_offset, 8);
    std::memcpy(head.data() + 48, &overflow_offset, 8);
    std::memcpy(head.data() + 56, &file_size, 8);
    uint32_t start = 0;
    for (uint64_t b = 0; b < buckets; ++b) {
      uint32_t end = start + counts_[b];
      std::memcpy(head.data() + FanoutPairOffset(b), &start, 4);
      std::memcpy(head.data() + FanoutPairOffset(b) + 4, &end, 4);
      start = end;
    }
    ok = WriteAll(fd_, head.data(), head.size(), 0);
    if (!ok) return tl::unexpected(ok.error());
    stats_.entries = n;
    stats_.output_bytes = file_size;
    stats_.fanout_bits = bits_;
    return stats_;
  }

 private:
  Result<bool> Line(std::string_view line, int64_t prefix) {
    ++stats_.lines;
    if (line.size() > kMaxLineBytes) return Fail(ErrorCode::kParse, "line too long");
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return true;
    size_t digits = prefix >= 0 ? kSuffixHexChars : 2 * kSha1Bytes;
    if (line.size() < digits + 2 || line[digits] != ':') {
      return Fail(ErrorCode::kParse, prefix >= 0 ? "expected SUFFIX:COUNT (35 hex digits)"
                                                 : "expected HASH:COUNT (40 hex digits)");
    }
    // The first 72 bits (18 hex digits) identify the record; the rest must still be hex.
    U128 first = prefix >= 0 ? static_cast<U128>(prefix) : 0;
    size_t lead = prefix >= 0 ? 18 - kPrefixHexChars : 18;
    uint8_t bad = 0;
    for (size_t i = 0; i < digits; ++i) {
      uint8_t h = kHex.v[static_cast<unsigned char>(line[i])];
      bad |= h;  // 0xFF sets the high bits; hex values never do.
      if (i < lead) first = first << 4 | (h & 0xF);
    }
    if (bad & 0xF0) return Fail(ErrorCode::kParse, "hash is not hex");
    uint64_t count = 0;
    std::string_view count_text = line.substr(digits + 1);
    if (count_text.empty() || count_text.size() > 19) return Fail(ErrorCode::kParse, "bad count");
    for (char c : count_text) {
      if (c < '0' || c > '9') return Fail(ErrorCode::kParse, "bad count");
      count = count * 10 + static_cast<uint64_t>(c - '0');
    }
    if (have_pending_) {
      if (first < pending_key_) return Fail(ErrorCode::kParse, "hashes out of order (input must be sorted)");
      if (first == pending_key_) {
        // A repeated hash (or one sharing 72 bits): counts add up, saturating.
        pending_count_ = pending_count_ + count < pending_count_ ? UINT64_MAX : pending_count_ + count;
        return true;
      }
      auto ok = Emit();
      if (!ok) return ok;
    }
    have_pending_ = true;
    pending_key_ = first;
    pending_count_ = count;
    return true;
  }

  // Adds the pending record to the current bucket; a new bucket first closes the previous one.
  Result<bool> Emit() {
    if (pending_count_ == 0) return true;  // "HASH:0" is padding in HIBP's format: not a hash seen.
    if (buckets_ > 0) return EmitCompact();
    if (entries_ >= kMaxEntries) return Fail(ErrorCode::kLimitExceeded, "more than 2^32-1 hashes");
    uint32_t bucket = BucketOf(pending_key_, bits_);
    if (bucket != bucket_id_ && !bucket_.empty()) {
      auto ok = CloseBucket();
      if (!ok) return ok;
    }
    bucket_id_ = bucket;
    uint64_t key = KeyOf(pending_key_, bits_);
    unsigned char rec[kRecordBytes];
    for (size_t i = 0; i < kKeyBytes; ++i) rec[i] = static_cast<unsigned char>(key >> (8 * (kKeyBytes - 1 - i)));
    uint16_t stored = pending_count_ >= kCountOverflow ? kCountOverflow : static_cast<uint16_t>(pending_count_);
    rec[6] = static_cast<unsigned char>(stored & 0xFF);
    rec[7] = static_cast<unsigned char>(stored >> 8);
    if (stored == kCountOverflow) bucket_overflow_.emplace_back(bucket_.size() / kRecordBytes, pending_count_);
    bucket_.insert(bucket_.end(), rec, rec + kRecordBytes);
    ++entries_;
    return true;
  }

  // Writes the buffered bucket. When it would cross a page boundary and fits in one page, the
  // slots up to the boundary become padding (counted in the previous bucket), so reading the
  // bucket takes one page.
  Result<bool> CloseBucket() {
    uint64_t size = bucket_.size() / kRecordBytes;
    if (size == 0) return true;
    uint64_t used = slot_ % kSlotsPerPage;
    if (used != 0 && used + size > kSlotsPerPage && size <= kSlotsPerPage) {
      uint64_t pad = kSlotsPerPage - used;
      static constexpr unsigned char kPad[kRecordBytes] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0};
      for (uint64_t i = 0; i < pad; ++i) out_.insert(out_.end(), kPad, kPad + kRecordBytes);
      counts_[last_bucket_] += static_cast<uint32_t>(pad);  // Sorts last there: never matched.
      slot_ += pad;
    }
    for (const auto& [index, count] : bucket_overflow_) overflow_.emplace_back(slot_ + index, count);
    out_.insert(out_.end(), bucket_.begin(), bucket_.end());
    counts_[bucket_id_] += static_cast<uint32_t>(size);
    slot_ += size;
    last_bucket_ = bucket_id_;
    bucket_.clear();
    bucket_overflow_.clear();
    if (slot_ > kMaxEntries) return Fail(ErrorCode::kLimitExceeded, "more than 2^32-1 record slots");
    if (out_.size() >= kWriteChunk) return Flush();
    return true;
  }

  // Compact mode: one fingerprint per distinct value (two hashes sharing one need one entry).
  Result<bool> EmitCompact() {
    uint64_t v = CompactFingerprint(static_cast<uint64_t>(pending_key_ >> 8), buckets_);
    if (have_fingerprint_ && v == last_fingerprint_) return true;
    if (entries_ >= kMaxEntries) return Fail(ErrorCode::kLimitExceeded, "more than 2^32-1 hashes");
    have_fingerprint_ = true;
    last_fingerprint_ = v;
    uint64_t q = v >> kCompactLowBits;
    while (bucket_at_ < q) CloseCompactBucket();
    AppendBit(true);
    out_.push_back(static_cast<unsigned char>(v & 0xFF));
    out_.push_back(static_cast<unsigned char>((v >> 8) & 0xFF));
    ++entries_;
    if (out_.size() >= kWriteChunk) return Flush();
    return true;
  }

  void CloseCompactBucket() {
    AppendBit(false);
    ++bucket_at_;
    if (bucket_at_ % kCompactSampleBuckets == 0) samples_.push_back(entries_);
  }

  void AppendBit(bool one) {
    if (bit_at_ / 64 >= bitmap_.size()) bitmap_.push_back(0);
    if (one) bitmap_[bit_at_ / 64] |= uint64_t{1} << (bit_at_ % 64);
    ++bit_at_;
  }

  Result<BuildStats> FinishCompact() {
    while (bucket_at_ < buckets_) CloseCompactBucket();
    auto ok = Flush();
    if (!ok) return tl::unexpected(ok.error());
    uint64_t n = entries_;
    uint64_t words = (n + buckets_ + 63) / 64;
    bitmap_.resize(words, 0);
    uint64_t bitmap_offset = CompactBitmapOffset(n);
    uint64_t samples_offset = bitmap_offset + 8 * words;
    uint64_t file_size = samples_offset + 8 * samples_.size();
    ok = WriteAll(fd_, reinterpret_cast<const unsigned char*>(bitmap_.data()), 8 * words,
                  static_cast<off_t>(bitmap_offset));
    if (ok) {
      ok = WriteAll(fd_, reinterpret_cast<const unsigned char*>(samples_.data()), 8 * samples_.size(),
                    static_cast<off_t>(samples_offset));
    }
    if (!ok) return tl::unexpected(ok.error());
    // The gap between the lows and the 8-aligned bitmap stays zero (pwrite leaves a hole).
    unsigned char head[kCompactHeaderBytes] = {};
    uint32_t version = kVersion, low_bits = kCompactLowBits;
    uint64_t lows_offset = kPageBytes;
    std::memcpy(head, kCompactMagic, 8);
    std::memcpy(head + 8, &version, 4);
    std::memcpy(head + 12, &low_bits, 4);
    std::memcpy(head + 16, &n, 8);
    std::memcpy(head + 24, &buckets_, 8);
    std::memcpy(head + 32, &words, 8);
    std::memcpy(head + 40, &lows_offset, 8);
    std::memcpy(head + 48, &bitmap_offset, 8);
    std::memcpy(head + 56, &samples_offset, 8);
    std::memcpy(head + 64, &file_size, 8);
    ok = WriteAll(fd_, head, sizeof(head), 0);
    if (ok && ::ftruncate(fd_, static_cast<off_t>(file_size)) != 0) {
      return Fail(ErrorCode::kIo, std::string("ftruncate: ") + std::strerror(errno));
    }
    if (!ok) return tl::unexpected(ok.error());
    stats_.entries = n;
    stats_.output_bytes = file_size;
    stats_.fanout_bits = 0;
    return stats_;
  }

  Result<bool> Flush() {
    auto ok = WriteAll(fd_, out_.data(), out_.size(), write_at_);
    if (!ok) return ok;
    write_at_ += static_cast<off_t>(out_.size());
    out_.clear();
    return true;
  }

  int fd_;
  int bits_;
  std::vector<uint32_t> counts_;
  std::vector<std::pair<uint64_t, uint64_t>> overflow_;
  std::vector<unsigned char> out_;
  std::vector<unsigned char> bucket_;  // Records of the bucket being read.
  std::vector<std::pair<uint64_t, uint64_t>> bucket_overflow_;  // (index in bucket_, count)
  // Compact mode.
  uint64_t buckets_ = 0;
  uint64_t bucket_at_ = 0;
  uint64_t bit_at_ = 0;
  bool have_fingerprint_ = false;
  uint64_t last_fingerprint_ = 0;
  std::vector<uint64_t> bitmap_;
  std::vector<uint64_t> samples_;
  uint32_t bucket_id_ = 0;
  uint32_t last_bucket_ = 0;  // The last bucket written (takes the padding).
  uint64_t slot_ = 0;
  off_t write_at_ = 0;
  uint64_t entries_ = 0;
  bool have_pending_ = false;
  U128 pending_key_ = 0;
  uint64_t pending_count_ = 0;
  BuildStats stats_;
};

int ChooseFanoutBits(uint64_t input_bytes) {
  uint64_t buckets = input_bytes / kBytesPerLineEstimate / kTargetBucketEntries;
  int bits = buckets <= 1 ? 0 : static_cast<int>(std::bit_width(buckets) - 1);
  return std::min(bits, kMaxFanoutBits);
}

}  // namespace

Result<BuildStats> BuildDatabase(std::span<const std::string> inputs, const std::string& output,
                                 const BuildOptions& options) {
  if (inputs.empty()) return Fail(ErrorCode::kInvalidArgument, "no input files");
  if (options.fanout_bits > kMaxFanoutBits) return Fail(ErrorCode::kInvalidArgument, "fan-out bits must be 0..24");
  // Per-prefix layout when every input is named by its prefix; then read them in prefix order.
  std::vector<std::pair<int64_t, std::string>> files;
  size_t prefixed = 0;
  uint64_t total_bytes = 0;
  bool from_stdin = false;
  for (const std::string& path : inputs) {
    int64_t prefix = PrefixFromName(path);
    prefixed += prefix >= 0 ? 1 : 0;
    files.emplace_back(prefix, path);
    if (path == "-") {
      from_stdin = true;
      continue;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      int e = errno;
      return Fail(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, path + ": " + std::strerror(e));
    }
    total_bytes += static_cast<uint64_t>(st.st_size);
  }
  if (prefixed != 0 && prefixed != files.size()) {
    return Fail(ErrorCode::kInvalidArgument,
                "mix of per-prefix files (named ABCDE.txt) and whole-hash files; give one kind");
  }
  if (prefixed != 0) {
    std::sort(files.begin(), files.end());
    for (size_t i = 1; i < files.size(); ++i) {
      if (files[i].first == files[i - 1].first) {
        return Fail(ErrorCode::kInvalidArgument, "two files for prefix " + files[i].second);
      }
    }
  }
  bool compact = options.mode == DatabaseMode::kCompact;
  if (compact && from_stdin) {
    return Fail(ErrorCode::kInvalidArgument, "compact mode needs input files (its table is sized from them)");
  }
  int bits = compact                    ? 0
             : options.fanout_bits >= 0 ? options.fanout_bits
             : from_stdin               ? kFanoutBitsForStdin
                                        : ChooseFanoutBits(total_bytes);
  // Compact mode: an upper bound of the hash count from the shortest possible line
  // ("HASH:1\n" is 42 bytes, "SUFFIX:1\n" 37), so the false-positive bound holds.
  uint64_t most_hashes = total_bytes / (prefixed != 0 ? 37 : 42) + 1;
  uint64_t compact_buckets =
      compact ? static_cast<uint64_t>(std::ceil(static_cast<double>(most_hashes) * kCompactBucketsPerHash)) : 0;
  if (compact_buckets > kCompactMaxBuckets) return Fail(ErrorCode::kLimitExceeded, "input too large for compact mode");
  TempFile tmp;
  auto created = tmp.Create(output);
  if (!created) return tl::unexpected(created.error());
  Builder builder(tmp.fd(), bits, compact_buckets);
  for (const auto& [prefix, path] : files) {
    int in = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return Fail(ErrorCode::kIo, path + ": " + std::strerror(errno));
    ::posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
    auto ok = builder.ReadFile(in, path == "-" ? "stdin" : path, prefix);
    if (in != STDIN_FILENO) ::close(in);
    if (!ok) return tl::unexpected(ok.error());
  }
  auto stats = builder.Finish();
  if (!stats) return stats;
  auto committed = tmp.Commit(output);
  if (!committed) return tl::unexpected(committed.error());
  return stats;
}

}  // namespace kakunin::breach
