// The zone-file resolver: master-file syntax (RFC 1035 5), answers (NXDOMAIN vs NODATA, CNAME
// chains), the ";!" test directives and file:line errors. Table-driven.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kakunin/dns.h"

namespace kakunin::dns {
namespace {

// One zone exercising every piece of syntax the parser supports.
constexpr char kZone[] = R"zone(; A test zone.
$ORIGIN Example.COM.
$TTL 1h
@             IN  SOA ns1 hostmaster ( 2026112801 ; serial
                      7200 3600 1209600 300 )
              IN  NS  ns1
              TYPE65280 \# 0
              IN  MX  10 mx1
              IN  MX  20 mx2.example.net.
              IN  TXT "v=spf1 ip4:192.0.2.0/24 -all"
ns1           IN  A   192.0.2.53
www      300  IN  A   192.0.2.80
www           IN  A   192.0.2.81 ; second record, TTL 3600 -> RRset TTL 300
www        IN 60  AAAA 2001:DB8:0:0::0:1
sel._domainkey  TXT ( "v=DKIM1; k=rsa; "
                      "p=MIGfMA0G" "CSqGSIb3" ) ; one record over three lines
quoted        TXT "say \"hi\"" "back\\slash" "\065\066C" plain\;semi
empty         TXT ""
Upper.Case.   A 198.51.100.1
alias         CNAME www
alias2        CNAME alias
loop1         CNAME loop2
loop2         CNAME loop1
dangling      CNAME nowhere
1.2.0.192.in-addr.arpa. PTR www
abs.example.org. 120 IN TXT "absolute name outside the origin"
$ORIGIN sub
deep.er       TXT "below an empty non-terminal"
$TTL 2d3h
ttl           TXT "units"
  ; an indented comment line is not a record
              A 203.0.113.7
nullmx.example.com. MX 0 .
dup           A 192.0.2.1
dup           A 192.0.2.1
)zone";

struct Expect {
  std::string data;
  uint16_t preference = 0;
};

struct Case {
  const char* name;
  RrType type;
  Status status;
  std::vector<Expect> records;
  uint32_t ttl = 0;  // Checked when non-zero.
};

const Case kCases[] = {
    {"example.com",
     RrType::kMx,
     Status::kOk,
     {{"mx1.example.com", 10}, {"mx2.example.net", 20}},
     3600},
    {"EXAMPLE.com.", RrType::kTxt, Status::kOk, {{"v=spf1 ip4:192.0.2.0/24 -all"}}},
    {"example.com", RrType::kA, Status::kNoData, {}},
    {"ns1.example.com", RrType::kA, Status::kOk, {{"192.0.2.53"}}, 3600},
    {"www.example.com", RrType::kA, Status::kOk, {{"192.0.2.80"}, {"192.0.2.81"}}, 300},
    {"www.example.com", RrType::kAaaa, Status::kOk, {{"2001:db8::1"}}, 60},
    {"www.example.com", RrType::kTxt, Status::kNoData, {}},
    {"sel._domainkey.example.com",
     RrType::kTxt,
     Status::kOk,
     {{"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3"}}},
    {"_domainkey.example.com", RrType::kTxt, Status::kNoData, {}},  // Empty non-terminal.
    {"quoted.example.com", RrType::kTxt, Status::kOk, {{"say \"hi\"back\\slashABCplain;semi"}}},
    {"empty.example.com", RrType::kTxt, Status::kOk, {{""}}},
    {"upper.case", RrType::kA, Status::kOk, {{"198.51.100.1"}}},
    {"alias.example.com", RrType::kA, Status::kOk, {{"192.0.2.80"}, {"192.0.2.81"}}, 300},
    {"alias2.example.com", RrType::kAaaa, Status::kOk, {{"2001:db8::1"}}, 60},
    {"alias2.example.com", RrType::kCname, Status::kOk, {{"alias.example.com"}}},
    {"alias.example.com", RrType::kMx, Status::kNoData, {}},  // www has no MX.
    {"dangling.example.com", RrType::kA, Status::kNxDomain, {}},
    {"1.2.0.192.in-addr.arpa", RrType::kPtr, Status::kOk, {{"www.example.com"}}},
    {"abs.example.org", RrType::kTxt, Status::kOk, {{"absolute name outside the origin"}}, 120},
    {"deep.er.sub.example.com", RrType::kTxt, Status::kOk, {{"below an empty non-terminal"}}},
    {"er.sub.example.com", RrType::kA, Status::kNoData, {}},
    {"sub.example.com", RrType::kA, Status::kNoData, {}},
    {"ttl.sub.example.com", RrType::kTxt, Status::kOk, {{"units"}}, 2 * 86400 + 3 * 3600},
    {"ttl.sub.example.com", RrType::kA, Status::kOk, {{"203.0.113.7"}}},  // Owner carried over.
    {"nullmx.example.com", RrType::kMx, Status::kOk, {{"", 0}}},
    {"dup.sub.example.com", RrType::kA, Status::kOk, {{"192.0.2.1"}}},  // RFC 2181 5.
    {"nothere.example.com", RrType::kA, Status::kNxDomain, {}},
    {"example.org", RrType::kA, Status::kNxDomain, {}},  // Outside every origin: no ENT.
    {"com", RrType::kA, Status::kNxDomain, {}},
};

void ExpectAnswer(Resolver& resolver, const Case& c) {
  SCOPED_TRACE(std::string(c.name) + " " + std::string(RrTypeName(c.type)));
  auto answer = resolver.Lookup(c.name, c.type);
  ASSERT_TRUE(answer) << answer.error().ToString();
  EXPECT_EQ(StatusName(answer->status), StatusName(c.status));
  ASSERT_EQ(answer->records.size(), c.records.size());
  for (size_t i = 0; i < c.records.size(); ++i) {
    EXPECT_EQ(answer->records[i].data, c.records[i].data);
    EXPECT_EQ(answer->records[i].preference, c.records[i].preference);
  }
  if (c.ttl != 0) {
    EXPECT_EQ(answer->ttl, c.ttl);
  }
  EXPECT_EQ(answer->dnssec, Dnssec::kUnknown);
}

TEST(ZoneResolverTest, AnswersFromTheZone) {
  auto resolver = OpenZoneText(kZone, "test.zone");
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  for (const Case& c : kCases) ExpectAnswer(**resolver, c);
}

TEST(ZoneResolverTest, WildcardsFollowRfc4592) {
  // The RFC 4592 2.2.1 example, reduced to what kakunin asks.
  constexpr char kWild[] = R"zone($ORIGIN example.
*                 TXT   "this is a wildcard"
*                 MX    10 host1.example.
sub.*             TXT   "this is not a wildcard"
host1             A     192.0.2.1
_ssh._tcp.host1   TXT   "service"
_ssh._tcp.host2   TXT   "service"
subdel            NS    ns.example.com.
*.mail            CNAME host1
)zone";
  auto resolver = OpenZoneText(kWild, "wild.zone");
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  const Case cases[] = {
      {"host3.example", RrType::kMx, Status::kOk, {{"host1.example", 10}}},
      {"host3.example", RrType::kA, Status::kNoData, {}},
      {"foo.bar.example", RrType::kTxt, Status::kOk, {{"this is a wildcard"}}},
      {"host1.example", RrType::kMx, Status::kNoData, {}},                  // Exists: no synthesis.
      {"_telnet._tcp.host1.example", RrType::kTxt, Status::kNxDomain, {}},  // Encloser _tcp.host1.
      {"_dns._udp.host2.example", RrType::kTxt, Status::kNxDomain, {}},     // Encloser host2 (ENT).
      {"ghost.*.example", RrType::kTxt, Status::kNxDomain, {}},  // "*" exists: encloser is "*".
      {"sub.*.example", RrType::kTxt, Status::kOk, {{"this is not a wildcard"}}},
      {"a.mail.example", RrType::kA, Status::kOk, {{"192.0.2.1"}}},  // Wildcard CNAME followed.
  };
  for (const Case& c : cases) ExpectAnswer(**resolver, c);
}

