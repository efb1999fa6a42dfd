// The live libunbound resolver against a real unbound on 127.0.0.1 (local-data only, no
// recursion), plus timeouts against a loopback port that never answers.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "dns/local_unbound.h"
#include "kakunin/dns.h"

namespace kakunin::dns {
namespace {

using Clock = std::chrono::steady_clock;
using kakunin::testing::LocalUnbound;

const std::string kLong255(255, 'k');

kakunin::testing::LocalUnboundConfig TestRecords() {
  kakunin::testing::LocalUnboundConfig c;
  c.local_zones = {"example.com. static", "3.2.1.in-addr.arpa. static"};
  c.local_data = {
      // A DKIM-style key split in several character-strings, one of them the full 255 octets.
      "sel._domainkey.example.com. 300 IN TXT \"v=DKIM1; k=rsa; \" \"p=MIGfMA0G\" \"" + kLong255 +
          "\" \"tail\"",
      "example.com. 300 IN MX 20 mx2.example.com.",
      "example.com. 300 IN MX 10 MX1.Example.Com.",
      "www.example.com. 300 IN A 192.0.2.10",
      "www.example.com. 300 IN A 192.0.2.11",
      "www.example.com. 300 IN AAAA 2001:db8:0:0::10",
      "aonly.example.com. 300 IN A 192.0.2.20",
      "alias.example.com. 300 IN CNAME www.example.com.",
      "4.3.2.1.in-addr.arpa. 300 IN PTR www.example.com.",
      "short.example.com. 1 IN TXT \"one second\"",
  };
  return c;
}

ResolverOptions LiveOptions(const std::string& server, int timeout_ms = 3000) {
  ResolverOptions options;
  options.server = server;
  options.timeout_ms = timeout_ms;
  options.dnssec = false;  // The test server is not signed; DNSSEC has its own test below.
  return options;
}

// Names under example.com (RFC 2606): libunbound answers special-use names such as ".test"
// itself (RFC 6761), so a test server for them would never be asked.
class LiveResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kakunin::testing::kUnboundBinary)) {
      GTEST_SKIP() << kakunin::testing::kUnboundBinary
                   << " is missing: install Debian's unbound (scripts/deps.sh)";
    }
    std::string error = server_.Start(TestRecords());
    ASSERT_EQ(error, "") << error;
  }

  LocalUnbound server_;
};

struct Case {
  const char* name;
  RrType type;
  Status status;
  std::vector<std::pair<std::string, uint16_t>> records;  // Sorted for comparison.
};

TEST_F(LiveResolverTest, AnswersLikeTheZone) {
  const std::vector<Case> cases = {
      {"sel._domainkey.example.com",
       RrType::kTxt,
       Status::kOk,
       {{"v=DKIM1; k=rsa; p=MIGfMA0G" + kLong255 + "tail", 0}}},
      {"EXAMPLE.com.",
       RrType::kMx,
       Status::kOk,
       {{"mx1.example.com", 10}, {"mx2.example.com", 20}}},
      {"www.example.com", RrType::kA, Status::kOk, {{"192.0.2.10", 0}, {"192.0.2.11", 0}}},
      {"www.example.com", RrType::kAaaa, Status::kOk, {{"2001:db8::10", 0}}},
      {"alias.example.com", RrType::kA, Status::kOk, {{"192.0.2.10", 0}, {"192.0.2.11", 0}}},
      {"alias.example.com", RrType::kCname, Status::kOk, {{"www.example.com", 0}}},
      {"4.3.2.1.in-addr.arpa", RrType::kPtr, Status::kOk, {{"www.example.com", 0}}},
      {"aonly.example.com", RrType::kTxt, Status::kNoData, {}},
      {"aonly.example.com", RrType::kAaaa, Status::kNoData, {}},
      {"nothere.example.com", RrType::kTxt, Status::kNxDomain, {}},
      {"nothere.example.com", RrType::kA, Status::kNxDomain, {}},
  };
  auto resolver = OpenResolver(LiveOptions(server_.address()));
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + " " + std::string(RrTypeName(c.type)));
    auto answer = (*resolver)->Lookup(c.name, c.type);
    ASSERT_TRUE(answer) << answer.error().ToString();
    EXPECT_EQ(StatusName(answer->status), StatusName(c.status));
    std::vector<std::pair<std::string, uint16_t>> got;
    for (const auto& r : answer->records) got.emplace_back(r.data, r.preference);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, c.records);
    EXPECT_EQ(answer->dnssec, Dnssec::kUnknown);
    if (c.status == Status::kOk) {
      EXPECT_GT(answer->ttl, 0u);
      EXPECT_LE(answer->ttl, 300u);
    }
  }
}

TEST_F(LiveResolverTest, RefusedNamesAndMalformedNamesFail) {
  auto resolver = OpenResolver(LiveOptions(server_.address()));
  ASSERT_TRUE(resolver);
  // Outside the local zones the server refuses. libunbound gives up on a refusing forwarder
  // with SERVFAIL: a temporary failure, never "absent".
  auto refused = (*resolver)->Lookup("www.debian.org", RrType::kA);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kDnsTempFail) << refused.error().ToString();
  EXPECT_NE(refused.error().message.find("SERVFAIL"), std::string::npos) << refused.error().message;
  auto malformed = (*resolver)->Lookup(std::string(64, 'a') + ".example.com", RrType::kTxt);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kDnsPermFail);
}

