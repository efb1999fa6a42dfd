// DMARC (RFC 7489) evaluation, table-driven: SPF and DKIM results composed with recorded _dmarc
// TXT records (no third-party DMARC suite exists; see ../shared/testdata/SOURCES.md). The
// Organizational Domain comes from the PSL copy in ../shared/testdata/psl.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "kakunin/dmarc.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::dmarc {
namespace {

using testing::FakeResolver;

std::shared_ptr<const url::PublicSuffixList> TestPsl() {
  static auto psl = url::PublicSuffixList::Load(testing::SharedDir() + "/testdata/psl/public_suffix_list.dat");
  EXPECT_TRUE(psl.has_value()) << psl.error().ToString();
  return psl ? *psl : url::PublicSuffixList::Default();
}

struct Zone {
  const char* name;
  const char* txt;  // nullptr: the name fails temporarily.
};

struct Case {
  const char* what;
  std::vector<Zone> zone;
  const char* from;
  std::vector<DkimInput> dkim;
  std::optional<SpfInput> spf;
  std::optional<int> sample;
  DmarcResult want;
  Policy want_requested;
  Policy want_applied;
  const char* want_record_domain;
};

const Case kCases[] = {
    {"aligned DKIM passes",
     {{"_dmarc.example.com", "v=DMARC1; p=reject"}},
     "example.com", {{"example.com", true, "s1"}}, std::nullopt, 0,
     DmarcResult::kPass, Policy::kReject, Policy::kNone, "example.com"},
    {"aligned SPF passes",
     {{"_dmarc.example.com", "v=DMARC1; p=reject"}},
     "example.com", {}, SpfInput{"example.com", true, "pass"}, 0,
     DmarcResult::kPass, Policy::kReject, Policy::kNone, "example.com"},
    {"only unaligned passes fail",
     {{"_dmarc.example.com", "v=DMARC1; p=reject"}},
     "example.com", {{"mailer.example.net", true, "s1"}}, SpfInput{"bounces.example.org", true, "pass"}, 0,
     DmarcResult::kFail, Policy::kReject, Policy::kReject, "example.com"},
    {"a failing aligned signature does not count",
     {{"_dmarc.example.com", "v=DMARC1; p=quarantine"}},
     "example.com", {{"example.com", false, "s1"}}, SpfInput{"example.com", false, "softfail"}, 0,
     DmarcResult::kFail, Policy::kQuarantine, Policy::kQuarantine, "example.com"},
    {"relaxed DKIM alignment: subdomain d=",
     {{"_dmarc.example.com", "v=DMARC1; p=reject"}},
     "example.com", {{"mail.example.com", true, "s1"}}, std::nullopt, 0,
     DmarcResult::kPass, Policy::kReject, Policy::kNone, "example.com"},
    {"strict DKIM alignment refuses a subdomain d=",
     {{"_dmarc.example.com", "v=DMARC1; p=reject; adkim=s"}},
     "example.com", {{"mail.example.com", true, "s1"}}, std::nullopt, 0,
     DmarcResult::kFail, Policy::kReject, Policy::kReject, "example.com"},
    {"relaxed SPF alignment across a multi-label public suffix",
     {{"_dmarc.shop.example.co.uk", "v=DMARC1; p=reject"}},
     "shop.example.co.uk", {}, SpfInput{"bounce.example.co.uk", true, "pass"}, 0,
     DmarcResult::kPass, Policy::kReject, Policy::kNone, "shop.example.co.uk"},
    {"relaxed alignment never spans two registrants under one public suffix",
     {{"_dmarc.example.co.uk", "v=DMARC1; p=reject"}},
     "example.co.uk", {{"attacker.co.uk", true, "s1"}}, SpfInput{"co.uk", true, "pass"}, 0,
     DmarcResult::kFail, Policy::kReject, Policy::kReject, "example.co.uk"},
    {"strict SPF alignment refuses a subdomain",
     {{"_dmarc.example.com", "v=DMARC1; p=quarantine; aspf=s"}},
     "example.com", {}, SpfInput{"bounce.example.com", true, "pass"}, 0,
     DmarcResult::kFail, Policy::kQuarantine, Policy::kQuarantine, "example.com"},
    {"org-domain fallback uses sp= for a subdomain",
     {{"_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine"}},
     "news.example.com", {}, std::nullopt, 0,
     DmarcResult::kFail, Policy::kQuarantine, Policy::kQuarantine, "example.com"},
    {"org-domain fallback without sp= uses p=",
     {{"_dmarc.example.co.jp", "v=DMARC1; p=reject"}},
     "info.example.co.jp", {}, std::nullopt, 0,
     DmarcResult::kFail, Policy::kReject, Policy::kReject, "example.co.jp"},
    {"a record at the From domain itself ignores sp=",
     {{"_dmarc.news.example.com", "v=DMARC1; p=none; sp=reject"}, {"_dmarc.example.com", "v=DMARC1; p=reject"}},
     "news.example.com", {}, std::nullopt, 0,
     DmarcResult::kFail, Policy::kNone, Policy::kNone, "news.example.com"},
    {"pct=50 and a sample inside it: policy applies",
     {{"_dmarc.example.com", "v=DMARC1; p=reject; pct=50"}},
     "example.com", {}, std::nullopt, 10,
     DmarcResult::kFail, Policy::kReject, Policy::kReject, "example.com"},
    {"pct=50 and a sample outside it: reject becomes quarantine",
     {{"_dmarc.example.com", "v=DMARC1; p=reject; pct=50"}},
     "example.com", {}, std::nullopt, 75,
     DmarcResult::kFail, Policy::kReject, Policy::kQuarantine, "example.com"},
    {"pct=0: quarantine becomes none",
     {{"_dmarc.example.com", "v=DMARC1; p=quarantine; pct=0"}},
     "example.com", {}, std::nullopt, 0,
     DmarcResult::kFail, Policy::kQuarantine, Policy::kNone, "example.com"},
    {"no record anywhere: none",
     {{"example.com", "v=spf1 -all"}},
     "mail.example.com", {{"mail.example.com", true, "s1"}}, std::nullopt, 0,
     DmarcResult::kNone, Policy::kNone, Policy::kNone, ""},
    {"non-DMARC TXT records are skipped",
     {{"_dmarc.example.com", "some-verification=abc"}, {"_dmarc.example.com", "v=DMARC1; p=reject"}},
     "example.com", {}, std::nullopt, 0,
     DmarcResult::kFail, Policy::kReject, Policy::kReject, "example.com"},
    {"DNS failure at the From domain: temperror",
     {{"_dmarc.example.com", nullptr}},
     "example.com", {{"example.com", true, "s1"}}, std::nullopt, 0,
     DmarcResult::kTempError, Policy::kNone, Policy::kNone, "example.com"},
    {"DNS failure at the org domain: temperror",
     {{"_dmarc.example.com", nullptr}},
     "a.example.com", {{"a.example.com", true, "s1"}}, std::nullopt, 0,
     DmarcResult::kTempError, Policy::kNone, Policy::kNone, "example.com"},
    {"two DMARC records: permerror",
     {{"_dmarc.example.com", "v=DMARC1; p=reject"}, {"_dmarc.example.com", "v=DMARC1; p=none"}},
     "example.com", {{"example.com", true, "s1"}}, std::nullopt, 0,
     DmarcResult::kPermError, Policy::kNone, Policy::kNone, "example.com"},
    {"invalid p= and no rua=: permerror",
     {{"_dmarc.example.com", "v=DMARC1; p=block"}},
     "example.com", {}, std::nullopt, 0,
     DmarcResult::kPermError, Policy::kNone, Policy::kNone, "example.com"},
    {"missing p= with rua= reads as p=none",
     {{"_dmarc.example.com", "v=DMARC1; rua=mailto:d@example.com"}},
     "example.com", {}, std::nullopt, 0,
     DmarcResult::kFail, Policy::kNone, Policy::kNone, "example.com"},
};

TEST(DmarcEvaluatorTest, Table) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.what);
    FakeResolver dns;
    for (const auto& z : c.zone) {
      if (z.txt == nullptr) {
        dns.SetTempFail(z.name);
      } else {
        dns.AddTxt(z.name, z.txt);
      }
    }
    Options options;
    options.psl = TestPsl();
    options.pct_sample = c.sample;
    Verdict v = EvaluateDomain(c.from, c.dkim, c.spf, dns, options);
    EXPECT_EQ(DmarcResultName(v.result), DmarcResultName(c.want)) << v.reason;
    EXPECT_EQ(PolicyName(v.requested_policy), PolicyName(c.want_requested));
    EXPECT_EQ(PolicyName(v.applied_policy), PolicyName(c.want_applied));
    EXPECT_EQ(v.record_domain, c.want_record_domain);
  }
}

