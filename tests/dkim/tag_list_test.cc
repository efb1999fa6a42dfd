#include "dkim/tag_list.h"

#include <gtest/gtest.h>

#include "dkim/base64.h"
#include "dkim/key_record.h"
#include "dkim/signature.h"

namespace kakunin::dkim::internal {
namespace {

struct Case {
  const char* text;
  bool ok;
  std::vector<std::pair<std::string, std::string>> tags;
};

TEST(TagListTest, ParsesRfc6376Syntax) {
  const Case cases[] = {
      {"", true, {}},
      {"v=1", true, {{"v", "1"}}},
      {"v=1;", true, {{"v", "1"}}},
      {" v = 1 ; a=rsa-sha256 ;", true, {{"v", "1"}, {"a", "rsa-sha256"}}},
      {"h=from : to :\r\n subject", true, {{"h", "from : to :\r\n subject"}}},
      {"b=ab cd\r\n\tef\r\n ", true, {{"b", "ab cd\r\n\tef"}}},
      {"p=", true, {{"p", ""}}},
      {"p=;k=rsa", true, {{"p", ""}, {"k", "rsa"}}},
      {"x_y1=z", true, {{"x_y1", "z"}}},
      {"v=1; v=1", false, {}},         // Duplicate tag (3.2).
      {"1v=1", false, {}},             // Tag names start with a letter.
      {"v", false, {}},                // No '='.
      {"v=1; =2", false, {}},          // Empty name.
      {"v=a\x7f", false, {}},          // DEL is not a VALCHAR.
      {"v=\xc3\xa9", false, {}},       // 8-bit is not a VALCHAR.
      {"v=1;;", false, {}},            // An empty tag-spec between ';'.
  };
  for (const Case& c : cases) {
    auto list = ParseTagList(c.text);
    ASSERT_EQ(list.has_value(), c.ok) << c.text;
    if (!list) continue;
    ASSERT_EQ(list->tags().size(), c.tags.size()) << c.text;
    for (size_t i = 0; i < c.tags.size(); ++i) {
      EXPECT_EQ(list->tags()[i].name, c.tags[i].first) << c.text;
      EXPECT_EQ(list->tags()[i].value, c.tags[i].second) << c.text;
    }
  }
}

TEST(TagListTest, ValueOffsetsPointIntoText) {
  std::string_view text = "a=1; b= xyz ;bh=q";
  auto list = ParseTagList(text);
  ASSERT_TRUE(list);
  const Tag* b = list->Find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(text.substr(b->value_begin, b->value.size()), "xyz");
  EXPECT_EQ(list->Find("B"), nullptr);  // Tag names are case-sensitive.
}

TEST(TagListTest, RejectsTooManyTags) {
  std::string text;
  for (size_t i = 0; i <= kMaxTags; ++i) text += "t" + std::to_string(i) + "=1;";
  EXPECT_FALSE(ParseTagList(text));
}

TEST(Base64Test, DecodesWithWhitespaceAndRejectsJunk) {
  EXPECT_EQ(Base64Decode("aGVs bG8=").value_or("?"), "hello");
  EXPECT_EQ(Base64Decode("aGVs\r\n\tbG8h").value_or("?"), "hello!");
  EXPECT_EQ(Base64Decode("").value_or("?"), "");
  EXPECT_FALSE(Base64Decode("aGVsbG8"));    // Missing padding.
  EXPECT_FALSE(Base64Decode("aGVsbG8=x"));  // Data after padding.
  EXPECT_FALSE(Base64Decode("aGV*bG8="));
  EXPECT_FALSE(Base64Decode("a"));
  for (std::string s : {"", "a", "ab", "abc", "abcd", "\xff\x00\x10"}) {
    EXPECT_EQ(Base64Decode(Base64Encode(s)).value_or("?"), s);
  }
}

TEST(SignatureParseTest, ReadsEveryTag) {
  Signature sig;
  auto ok = ParseSignature(
      "v=1; a=rsa-sha256; c=relaxed; d=Example.COM; s=sel; i=joe@mail.example.com; l=42; q=dns/txt;"
      " t=100; x=200; h=From : Subject; z=From:joe; bh=aGVsbG8=; b=aGVs\r\n bG8=",
      sig);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(sig.algorithm, Algorithm::kRsaSha256);
  EXPECT_EQ(sig.header_canon, Canonicalization::kRelaxed);
  EXPECT_EQ(sig.body_canon, Canonicalization::kSimple);
  EXPECT_EQ(sig.domain, "example.com");
  EXPECT_EQ(sig.identity_domain, "mail.example.com");
  EXPECT_EQ(sig.body_length, 42u);
  EXPECT_EQ(sig.timestamp, 100);
  EXPECT_EQ(sig.expiration, 200);
  EXPECT_EQ(sig.signed_headers, (std::vector<std::string>{"from", "subject"}));
  EXPECT_EQ(sig.signature, "hello");
  EXPECT_EQ(sig.b_text, "aGVsbG8=");
}

TEST(SignatureParseTest, RejectsWhatRfc6376Forbids) {
  const std::string base = "a=rsa-sha256; d=example.com; s=sel; h=from; bh=aGVsbG8=; b=aGVsbG8=";
  struct Bad {
    std::string text;
    std::string reason_part;
  };
  const Bad cases[] = {
      {base, "missing required tag v="},
      {"v=2; " + base, "version"},
      {"v=1; a=rsa-md5; d=example.com; s=sel; h=from; bh=aGVsbG8=; b=aGVsbG8=", "algorithm"},
      {"v=1; c=fancy; " + base, "canonicalization"},
      {"v=1; a=rsa-sha256; d=example.com; s=sel; h=to:subject; bh=aGVsbG8=; b=aGVsbG8=", "From"},
      {"v=1; i=joe@example.net; " + base, "within d="},
      {"v=1; i=joe@notexample.com; " + base, "within d="},
      {"v=1; q=dns/xyz; " + base, "query"},
      {"v=1; l=12a; " + base, "l="},
      {"v=1; t=200; x=100; " + base, "x="},
      {"v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=aGVsbG8=; b=!!", "b="},
      {"v=1; a=rsa-sha256; d=exa mple.com; s=sel; h=from; bh=aGVsbG8=; b=aGVsbG8=", "d="},
  };
  for (const Bad& c : cases) {
    Signature sig;
    auto r = ParseSignature(c.text, sig);
    ASSERT_FALSE(r) << c.text;
    EXPECT_NE(r.error().message.find(c.reason_part), std::string::npos) << c.text << " -> " << r.error().message;
  }
}

TEST(KeyRecordTest, ReadsTagsAndDefaults) {
  auto k = ParseKeyRecord("v=DKIM1; k=ed25519; h=sha256; s=email; t=y:s; n=notes; p=aGVsbG8=");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->key_type, KeyType::kEd25519);
  EXPECT_TRUE(k->testing());
  EXPECT_TRUE(k->strict_identity());
  EXPECT_TRUE(k->AllowsHash("sha256"));
  EXPECT_FALSE(k->AllowsHash("sha1"));
  EXPECT_TRUE(k->AllowsEmail());
  auto d = ParseKeyRecord("p=aGVsbG8=");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->key_type, KeyType::kRsa);
  EXPECT_TRUE(d->AllowsEmail());
  EXPECT_TRUE(d->AllowsHash("sha1"));
  EXPECT_FALSE(d->testing());
  auto revoked = ParseKeyRecord("v=DKIM1; p=");
  ASSERT_TRUE(revoked);
  EXPECT_TRUE(revoked->public_key.empty());
  auto tlsrpt = ParseKeyRecord("v=DKIM1; s=tlsrpt; p=aGVsbG8=");
  ASSERT_TRUE(tlsrpt);
  EXPECT_FALSE(tlsrpt->AllowsEmail());
  EXPECT_TRUE(ParseKeyRecord("v=DKIM1; s=*; p=aGVsbG8=")->AllowsEmail());
}

TEST(KeyRecordTest, RejectsBadRecords) {
  for (const char* text : {"k=rsa; v=DKIM1; p=aGVsbG8=", "v=DKIM2; p=aGVsbG8=", "v=DKIM1; k=dsa; p=aGVsbG8=",
                           "v=DKIM1; k=rsa", "v=DKIM1; p=!!!", "v=DKIM1: g=*; p=aGVsbG8="}) {
    EXPECT_FALSE(ParseKeyRecord(text)) << text;
  }
}

}  // namespace
}  // namespace kakunin::dkim::internal
