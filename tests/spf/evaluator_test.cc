// check_host() behaviour the suites cover only indirectly: limits, label rules, record parsing.
#include <gtest/gtest.h>

#include "kakunin/spf.h"
#include "testing/fake_resolver.h"

namespace kakunin::spf {
namespace {

using testing::FakeResolver;

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

// Publishes "v=spf1 a:h1.example.com ... a:h<n>.example.com -all" at example.com.
void PublishChainOfA(FakeResolver& dns, int n) {
  std::string record = "v=spf1";
  for (int i = 1; i <= n; ++i) {
    record += " a:h" + std::to_string(i) + ".example.com";
    dns.Add("h" + std::to_string(i) + ".example.com", dns::RrType::kA, "198.51.100.1");
  }
  dns.AddTxt("example.com", record + " -all");
}

TEST(SpfEvaluatorTest, EleventhLookupIsPermError) {
  FakeResolver dns;
  PublishChainOfA(dns, 11);
  auto v = CheckMailFrom(Ip("192.0.2.1"), "a@example.com", "", dns);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->result, SpfResult::kPermError);
  EXPECT_EQ(v->dns_terms, kMaxDnsTerms + 1);
  EXPECT_NE(v->reason.find("4.6.4"), std::string::npos);
}

TEST(SpfEvaluatorTest, TenLookupsAreAllowed) {
  FakeResolver dns;
  PublishChainOfA(dns, 10);
  auto v = CheckMailFrom(Ip("192.0.2.1"), "a@example.com", "", dns);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->result, SpfResult::kFail);
  EXPECT_EQ(v->explanation, "");
  EXPECT_EQ(v->mechanism, "-all");
}

TEST(SpfEvaluatorTest, ThirdVoidLookupIsPermError) {
  FakeResolver dns;
  dns.AddTxt("example.com", "v=spf1 a:n1.example.com a:n2.example.com ip4:192.0.2.1 -all");
  auto v = CheckMailFrom(Ip("192.0.2.1"), "a@example.com", "", dns);
  EXPECT_EQ(v->result, SpfResult::kPass);
  dns.AddTxt("example.org", "v=spf1 a:n1.example.com mx:n2.example.com exists:n3.example.com ip4:192.0.2.1 -all");
  v = CheckMailFrom(Ip("192.0.2.1"), "a@example.org", "", dns);
  EXPECT_EQ(v->result, SpfResult::kPermError);
  EXPECT_EQ(v->void_lookups, 3);
}

TEST(SpfEvaluatorTest, DnsFailureIsTempError) {
  FakeResolver dns;
  dns.AddTxt("example.com", "v=spf1 a:broken.example.com -all");
  dns.SetTempFail("broken.example.com");
  auto v = CheckMailFrom(Ip("192.0.2.1"), "a@example.com", "", dns);
  EXPECT_EQ(v->result, SpfResult::kTempError);
  dns.SetTempFail("example.net");
  v = CheckMailFrom(Ip("192.0.2.1"), "a@example.net", "", dns);
  EXPECT_EQ(v->result, SpfResult::kTempError);
}

TEST(SpfEvaluatorTest, LongLabelIsNeverLookedUp) {
  FakeResolver dns;
  std::string label(64, 'a');
  auto v = CheckMailFrom(Ip("192.0.2.1"), "x@" + label + ".example.com", "", dns);
  EXPECT_EQ(v->result, SpfResult::kNone);
  EXPECT_EQ(dns.query_count(), 0u);
  // A macro that expands to a long label: the term does not match and nothing is sent.
  dns.AddTxt("example.com", "v=spf1 exists:%{l}.example.com ?all");
  v = CheckMailFrom(Ip("192.0.2.1"), label + "@example.com", "", dns);
  EXPECT_EQ(v->result, SpfResult::kNeutral);
  for (const auto& [name, type] : dns.queries()) EXPECT_EQ(name.find(label), std::string::npos) << name;
}

TEST(SpfEvaluatorTest, MultipleRecordsArePermError) {
  FakeResolver dns;
  dns.AddTxt("example.com", "v=spf1 +all");
  dns.AddTxt("example.com", "v=spf1 -all");
  dns.AddTxt("example.com", "google-site-verification=abc");
  EXPECT_EQ(CheckMailFrom(Ip("192.0.2.1"), "a@example.com", "", dns)->result, SpfResult::kPermError);
}