TEST(DmarcEvaluatorTest, ZeroAndSeveralFromAddressesAreFindings) {
  FakeResolver dns;
  dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
  Options options;
  options.psl = TestPsl();
  Evaluation none = Evaluate({}, {}, std::nullopt, dns, options);
  ASSERT_EQ(none.findings.size(), 1u);
  EXPECT_EQ(none.findings[0].id, "dmarc.no_from");
  EXPECT_EQ(none.result, DmarcResult::kNone);

  std::vector<DkimInput> dkim = {{"example.com", true, "s"}};
  Evaluation two = Evaluate({"example.com", "example.org"}, dkim, std::nullopt, dns, options);
  ASSERT_EQ(two.findings.size(), 1u);
  EXPECT_EQ(two.findings[0].id, "dmarc.multiple_from");
  EXPECT_EQ(two.findings[0].severity, Severity::kHigh);
  ASSERT_EQ(two.verdicts.size(), 2u);
  EXPECT_EQ(two.verdicts[0].result, DmarcResult::kPass);
  EXPECT_EQ(two.verdicts[1].result, DmarcResult::kNone);
  EXPECT_EQ(two.result, DmarcResult::kNone);  // The worse of pass and none.
}

TEST(DmarcEvaluatorTest, MessageFromHeader) {
  auto m = mime::Message::Parse("From: A <a@Example.COM>, b@example.com\r\nSubject: x\r\n\r\nbody\r\n");
  ASSERT_TRUE(m.has_value());
  FakeResolver dns;
  dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
  Options options;
  options.psl = TestPsl();
  Evaluation e = EvaluateMessage(*m, {}, SpfInput{"example.com", true, "pass"}, dns, options);
  ASSERT_EQ(e.verdicts.size(), 1u);  // One distinct domain.
  EXPECT_EQ(e.result, DmarcResult::kPass);
  ASSERT_EQ(e.findings.size(), 1u);
  EXPECT_EQ(e.findings[0].severity, Severity::kMedium);
}