TEST_F(LiveResolverTest, CacheKeepsAnswersForTheirTtl) {
  auto resolver = OpenResolver(LiveOptions(server_.address(), 700));
  ASSERT_TRUE(resolver);
  ASSERT_TRUE((*resolver)->Lookup("www.example.com", RrType::kA));
  ASSERT_TRUE((*resolver)->Lookup("short.example.com", RrType::kTxt));
  ASSERT_TRUE((*resolver)->Lookup("nothere.example.com", RrType::kA));
  server_.Stop();
  // TTL 300: still answered from the cache with the server gone.
  auto cached = (*resolver)->Lookup("www.example.com", RrType::kA);
  ASSERT_TRUE(cached) << cached.error().ToString();
  EXPECT_EQ(cached->records.size(), 2u);
  // TTL 1: after it expires the resolver must ask again, and nobody answers.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto expired = (*resolver)->Lookup("short.example.com", RrType::kTxt);
  ASSERT_FALSE(expired) << "answered from an expired cache entry";
  EXPECT_EQ(expired.error().code, ErrorCode::kDnsTempFail);
}

TEST_F(LiveResolverTest, ConcurrentLookupsShareOneResolver) {
  auto resolver = OpenResolver(LiveOptions(server_.address()));
  ASSERT_TRUE(resolver);
  std::atomic<int> good{0};
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        bool nx = (i + t) % 3 == 0;
        auto a = (*resolver)->Lookup(
            nx ? "n" + std::to_string(i) + ".example.com" : "www.example.com", RrType::kA);
        bool ok = a && (nx ? a->status == Status::kNxDomain : a->records.size() == 2);
        (ok ? good : bad)++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(good.load(), 8 * 40);
}

TEST_F(LiveResolverTest, RootAnchorWithoutDnssecCapableServersIsNotValidated) {
  if (!std::filesystem::exists("/usr/share/dns/root.key")) {
    GTEST_SKIP() << "/usr/share/dns/root.key missing: install Debian's dns-root-data";
  }
  ResolverOptions options = LiveOptions(server_.address());
  options.dnssec = true;
  auto resolver = OpenResolver(options);
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  // The server refuses the root DNSKEY query, so no chain of trust can be built: the resolver
  // answers without validation (kUnknown) instead of calling every answer bogus, and never
  // claims kSecure or kInsecure.
  for (int i = 0; i < 2; ++i) {
    auto answer = (*resolver)->Lookup("www.example.com", RrType::kA);
    ASSERT_TRUE(answer) << answer.error().ToString();
    EXPECT_EQ(answer->records.size(), 2u);
    EXPECT_EQ(answer->dnssec, Dnssec::kUnknown);
  }
  auto nx = (*resolver)->Lookup("nothere.example.com", RrType::kA);
  ASSERT_TRUE(nx) << nx.error().ToString();
  EXPECT_EQ(nx->status, Status::kNxDomain);
}

// A UDP socket bound on loopback that never reads: queries to it are never answered.
class SilentPort {
 public:
  SilentPort() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port_ = ntohs(addr.sin_port);
    }
  }
  ~SilentPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

struct TimeoutCase {
  const char* what;
  bool listening;  // A socket that swallows queries, or nothing at all on the port.
};

TEST(LiveResolverTimeoutTest, NoAnswerIsTempFailWithinTheTimeout) {
  constexpr int kTimeoutMs = 800;
  for (TimeoutCase c : {TimeoutCase{"silent socket", true}, TimeoutCase{"closed port", false}}) {
    SCOPED_TRACE(c.what);
    SilentPort silent;
    int port = c.listening ? silent.port() : kakunin::testing::FreeLoopbackPort();
    ASSERT_GT(port, 0);
    auto resolver = OpenResolver(LiveOptions("127.0.0.1:" + std::to_string(port), kTimeoutMs));
    ASSERT_TRUE(resolver) << resolver.error().ToString();
    auto start = Clock::now();
    auto answer = (*resolver)->Lookup("sel._domainkey.example.com", RrType::kTxt);
    auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kDnsTempFail) << answer.error().ToString();
    EXPECT_LE(elapsed, kTimeoutMs + 500) << answer.error().ToString();
    if (c.listening) {
      EXPECT_GE(elapsed, kTimeoutMs - 50);
      EXPECT_NE(answer.error().message.find("timed out"), std::string::npos);
    }
  }
}

TEST(LiveResolverOptionsTest, BadOptionsAreRejected) {
  ResolverOptions options;
  options.server = "dns.example:53";
  auto r = OpenResolver(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  options.server = "127.0.0.1";
  options.timeout_ms = 0;
  r = OpenResolver(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  options.timeout_ms = 1000;
  options.trust_anchor_file = "/nonexistent/anchor.key";
  r = OpenResolver(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace kakunin::dns
