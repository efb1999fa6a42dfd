// What the mail and SMS action plans share: the brand's names and pages, and the steps whose
// wording does not depend on the channel. inspect/actions.cc and sms/actions.cc derive their
// planners from ActionWriter. Internal to inspect/ and sms/.
#ifndef KAKUNIN_INSPECT_ACTION_WRITER_H_
#define KAKUNIN_INSPECT_ACTION_WRITER_H_

#include <string>
#include <utility>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/inspect.h"

namespace kakunin::inspect {

class ActionWriter {
 public:
  // `brand` may be null; then the steps speak of `unnamed_en` ("the service", "that service").
  ActionWriter(const brands::Brand* brand, std::string unnamed_en) : brand_(brand), unnamed_en_(std::move(unnamed_en)) {}

  std::vector<Action> Take() { return std::move(out_); }

  // Above this chance of guessing over the attacker's window, a code is called guessable.
  static constexpr double kGuessable = 0.01;

 protected:
  std::string Name() const { return brand_ ? brand_->name_en : unnamed_en_; }
  std::string NameJa() const {
    return brand_ ? (brand_->name_ja.empty() ? brand_->name_en : brand_->name_ja) : std::string("そのサービス");
  }
  // " (URL)" / "（URL）" when the registry knows the page, else nothing.
  static std::string At(const std::string& url) { return url.empty() ? std::string() : " (" + url + ")"; }
  static std::string AtJa(const std::string& url) { return url.empty() ? std::string() : "（" + url + "）"; }

  void Add(std::string id, std::string en, std::string ja) {
    out_.push_back(Action{std::move(id), std::move(en), std::move(ja)});
  }

  void PasswordReuse() {
    Add("account.password_reuse", "If you used the same password anywhere else, change it there too.",
        "同じパスワードを他のサービスでも使っている場合は、そちらも変更してください。");
  }

  // The brute-force odds of the code (triage::DescribeCodeOdds), said as guessable or hard.
  void Odds(const std::string& odds_en, const std::string& odds_ja, double over_window) {
    if (odds_en.empty()) return;
    if (over_window >= kGuessable) {
      Add("code.odds",
          "The code alone does not let anyone in, but a code this short can be guessed if the service allows many "
          "tries: " + odds_en,
          "コードだけではログインできませんが、この長さのコードは試行回数の制限が緩いと推測されるおそれがあります: " +
              odds_ja);
      return;
    }
    Add("code.odds", "The code alone does not let anyone in, and guessing it is hard: " + odds_en,
        "コードだけではログインできず、推測も困難です: " + odds_ja);
  }

  const brands::Brand* brand_;

 private:
  std::string unnamed_en_;
  std::vector<Action> out_;
};

}  // namespace kakunin::inspect

#endif  // KAKUNIN_INSPECT_ACTION_WRITER_H_
