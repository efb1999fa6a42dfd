// Unit tests of the SMS pieces the message set does not pin down one by one: sender IDs, input
// bounds, the NFKC reading copy, reply/call requests (and the genuine "do not reply" wording that
// must not count), and a user brand file.
#include <gtest/gtest.h>

#include <string>

#include "kakunin/sms.h"

namespace kakunin::sms {
namespace {

TEST(SmsSenderTest, ClassifiesNamesShortCodesAndNumbers) {
  struct Case {
    const char* raw;
    SenderKind kind;
    const char* normalized;
  } cases[] = {
      {"Amazon", SenderKind::kAlphanumeric, "Amazon"},
      {"ＳＡＧＡＷＡ", SenderKind::kAlphanumeric, "SAGAWA"},  // Full-width letters, NFKC.
      {"22395", SenderKind::kShortCode, "22395"},
      {"0120000000", SenderKind::kPhoneNumber, "0120000000"},
      {"+81 90-0000-0000", SenderKind::kPhoneNumber, "+819000000000"},
      {"０９０－００００－００００", SenderKind::kPhoneNumber, "09000000000"},  // Full-width digits.
      {"(03) 0000 0000", SenderKind::kPhoneNumber, "0300000000"},
      {"+123", SenderKind::kPhoneNumber, "+123"},  // '+' makes it a number, whatever its length.
      {"   ", SenderKind::kNone, ""},
      {"Bank\x1b[31m", SenderKind::kAlphanumeric, "Bank?[31m"},  // Escapes never reach a terminal.
  };
  for (const auto& c : cases) {
    Sender s = ClassifySender(c.raw);
    EXPECT_EQ(s.kind, c.kind) << c.raw;
    EXPECT_EQ(s.normalized, c.normalized) << c.raw;
  }
  EXPECT_LE(ClassifySender(std::string(1000, 'A')).raw.size(), kMaxSenderBytes);
}

TEST(SmsAnalyzeTest, RefusesEmptyAndOversizedInput) {
  EXPECT_EQ(Analyze("", {}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Analyze(" \n\t", {}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Analyze(std::string(kMaxMessageBytes + 1, 'a'), {}).error().code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(Analyze(std::string(kMaxMessageBytes, 'a'), {}).has_value());
}

TEST(SmsAnalyzeTest, ReadsFullWidthAndZeroWidthLinksAsThePhoneShowsThem) {
  auto r = Analyze("ご確認ください ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｔｅｓｔ／ｐａｙ and www.exa\u200Bmple.invalid/x", {});
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->links.size(), 2u);
  EXPECT_EQ(r->links[0].link.href, "https://example.test/pay");
  EXPECT_EQ(r->links[1].host, "www.example.invalid");
  EXPECT_NE(r->text, r->normalized);
}

TEST(SmsAnalyzeTest, ReplacesInvalidUtf8AndSaysSo) {
  auto r = Analyze("code 123456 \xff\xfe", {});
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->text.find("\xEF\xBF\xBD"), std::string::npos);
  bool found = false;
  for (const auto& f : r->findings) found = found || f.id == "sms.invalid_utf8";
  EXPECT_TRUE(found);
}

TEST(SmsRequestsTest, FindsRequestsButNotGenuineNoReplyWording) {
  struct Case {
    const char* text;
    const char* kinds;  // "", "reply", "call", "reply,call".
  } cases[] = {
      {"Do not reply to this message. Amazon will never call you.", ""},
      {"本メッセージへの返信はできません。返信不要です。", ""},
      {"このSMSに返信しないでください。", ""},
      {"認証のため、このコードを返信してください。", "reply"},
      {"ＲＥＰＬＹ ＷＩＴＨ the code to confirm.", "reply"},  // Full-width, NFKC.
      {"至急 050-0000-0000 までお電話ください。", "call"},
      {"Please call us now on 0120-000-000.", "call"},
      {"Reply YES, or give us a call.", "reply,call"},
  };
  for (const auto& c : cases) {
    auto r = Analyze(c.text, {});
    ASSERT_TRUE(r.has_value());
    std::string kinds;
    for (const auto& q : r->requests) {
      std::string k(RequestKindName(q.kind));
      if (kinds.find(k) == std::string::npos) kinds += (kinds.empty() ? "" : ",") + k;
    }
    EXPECT_EQ(kinds, c.kinds) << c.text;
  }
}

TEST(SmsAnalyzeTest, AlphanumericSenderIsNotedButNeverProof) {
  Options options;
  options.sender = "Amazon";
  auto r = Analyze("Your package is waiting: update delivery address at https://parcel-help.test/", options);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->verdict, Verdict::kPhishing);
  EXPECT_EQ(r->brand.value_or(""), "amazon");
  ASSERT_FALSE(r->claims.empty());
  EXPECT_EQ(r->claims[0].where, ClaimWhere::kSender);
  bool noted = false;
  for (const auto& f : r->findings) noted = noted || f.id == "sms.sender_alphanumeric";
  EXPECT_TRUE(noted);
}

TEST(SmsAnalyzeTest, UserBrandFileAddsABrandAndItsDomains) {
  auto user = brands::BrandRegistry::FromJson(R"j({"brands": [
      {"id": "minato_bank", "name_en": "Minato Bank", "name_ja": "みなと銀行テスト", "names": ["みなと銀行テスト", "Minato Bank"],
       "mail_domains": ["minato-bank.example"], "report_phishing": "mailto:phish@minato-bank.example"}
    ]})j", "user.json");
  ASSERT_TRUE(user.has_value()) << user.error().ToString();
  brands::BrandRegistry registry = brands::BrandRegistry::LoadDefault();
  registry.Merge(*user);
  Options options;
  options.brands = &registry;

  auto genuine = Analyze("【みなと銀行テスト】ワンタイムパスワード：902341 https://www.minato-bank.example/login", options);
  ASSERT_TRUE(genuine.has_value());
  EXPECT_EQ(genuine->verdict, Verdict::kGenuine) << genuine->rule;
  EXPECT_EQ(genuine->brand.value_or(""), "minato_bank");

  auto lure = Analyze("【みなと銀行テスト】口座を一時利用停止にしました。https://minato-login.test/", options);
  ASSERT_TRUE(lure.has_value());
  EXPECT_EQ(lure->verdict, Verdict::kPhishing);
  bool reported = false;
  for (const auto& a : lure->actions) {
    reported = reported || (a.id == "phishing.report" && a.message_en.find("phish@minato-bank.example") != std::string::npos);
  }
  EXPECT_TRUE(reported) << "the brand's own report address comes from the registry";
}

TEST(SmsAnalyzeTest, UnrequestedSignInCodeSaysThePasswordIsKnownWithOdds) {
  auto r = Analyze("482913 is your Amazon OTP. Do not share it with anyone.", {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->verdict, Verdict::kGenuine);
  std::string ids;
  for (const auto& a : r->actions) ids += a.id + " ";
  EXPECT_NE(ids.find("notice.unrequested_sign_in_code"), std::string::npos) << ids;
  EXPECT_NE(ids.find("account.change_password"), std::string::npos) << ids;
  EXPECT_NE(ids.find("account.password_reuse"), std::string::npos) << ids;
  EXPECT_NE(ids.find("code.odds"), std::string::npos) << ids;
  EXPECT_NE(r->odds_en.find("6 digits"), std::string::npos) << r->odds_en;
}

}  // namespace
}  // namespace kakunin::sms
