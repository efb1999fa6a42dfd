// Offline database: build from HIBP text (both layouts), look up, and refuse bad input/files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "breach/db_format.h"
#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

namespace fs = std::filesystem;

std::string Hex(const std::array<uint8_t, kSha1Bytes>& b) {
  static const char* d = "0123456789ABCDEF";
  std::string s;
  for (uint8_t x : b) {
    s.push_back(d[x >> 4]);
    s.push_back(d[x & 15]);
  }
  return s;
}

// `count` random hashes as sorted "HASH:COUNT" lines, and the text of a file holding them.
struct RandomSet {
  std::vector<std::string> lines;
  std::string text;
};
RandomSet MakeRandomSet(uint64_t seed, int count, const std::string& suffix) {
  std::mt19937_64 rng(seed);
  RandomSet set;
  for (int i = 0; i < count; ++i) {
    std::array<uint8_t, kSha1Bytes> h;
    for (auto& b : h) b = static_cast<uint8_t>(rng());
    set.lines.push_back(Hex(h) + suffix);
  }
  std::sort(set.lines.begin(), set.lines.end());
  for (const auto& l : set.lines) set.text += l + "\n";
  return set;
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kakunin-breach-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string Out() const { return (dir_ / "pwned.kkdb").string(); }
  // Only the finished database may be in the folder (no temporary left behind).
  std::vector<std::string> Leftovers() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) {
      std::string n = e.path().filename().string();
      if (n.find(".tmp-") != std::string::npos) names.push_back(n);
    }
    return names;
  }

  fs::path dir_;
};

std::optional<uint64_t> Look(const Database& db, const char* password) {
  return db.Lookup(PasswordHash::Of(password));
}

TEST_F(DatabaseTest, BuildsFromWholeHashTextAndFindsEveryEntry) {
  std::vector<std::pair<std::string, uint64_t>> entries = {
      {"password", 10434004}, {"123456", 37359195}, {"abc", 1}, {"letmein", 65535}, {"qwerty", 65534},
      {"dragon", 65536},      {"\xE3\x81\x82", 7},
  };
  std::vector<std::string> lines;
  for (const auto& [pw, count] : entries) lines.push_back(Hex(PasswordHash::Of(pw).bytes()) + ":" + std::to_string(count));
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const auto& l : lines) text += l + "\r\n";
  std::string in = Write("pwned.txt", text);
  std::vector<std::string> inputs = {in};
  auto stats = BuildDatabase(inputs, Out());
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  EXPECT_EQ(stats->entries, entries.size());
  EXPECT_EQ(stats->lines, entries.size());
  EXPECT_EQ(stats->output_bytes, fs::file_size(Out()));
  auto db = Database::Open(Out());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  for (const auto& [pw, count] : entries) {
    SCOPED_TRACE(pw);
    auto got = Look(*db, pw.c_str());
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, count);  // Counts >= 65535 come from the overflow table, exactly.
  }
  EXPECT_FALSE(Look(*db, "correct horse battery staple").has_value());
  Finding f = db->Check(PasswordHash::Of("abc"));
  EXPECT_TRUE(f.breached);
  EXPECT_EQ(f.source, Source::kDatabase);
  EXPECT_TRUE(Leftovers().empty());
}

TEST_F(DatabaseTest, PerPrefixFilesInAnyArgumentOrder) {
  // The downloader's layout: file named by prefix, lines are 35-digit suffixes.
  std::vector<std::string> pws = {"password", "abc", "letmein", "hunter2", "trustno1", "iloveyou"};
  std::map<std::string, std::vector<std::string>> files;
  for (const auto& pw : pws) {
    PasswordHash h = PasswordHash::Of(pw);
    files[h.Prefix()].push_back(h.SuffixHex() + ":" + std::to_string(pw.size()));
  }
  std::vector<std::string> inputs;
  for (auto& [prefix, lines] : files) {
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    inputs.push_back(Write(prefix + ".txt", text));
  }
  std::reverse(inputs.begin(), inputs.end());
  auto stats = BuildDatabase(inputs, Out());
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  auto db = Database::Open(Out());
  ASSERT_TRUE(db.has_value());
  for (const auto& pw : pws) {
    SCOPED_TRACE(pw);
    EXPECT_EQ(Look(*db, pw.c_str()).value_or(0), pw.size());
  }
  EXPECT_FALSE(Look(*db, "not in there").has_value());
}

