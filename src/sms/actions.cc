// The SMS action plan (docs/sms.md, "What to do"). The steps differ from mail's: a code by SMS
// that you did not ask for says the attacker got further (past the password, or to your number).
#include <fmt/format.h>

#include "inspect/action_writer.h"
#include "sms/policy.h"

namespace kakunin::sms::internal {
namespace {

using triage::NoticeKind;

// Carriers' own pages for reporting a phishing SMS, each read on the carrier's site. No
// forwarding address is listed: none could be confirmed from a carrier page, so the reader is
// sent to the page that explains the carrier's current procedure.
constexpr const char* kDocomoSmsReport = "https://www.docomo.ne.jp/info/spam_mail/if/sms/";
constexpr const char* kSoftbankReport = "https://www.softbank.jp/mobile/support/mail/antispam/howto/report/";

class Planner : public inspect::ActionWriter {
 public:
  Planner(const Report& report, const Evidence& e, const brands::Brand* brand)
      : ActionWriter(brand, "that service"), report_(report), e_(e) {}

  // Where to go by yourself: the registry's account page, else its first own domain.
  std::string Site() const {
    if (brand_ == nullptr) return "";
    if (!brand_->change_email_url.empty()) return brand_->change_email_url;
    if (!brand_->two_step_url.empty()) return brand_->two_step_url;
    if (!brand_->mail_domains.empty()) return "https://" + brand_->mail_domains.front() + "/";
    if (!brand_->link_domains.empty()) return "https://" + brand_->link_domains.front() + "/";
    return "";
  }

  void KeepCodeSecret() {
    if (!report_.notice.code) return;
    Add("code.keep_secret",
        fmt::format("Never give the code {} to anyone, and never type it into a site a message sent you to: {} will "
                    "never ask for it by phone, message or chat.",
                    report_.notice.code->code, Name()),
        fmt::format("コード {} は誰にも教えず、メッセージのリンク先にも入力しないでください。{} が電話・メッセージ・"
                    "チャットで尋ねることはありません。",
                    report_.notice.code->code, NameJa()));
  }

  void Odds() { ActionWriter::Odds(report_.odds_en, report_.odds_ja, report_.odds_over_window); }

  void ChangePasswordNow() {
    if (brand_ == nullptr) {
      Add("account.change_password",
          "If you know which service the code is for, change its password now on its real site or app, opened by "
          "yourself -- not through a link in a message -- and sign out other sessions.",
          "どのサービスのコードか分かる場合は、メッセージのリンクではなく自分で開いた正規サイトか公式アプリから今すぐ"
          "パスワードを変更し、他の端末のログインも解除してください。");
      Add("account.password_reuse", "If you used the same password anywhere else, change it there too.",
          "同じパスワードを他のサービスでも使っている場合は、そちらも変更してください。");
      return;
    }
    Add("account.change_password",
        fmt::format("Change your {} password now on its real site or app, opened by yourself{} -- not through a link "
                    "in a message -- and sign out other sessions.",
                    Name(), At(Site())),
        fmt::format("今すぐ {} のパスワードを変更してください。メッセージのリンクではなく、自分で開いた正規サイトか"
                    "公式アプリから{}行い、他の端末のログインも解除してください。",
                    NameJa(), AtJa(Site())));
    PasswordReuse();
  }

  void TwoStep() {
    const std::string url = brand_ ? brand_->two_step_url : "";
    Add("account.two_step", fmt::format("Keep 2-step verification on for {}{}.", Name(), At(url)),
        fmt::format("{} の 2 段階認証を有効にしておいてください{}。", NameJa(), AtJa(url)));
  }

  void ReportMessage() {
    Add("sms.report_carrier",
        fmt::format("Report the message to your mobile carrier (in Japan, docomo: {}; SoftBank: {}; other carriers: "
                    "their spam-report page), then block the sender.",
                    kDocomoSmsReport, kSoftbankReport),
        fmt::format("携帯電話会社に迷惑メッセージとして報告し（ドコモ: {}、ソフトバンク: {}、その他の会社は各社の"
                    "迷惑メッセージ報告窓口）、送信者をブロックしてください。",
                    kDocomoSmsReport, kSoftbankReport));
    if (brand_ && !brand_->report_phishing.empty()) {
      Add("phishing.report",
          fmt::format("Tell {} too: {} (send the text of the message and its sender).", Name(), brand_->report_phishing),
          fmt::format("{} にも報告してください: {}（メッセージの本文と送信者を伝えてください）。", NameJa(),
                      brand_->report_phishing));
    }
  }