TEST(SpfEvaluatorTest, HeloChecksPostmasterAtHelo) {
  FakeResolver dns;
  dns.AddTxt("mail.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
  Verdict v = CheckHelo(Ip("192.0.2.9"), "mail.example.com", dns);
  EXPECT_EQ(v.result, SpfResult::kPass);
  EXPECT_EQ(v.identity, Identity::kHelo);
  EXPECT_EQ(v.sender, "postmaster@mail.example.com");
  EXPECT_EQ(CheckHelo(Ip("192.0.2.9"), "[192.0.2.9]", dns).result, SpfResult::kNone);
  EXPECT_EQ(CheckHelo(Ip("192.0.2.9"), "localhost", dns).result, SpfResult::kNone);
  auto bounce = CheckMailFrom(Ip("198.51.100.1"), "<>", "mail.example.com", dns);
  EXPECT_EQ(bounce->result, SpfResult::kFail);
  EXPECT_EQ(bounce->sender, "postmaster@mail.example.com");
}

TEST(SpfEvaluatorTest, ExplanationUsesExpOnlyMacros) {
  FakeResolver dns;
  dns.AddTxt("example.com", "v=spf1 -all exp=why.%{d}");
  dns.AddTxt("why.example.com", "%{c} may not send for %{o} (asked %{r} at %{t})");
  Options o;
  o.receiver = "mx.receiver.test";
  o.now = 1700000000;
  auto v = CheckMailFrom(Ip("2001:db8::1"), "a@example.com", "", dns, o);
  EXPECT_EQ(v->result, SpfResult::kFail);
  EXPECT_EQ(v->explanation, "2001:db8::1 may not send for example.com (asked mx.receiver.test at 1700000000)");
}

TEST(SpfRecordTest, RoundTrip) {
  for (const char* text : {"v=spf1 -all", "v=spf1 a mx/24 a:%{d}.example.com/24//64 ~ip6:2001:db8::/32 ?ptr",
                           "v=spf1 include:_spf.example.net exists:%{ir}.x.example.com redirect=example.org",
                           "v=spf1 ip4:192.0.2.0/24 foo=bar exp=explain.example.com"}) {
    auto r = ParseRecord(text);
    ASSERT_TRUE(r) << text << ": " << r.error().ToString();
    auto again = ParseRecord(r->ToString());
    ASSERT_TRUE(again) << r->ToString();
    EXPECT_EQ(again->ToString(), r->ToString());
  }
}

TEST(SpfRecordTest, SyntaxErrors) {
  for (const char* text : {"v=spf1 ip4:192.0.2.1/33", "v=spf1 a/024", "v=spf1 a:museum", "v=spf1 foo:bar",
                           "v=spf1 redirect=a.example.com redirect=b.example.com", "v=spf1 -all\tmx",
                           "v=spf1 include:", "v=spf1 ip6:192.0.2.1", "v=spf1 exp=", "v=spf1 x=%{"}) {
    EXPECT_FALSE(ParseRecord(text)) << text;
  }
  EXPECT_FALSE(IsSpfRecord("v=spf10 -all"));
  EXPECT_TRUE(IsSpfRecord("V=SPF1"));
}

TEST(SpfIpAddressTest, PrefixAndPrinting) {
  EXPECT_TRUE(Ip("192.0.2.130").InNetwork(Ip("192.0.2.128"), 25));
  EXPECT_FALSE(Ip("192.0.2.1").InNetwork(Ip("192.0.2.128"), 25));
  EXPECT_TRUE(Ip("2001:db8::1").InNetwork(Ip("2001:db8::"), 32));
  EXPECT_FALSE(Ip("192.0.2.1").InNetwork(Ip("::"), 0));
  EXPECT_EQ(Ip("2001:DB8:0:0::1").ToString(), "2001:db8::1");
  EXPECT_EQ(Ip("::ffff:192.0.2.1").MappedV4()->ToString(), "192.0.2.1");
  EXPECT_FALSE(IpAddress::Parse("192.0.2"));
  EXPECT_FALSE(IpAddress::Parse("[::1]"));
}

}  // namespace
}  // namespace kakunin::spf