TEST(ZoneResolverTest, CnameLoopIsTemporaryFailure) {
  auto resolver = OpenZoneText(kZone, "test.zone");
  ASSERT_TRUE(resolver);
  auto answer = (*resolver)->Lookup("loop1.example.com", RrType::kTxt);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kDnsTempFail);
  EXPECT_NE(answer.error().message.find("CNAME chain"), std::string::npos);
}

TEST(ZoneResolverTest, MalformedQueryNamesFailWithoutLookup) {
  auto resolver = OpenZoneText(kZone, "test.zone");
  ASSERT_TRUE(resolver);
  const std::string label63(63, 'a');
  const std::string label64(64, 'a');
  // 4 labels of 63 = 255 characters with the dots; 3 of 63 + one of 61 = 253.
  const std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  const std::string name254 = label63 + "." + label63 + "." + label63 + "." + std::string(62, 'b');
  struct NameCase {
    std::string name;
    bool ok;
  };
  const NameCase cases[] = {
      {label63 + ".example.com", true},
      {label64 + ".example.com", false},
      {name253, true},
      {name253 + ".", true},
      {name254, false},
      {"", false},
      {"a..example.com", false},
      {".example.com", false},
      {"sp ace.example.com", false},
      {"back\\slash.example.com", false},
      {"caf\xc3\xa9.example.com", false},
      {".", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto answer = (*resolver)->Lookup(c.name, RrType::kA);
    if (c.ok) {
      ASSERT_TRUE(answer) << answer.error().ToString();
      EXPECT_EQ(answer->status, Status::kNxDomain);
    } else {
      ASSERT_FALSE(answer);
      EXPECT_EQ(answer.error().code, ErrorCode::kDnsPermFail);
    }
  }
}

TEST(ZoneResolverTest, TestDirectivesMakeNamesFail) {
  constexpr char kFaulty[] = R"zone($ORIGIN example.com.
;! servfail broken
;! timeout slow.example.com.
;! servfail partial TXT
;! refused refused
;! dnssec secure signed
;! dnssec bogus forged
broken   TXT "never returned"
partial  TXT "fails"
partial  A   192.0.2.1
signed   TXT "v=DKIM1; p="
forged   TXT "v=DKIM1; p="
via      CNAME broken
)zone";
  auto resolver = OpenZoneText(kFaulty, "faulty.zone");
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  struct FaultCase {
    const char* name;
    RrType type;
    std::optional<ErrorCode> error;  // nullopt: an answer.
    const char* message_part;
  };
  const FaultCase cases[] = {
      {"broken.example.com", RrType::kTxt, ErrorCode::kDnsTempFail, "SERVFAIL"},
      {"broken.example.com", RrType::kA, ErrorCode::kDnsTempFail, "line 2"},
      {"slow.example.com", RrType::kTxt, ErrorCode::kDnsTempFail, "timed out"},
      {"partial.example.com", RrType::kTxt, ErrorCode::kDnsTempFail, "SERVFAIL"},
      {"partial.example.com", RrType::kA, std::nullopt, ""},
      {"refused.example.com", RrType::kA, ErrorCode::kDnsPermFail, "REFUSED"},
      {"via.example.com", RrType::kTxt, ErrorCode::kDnsTempFail, "SERVFAIL"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto answer = (*resolver)->Lookup(c.name, c.type);
    if (!c.error) {
      EXPECT_TRUE(answer);
      continue;
    }
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, *c.error);
    EXPECT_NE(answer.error().message.find(c.message_part), std::string::npos)
        << answer.error().message;
  }
  auto secure = (*resolver)->Lookup("signed.example.com", RrType::kTxt);
  ASSERT_TRUE(secure);
  EXPECT_EQ(secure->dnssec, Dnssec::kSecure);
  // Bogus data is withheld, as a validating resolver does.
  auto bogus = (*resolver)->Lookup("forged.example.com", RrType::kTxt);
  ASSERT_FALSE(bogus);
  EXPECT_EQ(bogus.error().code, ErrorCode::kDnsTempFail);
  EXPECT_TRUE(bogus.error().message.starts_with(kDnssecBogusMessage)) << bogus.error().message;
}

