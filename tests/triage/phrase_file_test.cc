// The phrase file loader: the shipped file loads, bad files fail naming file and field.
#include <gtest/gtest.h>

#include <string>

#include "kakunin/notice.h"

namespace kakunin::triage {
namespace {

TEST(PhraseFileTest, RefusesBadFiles) {
  struct Bad {
    const char* json;
    const char* part;
  };
  const Bad cases[] = {
      {"{", "p.json: not JSON"},
      {R"j({"kinds": {"nonsense": []}})j", "kinds.nonsense: unknown notice kind"},
      {R"j({"kinds": {"other": []}})j", "kinds.other: unknown notice kind"},
      {R"j({"kinds": {"prize_lure": {"fr": []}}})j", "unknown language \"fr\""},
      {R"j({"kinds": {"prize_lure": {"ja": [""]}}})j", "kinds.prize_lure.ja[0]"},
      {R"j({"kinds": {"prize_lure": {"en": [{"text": "win", "weight": 0}]}}})j", "kinds.prize_lure.en[0].weight"},
      {R"j({"kinds": {"prize_lure": {"en": [{"text": "win", "colour": 1}]}}})j", "unknown key \"colour\""},
      {R"j({"kinds": {}, "extra": 1})j", "unknown key \"extra\""},
      {R"j({"kinds": {}, "subject_weight": 0})j", "subject_weight"},
      {R"j({"kinds": {}, "code_words": {"ja": [{"text": "x"}]}})j", "code_words.ja[0]"},
      {R"j({"no_kinds": 1})j", "unknown key"},
  };
  for (const Bad& b : cases) {
    auto r = NoticeClassifier::FromJson(b.json, "p.json");
    ASSERT_FALSE(r.has_value()) << b.json;
    EXPECT_NE(r.error().message.find(b.part), std::string::npos) << r.error().message;
  }
}

TEST(PhraseFileTest, UserFileWorks) {
  auto r = NoticeClassifier::FromJson(
      R"j({"kinds": {"prize_lure": {"en": ["jackpot"]}}, "code_words": ["kod"]})j", "p.json");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->ClassifyText("JACKPOT!", "").kind, NoticeKind::kPrizeLure);
  auto code = r->ExtractCode("", "kod: 123456");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, "123456");
}

}  // namespace
}  // namespace kakunin::triage
