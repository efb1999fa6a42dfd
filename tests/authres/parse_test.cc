// Authentication-Results parsing and writing (RFC 8601), Received parsing.
#include <gtest/gtest.h>

#include "kakunin/authres.h"

namespace kakunin::authres {
namespace {

TEST(AuthResParseTest, Rfc8601AppendixBExamples) {
  auto none = Parse(" example.org 1; none");
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(none->authserv_id, "example.org");
  EXPECT_EQ(none->version, 1);
  EXPECT_TRUE(none->none);
  EXPECT_TRUE(none->results.empty());

  auto spf = Parse(" example.com;\r\n          spf=pass smtp.mailfrom=example.net");
  ASSERT_TRUE(spf);
  ASSERT_EQ(spf->results.size(), 1u);
  EXPECT_EQ(spf->results[0].method, "spf");
  EXPECT_EQ(spf->results[0].result, "pass");
  EXPECT_EQ(spf->results[0].Find("smtp", "mailfrom"), "example.net");

  auto several = Parse(
      " example.com;\r\n  auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n  spf=pass "
      "smtp.mailfrom=example.net;\r\n  sender-id=pass header.from=example.net");
  ASSERT_TRUE(several);
  ASSERT_EQ(several->results.size(), 3u);
  EXPECT_EQ(several->results[0].comment, "cram-md5");
  EXPECT_EQ(several->results[0].Find("smtp", "auth"), "sender@example.net");
  EXPECT_EQ(several->results[2].method, "sender-id");
}

TEST(AuthResParseTest, CommentsQuotesVersionsAndOddSpacing) {
  auto h = Parse(
      "\"mx.example.org\" (comment; with a semicolon) ;dkim/1 = pass (good (nested) sig) "
      "reason=\"all ok; really\" header.d = Example.com header.b=abc+/=;  spf=fail smtp.mailfrom=\"a b\"@x.test;;");
  ASSERT_TRUE(h) << h.error().ToString();
  EXPECT_EQ(h->authserv_id, "mx.example.org");
  ASSERT_EQ(h->results.size(), 2u);
  const auto& dkim = h->results[0];
  EXPECT_EQ(dkim.method, "dkim");
  EXPECT_EQ(dkim.method_version, 1);
  EXPECT_EQ(dkim.result, "pass");
  EXPECT_EQ(dkim.comment, "good (nested) sig");
  EXPECT_EQ(dkim.reason, "all ok; really");
  EXPECT_EQ(dkim.Find("header", "d"), "Example.com");
  EXPECT_EQ(dkim.Find("header", "b"), "abc+/=");
  EXPECT_EQ(h->results[1].result, "fail");
  EXPECT_TRUE(h->warnings.empty()) << h->warnings[0];
}

TEST(AuthResParseTest, MicrosoftWritesNoAuthservId) {
  auto h = Parse(
      " spf=pass (sender IP is 198.2.182.90) smtp.mailfrom=mail90.suw15.mcsv.net; dkim=pass (signature was "
      "verified) header.d=mailchimpapp.net;dmarc=none action=none header.from=delfinasf.com;");
  ASSERT_TRUE(h) << h.error().ToString();
  EXPECT_TRUE(h->missing_authserv_id);
  EXPECT_EQ(h->authserv_id, "");
  ASSERT_EQ(h->results.size(), 3u);
  EXPECT_EQ(h->results[0].comment, "sender IP is 198.2.182.90");
  EXPECT_EQ(h->results[2].Find("", "action"), "none");
  EXPECT_EQ(h->results[2].Find("header", "from"), "delfinasf.com");
}

TEST(AuthResParseTest, ArcInstanceAndDamagedResinfo) {
  auto h = Parse(" i=2; mx.google.com; dkim=pass header.i=@ekiri.ee; garbage here; spf=neutral smtp.mailfrom=x@tr.ee");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->arc_instance, 2);
  EXPECT_EQ(h->authserv_id, "mx.google.com");
  ASSERT_EQ(h->results.size(), 2u);
  EXPECT_EQ(h->warnings.size(), 1u);
}

TEST(AuthResParseTest, Rejects) {
  EXPECT_FALSE(Parse(""));
  EXPECT_FALSE(Parse("  (only a comment) "));
  EXPECT_FALSE(Parse("example.com junk; spf=pass"));
  EXPECT_FALSE(Parse(std::string(kMaxFieldLength + 1, 'a')));
  EXPECT_FALSE(Parse("example.com (((((((((((((((((((unterminated"));
}

TEST(AuthResWriteTest, RoundTrip) {
  Header h;
  h.authserv_id = "mx.example.org";
  MethodResult spf{"spf", 0, "pass", "", "sender IP is 192.0.2.1", {{"smtp", "mailfrom", "user@example.com"}}};
  MethodResult dkim{"dkim", 1, "fail", "bad \"signature\"", "", {{"header", "d", "example.com"}, {"header", "b", "ab/c="}}};
  h.results = {spf, dkim};
  std::string written = Write(h);
  EXPECT_EQ(written,
            "Authentication-Results: mx.example.org;\r\n\tspf=pass (sender IP is 192.0.2.1) "
            "smtp.mailfrom=user@example.com;\r\n\tdkim/1=fail reason=\"bad \\\"signature\\\"\" header.d=example.com "
            "header.b=\"ab/c=\"\r\n");
  auto again = Parse(written.substr(written.find(':') + 1));
  ASSERT_TRUE(again);
  ASSERT_EQ(again->results.size(), 2u);
  EXPECT_EQ(again->results[1].reason, "bad \"signature\"");
  EXPECT_EQ(again->results[1].Find("header", "b"), "ab/c=");
  EXPECT_EQ(again->results[0].comment, "sender IP is 192.0.2.1");
  Header empty;
  empty.authserv_id = "mx.example.org";
  EXPECT_EQ(Write(empty), "Authentication-Results: mx.example.org; none\r\n");
}

struct ReceivedCase {
  const char* value;
  const char* helo;
  const char* ip;
  const char* by;
};

TEST(ReceivedTest, TcpInfoForms) {
  const ReceivedCase cases[] = {
      // Gmail.
      {"from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])\r\n        by mx.google.com "
       "with SMTPS id p13sor3668128ljj.40.2020.10.26.05.43.29\r\n        for <a@gmail.com>\r\n        (Google "
       "Transport Security);\r\n        Mon, 26 Oct 2020 05:43:29 -0700 (PDT)",
       "mail-sor-f41.google.com", "209.85.220.41", "mx.google.com"},
      // Exchange Online.
      {"from mail90.suw15.mcsv.net (198.2.182.90) by DM6NAM10FT085.mail.protection.outlook.com (10.13.152.97) with "
       "Microsoft SMTP Server (version=TLS1_2) id 15.20.5566.15 via Frontend Transport; Mon, 29 Aug 2022 11:36:32 +0000",
       "mail90.suw15.mcsv.net", "198.2.182.90", "dm6nam10ft085.mail.protection.outlook.com"},
      // Postfix, unknown reverse name, IPv6.
      {"from helo.example.net (unknown [IPv6:2001:db8::25]) by mx.example.org (Postfix) with ESMTPS id 4AB; Tue, 1 "
       "Jan 2030 00:00:00 +0000",
       "helo.example.net", "2001:db8::25", "mx.example.org"},
      // Exim.
      {"from [192.0.2.7] (helo=client.example.net) by mx.example.org with esmtp (Exim 4.96) id 1abc; Tue, 1 Jan 2030",
       "client.example.net", "192.0.2.7", "mx.example.org"},
      // qmail.
      {"from unknown (HELO box.example.net) (192.0.2.8) by mx.example.org with SMTP; 1 Jan 2030 00:00:00 -0000",
       "box.example.net", "192.0.2.8", "mx.example.org"},
      // Internal hop without from.
      {"by 2002:a4a:8e45:0:0:0:0:0 with SMTP id z5csp2532955ook; Mon, 26 Oct 2020 05:43:29 -0700 (PDT)", "", "",
       "2002:a4a:8e45:0:0:0:0:0"},
  };
  for (const auto& c : cases) {
    auto hop = ParseReceived(c.value);
    ASSERT_TRUE(hop) << c.value;
    EXPECT_EQ(hop->helo, c.helo) << c.value;
    EXPECT_EQ(hop->ip, c.ip) << c.value;
    EXPECT_EQ(hop->by, c.by) << c.value;
  }
  EXPECT_FALSE(ParseReceived("; Mon, 26 Oct 2020"));
}

}  // namespace
}  // namespace kakunin::authres
