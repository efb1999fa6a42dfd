// The live resolver's answer cache: TTLs count down, expired entries are gone, TTL 0 is never
// kept, the size stays bounded.
#include "dns/answer_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace kakunin::dns::internal {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Answer Txt(std::string data, uint32_t ttl) {
  Answer a;
  a.records.push_back(Record{std::move(data), 0});
  a.ttl = ttl;
  a.dnssec = Dnssec::kSecure;
  return a;
}

TEST(AnswerCacheTest, TtlCountsDownAndExpires) {
  AnswerCache cache;
  const auto t0 = AnswerCache::Clock::time_point{} + seconds(1000);
  cache.Put("sel._domainkey.example.com", RrType::kTxt, Txt("v=DKIM1; p=abc", 300), t0);
  struct Case {
    milliseconds after;
    bool hit;
    uint32_t ttl;
  };
  const Case cases[] = {
      {milliseconds(0), true, 300},
      {milliseconds(1), true, 300},  // Rounded up: a live entry never says 0.
      {milliseconds(100'000), true, 200},
      {milliseconds(299'999), true, 1},
      {milliseconds(300'000), false, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.after.count());
    auto got = cache.Get("sel._domainkey.example.com", RrType::kTxt, t0 + c.after);
    ASSERT_EQ(got.has_value(), c.hit);
    if (c.hit) {
      EXPECT_EQ(got->ttl, c.ttl);
      EXPECT_EQ(got->records.at(0).data, "v=DKIM1; p=abc");
      EXPECT_EQ(got->dnssec, Dnssec::kSecure);
    }
  }
  EXPECT_EQ(cache.size(), 0u);  // The expired entry was dropped.
}

TEST(AnswerCacheTest, KeyedByNameAndTypeAndNegativeAnswersKept) {
  AnswerCache cache;
  const auto t0 = AnswerCache::Clock::time_point{} + seconds(5);
  Answer nx;
  nx.status = Status::kNxDomain;
  nx.ttl = 60;
  cache.Put("nothere.example.com", RrType::kA, nx, t0);
  cache.Put("zero.example.com", RrType::kA, Txt("x", 0), t0);
  EXPECT_FALSE(cache.Get("nothere.example.com", RrType::kTxt, t0));
  EXPECT_FALSE(cache.Get("zero.example.com", RrType::kA, t0));
  auto got = cache.Get("nothere.example.com", RrType::kA, t0 + seconds(30));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, Status::kNxDomain);
  EXPECT_EQ(got->ttl, 30u);
}

TEST(AnswerCacheTest, SizeIsBounded) {
  AnswerCache cache;
  const auto t0 = AnswerCache::Clock::time_point{} + seconds(5);
  for (size_t i = 0; i < AnswerCache::kMaxEntries + 10; ++i) {
    cache.Put("n" + std::to_string(i) + ".example.com", RrType::kA, Txt("192.0.2.1", 60), t0);
  }
  EXPECT_LE(cache.size(), AnswerCache::kMaxEntries);
  EXPECT_GT(cache.size(), 0u);
}

}  // namespace
}  // namespace kakunin::dns::internal
