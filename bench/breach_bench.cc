// Offline breach database: import speed, size per hash, lookups per second and pages touched
// per cold lookup, on synthetic HIBP-shaped text ("HASH:COUNT\r\n", sorted, uniform hashes,
// counts drawn like HIBP's: mostly 1-10, a long tail past 65,535).
//
//   KAKUNIN_BENCH_BREACH_N=100000000 ./kakunin_breach_bench   (default 10 million; needs
//   about 45 bytes of temporary disk per hash in $TMPDIR, removed at exit)
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "breach/db_format.h"
#include "kakunin/breach.h"

namespace {

namespace fs = std::filesystem;
using kakunin::breach::PasswordHash;

struct Fixture {
  uint64_t n = 0;
  fs::path dir;
  std::string text_path, db_path;
  uint64_t text_bytes = 0;
  std::vector<std::string> present;  // Hex of some hashes in the set.

  Fixture() {
    const char* env = std::getenv("KAKUNIN_BENCH_BREACH_N");
    n = env != nullptr ? std::strtoull(env, nullptr, 10) : 10000000;
    dir = fs::temp_directory_path() / ("kakunin-breach-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    text_path = (dir / "pwned.txt").string();
    db_path = (dir / "pwned.kkdb").string();
    Generate();
  }
  ~Fixture() { fs::remove_all(dir); }

  // Sorted uniform 64-bit tops by exponential gaps; the other 96 bits random.
  void Generate() {
    std::mt19937_64 rng(20261128);
    std::exponential_distribution<double> gap(1.0);
    double scale = 18446744073709551615.0 / static_cast<double>(n);
    double top = 0;
    FILE* f = std::fopen(text_path.c_str(), "wb");
    std::vector<char> buf(1 << 20);
    std::setvbuf(f, buf.data(), _IOFBF, buf.size());
    static const char* hex = "0123456789ABCDEF";
    char line[64];
    uint64_t every = n / 4096 + 1;
    for (uint64_t i = 0; i < n; ++i) {
      top += gap(rng) * scale * 0.999;
      uint64_t t = static_cast<uint64_t>(top);
      uint64_t r1 = rng(), r2 = rng();
      for (int k = 0; k < 16; ++k) line[k] = hex[(t >> (60 - 4 * k)) & 15];
      for (int k = 0; k < 16; ++k) line[16 + k] = hex[(r1 >> (60 - 4 * k)) & 15];
      for (int k = 0; k < 8; ++k) line[32 + k] = hex[(r2 >> (60 - 4 * k)) & 15];
      // HIBP-like counts: geometric body, rare huge values.
      uint64_t c = 1 + (r2 & 0xFFFF) % 7 + ((r2 >> 16) % 1000 == 0 ? (r2 >> 20) % 1000000 : 0);
      int len = std::snprintf(line + 40, 24, ":%llu\r\n", static_cast<unsigned long long>(c));
      std::fwrite(line, 1, 40 + static_cast<size_t>(len), f);
      if (i % every == 0) present.emplace_back(line, 40);
    }
    std::fclose(f);
    text_bytes = fs::file_size(text_path);
  }
};

Fixture& Get() {
  static Fixture f;  // Destroyed at exit: removes the temporary folder.
  return f;
}

void BM_Import(benchmark::State& state) {
  Fixture& f = Get();
  std::vector<std::string> inputs = {f.text_path};
  kakunin::breach::BuildStats stats;
  for (auto _ : state) {
    auto r = kakunin::breach::BuildDatabase(inputs, f.db_path);
    if (!r) state.SkipWithError(r.error().message.c_str());
    else stats = *r;
  }
  state.SetBytesProcessed(static_cast<int64_t>(f.text_bytes) * state.iterations());
  state.counters["hashes"] = static_cast<double>(stats.entries);
  state.counters["bytes_per_hash"] = static_cast<double>(stats.output_bytes) / static_cast<double>(stats.entries);
  state.counters["fanout_bits"] = stats.fanout_bits;
}
BENCHMARK(BM_Import)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_ImportCompact(benchmark::State& state) {
  Fixture& f = Get();
  std::vector<std::string> inputs = {f.text_path};
  kakunin::breach::BuildStats stats;
  for (auto _ : state) {
    auto r = kakunin::breach::BuildDatabase(inputs, f.db_path + ".compact",
                                            {.mode = kakunin::breach::DatabaseMode::kCompact});
    if (!r) state.SkipWithError(r.error().message.c_str());
    else stats = *r;
  }
  state.SetBytesProcessed(static_cast<int64_t>(f.text_bytes) * state.iterations());
  state.counters["hashes"] = static_cast<double>(stats.entries);
  state.counters["bytes_per_hash"] = static_cast<double>(stats.output_bytes) / static_cast<double>(stats.entries);
}
BENCHMARK(BM_ImportCompact)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_Lookup(benchmark::State& state, bool present, bool compact) {
  Fixture& f = Get();
  auto db = kakunin::breach::Database::Open(compact ? f.db_path + ".compact" : f.db_path);
  if (!db) {
    state.SkipWithError("run BM_Import first");
    return;
  }
  std::vector<PasswordHash> hashes;
  for (size_t i = 0; i < 4096; ++i) {
    if (present) {
      hashes.push_back(*PasswordHash::FromHex(f.present[i % f.present.size()]));
    } else {
      hashes.push_back(PasswordHash::Of("absent-" + std::to_string(i)));
    }
  }
  uint64_t hits = 0;
  size_t i = 0;
  for (auto _ : state) {
    hits += db->Lookup(hashes[i++ & 4095]).has_value() ? 1 : 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["hit_rate"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK_CAPTURE(BM_Lookup, present, true, false);
BENCHMARK_CAPTURE(BM_Lookup, absent, false, false);
BENCHMARK_CAPTURE(BM_Lookup, compact_present, true, true);
BENCHMARK_CAPTURE(BM_Lookup, compact_absent, false, true);

// False positives: 10 million hashes known to be absent (SHA-1 of fresh strings).
void BM_FalsePositives(benchmark::State& state, bool compact) {
  Fixture& f = Get();
  auto db = kakunin::breach::Database::Open(compact ? f.db_path + ".compact" : f.db_path);
  if (!db) {
    state.SkipWithError("run BM_Import first");
    return;
  }
  uint64_t hits = 0, total = 0;
  for (auto _ : state) {
    for (int i = 0; i < 10000000; ++i, ++total) hits += db->Lookup(PasswordHash::Of("fp-" + std::to_string(i))).has_value();
  }
  state.counters["probes"] = static_cast<double>(total);
  state.counters["false_positives"] = static_cast<double>(hits);
}
BENCHMARK_CAPTURE(BM_FalsePositives, precise, false)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_FalsePositives, compact, true)->Iterations(1)->Unit(benchmark::kSecond);

// Pages (4 KiB) a cold lookup reads, at most: the fan-out pair plus every page its bucket spans
// (padding slots included, so this over-counts).
void BM_ColdPages(benchmark::State& state) {
  using namespace kakunin::breach::internal;  // NOLINT
  Fixture& f = Get();
  auto db = kakunin::breach::Database::Open(f.db_path);
  if (!db) {
    state.SkipWithError("run BM_Import first");
    return;
  }
  FILE* file = std::fopen(f.db_path.c_str(), "rb");
  std::vector<unsigned char> head(RecordsOffset(db->fanout_bits()));
  if (std::fread(head.data(), 1, head.size(), file) != head.size()) state.SkipWithError("read");
  std::fclose(file);
  uint64_t records = RecordsOffset(db->fanout_bits());
  uint64_t total = 0, over_two = 0, worst = 0, probes = 0;
  for (auto _ : state) {
    for (int i = 0; i < 1000000; ++i, ++probes) {
      PasswordHash h = PasswordHash::Of("cold-" + std::to_string(i));
      U128 first = First72Bits(h.bytes().data());
      uint32_t b = BucketOf(first, db->fanout_bits());
      uint64_t at = FanoutPairOffset(b);
      std::set<uint64_t> pages = {at / 4096, (at + 7) / 4096};
      uint64_t lo = Load32(head.data() + at), hi = Load32(head.data() + at + 4);
      // Upper bound: every page the bucket spans (binary search reads a subset of them).
      if (hi > lo) {
        for (uint64_t p = (records + kRecordBytes * lo) / 4096; p <= (records + kRecordBytes * hi - 1) / 4096; ++p) {
          pages.insert(p + (uint64_t{1} << 40));  // Record pages, kept apart from fan-out pages.
        }
      }
      total += pages.size();
      over_two += pages.size() > 2 ? 1 : 0;
      worst = std::max<uint64_t>(worst, pages.size());
    }
  }
  state.counters["pages_avg"] = static_cast<double>(total) / static_cast<double>(probes);
  state.counters["pages_max"] = static_cast<double>(worst);
  state.counters["share_over_2"] = static_cast<double>(over_two) / static_cast<double>(probes);
}
BENCHMARK(BM_ColdPages)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