struct ErrorCase {
  const char* zone;
  const char* error;  // Expected start of the message, after "bad.zone:".
};

const ErrorCase kErrors[] = {
    {"www A 192.0.2.1\n", "1: relative name \"www\" before $ORIGIN"},
    {"@ A 192.0.2.1\n", "1: '@' used before $ORIGIN"},
    {"$ORIGIN x.\n\nwww A 192.0.2.256\n", "3: bad IPv4 address \"192.0.2.256\""},
    {"$ORIGIN x.\nwww A 192.0.2.1 192.0.2.2\n", "2: A takes 1 field, found 2"},
    {"$ORIGIN x.\nwww AAAA 2001:db8::g\n", "2: bad IPv6 address"},
    {"$ORIGIN x.\nwww MX ten mx\n", "2: bad number \"ten\""},
    {"$ORIGIN x.\nwww MX 70000 mx\n", "2: number \"70000\" over 65535"},
    {"$ORIGIN x.\nwww MX 10\n", "2: MX takes 2 fields, found 1"},
    {"$ORIGIN x.\nwww TXT \"open\n", "2: unterminated quoted string"},
    {"$ORIGIN x.\nwww TXT ( \"a\"\n \"b\"\n", "2: '(' is never closed"},
    {"$ORIGIN x.\nwww TXT \"a\" )\n", "2: ')' without '('"},
    {"$ORIGIN x.\nwww TXT \"\\2561\"\n", "2: \\256 is over 255"},
    {"$ORIGIN x.\nwww TXT \"\\25\"\n", "2: \\DDD needs three digits"},
    {"$ORIGIN x.\nwww TXT\n", "2: record without data"},
    {"$ORIGIN x.\nwww 300 IN\n", "2: record without a type"},
    {"$ORIGIN x.\nwww WKS 1\n", "2: unknown or unsupported type \"WKS\""},
    {"$ORIGIN x.\nwww TYPE16 \\# 1 00\n", "2: write TXT, not TYPE16"},
    {"$ORIGIN x.\nwww TYPE99999 x\n", "2: unknown or unsupported type \"TYPE99999\""},
    {"$ORIGIN x.\nwww CH TXT \"a\"\n", "2: class CH is not supported (only IN)"},
    {"$ORIGIN x.\nwww 1x TXT \"a\"\n", "2: bad TTL \"1x\""},
    {"$ORIGIN x.\nwww 1h5 TXT \"a\"\n", "2: bad TTL \"1h5\": number without unit"},
    {"$TTL 4294967296\n", "1: TTL \"4294967296\" exceeds 2^31-1"},
    {"$TTL\n", "1: $TTL takes exactly one value"},
    {"$INCLUDE other.zone\n", "1: $INCLUDE is not supported"},
    {"$FOO bar\n", "1: unknown control entry $FOO"},
    {"  A 192.0.2.1\n", "1: record without an owner name"},
    {"$ORIGIN x.\nwww CNAME a\nwww TXT \"b\"\n", "3: CNAME and other data at \"www.x\""},
    {"$ORIGIN x.\nwww TXT \"b\"\nwww CNAME a\n", "3: CNAME and other data"},
    {"$ORIGIN x.\nwww CNAME a\nwww CNAME b\n", "3: more than one CNAME"},
    {"$ORIGIN x.\nw\\.w A 192.0.2.1\n", "2: escapes in names are not supported"},
    {"$ORIGIN $x.\n", "1: a name cannot start with '$'"},
    {"$ORIGIN x.\nwww PTR $y\n", "2: a name cannot start with '$'"},
    {"$ORIGIN x.\na..b A 192.0.2.1\n", "2: bad name \"a..b\": empty label"},
    {"$ORIGIN x.\n\"www\" A 192.0.2.1\n", "2: a name cannot be a quoted string"},
    {"$ORIGIN x.\n;! flaky www\n", "2: unknown test directive \";! flaky\""},
    {"$ORIGIN x.\n;! servfail\n", "2: ;! servfail takes NAME [TYPE]"},
    {"$ORIGIN x.\n;! timeout www SRV\n", "2: unknown type \"SRV\" in ;! timeout"},
    {"$ORIGIN x.\n;! dnssec maybe www\n", "2: ;! dnssec status must be secure, insecure or bogus"},
    {"$ORIGIN x.\nwww TXT (\n;! servfail www\n)\n", "3: test directive \";!\" inside parentheses"},
    {"$ORIGIN x.\nwww TXT a\\\n", "2: backslash at the end of a line"},
};