  void CodeNotice(bool genuine) {
    const std::string lead_en = genuine ? fmt::format("This looks like a real {} message. ", Name()) : "";
    const std::string lead_ja = genuine ? fmt::format("{} からの本物のメッセージと見られます。", NameJa()) : "";
    switch (e_.kind) {
      case NoticeKind::kSignInCode:
        Add("notice.unrequested_sign_in_code",
            lead_en + "If you were not signing in just now, someone else was -- and a sign-in code is sent only after "
                      "the password was accepted: your password is known.",
            lead_ja + "今ログインしようとしていなければ、他の誰かがログインしようとしています。ログイン用のコードは"
                      "パスワードが通った後に送られるため、パスワードが知られています。");
        KeepCodeSecret();
        ChangePasswordNow();
        TwoStep();
        break;
      case NoticeKind::kEmailVerification:
        Add("notice.number_registration",
            lead_en + fmt::format("If you did not ask for it, someone is registering an account at {} with your phone "
                                  "number (or adding your number to theirs). Without the code they cannot finish: "
                                  "ignore the message.",
                                  Name()),
            lead_ja + fmt::format("心当たりがなければ、誰かがあなたの電話番号で {} のアカウントを登録しようとしています"
                                  "（または自分のアカウントにあなたの番号を追加しようとしています）。コードがなければ"
                                  "完了できないので、無視してください。",
                                  NameJa()));
        KeepCodeSecret();
        Add("account.check_number",
            fmt::format("If you have a {} account, sign in yourself{} and check which phone number and e-mail address "
                        "it lists.",
                        Name(), At(Site())),
            fmt::format("{} のアカウントをお持ちなら、自分でログインして{}登録されている電話番号とメールアドレスを確認"
                        "してください。",
                        NameJa(), AtJa(Site())));
        break;
      case NoticeKind::kPasswordReset:
        Add("notice.unrequested_reset",
            lead_en + fmt::format("If you did not ask for it, someone asked {} to reset your password with your phone "
                                  "number: they know your number is registered there. Ignore the message.",
                                  Name()),
            lead_ja + fmt::format("心当たりがなければ、誰かがあなたの電話番号で {} のパスワード再設定を申し込みました。"
                                  "番号が登録されていることを知られています。メッセージは無視してください。",
                                  NameJa()));
        KeepCodeSecret();
        TwoStep();
        break;
      default:  // Sign-in alert, account change.
        Add("notice.unrecognised_activity",
            lead_en + "If it was not you, act now:", lead_ja + "心当たりがなければ、すぐに対処してください:");
        ChangePasswordNow();
        TwoStep();
        return;
    }
    Odds();
  }

  void Genuine() { CodeNotice(true); }

  void Phishing() {
    Add("sms.do_not_tap", "Do not tap its links, reply, or call any number in it.",
        "リンクを開かず、返信も、記載の番号への電話もしないでください。");
    KeepCodeSecret();
    ReportMessage();
    Add("sms.delete", "Then delete it.", "その後、削除してください。");
    Add("phishing.if_entered",
        fmt::format("If you already entered a password, change it now on {}'s real site or app{} and review its "
                    "sessions; if you entered card details, call your card issuer; if you installed an app from the "
                    "link, uninstall it and ask your carrier for help.",
                    Name(), At(Site())),
        fmt::format("すでにパスワードを入力した場合は {} の正規サイトかアプリ{}で今すぐ変更し、ログイン履歴を確認して"
                    "ください。カード情報を入力した場合はカード会社に連絡し、リンクからアプリを入れた場合は削除して"
                    "携帯電話会社に相談してください。",
                    NameJa(), AtJa(Site())));
  }

  void Suspicious() {
    Add("suspicious.go_direct",
        fmt::format("Do not use its links or call numbers in it. If it matters, open {} yourself (typed address or "
                    "app{}) and check there.",
                    Name(), Site().empty() ? "" : ", " + Site()),
        fmt::format("リンクや記載の番号は使わず、必要なら {} を自分で開いて（アドレス入力または公式アプリ{}）確認して"
                    "ください。",
                    NameJa(), Site().empty() ? "" : "、" + Site()));
    KeepCodeSecret();
  }

  void Unknown() {
    if (e_.code_notice) {
      // A code nobody asked for still tells the reader what happened, whoever sent it.
      CodeNotice(false);
      return;
    }
    Add("unknown.go_direct",
        fmt::format("kakunin cannot tell who sent this. If it matters, do not use its links; open {} yourself{} to "
                    "check.",
                    Name(), At(Site())),
        fmt::format("送信者は確認できません。必要ならリンクは使わず、{} を自分で開いて{}確認してください。", NameJa(),
                    AtJa(Site())));
    KeepCodeSecret();
  }

 private:
  const Report& report_;
  const Evidence& e_;
};

}  // namespace

std::vector<Action> PlanActions(const Report& report, const Evidence& e, const brands::Brand* brand) {
  Planner p(report, e, brand);
  switch (report.verdict) {
    case Verdict::kGenuine: p.Genuine(); break;
    case Verdict::kPhishing: p.Phishing(); break;
    case Verdict::kSuspicious: p.Suspicious(); break;
    case Verdict::kUnknown: p.Unknown(); break;
  }
  return p.Take();
}

}  // namespace kakunin::sms::internal
