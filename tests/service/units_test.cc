// Addresses, client IPs behind proxies, templates and MIME building.
#include <gtest/gtest.h>

#include "kakunin/service.h"
#include "service/address.h"
#include "service/mail.h"
#include "service/sealer.h"
#include "testing/paths.h"

namespace kakunin::service {
namespace {

struct EmailCase {
  const char* input;
  const char* normalized;  // nullptr: refused
};

TEST(NormalizeEmailTest, Cases) {
  const EmailCase cases[] = {
      {"Alice@Example.COM", "alice@example.com"},
      {"  bob@example.jp \n", "bob@example.jp"},
      {"a.b+tag@sub.example.co.jp", "a.b+tag@sub.example.co.jp"},
      {"\xe5\xb1\xb1\xe7\x94\xb0@example.jp", "\xe5\xb1\xb1\xe7\x94\xb0@example.jp"},
      {"no-at-sign", nullptr},
      {"two@@example.com", nullptr},
      {"a@b@example.com", nullptr},
      {"@example.com", nullptr},
      {"a@localhost", nullptr},
      {"a b@example.com", nullptr},
      {"<a@example.com>", nullptr},
      {"a@-example.com", nullptr},
      {"a@example..com", nullptr},
      {".a@example.com", nullptr},
      {"a..b@example.com", nullptr},
      {"a@exa_mple.com", nullptr},
      {"a\r\nBcc: x@example.com", nullptr},
      {"\xff@example.com", nullptr},
  };
  for (const auto& c : cases) {
    auto got = NormalizeEmail(c.input);
    if (c.normalized == nullptr) {
      EXPECT_FALSE(got.has_value()) << c.input;
    } else {
      ASSERT_TRUE(got.has_value()) << c.input;
      EXPECT_EQ(*got, c.normalized);
    }
  }
  EXPECT_FALSE(NormalizeEmail(std::string(65, 'a') + "@example.com").has_value());
  EXPECT_FALSE(NormalizeEmail("a@" + std::string(250, 'b') + ".com").has_value());
}

TEST(IsE164Test, Cases) {
  EXPECT_TRUE(IsE164("+819012345678"));
  EXPECT_TRUE(IsE164("+14155550100"));
  EXPECT_FALSE(IsE164("09012345678"));
  EXPECT_FALSE(IsE164("+0123456789"));
  EXPECT_FALSE(IsE164("+81-90-1234"));
  EXPECT_FALSE(IsE164("+8190123456789012"));
}

struct IpCase {
  const char* peer;
  const char* xff;
  const char* expected;
};

TEST(ClientIpTest, TrustedProxies) {
  const std::vector<std::string> trusted = {"127.0.0.1/32", "10.0.0.0/8", "::1/128"};
  const IpCase cases[] = {
      {"203.0.113.5", "198.51.100.1", "203.0.113.5"},              // Untrusted peer: header ignored.
      {"127.0.0.1", "198.51.100.1", "198.51.100.1"},               // Trusted proxy.
      {"127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"},      // Spoofed left entries ignored.
      {"127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"},     // Two trusted hops.
      {"127.0.0.1", "10.1.2.3, 10.1.2.4", "10.1.2.3"},             // All trusted: the left-most.
      {"127.0.0.1", "", "127.0.0.1"},                              // No header.
      {"127.0.0.1", "garbage, nonsense", "127.0.0.1"},             // Unparseable: stop.
      {"::1", "2001:db8::1", "2001:db8::1"},                       // IPv6.
      {"::ffff:127.0.0.1", "198.51.100.9", "198.51.100.9"},        // v4-mapped peer.
      {"127.0.0.1", "[2001:db8::2]", "2001:db8::2"},
  };
  for (const auto& c : cases) EXPECT_EQ(ClientIp(c.peer, c.xff, trusted), c.expected) << c.peer << " / " << c.xff;
  EXPECT_EQ(ClientIp("127.0.0.1", "198.51.100.1", {}), "127.0.0.1");
  EXPECT_TRUE(CheckCidrs(trusted).has_value());
  EXPECT_FALSE(CheckCidrs({"10.0.0.0/33"}).has_value());
  EXPECT_FALSE(CheckCidrs({"example.com"}).has_value());
}

TEST(TemplatesTest, EveryKindInBothLanguagesBuildsAValidMail) {
  auto templates = Templates::Load(kakunin::testing::SourceDir() + "/data/kakunind/templates");
  ASSERT_TRUE(templates.has_value()) << templates.error().ToString();
  Vars vars = {{"service", "Shop"}, {"base_url", "https://shop.example"}, {"code", "123456"},
               {"minutes", "10"},   {"new_email", "n@example.com"}};
  for (const auto& lang : kLanguages) {
    for (const auto& kind : kMailKinds) {
      MailHeaders h{"Shop", "no-reply@shop.example", "to@example.com", "id@shop.example", 1800000000, lang};
      std::string mail = templates->BuildMail(h, kind, vars);
      EXPECT_NE(mail.find("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"), std::string::npos);
      EXPECT_NE(mail.find("multipart/alternative"), std::string::npos);
      EXPECT_EQ(mail.find("{{"), std::string::npos) << lang << "/" << kind;
      // Lines stay within RFC 5322 2.1.1's 78 characters, all ASCII, CRLF only.
      size_t start = 0;
      while (start < mail.size()) {
        size_t end = mail.find("\r\n", start);
        ASSERT_NE(end, std::string::npos);
        EXPECT_LE(end - start, 78u) << lang << "/" << kind << ": " << mail.substr(start, end - start);
        start = end + 2;
      }
      for (char c : mail) {
        EXPECT_TRUE(static_cast<unsigned char>(c) < 0x80 && c != '\0') << lang << "/" << kind;
      }
    }
    EXPECT_NE(templates->BuildSms(lang, "login_code", vars).find("123456"), std::string::npos);
  }
}

TEST(RenderTest, EscapesHtmlOnlyInHtml) {
  Vars vars = {{"x", "<b>&\"'"}};
  EXPECT_EQ(Render("a {{x}} {{y}}", vars, false), "a <b>&\"' {{y}}");
  EXPECT_EQ(Render("{{x}}", vars, true), "&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(Render("{{x", vars, true), "{{x");
}

TEST(SealerTest, RoundTripAndTamperDetection) {
  Sealer sealer(std::string(32, 'k'));
  auto sealed = sealer.Seal("code 123456");
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(sealed->find("123456"), std::string::npos);
  EXPECT_EQ(*sealer.Open(*sealed), "code 123456");
  std::string tampered = *sealed;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(sealer.Open(tampered).has_value());
  EXPECT_FALSE(Sealer(std::string(32, 'x')).Open(*sealed).has_value());
}

}  // namespace
}  // namespace kakunin::service
