// One-time code extraction: codes that must be found, and numbers that must not be taken for a
// code (order numbers, phone numbers, dates, prices, years, postal codes, links).
#include <gtest/gtest.h>

#include <string>

#include "kakunin/notice.h"

namespace kakunin::triage {
namespace {

struct CodeCase {
  const char* subject;
  const char* body;
  const char* code;  // nullptr: no code.
};

TEST(CodeTest, FindsCodes) {
  const CodeCase cases[] = {
      {"", "確認コード：123456", "123456"},
      {"", "認証コードは 482913 です。", "482913"},
      {"", "ワンタイムパスワード\n\n  5839\n\n有効期限は10分です。", "5839"},
      {"", "ご本人確認のため、以下の認証番号を入力してください。\n認証番号：７７１２０９", "771209"},
      {"", "Your verification code is 739201.", "739201"},
      {"", "Your one-time password (OTP) is:\n\n448812\n\nDo not share it.", "448812"},
      {"", "G-583920 is your Google verification code.", "G-583920"},
      {"", "Use 1234567 as your security code.", "1234567"},
      {"", "Your PIN: 4417", "4417"},
      {"", "Enter this code: 123 456", "123 456"},
      {"", "Confirmation code: A7K9Q2", "A7K9Q2"},
      {"482913 is your Instagram code", "Don't share it.", "482913"},
      {"", "Order #112-9384756-1029384 placed. Your verification code is 551203.", "551203"},
      {"", "注文番号: 249-1234567-8901234\n確認コード: 902113", "902113"},
      {"", "<b>確認コード</b>&nbsp;<span>246810</span>", nullptr},  // Plain-text API: HTML is not stripped here.
  };
  const NoticeClassifier& c = NoticeClassifier::Default();
  for (const CodeCase& k : cases) {
    auto code = c.ExtractCode(k.subject, k.body);
    if (k.code == nullptr) continue;
    ASSERT_TRUE(code.has_value()) << k.body;
    EXPECT_EQ(code->code, k.code) << k.body;
    EXPECT_FALSE(code->code_word.empty());
  }
  auto in_subject = c.ExtractCode("482913 is your Instagram code", "");
  ASSERT_TRUE(in_subject.has_value());
  EXPECT_TRUE(in_subject->in_subject);
  auto alnum = c.ExtractCode("", "Confirmation code: A7K9Q2");
  ASSERT_TRUE(alnum.has_value());
  EXPECT_TRUE(alnum->alphanumeric);
}

TEST(CodeTest, RefusesOtherNumbers) {
  const CodeCase cases[] = {
      {"", "ご注文番号 250-1234567-1234567 の商品を発送しました。", nullptr},
      {"", "Order number 1029384756 has shipped. Questions? Reply with your order code.", nullptr},
      {"", "お問い合わせ番号 123456789012 コードをお控えください", nullptr},
      {"", "電話: 0312345678 (コードは不要です)", nullptr},
      {"", "Call us at 0120123456 if you did not request a code.", nullptr},
      {"", "Tel 090-1234-5678. Your code will arrive by SMS.", nullptr},
      {"", "ご請求金額 ¥12,800 (コード決済)", nullptr},
      {"", "Total: $1,299.00. Use promo code SAVE20 at checkout.", nullptr},
      {"", "Price 4500円 — クーポンコード配布中", nullptr},
      {"", "2024年5月1日にコードを送信しました", nullptr},
      {"", "Sent on 2024/05/01 12:34. The code expires soon.", nullptr},
      {"", "Date 20240501: your code is on its way", nullptr},
      {"", "〒123-4567 東京都... 郵便番号 1234567 コード", nullptr},
      {"", "Zip code 94043", nullptr},
      {"", "Scan the QR code at https://example.com/track/8837261 to continue", nullptr},
      {"", "確認コードの有効期限は10分です。", nullptr},
      {"", "This message has nothing to enter: 123456.", nullptr},
      {"", "Copyright 2025. Your code of conduct.", nullptr},
  };
  const NoticeClassifier& c = NoticeClassifier::Default();
  for (const CodeCase& k : cases) {
    auto code = c.ExtractCode(k.subject, k.body);
    EXPECT_FALSE(code.has_value()) << k.body << " -> " << (code ? code->code : "");
  }
}

}  // namespace
}  // namespace kakunin::triage
