#include "mime/encoded_words.h"

#include <gtest/gtest.h>

#include "kakunin/message.h"

namespace kakunin::mime {
namespace {

using internal::JoinAdjacentBase64Words;

TEST(EncodedWordsTest, JoinsBase64WordsOfOneCharset) {
  // "Amazon.co.jp: お支払い方法の更新が" + "必要です": the first word ends in '=' padding.
  EXPECT_EQ(JoinAdjacentBase64Words("=?UTF-8?B?QW1hem9u?= =?utf-8?b?LmNvLmpw?="), "=?UTF-8?B?QW1hem9uLmNvLmpw?=");
  EXPECT_EQ(JoinAdjacentBase64Words("=?UTF-8?B?44GC?=\t =?UTF-8?B?44GE?="), "=?UTF-8?B?44GC44GE?=");
}

TEST(EncodedWordsTest, KeepsEverythingElse) {
  for (const char* s : {"plain text", "=?UTF-8?B?44GC?= text =?UTF-8?B?44GE?=",
                        "=?UTF-8?B?44GC?= =?ISO-2022-JP?B?GyRCJCIbKEI=?=", "=?UTF-8?Q?a?= =?UTF-8?Q?b?=",
                        "=?broken", "=??B?x?=", "=?UTF-8?B?a b?= =?UTF-8?B?c?="}) {
    EXPECT_EQ(JoinAdjacentBase64Words(s), s) << s;
  }
}

TEST(EncodedWordsTest, SubjectSplitAfterPaddingDecodesWhole) {
  std::string mail =
      "From: a@example.com\r\nSubject: =?UTF-8?B?QW1hem9uLmNvLmpwOiDjgYrmlK/miZXjgYTmlrnms5Xjga7mm7TmlrDjgYw=?=\r\n"
      " =?UTF-8?B?5b+F6KaB44Gn44GZ?=\r\n\r\nbody\r\n";
  auto m = Message::Parse(mail);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->subject(), "Amazon.co.jp: お支払い方法の更新が必要です");
  // A character split across two words (legal per 2047 or not, senders do it) is put back together.
  auto split = Message::Parse("From: a@example.com\r\nSubject: =?UTF-8?B?44E=?= =?UTF-8?B?gg==?=\r\n\r\nx\r\n");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->subject(), "あ");
}

}  // namespace
}  // namespace kakunin::mime
