#include "inspect/actions.h"

#include <fmt/format.h>

#include "inspect/action_writer.h"

namespace kakunin::inspect {
namespace {

using triage::NoticeKind;

class Planner : public ActionWriter {
 public:
  Planner(const Report& report, const brands::Brand* brand) : ActionWriter(brand, "the service"), report_(report) {}

  void DoNotShareCode() {
    if (!report_.notice.code) return;
    Add("code.keep_secret",
        fmt::format("Never give the code {} to anyone: {} will never ask for it by phone, mail or chat.",
                    report_.notice.code->code, Name()),
        fmt::format("コード {} は誰にも教えないでください。{} が電話・メール・チャットで尋ねることはありません。",
                    report_.notice.code->code, NameJa()));
  }

  void Odds() { ActionWriter::Odds(report_.odds_en, report_.odds_ja, report_.odds_over_window); }

  void MoveToAlias() {
    Add("account.alias",
        fmt::format("Someone typed your address into {}, so they know you have an account there. Move the account to "
                    "an address only {} knows (kakunin alias new {} --base YOUR-ADDRESS){}.",
                    Name(), Name(), brand_ ? brand_->id : "SERVICE", At(brand_ ? brand_->change_email_url : "")),
        fmt::format("誰かが {} にあなたのアドレスを入力しました。アカウントの存在が知られています。{} 専用のアドレスに"
                    "変更してください（kakunin alias new {} --base あなたのアドレス）{}。",
                    NameJa(), NameJa(), brand_ ? brand_->id : "SERVICE", At(brand_ ? brand_->change_email_url : "")));
  }

  void CheckBreaches() {
    Add("account.breach_check",
        "Check whether your address and passwords appear in known breaches (kakunin breach check; the password "
        "never leaves your computer).",
        "アドレスやパスワードが既知の漏えいに含まれていないか確認してください（kakunin breach check。"
        "パスワードは外部に送られません）。");
  }

  void TwoStep() {
    Add("account.two_step",
        fmt::format("Turn on 2-step verification for {}{}.", Name(), At(brand_ ? brand_->two_step_url : "")),
        fmt::format("{} の 2 段階認証を有効にしてください{}。", NameJa(), At(brand_ ? brand_->two_step_url : "")));
  }

  void ChangePasswordNow() {
    Add("account.change_password",
        fmt::format("Change your {} password now, by typing its address yourself or using its app (not a link in a "
                    "mail), and sign out other sessions.",
                    Name()),
        fmt::format("今すぐ {} のパスワードを変更してください。メールのリンクではなく、自分でアドレスを入力するか"
                    "公式アプリから操作し、他の端末のログインも解除してください。",
                    NameJa()));
    PasswordReuse();
  }

  void Genuine() {
    switch (report_.notice.kind) {
      case NoticeKind::kEmailVerification:
      case NoticeKind::kPasswordReset:
        Add("notice.unrequested",
            fmt::format("This mail really comes from {}. If you did not ask for it, someone else entered your address; "
                        "ignore the mail and do not click its links.",
                        Name()),
            fmt::format("このメールは {} からの本物です。心当たりがなければ、他人があなたのアドレスを入力しています。"
                        "メールは無視し、リンクは開かないでください。",
                        NameJa()));
        DoNotShareCode();
        MoveToAlias();
        CheckBreaches();
        TwoStep();
        Odds();
        return;
      case NoticeKind::kSignInCode:
        Add("notice.unrequested_sign_in_code",
            fmt::format("This code really comes from {}. If you were not signing in, someone has your password.",
                        Name()),
            fmt::format("このコードは {} からの本物です。ログイン中でなければ、誰かがあなたのパスワードを知っています。",
                        NameJa()));
        DoNotShareCode();
        ChangePasswordNow();
        TwoStep();
        Odds();
        return;
      case NoticeKind::kSignInAlert:
      case NoticeKind::kAccountChange:
        Add("notice.unrecognised_activity",
            fmt::format("This notice really comes from {}. If it was not you, act now:", Name()),
            fmt::format("この通知は {} からの本物です。心当たりがなければ、すぐに対処してください:", NameJa()));
        ChangePasswordNow();
        TwoStep();
        return;
      default:
        Add("notice.nothing_to_do",
            fmt::format("This mail really comes from {}; nothing in it needs action beyond what it says.", Name()),
            fmt::format("このメールは {} からの本物です。特別な対処は不要です。", NameJa()));
        return;
    }
  }

  void Phishing() {
    Add("phishing.do_not_click", "Do not click its links, open attachments or reply.",
        "リンクを開いたり、添付ファイルを開いたり、返信したりしないでください。");
    if (brand_ && !brand_->report_phishing.empty()) {
      Add("phishing.report", fmt::format("Report it to {}: {}", Name(), brand_->report_phishing),
          fmt::format("{} に報告してください: {}", NameJa(), brand_->report_phishing));
    }
    Add("phishing.delete", "Then delete it.", "その後、削除してください。");
    Add("phishing.if_entered",
        fmt::format("If you already entered a password, change it now on {}'s real site or app and review its "
                    "sessions; if you entered card details, call your card issuer.",
                    Name()),
        fmt::format("すでにパスワードを入力した場合は、{} の正規サイトかアプリで今すぐ変更し、ログイン履歴を確認して"
                    "ください。カード情報を入力した場合はカード会社に連絡してください。",
                    NameJa()));
  }

  void Suspicious() {
    Add("suspicious.go_direct",
        fmt::format("Do not use its links. If it matters, open {} yourself (typed address or app) and check there.",
                    Name()),
        fmt::format("メールのリンクは使わず、必要なら {} を自分で開いて（アドレス入力または公式アプリ）確認してください。",
                    NameJa()));
    DoNotShareCode();
  }

  void Unknown() {
    if (report_.brand) {
      Add("unknown.go_direct",
          fmt::format("kakunin could not confirm this mail. Do not use its links; open {} yourself to check.", Name()),
          fmt::format("このメールの真偽を確認できませんでした。リンクは使わず、{} を自分で開いて確認してください。",
                      NameJa()));
      DoNotShareCode();
    }
  }

 private:
  const Report& report_;
};

}  // namespace

std::vector<Action> PlanActions(const Report& report, const brands::Brand* brand) {
  Planner p(report, brand);
  switch (report.verdict) {
    case Verdict::kGenuine: p.Genuine(); break;
    case Verdict::kPhishing: p.Phishing(); break;
    case Verdict::kSuspicious: p.Suspicious(); break;
    case Verdict::kUnknown: p.Unknown(); break;
  }
  return p.Take();
}

}  // namespace kakunin::inspect