TEST_F(DatabaseTest, RandomSetAgreesWithAReferenceAtSeveralFanouts) {
  std::mt19937_64 rng(42);
  std::vector<std::array<uint8_t, kSha1Bytes>> hashes(20000);
  for (auto& h : hashes) {
    for (auto& b : h) b = static_cast<uint8_t>(rng());
  }
  // Neighbours that share the first 10 bytes test the key boundary.
  hashes[1] = hashes[0];
  hashes[1][19] ^= 1;
  hashes[2] = hashes[0];
  hashes[2][8] ^= 1;  // Differs in bit 71, the last one stored: a record of its own.
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::string text;
  for (size_t i = 0; i < hashes.size(); ++i) text += Hex(hashes[i]) + ":" + std::to_string(i + 1) + "\n";
  std::string in = Write("rand.txt", text);
  for (int bits : {-1, 0, 3, 12, 16}) {
    SCOPED_TRACE(bits);
    std::vector<std::string> inputs = {in};
    auto stats = BuildDatabase(inputs, Out(), {.fanout_bits = bits});
    ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
    auto db = Database::Open(Out());
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    if (bits >= 0) {
      EXPECT_EQ(db->fanout_bits(), bits);
    }
    // hashes[0] and [1] differ only past bit 72: merged into one record with the summed count.
    EXPECT_EQ(db->entries(), hashes.size() - 1);
    size_t found = 0;
    for (size_t i = 0; i < hashes.size(); ++i) {
      auto h = PasswordHash::FromHex(Hex(hashes[i]));
      ASSERT_TRUE(h.has_value());
      found += db->Lookup(*h).has_value() ? 1 : 0;
    }
    EXPECT_EQ(found, hashes.size());
    size_t false_hits = 0;
    for (int i = 0; i < 20000; ++i) {
      auto h = PasswordHash::Of("absent-" + std::to_string(i));
      false_hits += db->Lookup(h).has_value() ? 1 : 0;
    }
    EXPECT_EQ(false_hits, 0u);
  }
}

TEST_F(DatabaseTest, EdgeCasesOfTheTextFormat) {
  std::string pw = Hex(PasswordHash::Of("password").bytes());
  std::string abc = Hex(PasswordHash::Of("abc").bytes());  // A9993... sorts after 5BAA6...
  std::string lower = pw;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
  // Empty input builds an empty database; blank lines are skipped; no final line end is fine;
  // a repeated hash adds up; lower-case hex is accepted.
  struct Case {
    std::string text;
    uint64_t entries;
    uint64_t password_count;
  } cases[] = {
      {"", 0, 0},
      {"\r\n\r\n", 0, 0},
      {pw + ":3", 1, 3},
      {pw + ":3\n" + pw + ":4\n", 1, 7},
      {lower + ":5\r\n" + abc + ":1\r\n", 2, 5},
      {pw + ":0\r\n" + abc + ":1\r\n", 1, 0},  // Count 0 is padding: not stored.
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::vector<std::string> inputs = {Write("in.txt", c.text)};
    auto stats = BuildDatabase(inputs, Out());
    ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
    auto db = Database::Open(Out());
    ASSERT_TRUE(db.has_value());
    EXPECT_EQ(db->entries(), c.entries);
    EXPECT_EQ(Look(*db, "password").value_or(0), c.password_count);
  }
}

