// The trust rule over whole messages: entry hop, trusted / untrusted / forged stamps, SPF inputs.
#include <gtest/gtest.h>

#include "kakunin/authres.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::authres {
namespace {

mime::Message Msg(const std::string& text) {
  auto m = mime::Message::Parse(text);
  EXPECT_TRUE(m.has_value()) << m.error().ToString();
  return m ? *m : mime::Message();
}

// A Gmail-delivered message whose sender also wrote an mx.google.com stamp of its own.
const char kGmailWithForgery[] =
    "Delivered-To: user@gmail.com\r\n"
    "Received: by 2002:a4a:8e45:0:0:0:0:0 with SMTP id z5csp2532955ook; Mon, 26 Oct 2020 05:43:29 -0700\r\n"
    "ARC-Authentication-Results: i=1; mx.google.com; spf=fail smtp.mailfrom=bank.example\r\n"
    "Return-Path: <bounce@bank.example>\r\n"
    "Received: from mail.attacker.test (mail.attacker.test. [203.0.113.9])\r\n"
    "        by mx.google.com with ESMTPS id abc; Mon, 26 Oct 2020 05:43:29 -0700\r\n"
    "Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=bank.example; dkim=none\r\n"
    "Received: from localhost by mail.attacker.test; Mon, 26 Oct 2020 05:40:00 -0700\r\n"
    "Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example\r\n"
    "Authentication-Results: relay.attacker.test; dkim=pass header.d=bank.example\r\n"
    "From: Bank <alerts@bank.example>\r\n"
    "Subject: hi\r\n"
    "\r\n"
    "body\r\n";

TEST(AuthResTrustTest, GmailEntryHopTrustedAndForgedStamps) {
  mime::Message m = Msg(kGmailWithForgery);
  Classification c = Classify(m, TrustPolicy{});
  ASSERT_TRUE(c.entry.found) << c.entry.reason;
  EXPECT_EQ(c.entry.provider, "Gmail (Google)");
  EXPECT_EQ(c.entry.hop.ip, "203.0.113.9");
  EXPECT_EQ(c.entry.hop.helo, "mail.attacker.test");
  ASSERT_EQ(c.stamps.size(), 4u);
  EXPECT_EQ(c.stamps[0].field_name, "ARC-Authentication-Results");
  EXPECT_EQ(c.stamps[0].trust, Trust::kTrusted);
  EXPECT_EQ(c.stamps[1].trust, Trust::kTrusted) << c.stamps[1].why;
  EXPECT_EQ(c.stamps[1].header->results[0].result, "fail");
  EXPECT_EQ(c.stamps[2].trust, Trust::kForged) << c.stamps[2].why;
  EXPECT_EQ(c.stamps[3].trust, Trust::kUntrusted);

  SpfInputs in = FindSpfInputs(m, TrustPolicy{});
  ASSERT_TRUE(in.evaluated) << in.reason;
  EXPECT_EQ(in.ip, "203.0.113.9");
  EXPECT_EQ(in.helo, "mail.attacker.test");
  EXPECT_EQ(in.mail_from, "bounce@bank.example");
}

TEST(AuthResTrustTest, WithoutBuiltinProvidersNothingIsTrusted) {
  mime::Message m = Msg(kGmailWithForgery);
  TrustPolicy policy;
  policy.use_builtin_providers = false;
  Classification c = Classify(m, policy);
  EXPECT_FALSE(c.entry.found);
  for (const auto& s : c.stamps) EXPECT_EQ(s.trust, Trust::kUntrusted) << s.why;
  SpfInputs in = FindSpfInputs(m, policy);
  EXPECT_FALSE(in.evaluated);
  EXPECT_NE(in.reason.find("cannot be identified"), std::string::npos) << in.reason;
}

TEST(AuthResTrustTest, UserTrustedIdWithoutInboundMxNames) {
  mime::Message m = Msg(
      "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=news.example.com\r\n"
      "Received: from filter.example.org ([10.0.0.5]) by store.example.org; Tue, 1 Jan 2030 00:00:01 +0000\r\n"
      "Received: from out.example.com (out.example.com [192.0.2.44]) by mx.example.org (Postfix); Tue, 1 Jan 2030\r\n"
      "Received: from laptop ([198.51.100.7]) by out.example.com; Tue, 1 Jan 2030\r\n"
      "Authentication-Results: example.org; dkim=pass header.d=news.example.com\r\n"
      "Return-Path: <>\r\n"
      "From: a@news.example.com\r\n\r\nx\r\n");
  TrustPolicy policy;
  policy.trusted_ids = {"example.org"};
  Classification c = Classify(m, policy);
  ASSERT_TRUE(c.entry.found) << c.entry.reason;
  EXPECT_EQ(c.entry.hop.ip, "192.0.2.44");
  ASSERT_EQ(c.stamps.size(), 2u);
  EXPECT_EQ(c.stamps[0].trust, Trust::kTrusted);
  EXPECT_EQ(c.stamps[1].trust, Trust::kForged);
  SpfInputs in = FindSpfInputs(m, policy);
  ASSERT_TRUE(in.evaluated);
  EXPECT_EQ(in.mail_from, "");  // Null reverse-path: SPF checks postmaster@HELO.
  EXPECT_EQ(in.helo, "out.example.com");
}

TEST(AuthResTrustTest, MicrosoftStampsWithoutAuthservIdFromTheCorpus) {
  // A real Exchange Online delivery (phishing_pot sample; only its header is read).
  std::string path = testing::SharedDir() + "/corpus/phishing-dev/phishing_pot/sample-36.eml";
  std::string bytes = testing::ReadFileOrDie(path);
  if (bytes.empty()) GTEST_SKIP() << "corpus sample missing: " << path;
  mime::Message m = Msg(bytes);
  Classification c = Classify(m, TrustPolicy{});
  ASSERT_TRUE(c.entry.found) << c.entry.reason;
  EXPECT_EQ(c.entry.provider.rfind("Outlook", 0), 0u);
  SpfInputs in = FindSpfInputs(m, TrustPolicy{});
  ASSERT_TRUE(in.evaluated) << in.reason;
  ASSERT_FALSE(c.stamps.empty());
  EXPECT_EQ(c.stamps[0].trust, Trust::kTrusted) << c.stamps[0].why;
  ASSERT_TRUE(c.stamps[0].header.has_value());
  EXPECT_TRUE(c.stamps[0].header->missing_authserv_id);
  // The stamp's own "sender IP is" comment names the same client as the entry hop.
  EXPECT_NE(c.stamps[0].header->results[0].comment.find(in.ip), std::string::npos);
}

TEST(AuthResTrustTest, RealGmailArcMessage) {
  std::string bytes =
      testing::ReadFileOrDie(testing::SharedDir() + "/corpus/legit-dev/verifiable-offline/mailauth-arc-pass.eml");
  ASSERT_FALSE(bytes.empty());
  mime::Message m = Msg(bytes);
  SpfInputs in = FindSpfInputs(m, TrustPolicy{});
  ASSERT_TRUE(in.evaluated) << in.reason;
  EXPECT_EQ(in.ip, "209.85.220.41");
  EXPECT_EQ(in.helo, "mail-sor-f41.google.com");
  EXPECT_EQ(in.mail_from, "andris+caf_=andris.reinman=gmail.com@tr.ee");
  Classification c = Classify(m, TrustPolicy{});
  int trusted = 0;
  for (const auto& s : c.stamps) {
    trusted += s.trust == Trust::kTrusted;
    // Google's AAR i=1 from the earlier (forwarded) delivery sits below the entry hop: it is an
    // ARC hop's claim, not a forgery.
    EXPECT_NE(s.trust, Trust::kForged) << s.field_name << ": " << s.why;
  }
  EXPECT_GE(trusted, 2);  // Gmail's ARC-A-R i=2 and A-R.
}

TEST(AuthResTrustTest, CheckMessageSpfAndEmitHeader) {
  mime::Message m = Msg(kGmailWithForgery);
  testing::FakeResolver dns;
  dns.AddTxt("bank.example", "v=spf1 ip4:198.51.100.0/24 -all");
  dns.AddTxt("_dmarc.bank.example", "v=DMARC1; p=reject");
  MessageSpf spf = CheckMessageSpf(m, TrustPolicy{}, dns);
  ASSERT_TRUE(spf.verdict.has_value()) << spf.inputs.reason;
  EXPECT_EQ(spf.verdict->result, spf::SpfResult::kFail);

  dmarc::Options dopt;
  dopt.pct_sample = 0;
  dmarc::Evaluation d = dmarc::EvaluateMessage(m, {}, dmarc::SpfInput{spf.verdict->domain, false, "fail"}, dns, dopt);
  ASSERT_EQ(d.verdicts.size(), 1u);
  Header h;
  h.authserv_id = "kakunin.example";
  h.results = {SpfMethodResult(*spf.verdict), DmarcMethodResult(d.verdicts[0])};
  std::string written = Write(h);
  EXPECT_NE(written.find("spf=fail"), std::string::npos) << written;
  EXPECT_NE(written.find("smtp.mailfrom=bounce@bank.example"), std::string::npos) << written;
  EXPECT_NE(written.find("dmarc=fail (p=reject dis=reject) header.from=bank.example"), std::string::npos) << written;
  auto again = Parse(written.substr(written.find(':') + 1));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->results.size(), 2u);

  // A message whose entry hop is unknown is "not evaluated", with the reason.
  TrustPolicy none;
  none.use_builtin_providers = false;
  MessageSpf unknown = CheckMessageSpf(m, none, dns);
  EXPECT_FALSE(unknown.verdict.has_value());
  EXPECT_FALSE(unknown.inputs.reason.empty());
}

TEST(AuthResTrustTest, ProvidersFileLoads) {
  const auto& providers = BuiltinProviders();
  ASSERT_GE(providers.size(), 11u);
  bool japanese = false;
  for (const auto& p : providers) {
    EXPECT_FALSE(p.host_suffixes.empty()) << p.id;
    japanese |= p.id == "docomo";
  }
  EXPECT_TRUE(japanese);
}

}  // namespace
}  // namespace kakunin::authres
