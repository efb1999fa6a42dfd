// Validation of brand files: each bad file is refused with an error that names file and field.
#include <gtest/gtest.h>

#include <string>

#include "kakunin/brands.h"

namespace kakunin::brands {
namespace {

struct BadCase {
  const char* json;
  ErrorCode code;
  const char* message_part;
};

TEST(BrandFileTest, RefusesBadFilesWithFileAndField) {
  const BadCase cases[] = {
      {"not json", ErrorCode::kParse, "u.json: not JSON"},
      {"[]", ErrorCode::kParse, "u.json: (top)"},
      {R"j({"brands": 3})j", ErrorCode::kParse, "u.json: brands: missing or not an array"},
      {R"j({"brands": [], "extra": 1})j", ErrorCode::kParse, "unknown key \"extra\""},
      {R"j({"version": 2, "brands": []})j", ErrorCode::kParse, "version"},
      {R"j({"brands": [{"name_en": "A", "names": ["A"]}]})j", ErrorCode::kParse, "brands[0].id: missing"},
      {R"j({"brands": [{"id": "Bad Id", "name_en": "A", "names": ["A"]}]})j", ErrorCode::kParse, "brands[0].id"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": []}]})j", ErrorCode::kParse, "brands[0].names"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": [" . - "]}]})j", ErrorCode::kParse, "brands[0].names[0]"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": [{"text": "A", "scope": "body"}]}]})j", ErrorCode::kParse,
       "brands[0].names[0].scope"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "mail_domain": []}]})j", ErrorCode::kParse,
       "unknown key \"mail_domain\""},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "mail_domains": ["co.jp"]}]})j", ErrorCode::kParse,
       "brands[0].mail_domains[0]: \"co.jp\" is a public suffix"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "link_domains": ["Example.com"]}]})j",
       ErrorCode::kParse, "brands[0].link_domains[0]"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "link_domains": ["localhost"]}]})j",
       ErrorCode::kParse, "single label"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "link_domains": ["a..b.com"]}]})j",
       ErrorCode::kParse, "empty or over-long label"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "report_phishing": "javascript:alert(1)"}]})j",
       ErrorCode::kParse, "brands[0].report_phishing"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "code_policy": {"digits": 0}}]})j",
       ErrorCode::kParse, "brands[0].code_policy.digits"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "code_policy": {"length": 8}}]})j",
       ErrorCode::kParse, "alphabet_size and length go together"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "sources": [{"covers": [], "basis": "x"}]}]})j",
       ErrorCode::kParse, "brands[0].sources[0].covers"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"]}, {"id": "a", "name_en": "B", "names": ["B"]}]})j",
       ErrorCode::kParse, "brands[1].id: duplicate id"},
      {R"j({"brands": [{"id": "a", "name_en": "A", "names": ["A"], "link_domains": ["a.example"]},
                      {"id": "b", "name_en": "B", "names": ["B"], "mail_domains": ["a.example"]}]})j",
       ErrorCode::kParse, "also listed by brand \"a\""},
      {R"j({"brands": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]})j", ErrorCode::kParse, "nested deeper"},
  };
  for (const BadCase& c : cases) {
    auto r = BrandRegistry::FromJson(c.json, "u.json");
    ASSERT_FALSE(r.has_value()) << c.json;
    EXPECT_EQ(r.error().code, c.code) << c.json;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << r.error().message;
  }
}

TEST(BrandFileTest, AcceptsAMinimalFileAndAllFields) {
  auto r = BrandRegistry::FromJson(R"j({"brands": [
    {"id": "shop", "name_en": "Shop", "name_ja": "ショップ",
     "names": ["ExampleShop", {"text": "ESHOP", "scope": "header", "case_sensitive": true}],
     "not_claims": ["exampleshop fan club"], "mail_domains": ["shop.example"], "link_domains": ["shp.example"],
     "mailbox_domains": ["mail.shop.example"], "user_content_domains": ["web.app"],
     "report_phishing": "mailto:abuse@shop.example", "change_email_url": "https://shop.example/email",
     "two_step_url": "https://shop.example/2sv",
     "code_policy": {"digits": 6, "lifetime_minutes": 10, "attempts": 5, "format": "NNNNNN"},
     "sources": [{"covers": ["shop.example"], "basis": "my own shop"}], "note": "n"}]})j",
                                   "u.json");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  const Brand* b = r->FindById("shop");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->names[1].scope, NameScope::kHeader);
  EXPECT_TRUE(b->names[1].case_sensitive);
  EXPECT_EQ(b->code_policy.digits.value_or(0), 6);
  EXPECT_EQ(b->code_policy.lifetime_minutes.value_or(0), 10);
  EXPECT_EQ(b->code_policy.attempts.value_or(0), 5);
  EXPECT_FALSE(b->code_policy.alphabet_size.has_value());
}

TEST(BrandFileTest, LoadFileErrors) {
  auto missing = BrandRegistry::LoadFile("/nonexistent/brands.json");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace kakunin::brands
