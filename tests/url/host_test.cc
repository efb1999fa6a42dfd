// Host parser cases that matter for phishing links, beyond the WPT data.
#include <gtest/gtest.h>

#include "kakunin/url.h"

namespace kakunin::url {
namespace {

struct Case {
  const char* input;
  const char* host;  // nullptr = failure
  HostKind kind;
};

TEST(HostTest, NumericAndTrickForms) {
  const Case kCases[] = {
      {"http://0x7f.1/", "127.0.0.1", HostKind::kIpv4},
      {"http://3405803786/", "203.0.113.10", HostKind::kIpv4},
      {"http://0300.0250.0.1/", "192.168.0.1", HostKind::kIpv4},
      {"http://0xC0.0xA8.0x00.0x01./", "192.168.0.1", HostKind::kIpv4},
      {"http://192.168.0.257/", nullptr, HostKind::kIpv4},
      {"http://1.2.3.4.5/", nullptr, HostKind::kIpv4},
      {"http://www.amazon.co.jp@evil.example/", "evil.example", HostKind::kDomain},
      {"http://www.amazon.co.jp%40evil.example/", nullptr, HostKind::kDomain},
      {"https:\\\\evil.example\\amazon.co.jp", "evil.example", HostKind::kDomain},
      {"https://ex%41mple.com/", "example.com", HostKind::kDomain},
      {"https://EXAMPLE.com./", "example.com.", HostKind::kDomain},
      {"https://\xD0\xB0mazon.com/", "xn--mazon-3ve.com", HostKind::kDomain},
      {"https://[::ffff:192.0.2.1]/", "[::ffff:c000:201]", HostKind::kIpv6},
      {"https://[2001:db8:0:0:1:0:0:1]/", "[2001:db8::1:0:0:1]", HostKind::kIpv6},
      {"https://ex\tam\nple.com/", "example.com", HostKind::kDomain},
      {"  https://example.com/ \x01", "example.com", HostKind::kDomain},
      {"https://exa mple.com/", nullptr, HostKind::kDomain},
      {"https://a%2fb.com/", nullptr, HostKind::kDomain},
      {"foo://Ex%41mple/", "Ex%41mple", HostKind::kOpaque},
      {"https://\xEF\xBC\xA1\xEF\xBD\x8D\xEF\xBD\x81\xEF\xBD\x9A\xEF\xBD\x8F\xEF\xBD\x8E\xEF\xBC\x8E\xEF\xBD\x83\xEF\xBD\x8F\xEF\xBD\x8D/", "amazon.com", HostKind::kDomain},
  };
  for (const auto& c : kCases) {
    auto u = Parse(c.input);
    if (c.host == nullptr) {
      EXPECT_FALSE(u.has_value()) << c.input << " -> " << (u ? u->Href() : "");
      continue;
    }
    ASSERT_TRUE(u.has_value()) << c.input << ": " << u.error().message;
    ASSERT_TRUE(u->host.has_value()) << c.input;
    EXPECT_EQ(u->host->serialized, c.host) << c.input;
    EXPECT_EQ(u->host->kind, c.kind) << c.input;
  }
}

TEST(HostTest, DomainToUnicodeForDisplay) {
  EXPECT_EQ(DomainToUnicode("xn--mazon-3ve.com"), "\xD0\xB0mazon.com");
  EXPECT_EQ(DomainToUnicode("Example.COM"), "example.com");
  EXPECT_EQ(DomainToUnicode("xn--a.com"), "xn--a.com");
}

TEST(HostTest, RelativeAgainstBase) {
  auto base = Parse("https://mail.example.com/a/b/c?q#f");
  ASSERT_TRUE(base);
  auto rel = Parse("../d?x", &*base);
  ASSERT_TRUE(rel);
  EXPECT_EQ(rel->Href(), "https://mail.example.com/a/d?x");
  auto proto = Parse("//evil.example/x", &*base);
  ASSERT_TRUE(proto);
  EXPECT_EQ(proto->Href(), "https://evil.example/x");
  EXPECT_FALSE(Parse("/x").has_value());
}

TEST(HostTest, HugeInputsAreBounded) {
  std::string long_port = "http://a:" + std::string(10000, '9') + "/";
  EXPECT_FALSE(Parse(long_port).has_value());
  std::string zeros_port = "http://a:" + std::string(10000, '0') + "80/";
  auto z = Parse(zeros_port);
  ASSERT_TRUE(z);
  EXPECT_FALSE(z->port.has_value());
  std::string long_ipv4 = "http://" + std::string(10000, '1') + "/";
  EXPECT_FALSE(Parse(long_ipv4).has_value());
  EXPECT_EQ(Parse(std::string(kMaxUrlBytes + 1, 'a')).error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace kakunin::url
