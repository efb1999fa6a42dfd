// Macro expansion (RFC 7208 7), checked against the RFC's own examples in 7.4.
#include "spf/macro.h"

#include <gtest/gtest.h>

namespace kakunin::spf::internal {
namespace {

struct Case {
  const char* macro;
  const char* ip;
  const char* want;
};

constexpr Case kRfcExamples[] = {
    {"%{s}", "192.0.2.3", "strong-bad@email.example.com"},
    {"%{o}", "192.0.2.3", "email.example.com"},
    {"%{d}", "192.0.2.3", "email.example.com"},
    {"%{d4}", "192.0.2.3", "email.example.com"},
    {"%{d3}", "192.0.2.3", "email.example.com"},
    {"%{d2}", "192.0.2.3", "example.com"},
    {"%{d1}", "192.0.2.3", "com"},
    {"%{dr}", "192.0.2.3", "com.example.email"},
    {"%{d2r}", "192.0.2.3", "example.email"},
    {"%{l}", "192.0.2.3", "strong-bad"},
    {"%{l-}", "192.0.2.3", "strong.bad"},
    {"%{lr}", "192.0.2.3", "strong-bad"},
    {"%{lr-}", "192.0.2.3", "bad.strong"},
    {"%{l1r-}", "192.0.2.3", "strong"},
    {"%{ir}.%{v}._spf.%{d2}", "192.0.2.3", "3.2.0.192.in-addr._spf.example.com"},
    {"%{lr-}.lp._spf.%{d2}", "192.0.2.3", "bad.strong.lp._spf.example.com"},
    {"%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "192.0.2.3", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"},
    {"%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "192.0.2.3", "3.2.0.192.in-addr.strong.lp._spf.example.com"},
    {"%{d2}.trusted-domains.example.net", "192.0.2.3", "example.com.trusted-domains.example.net"},
    {"%{ir}.%{v}._spf.%{d2}", "2001:db8::cb01",
     "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"},
    // Escapes and URL-encoding of upper-case letters (7.1, 7.3).
    {"%%%_%-", "192.0.2.3", "% %20"},
    {"%{L}", "192.0.2.3", "strong-bad"},
    {"%{S}", "192.0.2.3", "strong-bad%40email.example.com"},
};

TEST(SpfMacroTest, Rfc7208Section74Examples) {
  for (const auto& c : kRfcExamples) {
    MacroEnv env;
    env.sender = "strong-bad@email.example.com";
    env.local_part = "strong-bad";
    env.sender_domain = "email.example.com";
    env.domain = "email.example.com";
    env.ip = *IpAddress::Parse(c.ip);
    env.helo = "mx.example.org";
    auto got = ExpandMacroString(c.macro, MacroContext::kDomainSpec, env);
    ASSERT_TRUE(got.has_value()) << c.macro << ": " << got.error().ToString();
    EXPECT_EQ(*got, c.want) << c.macro;
  }
}

TEST(SpfMacroTest, ExplanationOnlyLettersAreRejectedInDomainSpecs) {
  EXPECT_FALSE(CheckMacroString("%{c}.example.com", MacroContext::kDomainSpec));
  EXPECT_TRUE(CheckMacroString("%{c} at %{t} via %{r}", MacroContext::kExplanation));
}

TEST(SpfMacroTest, SyntaxErrors) {
  for (const char* bad : {"%", "%x", "%{", "%{d", "%{d0}", "%{z}", "%{d2r+x}", "a b"}) {
    EXPECT_FALSE(CheckMacroString(bad, MacroContext::kDomainSpec)) << bad;
  }
}

TEST(SpfMacroTest, PValueIsComputedOnlyWhenUsed) {
  int calls = 0;
  MacroEnv env;
  env.ip = *IpAddress::Parse("192.0.2.3");
  env.validated_name = [&] {
    ++calls;
    return std::string("mx.example.com");
  };
  EXPECT_EQ(*ExpandMacroString("%{d}", MacroContext::kDomainSpec, env), "");
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(*ExpandMacroString("%{p2}", MacroContext::kDomainSpec, env), "example.com");
  EXPECT_EQ(calls, 1);
}

TEST(SpfMacroTest, ExpansionIsBounded) {
  MacroEnv env;
  std::string local(600, 'x');
  env.local_part = local;
  env.ip = *IpAddress::Parse("192.0.2.3");
  std::string many;
  for (int i = 0; i < 10; ++i) many += "%{l}";
  auto got = ExpandMacroString(many, MacroContext::kExplanation, env);
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace kakunin::spf::internal
