// Which brands a message claims: tables of mails that must claim a brand (with where and how
// strongly) and mails that must not (lookalike words, generic words, footers).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/message.h"

namespace kakunin::brands {
namespace {

mime::Message Parse(const std::string& raw) {
  auto m = mime::Message::Parse(raw);
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().ToString());
  return m ? *m : mime::Message();
}

std::string Mail(const std::string& from, const std::string& subject, const std::string& body,
                 const std::string& content_type = "text/plain; charset=utf-8") {
  return "From: " + from + "\r\nTo: user@example.org\r\nSubject: " + subject +
         "\r\nMIME-Version: 1.0\r\nContent-Type: " + content_type + "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
         body + "\r\n";
}

const BrandClaim* Find(const std::vector<BrandClaim>& claims, const std::string& id, ClaimSource source) {
  for (const BrandClaim& c : claims) {
    if (c.brand_id == id && c.source == source) return &c;
  }
  return nullptr;
}

bool Claims(const std::vector<BrandClaim>& claims, const std::string& id) {
  for (const BrandClaim& c : claims) {
    if (c.brand_id == id) return true;
  }
  return false;
}

struct ClaimCase {
  const char* name;
  std::string raw;
  const char* brand;
  ClaimSource source;
  const char* matched;  // The text quoted from the mail.
  double strength;
};

TEST(ClaimsTest, FindsBrandClaims) {
  const ClaimCase cases[] = {
      {"display name", Mail("\"Amazon.co.jp\" <info@evil.example>", "hello", "hi"), "amazon",
       ClaimSource::kFromDisplayName, "Amazon", kStrengthDisplayName},
      {"full-width display name", Mail("=?UTF-8?B?77yh772N772B772a772P772O?= <a@evil.example>", "x", "y"), "amazon",
       ClaimSource::kFromDisplayName, "\xEF\xBC\xA1\xEF\xBD\x8D\xEF\xBD\x81\xEF\xBD\x9A\xEF\xBD\x8F\xEF\xBD\x8E",
       kStrengthDisplayName},
      {"spaced letters", Mail("\"A m a z o n\" <a@evil.example>", "x", "y"), "amazon", ClaimSource::kFromDisplayName,
       "A m a z o n", kStrengthDisplayName},
      {"upper case subject", Mail("a@evil.example", "YOUR AMAZON ACCOUNT", "y"), "amazon", ClaimSource::kSubject,
       "AMAZON", kStrengthSubject},
      {"katakana subject", Mail("a@evil.example", "【重要】アマゾンアカウントの確認", "y"), "amazon",
       ClaimSource::kSubject, "アマゾン", kStrengthSubject},
      {"half-width katakana", Mail("a@evil.example", "\xEF\xBD\xB1\xEF\xBE\x8F\xEF\xBD\xBF\xEF\xBE\x9E\xEF\xBE\x9D", "y"),
       "amazon", ClaimSource::kSubject, "\xEF\xBD\xB1\xEF\xBE\x8F\xEF\xBD\xBF\xEF\xBE\x9E\xEF\xBE\x9D", kStrengthSubject},
      {"zero-width space", Mail("a@evil.example", "Ama\xE2\x80\x8Bzon security", "y"), "amazon", ClaimSource::kSubject,
       "Ama\xE2\x80\x8Bzon", kStrengthSubject},
      {"own From domain", Mail("auto-confirm@amazon.co.jp", "ご注文の確認", "y"), "amazon", ClaimSource::kFromAddress,
       "amazon.co.jp", kStrengthOwnFromDomain},
      {"name in lookalike address", Mail("info@amazon-co-jp.xyz", "x", "y"), "amazon", ClaimSource::kFromAddress,
       "amazon", kStrengthNameInAddress},
      {"body mention", Mail("a@evil.example", "x", "Your Amazon order has shipped."), "amazon", ClaimSource::kBody,
       "Amazon", kStrengthBody},
      {"html body with entity", Mail("a@evil.example", "x", "<p>Ama&#8203;zon</p><p>Amazon</p><p>Amazon</p>",
                                     "text/html; charset=utf-8"),
       "amazon", ClaimSource::kBody, "Ama\xE2\x80\x8Bzon", kStrengthBodyRepeated},
      {"img alt", Mail("a@evil.example", "x", "<img src=x alt=\"Amazon\"> click", "text/html; charset=utf-8"),
       "amazon", ClaimSource::kBody, "Amazon", kStrengthBody},
      {"kanji bank", Mail("\"三菱UFJ銀行\" <a@evil.example>", "x", "y"), "mufg", ClaimSource::kFromDisplayName,
       "三菱UFJ銀行", kStrengthDisplayName},
      {"full-width UFJ", Mail("a@evil.example", "三菱ＵＦＪ銀行からのお知らせ", "y"), "mufg", ClaimSource::kSubject,
       "三菱ＵＦＪ銀行", kStrengthSubject},
      {"x exact display name", Mail("\"X\" <a@evil.example>", "x", "y"), "x", ClaimSource::kFromDisplayName, "X",
       kStrengthDisplayName},
      {"au exact display name", Mail("\"ａｕ\" <a@evil.example>", "x", "y"), "au", ClaimSource::kFromDisplayName,
       "ａｕ", kStrengthDisplayName},
      {"LINE capitals", Mail("a@evil.example", "x", "LINEアカウントが停止されました"), "line", ClaimSource::kBody,
       "LINE", kStrengthBody},
      {"rakuten card", Mail("a@evil.example", "【楽天カード】ご利用確認", "y"), "rakuten", ClaimSource::kSubject,
       "楽天", kStrengthSubject},
      {"SMBC card", Mail("a@evil.example", "三井住友カードからの重要なお知らせ", "y"), "smbc_card",
       ClaimSource::kSubject, "三井住友カード", kStrengthSubject},
      {"e-Tax", Mail("a@evil.example", "【国税庁】未納税金のお知らせ", "y"), "etax", ClaimSource::kSubject, "国税庁",
       kStrengthSubject},
      {"yamato", Mail("a@evil.example", "ヤマト運輸 お荷物お届けのお知らせ", "y"), "yamato", ClaimSource::kSubject,
       "ヤマト運輸", kStrengthSubject},
  };
  const BrandRegistry& r = BrandRegistry::Default();
  for (const ClaimCase& c : cases) {
    auto claims = r.ClaimsOf(Parse(c.raw));
    const BrandClaim* found = Find(claims, c.brand, c.source);
    ASSERT_NE(found, nullptr) << c.name << ": no " << c.brand << " claim in " << ClaimSourceName(c.source);
    EXPECT_EQ(found->matched, c.matched) << c.name;
    EXPECT_DOUBLE_EQ(found->strength, c.strength) << c.name;
  }
}

struct NoClaimCase {
  const char* name;
  std::string raw;
  const char* brand;
};

TEST(ClaimsTest, AvoidsFalseClaims) {
  const NoClaimCase cases[] = {
      {"the river", Mail("travel@tours.example", "Cruise the Amazonas", "The Amazonas basin awaits."), "amazon"},
      {"the rainforest", Mail("news@eco.example", "Save the rainforest", "The Amazon rainforest is shrinking."),
       "amazon"},
      {"apple pie", Mail("recipes@food.example", "Weekend baking", "Our favourite apple pie recipe."), "apple"},
      {"pineapple", Mail("recipes@food.example", "Pineapple salad", "Pineapple and mint."), "apple"},
      {"online", Mail("shop@example.org", "オンラインショップのお知らせ", "ラインナップを更新しました"), "line"},
      {"line as a word", Mail("news@example.org", "Subject line tips", "Read the line below."), "line"},
      {"instant", Mail("news@example.org", "インスタント食品", "インスタントラーメン特集"), "instagram"},
      {"optimistic", Mail("a@example.org", "楽天的な考え方", "彼は楽天的だ"), "rakuten"},
      {"lion", Mail("a@example.org", "ライオンの赤ちゃん", "動物園のライオン"), "aeon"},
      {"x in a word", Mail("\"Xavier\" <x@example.org>", "Box", "Tax exit"), "x"},
      {"au in French", Mail("\"Café au lait\" <a@example.org>", "au revoir", "au pair"), "au"},
      {"social footer", Mail("news@shop.example", "Sale", "Follow us on Facebook and Instagram."), "meta"},
      {"gmail user", Mail("taro@gmail.com", "hello", "lunch?"), "google"},
      {"icloud user", Mail("hanako@icloud.com", "hi", "see you"), "apple"},
      {"amazonaws bounce", Mail("bounce@ses.amazonaws.com", "hi", "y"), "amazon"},
      {"lookalike domain is not own", Mail("a@amazon.co.jp.evil.example", "x", "y"), "nonexistent"},
  };
  const BrandRegistry& r = BrandRegistry::Default();
  for (const NoClaimCase& c : cases) {
    auto claims = r.ClaimsOf(Parse(c.raw));
    EXPECT_FALSE(Claims(claims, c.brand)) << c.name << ": claimed " << c.brand;
  }
  // A lookalike host may name the brand (a claim), but never as its own domain.
  auto claims = r.ClaimsOf(Parse(Mail("a@amazon.co.jp.evil.example", "x", "y")));
  const BrandClaim* c = Find(claims, "amazon", ClaimSource::kFromAddress);
  ASSERT_NE(c, nullptr);
  EXPECT_DOUBLE_EQ(c->strength, kStrengthNameInAddress);
}

TEST(ClaimsTest, StrongestFirstAndCounted) {
  auto claims = BrandRegistry::Default().ClaimsOf(
      Parse(Mail("\"Amazon\" <a@evil.example>", "Amazon", "Amazon amazon AMAZON アマゾン")));
  ASSERT_GE(claims.size(), 3u);
  EXPECT_EQ(claims[0].source, ClaimSource::kFromDisplayName);
  for (size_t i = 1; i < claims.size(); ++i) EXPECT_GE(claims[i - 1].strength, claims[i].strength);
  const BrandClaim* body = Find(claims, "amazon", ClaimSource::kBody);
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(body->occurrences, 4);
}

TEST(ClaimsTest, ShiftJisAndIso2022JpSubjects) {
  // "アマゾン" in ISO-2022-JP (RFC 1468) and "楽天" in Shift_JIS, each RFC 2047-encoded.
  std::string iso = "From: a@evil.example\r\nSubject: =?ISO-2022-JP?B?GyRCJSIlXiU+JXMbKEI=?=\r\n\r\nx\r\n";
  std::string sjis = "From: a@evil.example\r\nSubject: =?Shift_JIS?B?inmTVg==?=\r\n\r\nx\r\n";
  const BrandRegistry& r = BrandRegistry::Default();
  EXPECT_NE(Find(r.ClaimsOf(Parse(iso)), "amazon", ClaimSource::kSubject), nullptr);
  EXPECT_NE(Find(r.ClaimsOf(Parse(sjis)), "rakuten", ClaimSource::kSubject), nullptr);
}

TEST(ClaimsTest, LookalikeSpellingsInHeaders) {
  struct Case {
    std::string display_name;  // UTF-8 (RFC 6532 header).
    std::string subject;
    const char* brand;
    ClaimSource source;
  };
  const Case cases[] = {
      {"\xD0\x90mazon", "x", "amazon", ClaimSource::kFromDisplayName},       // Cyrillic А.
      {"Arnazon Support", "x", "amazon", ClaimSource::kFromDisplayName},      // rn for m.
      {"PayPaI", "x", "paypal", ClaimSource::kFromDisplayName},               // capital I for l.
      {"Service", "AMAZ0N account notice", "amazon", ClaimSource::kSubject},  // zero for O.
      {"Service", "Micros0ft 365 password expiry", "microsoft", ClaimSource::kSubject},
      {"Service", "\xCE\x9D" "etflix payment", "netflix", ClaimSource::kSubject},  // Greek capital Nu.
  };
  const BrandRegistry& r = BrandRegistry::Default();
  for (const Case& c : cases) {
    std::string raw = Mail("\"" + c.display_name + "\" <a@evil.example>", c.subject, "body");
    auto claims = r.ClaimsOf(Parse(raw));
    const BrandClaim* found = Find(claims, c.brand, c.source);
    ASSERT_NE(found, nullptr) << c.display_name << " / " << c.subject;
    EXPECT_TRUE(found->lookalike) << c.display_name << " / " << c.subject;
  }
  // The real spelling is a plain claim, and lookalike words that are no brand stay unclaimed.
  auto plain = r.ClaimsOf(Parse(Mail("\"Amazon\" <a@evil.example>", "x", "y")));
  ASSERT_NE(Find(plain, "amazon", ClaimSource::kFromDisplayName), nullptr);
  EXPECT_FALSE(Find(plain, "amazon", ClaimSource::kFromDisplayName)->lookalike);
  for (const char* subject : {"Amazonas tours", "Modern apps", "Applied maths", "Paypals and pen pals"}) {
    auto claims = r.ClaimsOf(Parse(Mail("a@example.org", subject, "y")));
    for (const BrandClaim& c : claims) ADD_FAILURE() << subject << " claims " << c.brand_id;
  }
}

TEST(ClaimsTest, PrimaryBrand) {
  const BrandRegistry& r = BrandRegistry::Default();
  // Display name Amazon, body mentions Google: Amazon.
  auto claims = r.ClaimsOf(Parse(Mail("\"Amazon\" <a@evil.example>", "hello", "Sign in with Google. Google. Google.")));
  EXPECT_EQ(PrimaryBrand(claims).value_or(""), "amazon");
  // Subject PayPal and body Apple: PayPal; with only body mentions, none at subject strength.
  claims = r.ClaimsOf(Parse(Mail("a@evil.example", "PayPal: action needed", "Apple Pay is not affected.")));
  EXPECT_EQ(PrimaryBrand(claims).value_or(""), "paypal");
  claims = r.ClaimsOf(Parse(Mail("a@evil.example", "hello", "Our Netflix picks this week.")));
  EXPECT_FALSE(PrimaryBrand(claims).has_value()) << "a body mention is not the mail's brand by default";
  EXPECT_EQ(PrimaryBrand(claims, kStrengthBody).value_or(""), "netflix");
  // Equal strength: the brand claimed in more places wins.
  claims = r.ClaimsOf(Parse(Mail("\"Rakuten Amazon\" <a@evil.example>", "楽天カード", "x")));
  EXPECT_EQ(PrimaryBrand(claims).value_or(""), "rakuten");
  EXPECT_FALSE(PrimaryBrand({}).has_value());
}

TEST(ClaimsTest, ClaimsInTextForSms) {
  auto claims = BrandRegistry::Default().ClaimsInText("【佐川急便】お荷物のお届けにあがりましたが不在のため持ち帰りました",
                                                       ClaimSource::kBody);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].brand_id, "sagawa");
}

}  // namespace
}  // namespace kakunin::brands
