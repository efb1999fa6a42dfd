// Notices over real mail in ../shared/corpus (parsed with mime::Message::Parse; links are never
// opened): a real login-code mail, and the Japanese Amazon phishing development set.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "kakunin/message.h"
#include "kakunin/notice.h"
#include "testing/paths.h"

namespace kakunin::triage {
namespace {

namespace fs = std::filesystem;

TEST(CorpusNoticeTest, RealLoginCodeMail) {
  fs::path f = fs::path(testing::SharedDir()) / "corpus/legit-dev/verifiable-offline/stalwart-dkim-005-topicbox-login-code.eml";
  if (!fs::exists(f)) GTEST_SKIP() << "no " << f;
  auto m = mime::Message::Parse(testing::ReadFileOrDie(f.string()));
  ASSERT_TRUE(m.has_value());
  Notice n = NoticeClassifier::Default().Classify(*m);
  EXPECT_EQ(NoticeKindName(n.kind), "sign_in_code");
  ASSERT_TRUE(n.code.has_value());
  EXPECT_EQ(n.code->code, "YKPMYE");
  EXPECT_TRUE(n.code->in_subject);
}

// Measured with this test (it prints the kinds): of the 38 Japanese Amazon phishing mails in
// phishing-dev/amazon-jp-mailinglist, 37 are classed as a lure kind (24 account_locked_lure, 13
// payment_problem_lure); the other one imitates a sign-in alert ("誰かがあなたのアカウントデータに
// アクセスしようとしています", sign_in_alert), which is the right kind. The bar allows one more miss.
// None of them carries a one-time code.
constexpr size_t kMinLures = 36;

TEST(CorpusNoticeTest, JapaneseAmazonPhishingIsALure) {
  fs::path dir = fs::path(testing::SharedDir()) / "corpus/phishing-dev/amazon-jp-mailinglist";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::map<std::string, int> kinds;
  size_t lures = 0, codes = 0;
  for (const fs::path& f : files) {
    auto m = mime::Message::Parse(testing::ReadFileOrDie(f.string()));
    ASSERT_TRUE(m.has_value()) << f;
    Notice n = NoticeClassifier::Default().Classify(*m);
    ++kinds[std::string(NoticeKindName(n.kind))];
    bool lure = n.kind == NoticeKind::kAccountLockedLure || n.kind == NoticeKind::kPaymentProblemLure ||
                n.kind == NoticeKind::kDeliveryProblemLure || n.kind == NoticeKind::kPrizeLure;
    lures += lure ? 1 : 0;
    codes += n.code ? 1 : 0;
    if (!lure) std::cout << "  not a lure: " << f.filename().string() << " " << NoticeKindName(n.kind) << " | " << m->subject() << "\n";
    if (n.code) std::cout << "  code " << n.code->code << " in " << f.filename().string() << "\n";
  }
  for (const auto& [k, count] : kinds) std::cout << "  " << k << ": " << count << "\n";
  std::cout << "lures " << lures << "/" << files.size() << ", codes " << codes << "\n";
  EXPECT_GE(lures, kMinLures);
  EXPECT_EQ(codes, 0u);
}

bool IsLure(NoticeKind k) {
  return k == NoticeKind::kAccountLockedLure || k == NoticeKind::kPaymentProblemLure ||
         k == NoticeKind::kDeliveryProblemLure || k == NoticeKind::kPrizeLure;
}

// Must-not-flag: developer mailing-list posts (legit-dev/mailing-list) are no lure and carry no code.
TEST(CorpusNoticeTest, MailingListPostsAreNotLures) {
  fs::path dir = fs::path(testing::SharedDir()) / "corpus/legit-dev/mailing-list";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  size_t count = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto m = mime::Message::Parse(testing::ReadFileOrDie(e.path().string()));
    ASSERT_TRUE(m.has_value()) << e.path();
    Notice n = NoticeClassifier::Default().Classify(*m);
    EXPECT_FALSE(IsLure(n.kind)) << e.path().filename() << ": " << NoticeKindName(n.kind);
    EXPECT_FALSE(n.code.has_value()) << e.path().filename() << ": code " << (n.code ? n.code->code : "");
    ++count;
  }
  EXPECT_GT(count, 0u);
}

}  // namespace
}  // namespace kakunin::triage