TEST(ZoneParserTest, ErrorsNameFileAndLine) {
  for (const ErrorCase& c : kErrors) {
    SCOPED_TRACE(c.zone);
    auto resolver = OpenZoneText(c.zone, "bad.zone");
    ASSERT_FALSE(resolver);
    EXPECT_EQ(resolver.error().code, ErrorCode::kParse);
    EXPECT_EQ(resolver.error().message.rfind(std::string("bad.zone:") + c.error, 0), 0u)
        << resolver.error().message;
  }
}

TEST(ZoneParserTest, LabelAndNameLimitsInTheFile) {
  std::string zone = "$ORIGIN x.\n" + std::string(64, 'a') + " A 192.0.2.1\n";
  auto resolver = OpenZoneText(zone, "long.zone");
  ASSERT_FALSE(resolver);
  EXPECT_NE(resolver.error().message.find("long.zone:2: bad name"), std::string::npos);
  EXPECT_NE(resolver.error().message.find("label longer than 63"), std::string::npos);

  std::string long_txt = "$ORIGIN x.\nt TXT \"" + std::string(256, 'a') + "\"\n";
  resolver = OpenZoneText(long_txt, "txt.zone");
  ASSERT_FALSE(resolver);
  EXPECT_NE(resolver.error().message.find("txt.zone:2: character-string of 256 octets"),
            std::string::npos);
}