TEST(DmarcRecordTest, ParsesEveryTag) {
  auto r = ParseRecord(
      "v=DMARC1 ; p=Quarantine; sp=reject; pct=30; adkim=s; aspf=s; rua=mailto:a@example.com!10m, "
      "mailto:b@example.net; ruf=mailto:f@example.com; fo=1:d; rf=afrf; ri=3600; np=reject");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->policy, Policy::kQuarantine);
  EXPECT_EQ(r->subdomain_policy, Policy::kReject);
  EXPECT_EQ(r->pct, 30);
  EXPECT_EQ(r->adkim, Alignment::kStrict);
  EXPECT_EQ(r->aspf, Alignment::kStrict);
  EXPECT_EQ(r->rua, (std::vector<std::string>{"mailto:a@example.com!10m", "mailto:b@example.net"}));
  EXPECT_EQ(r->ruf, (std::vector<std::string>{"mailto:f@example.com"}));
  EXPECT_EQ(r->fo, (std::vector<std::string>{"1", "d"}));
  EXPECT_EQ(r->ri, 3600u);
  EXPECT_TRUE(r->warnings.empty());
  auto again = ParseRecord(r->ToString());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->ToString(), r->ToString());
}

TEST(DmarcRecordTest, BadValuesFallBackToDefaultsWithWarnings) {
  auto r = ParseRecord("v=DMARC1; p=reject; pct=150; adkim=x; fo=9; ri=soon");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->pct, 100);
  EXPECT_EQ(r->adkim, Alignment::kRelaxed);
  EXPECT_EQ(r->fo, std::vector<std::string>{"0"});
  EXPECT_EQ(r->ri, 86400u);
  EXPECT_EQ(r->warnings.size(), 4u);
}

TEST(DmarcRecordTest, RecordsThatMustBeIgnored) {
  for (const char* bad : {"p=reject; v=DMARC1", "v=dmarc1; p=reject", "v=DMARC1; p=reject; p=none",
                          "v=DMARC1; p", "v=DMARC1; p=maybe", "v=DMARC1;; p=reject", "v=DMARC2; p=reject"}) {
    EXPECT_FALSE(ParseRecord(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseRecord("v=DMARC1; p=none;").has_value());
}

TEST(DmarcPslTest, OrganizationalDomains) {
  auto psl = TestPsl();
  EXPECT_EQ(OrganizationalDomain("a.b.example.com", *psl), "example.com");
  EXPECT_EQ(OrganizationalDomain("mail.example.co.jp", *psl), "example.co.jp");
  EXPECT_EQ(OrganizationalDomain("WWW.Example.CO.UK.", *psl), "example.co.uk");
  EXPECT_EQ(OrganizationalDomain("co.uk", *psl), "co.uk");
  EXPECT_TRUE(Aligned("Mail.Example.com", "example.com", Alignment::kRelaxed, *psl));
  EXPECT_FALSE(Aligned("mail.example.com", "example.com", Alignment::kStrict, *psl));
  EXPECT_TRUE(Aligned("EXAMPLE.com.", "example.com", Alignment::kStrict, *psl));
}

}  // namespace
}  // namespace kakunin::dmarc
