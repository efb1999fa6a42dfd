// Notice kinds from Subject and body, in Japanese and English: at least five phrasings per
// language and kind, plus full-width, spaced and HTML variants and Japanese charsets.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <string>
#include <vector>

#include "kakunin/message.h"
#include "kakunin/notice.h"

namespace kakunin::triage {
namespace {

struct Case {
  const char* subject;
  const char* body;
  NoticeKind kind;
};

// Each row is one real-world phrasing (subject, body) of the kind.
const Case kCases[] = {
    // email_verification
    {"メールアドレスの確認", "以下のリンクからメールアドレスの確認を完了してください。", NoticeKind::kEmailVerification},
    {"【本登録のご案内】", "仮登録ありがとうございます。24時間以内に本登録を完了してください。", NoticeKind::kEmailVerification},
    {"会員登録のご案内", "下記URLにアクセスして登録を完了してください。", NoticeKind::kEmailVerification},
    {"アカウントの有効化", "アカウントを有効化するには次のボタンを押してください。", NoticeKind::kEmailVerification},
    {"ご登録ありがとうございます", "メールアドレス認証のため、以下のURLを開いてください。", NoticeKind::kEmailVerification},
    {"Verify your email address", "Please confirm your email address to finish signing up.", NoticeKind::kEmailVerification},
    {"Welcome to Example! Confirm your email", "Tap the button to verify your email.", NoticeKind::kEmailVerification},
    {"Activate your account", "Click below to activate your account and complete your registration.",
     NoticeKind::kEmailVerification},
    {"Complete your sign up", "One more step: confirm your email.", NoticeKind::kEmailVerification},
    {"Email verification", "Your confirmation code is 482913. Enter it to verify your email address.",
     NoticeKind::kEmailVerification},
    // password_reset
    {"パスワード再設定のご案内", "パスワードを再設定するには以下のリンクを開いてください。", NoticeKind::kPasswordReset},
    {"【重要】パスワードのリセット", "パスワードのリセットが要求されました。", NoticeKind::kPasswordReset},
    {"パスワードをお忘れの方へ", "パスワード再発行の手続きを受け付けました。", NoticeKind::kPasswordReset},
    {"パスワードリセットのお知らせ", "お心当たりがない場合はこのメールを破棄してください。", NoticeKind::kPasswordReset},
    {"ﾊﾟｽﾜｰﾄﾞ再設定", "ﾊﾟｽﾜｰﾄﾞの再設定はこちら", NoticeKind::kPasswordReset},
    {"Reset your password", "We received a request to reset your password.", NoticeKind::kPasswordReset},
    {"Password reset request", "Someone asked for a password reset for your account.", NoticeKind::kPasswordReset},
    {"Forgot your password?", "Use the link below to reset your password.", NoticeKind::kPasswordReset},
    {"Account recovery", "Follow these steps to recover your account and choose a new password.",
     NoticeKind::kPasswordReset},
    {"ＰＡＳＳＷＯＲＤ　ＲＥＳＥＴ", "Click here to reset password.", NoticeKind::kPasswordReset},
    // sign_in_code
    {"ワンタイムパスワードのお知らせ", "ワンタイムパスワード: 583920", NoticeKind::kSignInCode},
    {"【2段階認証】認証コード", "ログイン用の認証コードは 102938 です。", NoticeKind::kSignInCode},
    {"ログインコード", "ログインコード：4417。第三者に教えないでください。", NoticeKind::kSignInCode},
    {"二段階認証のセキュリティコード", "セキュリティコード 663021", NoticeKind::kSignInCode},
    {"サインインコード", "サインインコードは次のとおりです 918273", NoticeKind::kSignInCode},
    {"Your sign-in code", "Use this code to sign in: 739201", NoticeKind::kSignInCode},
    {"Two-step verification code", "Your 2-step verification code is 552211.", NoticeKind::kSignInCode},
    {"Your one-time password", "Your one-time password (OTP) is 448812. Do not share it.", NoticeKind::kSignInCode},
    {"Login code", "Here is your login code: 3391", NoticeKind::kSignInCode},
    {"Security code", "Use security code 7712093 for your account.", NoticeKind::kSignInCode},
    // sign_in_alert
    {"新しいログインがありました", "新しい端末からアカウントへのログインがありました。", NoticeKind::kSignInAlert},
    {"ログイン通知", "お使いのアカウントにログインがありました。", NoticeKind::kSignInAlert},
    {"ログインのお知らせ", "新しいデバイスからログインされました。", NoticeKind::kSignInAlert},
    {"サインインがありました", "Windowsからサインインがありました。", NoticeKind::kSignInAlert},
    {"ログイン履歴の確認", "普段と異なる環境からのログインを検知しました。", NoticeKind::kSignInAlert},
    {"New sign-in to your account", "We noticed a new sign-in from Chrome on Windows.", NoticeKind::kSignInAlert},
    {"Security alert", "Your account was signed in from a new device. Was this you?", NoticeKind::kSignInAlert},
    {"New login from Safari", "Someone signed in to your account. If this was you, no action is needed.",
     NoticeKind::kSignInAlert},
    {"Unusual sign-in activity", "We detected a login attempt from a new location.", NoticeKind::kSignInAlert},
    {"Did you just log in?", "We noticed a login from a new device. Recognize this activity?", NoticeKind::kSignInAlert},
    // account_change
    {"パスワードが変更されました", "お客様のアカウントのパスワードが変更されました。", NoticeKind::kAccountChange},
    {"メールアドレス変更のお知らせ", "登録メールアドレスを変更しました。", NoticeKind::kAccountChange},
    {"電話番号が変更されました", "ご登録の電話番号が変更されました。", NoticeKind::kAccountChange},
    {"登録情報変更のお知らせ", "登録情報の変更が完了しました。", NoticeKind::kAccountChange},
    {"パスワード変更完了のお知らせ", "パスワードの変更が完了しました。", NoticeKind::kAccountChange},
    {"Your password was changed", "The password for your account has been changed.", NoticeKind::kAccountChange},
    {"Email address changed", "The email address on your account was changed.", NoticeKind::kAccountChange},
    {"Your phone number was changed", "We updated your phone number as requested.", NoticeKind::kAccountChange},
    {"Security info was added", "A recovery email was added to your account.", NoticeKind::kAccountChange},
    {"Password has been updated", "You changed your password today.", NoticeKind::kAccountChange},
    // account_locked_lure
    {"【重要】アカウントを停止しました", "24時間以内に本人確認を行わない場合、アカウントは削除されます。",
     NoticeKind::kAccountLockedLure},
    {"ご利用制限のお知らせ", "不正アクセスが確認されたため、アカウントの利用制限を行いました。", NoticeKind::kAccountLockedLure},
    {"アカウントがロックされました", "セキュリティ上の理由によりアカウントをロックしました。", NoticeKind::kAccountLockedLure},
    {"アカウント情報の確認", "第三者によるログインの可能性があるため、一時的に制限しています。",
     NoticeKind::kAccountLockedLure},
    {"利用停止のお知らせ", "期限内にアカウント情報の更新がない場合、利用停止となります。", NoticeKind::kAccountLockedLure},
    {"Your account has been suspended", "Verify your account within 24 hours to avoid suspension.",
     NoticeKind::kAccountLockedLure},
    {"Account locked", "We detected suspicious activity. Confirm your identity to restore access.",
     NoticeKind::kAccountLockedLure},
    {"Action required: account will be closed", "Your account will be permanently deleted unless you verify your identity.",
     NoticeKind::kAccountLockedLure},
    {"Your account has been limited", "We have restricted your account due to unusual activity.",
     NoticeKind::kAccountLockedLure},
    {"Final notice", "Your account has been temporarily suspended. Update your account information within 48 hours.",
     NoticeKind::kAccountLockedLure},
    // payment_problem_lure
    {"お支払い方法の更新", "お支払い方法に問題があり、決済ができませんでした。", NoticeKind::kPaymentProblemLure},
    {"【重要】お支払い情報の確認", "クレジットカード情報を更新してください。", NoticeKind::kPaymentProblemLure},
    {"料金未払いのお知らせ", "未払いの料金があります。", NoticeKind::kPaymentProblemLure},
    {"カードの有効期限が切れています", "お支払いが確認できません。支払い方法を更新してください。",
     NoticeKind::kPaymentProblemLure},
    {"プライム会費の更新に失敗しました", "お支払い方法を確認してください。", NoticeKind::kPaymentProblemLure},
    {"Payment declined", "We were unable to process your payment. Update your payment method.",
     NoticeKind::kPaymentProblemLure},
    {"Your card has expired", "Please update your billing information to keep your subscription.",
     NoticeKind::kPaymentProblemLure},
    {"Subscription renewal failed", "Your payment failed. Update your payment details.", NoticeKind::kPaymentProblemLure},
    {"Outstanding balance", "Your invoice is overdue. Pay the unpaid amount today.", NoticeKind::kPaymentProblemLure},
    {"Billing problem", "We could not be charged your card. Update your payment information.",
     NoticeKind::kPaymentProblemLure},
    // delivery_problem_lure
    {"お荷物のお届けについて", "お客様宛のお荷物をお届けにあがりましたが、ご不在のため持ち帰りました。",
     NoticeKind::kDeliveryProblemLure},
    {"不在通知", "再配達のお申し込みはこちら。", NoticeKind::kDeliveryProblemLure},
    {"配達できませんでした", "宛先不明のため配達できません。", NoticeKind::kDeliveryProblemLure},
    {"お届け先の確認", "住所不明のためお荷物をお届けできませんでした。", NoticeKind::kDeliveryProblemLure},
    {"保管期限のお知らせ", "お荷物の保管期限が近づいています。", NoticeKind::kDeliveryProblemLure},
    {"Delivery failed", "We were unable to deliver your package.", NoticeKind::kDeliveryProblemLure},
    {"Your parcel is on hold", "A customs fee is due before redelivery.", NoticeKind::kDeliveryProblemLure},
    {"Delivery attempt", "Your package could not be delivered. Reschedule your delivery.",
     NoticeKind::kDeliveryProblemLure},
    {"Address incomplete", "Your parcel could not be delivered due to an incomplete address.",
     NoticeKind::kDeliveryProblemLure},
    {"Shipment on hold", "Pay the shipping fee to release your package.", NoticeKind::kDeliveryProblemLure},
    // prize_lure
    {"【当選】おめでとうございます", "抽選で当選しました。賞品を受け取ってください。", NoticeKind::kPrizeLure},
    {"ギフト券プレゼント", "アンケートに答えてギフト券を受け取る", NoticeKind::kPrizeLure},
    {"ポイント失効のお知らせ", "ポイントが失効します。今すぐ受け取ってください。", NoticeKind::kPrizeLure},
    {"キャンペーンに当選しました", "景品の発送先をご入力ください。", NoticeKind::kPrizeLure},
    {"特典のご案内", "抽選でギフトカードが当たります。", NoticeKind::kPrizeLure},
    {"Congratulations! You have won", "Claim your prize today.", NoticeKind::kPrizeLure},
    {"You've been selected", "Complete our survey to claim your reward: a $500 gift card.", NoticeKind::kPrizeLure},
    {"Loyalty program", "Your points will expire. Claim your reward now.", NoticeKind::kPrizeLure},
    {"Giveaway winner", "You are the winner of our giveaway.", NoticeKind::kPrizeLure},
    {"Free gift", "Congratulations, a free gift is waiting for you.", NoticeKind::kPrizeLure},
    // other
    {"週末のおすすめ", "新商品のご案内です。", NoticeKind::kOther},
    {"Meeting notes", "Here are the notes from today.", NoticeKind::kOther},
    {"Re: patch v2", "Looks good to me.", NoticeKind::kOther},
};

TEST(NoticeTest, ClassifiesPhrasings) {
  const NoticeClassifier& c = NoticeClassifier::Default();
  int failures = 0;
  for (const Case& k : kCases) {
    Notice n = c.ClassifyText(k.subject, k.body);
    EXPECT_EQ(NoticeKindName(n.kind), NoticeKindName(k.kind)) << k.subject << " / " << k.body;
    if (n.kind != k.kind) ++failures;
    if (k.kind != NoticeKind::kOther) {
      EXPECT_FALSE(n.evidence.empty()) << k.subject;
      EXPECT_GT(n.confidence, 0.0) << k.subject;
    }
  }
  EXPECT_EQ(failures, 0);
}

// `utf8` in `charset` (ICU converter names), or "" when it cannot be converted.
std::string Encode(const std::string& utf8, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::vector<char> out(utf8.size() * 4 + 16);
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  return U_SUCCESS(status) ? std::string(out.data(), static_cast<size_t>(n)) : std::string();
}

std::string Base64(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool HasJapanese(const char* s) {
  for (const char* p = s; *p != '\0'; ++p) {
    if (static_cast<unsigned char>(*p) >= 0xE3) return true;
  }
  return false;
}

// Every Japanese row again, as a real mail would carry it: the Subject RFC 2047-encoded and the
// body in ISO-2022-JP (7bit, RFC 1468) or Shift_JIS (base64), parsed by mime::Message::Parse.
// Deviation: the half-width katakana row ("ﾊﾟｽﾜｰﾄﾞ再設定") cannot be written in ISO-2022-JP (RFC 1468
// has no half-width katakana; mailers convert them to full-width first), so it is only checked
// in Shift_JIS.
TEST(NoticeTest, JapaneseRowsThroughIso2022JpAndShiftJis) {
  const NoticeClassifier& c = NoticeClassifier::Default();
  int rows = 0, unencodable = 0;
  for (const Case& k : kCases) {
    if (!HasJapanese(k.subject) && !HasJapanese(k.body)) continue;
    for (const char* charset : {"ISO-2022-JP", "Shift_JIS"}) {
      std::string subject = Encode(k.subject, charset);
      std::string body = Encode(k.body, charset);
      ASSERT_FALSE(subject.empty()) << k.subject;
      const bool iso = std::string(charset) == "ISO-2022-JP";
      if ((subject + body).find('\x1A') != std::string::npos) {  // ICU's substitute character.
        ++unencodable;
        continue;
      }
      std::string raw = "From: a@example.org\r\nSubject: =?" + std::string(charset) + "?B?" + Base64(subject) +
                        "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=" + charset +
                        "\r\nContent-Transfer-Encoding: " + (iso ? "7bit" : "base64") + "\r\n\r\n" +
                        (iso ? body : Base64(body)) + "\r\n";
      auto m = mime::Message::Parse(raw);
      ASSERT_TRUE(m.has_value()) << k.subject;
      EXPECT_EQ(m->subject(), k.subject) << charset;
      EXPECT_EQ(NoticeKindName(c.Classify(*m).kind), NoticeKindName(k.kind)) << charset << ": " << k.subject;
    }
    ++rows;
  }
  EXPECT_GE(rows, 45);
  EXPECT_EQ(unencodable, 1);
}

TEST(NoticeTest, EvidenceQuotesTheMail) {
  Notice n = NoticeClassifier::Default().ClassifyText("【重要】Ｐａｓｓｗｏｒｄ　ｒｅｓｅｔ", "");
  ASSERT_EQ(n.kind, NoticeKind::kPasswordReset);
  ASSERT_FALSE(n.evidence.empty());
  EXPECT_TRUE(n.evidence[0].in_subject);
  EXPECT_EQ(n.evidence[0].matched, "Ｐａｓｓｗｏｒｄ　ｒｅｓｅｔ");
  EXPECT_EQ(n.evidence[0].phrase, "password reset");
  EXPECT_DOUBLE_EQ(n.evidence[0].weight, 2.0);
}

TEST(NoticeTest, HtmlAndCharsetsThroughMessageParse) {
  // ISO-2022-JP body (RFC 1468), Shift_JIS subject, and an HTML part with tags and entities.
  const std::string iso =
      "From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
      "\x1b$B%Q%9%o!<%I$N:F@_Dj\x1b(B\r\n";
  const std::string sjis =
      "From: a@example.org\r\nSubject: =?Shift_JIS?B?g42DT4NDg5OSypJt?=\r\n\r\nbody\r\n";
  const std::string html =
      "From: a@example.org\r\nSubject: Notice\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/html; charset=utf-8\r\n\r\n"
      "<html><head><style>p{}</style></head><body><p>Your&nbsp;<b>pay</b>ment&nbsp;was "
      "<i>declined</i>.</p><p>Update your payment method.</p></body></html>\r\n";
  const NoticeClassifier& c = NoticeClassifier::Default();
  auto m1 = mime::Message::Parse(iso);
  auto m2 = mime::Message::Parse(sjis);
  auto m3 = mime::Message::Parse(html);
  ASSERT_TRUE(m1 && m2 && m3);
  EXPECT_EQ(NoticeKindName(c.Classify(*m1).kind), "password_reset");
  EXPECT_EQ(NoticeKindName(c.Classify(*m2).kind), "sign_in_alert");
  EXPECT_EQ(NoticeKindName(c.Classify(*m3).kind), "payment_problem_lure");
}

TEST(NoticeTest, KindNamesRoundTrip) {
  for (NoticeKind k : {NoticeKind::kEmailVerification, NoticeKind::kPasswordReset, NoticeKind::kSignInCode,
                       NoticeKind::kSignInAlert, NoticeKind::kAccountChange, NoticeKind::kAccountLockedLure,
                       NoticeKind::kPaymentProblemLure, NoticeKind::kDeliveryProblemLure, NoticeKind::kPrizeLure,
                       NoticeKind::kOther}) {
    EXPECT_EQ(ParseNoticeKind(NoticeKindName(k)), k);
  }
  EXPECT_FALSE(ParseNoticeKind("nope").has_value());
}

}  // namespace
}  // namespace kakunin::triage