TEST(ZoneParserTest, TtlDefaultsFollowRfc1035) {
  // No $TTL: a record without TTL takes the last explicit one, else kDefaultTtl.
  auto resolver =
      OpenZoneText("$ORIGIN x.\na TXT \"1\"\nb 42 TXT \"2\"\nc TXT \"3\"\n", "ttl.zone");
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  EXPECT_EQ((*resolver)->Lookup("a.x", RrType::kTxt)->ttl, 3600u);
  EXPECT_EQ((*resolver)->Lookup("b.x", RrType::kTxt)->ttl, 42u);
  EXPECT_EQ((*resolver)->Lookup("c.x", RrType::kTxt)->ttl, 42u);
}

TEST(ZoneFileTest, ReadsAFileAndNamesItInErrors) {
  const std::string path = ::testing::TempDir() + "/kakunin_dns_zone_test.zone";
  {
    std::ofstream out(path);
    out << "$ORIGIN example.com.\nsel._domainkey TXT \"v=DKIM1; p=abc\"\nbad A 1.2.3\n";
  }
  auto resolver = OpenZoneFile(path);
  ASSERT_FALSE(resolver);
  EXPECT_EQ(resolver.error().message, path + ":3: bad IPv4 address \"1.2.3\"");
  {
    std::ofstream out(path);
    out << "$ORIGIN example.com.\nsel._domainkey TXT \"v=DKIM1; p=abc\"\n";
  }
  resolver = OpenZoneFile(path);
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  auto answer = (*resolver)->Lookup("sel._domainkey.example.com", RrType::kTxt);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->records.at(0).data, "v=DKIM1; p=abc");
  std::remove(path.c_str());

  ResolverOptions options;
  options.zone_file = path;
  auto missing = OpenResolver(options);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(ZoneFileTest, ZoneFileWinsOverServerAndNeverAsksIt) {
  const std::string path = ::testing::TempDir() + "/kakunin_dns_zone_only.zone";
  {
    std::ofstream out(path);
    out << "$ORIGIN example.com.\nwww A 192.0.2.1\n";
  }
  ResolverOptions options;
  options.zone_file = path;
  options.server = "127.0.0.1:1";  // Would time out if it were ever asked.
  options.timeout_ms = 1;
  auto resolver = OpenResolver(options);
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  for (const char* name : {"www.example.com", "other.example.com", "www.debian.org"}) {
    auto answer = (*resolver)->Lookup(name, RrType::kA);
    ASSERT_TRUE(answer) << name << ": " << answer.error().ToString();
  }
  std::remove(path.c_str());
}

TEST(ZoneResolverTest, ConcurrentLookups) {
  auto resolver = OpenZoneText(kZone, "test.zone");
  ASSERT_TRUE(resolver);
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto a = (*resolver)->Lookup("alias2.example.com", RrType::kAaaa);
        if (!a || a->records.size() != 1 || a->records[0].data != "2001:db8::1") ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

TEST(DnsNamesTest, TypeNamesRoundTrip) {
  for (RrType t :
       {RrType::kA, RrType::kAaaa, RrType::kMx, RrType::kTxt, RrType::kPtr, RrType::kCname}) {
    EXPECT_EQ(RrTypeFromName(RrTypeName(t)), t);
  }
  EXPECT_EQ(RrTypeFromName("txt"), RrType::kTxt);
  EXPECT_FALSE(RrTypeFromName("SRV"));
  EXPECT_EQ(DnssecName(Dnssec::kBogus), "bogus");
  EXPECT_EQ(StatusName(Status::kNoData), "nodata");
}

}  // namespace
}  // namespace kakunin::dns