TEST_F(DatabaseTest, MalformedInputFailsWithLineAndLeavesNothing) {
  std::string pw = Hex(PasswordHash::Of("password").bytes());
  std::string abc = Hex(PasswordHash::Of("abc").bytes());
  struct Case {
    std::string text;
    const char* where;
  } cases[] = {
      {pw + ":1\n" + "nonsense\n", ":2: expected HASH:COUNT"},
      {pw + "\n", ":1: expected HASH:COUNT"},
      {pw.substr(0, 39) + "G:1\n", ":1: hash is not hex"},
      {pw + ":\n", ":1: expected HASH:COUNT"},
      {pw + ":1x\n", ":1: bad count"},
      {pw + ":-1\n", ":1: bad count"},
      {pw + ":12345678901234567890\n", ":1: bad count"},
      {abc + ":1\n" + pw + ":1\n", ":2: hashes out of order"},
      {pw + ":1\n" + std::string(300, 'A') + "\n", "line too long"},
      {pw.substr(5) + ":1\n", ":1: expected HASH:COUNT"},  // A suffix line in a whole-hash file.
  };
  // An earlier good database must survive a failed rebuild untouched.
  std::vector<std::string> good = {Write("good.txt", pw + ":9\n")};
  ASSERT_TRUE(BuildDatabase(good, Out()).has_value());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 80));
    std::vector<std::string> inputs = {Write("bad.txt", c.text)};
    auto stats = BuildDatabase(inputs, Out());
    ASSERT_FALSE(stats.has_value());
    EXPECT_NE(stats.error().message.find(c.where), std::string::npos) << stats.error().message;
    EXPECT_TRUE(Leftovers().empty());
    auto db = Database::Open(Out());
    ASSERT_TRUE(db.has_value());
    EXPECT_EQ(Look(*db, "password").value_or(0), 9u);
  }
  std::vector<std::string> missing = {(dir_ / "missing.txt").string()};
  auto r = BuildDatabase(missing, Out());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  std::vector<std::string> mixed = {Write("5BAA6.txt", ""), Write("all.txt", "")};
  EXPECT_EQ(BuildDatabase(mixed, Out()).error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> twice = {Write("5BAA6.txt", ""), (dir_ / "sub").string()};
  fs::create_directories(dir_ / "sub");
  twice[1] = Write("sub/5baa6.txt", "");
  EXPECT_EQ(BuildDatabase(twice, Out()).error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> none;
  EXPECT_FALSE(BuildDatabase(none, Out()).has_value());
}

TEST_F(DatabaseTest, BucketsNeverCrossAPage) {
  // 60,000 hashes in 2^8 buckets (~234 records, 1.9 KB each): many would straddle a 4 KiB page
  // boundary without padding. Each bucket must sit inside one page, and the pair of fan-out
  // entries of every bucket inside one page too: a cold lookup reads two pages.
  RandomSet set = MakeRandomSet(7, 60000, ":1");
  const std::vector<std::string>& lines = set.lines;
  const std::string& text = set.text;
  std::vector<std::string> inputs = {Write("in.txt", text)};
  ASSERT_TRUE(BuildDatabase(inputs, Out(), {.fanout_bits = 8}).has_value());
  std::ifstream f(Out(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto db = Database::FromBytes(bytes);
  ASSERT_TRUE(db.has_value());
  EXPECT_EQ(db->entries(), 60000u);
  const auto* d = reinterpret_cast<const unsigned char*>(bytes.data());
  uint64_t records = internal::RecordsOffset(8);
  ASSERT_EQ(records % 4096, 0u);
  size_t padded = 0;
  for (uint64_t b = 0; b < 256; ++b) {
    uint64_t at = internal::FanoutPairOffset(b);
    EXPECT_EQ(at / 4096, (at + 7) / 4096);
    uint64_t lo = internal::Load32(d + at), hi = internal::Load32(d + at + 4);
    // Padding slots (count 0) close a bucket; the real records must fit one page.
    uint64_t real_hi = hi;
    while (real_hi > lo && d[records + 8 * (real_hi - 1) + 6] == 0 && d[records + 8 * (real_hi - 1) + 7] == 0) --real_hi;
    padded += hi - real_hi;
    ASSERT_GT(real_hi, lo);
    EXPECT_EQ((records + 8 * lo) / 4096, (records + 8 * real_hi - 1) / 4096) << "bucket " << b;
  }
  EXPECT_GT(padded, 0u);
  size_t found = 0;
  for (const auto& l : lines) found += db->Lookup(*PasswordHash::FromHex(l.substr(0, 40))).has_value() ? 1 : 0;
  EXPECT_EQ(found, lines.size());
}

TEST_F(DatabaseTest, CompactModeFindsEveryHashAndBoundsFalsePositives) {
  RandomSet set = MakeRandomSet(11, 200000, ":1");
  const std::vector<std::string>& lines = set.lines;
  const std::string& text = set.text;
  std::vector<std::string> inputs = {Write("in.txt", text)};
  auto stats = BuildDatabase(inputs, Out(), {.mode = DatabaseMode::kCompact});
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  auto db = Database::Open(Out());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  EXPECT_EQ(db->mode(), DatabaseMode::kCompact);
  // Two random hashes sharing a 64-bit prefix fingerprint are stored once; with 200,000 of them
  // that is (almost) never, so the count matches.
  EXPECT_GE(db->entries(), 199990u);
  double bytes_per_hash = static_cast<double>(fs::file_size(Out())) / static_cast<double>(db->entries());
  EXPECT_LE(bytes_per_hash, 2.3);
  size_t found = 0;
  for (const auto& l : lines) {
    auto got = db->Lookup(*PasswordHash::FromHex(l.substr(0, 40)));
    found += got.has_value() && *got == 0 ? 1 : 0;  // Present, no count kept.
  }
  EXPECT_EQ(found, lines.size());
  // At most 1 in 60,000 by construction: 300,000 probes expect about 5 false hits.
  size_t false_hits = 0;
  for (int i = 0; i < 300000; ++i) false_hits += db->Lookup(PasswordHash::Of("no-" + std::to_string(i))).has_value();
  EXPECT_LE(false_hits, 20u);
  Finding f = db->Check(*PasswordHash::FromHex(lines[5].substr(0, 40)));
  EXPECT_TRUE(f.breached);
  EXPECT_EQ(f.count, 0u);
}

TEST_F(DatabaseTest, CompactModeFromPerPrefixFilesAndItsLimits) {
  std::vector<std::string> pws = {"password", "abc", "letmein", "hunter2"};
  std::vector<std::string> inputs;
  for (const auto& pw : pws) {
    PasswordHash h = PasswordHash::Of(pw);
    inputs.push_back(Write(h.Prefix() + ".txt", h.SuffixHex() + ":3\r\n"));
  }
  ASSERT_TRUE(BuildDatabase(inputs, Out(), {.mode = DatabaseMode::kCompact}).has_value());
  auto db = Database::Open(Out());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  for (const auto& pw : pws) EXPECT_TRUE(Look(*db, pw.c_str()).has_value()) << pw;
  EXPECT_FALSE(Look(*db, "correct horse battery staple").has_value());
  std::vector<std::string> from_stdin = {"-"};
  auto r = BuildDatabase(from_stdin, Out(), {.mode = DatabaseMode::kCompact});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  // Empty input still makes a valid (empty) filter.
  std::vector<std::string> empty = {Write("empty.txt", "")};
  ASSERT_TRUE(BuildDatabase(empty, Out(), {.mode = DatabaseMode::kCompact}).has_value());
  auto none = Database::Open(Out());
  ASSERT_TRUE(none.has_value()) << none.error().ToString();
  EXPECT_FALSE(Look(*none, "password").has_value());
}

TEST_F(DatabaseTest, RefusesCorruptCompactFiles) {
  std::string text = MakeRandomSet(5, 5000, ":2").text;
  std::vector<std::string> inputs = {Write("in.txt", text)};
  ASSERT_TRUE(BuildDatabase(inputs, Out(), {.mode = DatabaseMode::kCompact}).has_value());
  std::ifstream f(Out(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(Database::FromBytes(bytes).has_value());
  uint64_t bitmap_offset = internal::Load64(reinterpret_cast<const unsigned char*>(bytes.data()) + 48);
  uint64_t samples_offset = internal::Load64(reinterpret_cast<const unsigned char*>(bytes.data()) + 56);
  auto flip = [&](size_t at, unsigned char mask) {
    std::string b = bytes;
    b[at] = static_cast<char>(b[at] ^ mask);
    return b;
  };
  std::string cases[] = {
      bytes.substr(0, bytes.size() - 8),             // Truncated.
      flip(bitmap_offset + 3, 0x10),                  // One bit more or less in the bitmap.
      flip(samples_offset + 8, 0x01),                 // A sample that disagrees with the bitmap.
      flip(16, 0x01),                                 // n changed.
      flip(12, 0x01),                                 // Unknown low-bit width.
      flip(bytes.size() - 1 - 8 * 3, 0x80),           // Inside the samples or the bitmap tail.
  };
  for (const std::string& b : cases) {
    auto db = Database::FromBytes(b);
    ASSERT_FALSE(db.has_value());
    EXPECT_EQ(db.error().code, ErrorCode::kParse);
  }
}

TEST_F(DatabaseTest, RefusesCorruptFiles) {
  std::string pw = Hex(PasswordHash::Of("password").bytes());
  std::vector<std::string> inputs = {Write("in.txt", pw + ":3\n")};
  ASSERT_TRUE(BuildDatabase(inputs, Out(), {.fanout_bits = 4}).has_value());
  std::ifstream f(Out(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(Database::FromBytes(bytes).has_value());
  auto mutate = [&](size_t at, char value) {
    std::string b = bytes;
    b[at] = value;
    return b;
  };
  std::string truncated = bytes.substr(0, bytes.size() - 1);
  std::string wrong_magic = mutate(0, 'X');
  std::string wrong_version = mutate(8, 2);
  std::string big_bits = mutate(12, 25);
  std::string bad_fanout = mutate(4096 + 4, 9);  // e[1] = 9 > s.
  std::string bad_count = mutate(16, 2);
  for (const std::string* b : {&truncated, &wrong_magic, &wrong_version, &big_bits, &bad_fanout, &bad_count}) {
    auto db = Database::FromBytes(*b);
    ASSERT_FALSE(db.has_value());
    EXPECT_EQ(db.error().code, ErrorCode::kParse);
  }
  EXPECT_FALSE(Database::FromBytes("").has_value());
  EXPECT_EQ(Database::Open((dir_ / "none").string()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Database::Open(Write("short", "KKNHIBP1")).error().code, ErrorCode::kParse);
  EXPECT_FALSE(Database::Open(dir_.string()).has_value());
}

}  // namespace
}  // namespace kakunin::breach
