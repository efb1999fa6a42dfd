// The pages before a session exists: sign-up, address verification, sign-in and its second
// step, password reset, and the refusal of a forged form.
#include <fmt/format.h>

#include "base/html.h"
#include "pages/markup.h"
#include "pages/render.h"

namespace kakunin::pages::internal {
namespace {

using base::EscapeHtml;

constexpr Text kEmail{"E-mail address", "メールアドレス"};
constexpr Text kPassword{"Password", "パスワード"};
constexpr Text kNewPassword{"New password", "新しいパスワード"};
constexpr Text kPasswordHint{"At least 8 characters. A few unrelated words are easy to remember and hard to guess.",
                             "8 文字以上。関係のない単語をいくつか並べると、覚えやすく推測されにくいパスワードになります。"};
constexpr Text kCode{"Code", "コード"};

std::string Link(std::string_view id, std::string_view path, std::string_view lang, const Text& label) {
  return fmt::format("<a id=\"{}\" href=\"{}?lang={}\">{}</a>", id, path, lang == "ja" ? "ja" : "en", label.In(lang));
}

// "We sent it to <address>" as a paragraph (the address as the person typed it).
std::string SentTo(std::string_view email, std::string_view lang) {
  static constexpr Text kTo{"Address: ", "宛先: "};
  return fmt::format("<p class=\"muted\">{}<span id=\"address\">{}</span></p>\n", kTo.In(lang), EscapeHtml(email));
}

}  // namespace

std::string SignupPage(const View& view, std::string_view email, std::string_view error) {
  static constexpr Text kTitle{"Create an account", "アカウント作成"};
  static constexpr Text kSubmit{"Create account", "アカウントを作成"};
  static constexpr Text kHave{"Already have an account? Sign in", "アカウントをお持ちの方はログイン"};
  const bool invalid = !error.empty();
  std::string body = Alerts(error, "") + FormOpen(view, "/signup", "signup-form");
  body += FieldMarkup({"email", kEmail, kEmailInput, email}, view.lang, invalid);
  body += FieldMarkup({"password", kPassword, kNewPasswordInput, {}, {}, &kPasswordHint}, view.lang, invalid);
  body += Button("submit", kSubmit, view.lang) + "</form>\n<p>" + Link("signin-link", "/signin", view.lang, kHave) + "</p>";
  return Document(view, kTitle, body);
}

std::string VerifyPage(const View& view, std::string_view email, std::string_view error, std::string_view notice) {
  static constexpr Text kTitle{"Confirm your e-mail address", "メールアドレスの確認"};
  static constexpr Text kIntro{"Enter the code from the message we sent.", "お送りしたメールに記載のコードを入力してください。"};
  static constexpr Text kSubmit{"Confirm", "確認"};
  static constexpr Text kResend{"Send a new code", "コードを再送"};
  std::string body = Alerts(error, notice) + fmt::format("<p>{}</p>\n", kIntro.In(view.lang)) + SentTo(email, view.lang);
  body += FormOpen(view, "/verify", "verify-form");
  body += FieldMarkup({"code", kCode, kCodeInput}, view.lang, !error.empty());
  body += Button("submit", kSubmit, view.lang) + " " + Button("resend", kResend, view.lang, "action", "resend") + "</form>\n";
  return Document(view, kTitle, body);
}

std::string SigninPage(const View& view, std::string_view email, std::string_view error, std::string_view notice) {
  static constexpr Text kTitle{"Sign in", "ログイン"};
  static constexpr Text kSubmit{"Sign in", "ログイン"};
  static constexpr Text kForgot{"Forgot your password?", "パスワードをお忘れの方"};
  static constexpr Text kNew{"Create an account", "アカウントを作成"};
  std::string body = Alerts(error, notice) + FormOpen(view, "/signin", "signin-form");
  body += FieldMarkup({"email", kEmail, kUsernameInput, email}, view.lang, !error.empty());
  body += FieldMarkup({"password", kPassword, kCurrentPasswordInput}, view.lang, !error.empty());
  body += Button("submit", kSubmit, view.lang) + "</form>\n";
  body += "<p>" + Link("reset-link", "/reset", view.lang, kForgot) + "</p><p>" +
          Link("signup-link", "/signup", view.lang, kNew) + "</p>";
  return Document(view, kTitle, body);
}

std::string CodePage(const View& view, std::string_view channel, std::string_view error, std::string_view notice) {
  static constexpr Text kTitle{"2-step verification", "2 段階認証"};
  static constexpr Text kMail{"Enter the code from the message we sent to your e-mail address.",
                              "メールアドレスにお送りしたコードを入力してください。"};
  static constexpr Text kSms{"Enter the code from the text message (SMS) we sent to your phone.",
                             "携帯電話に SMS でお送りしたコードを入力してください。"};
  static constexpr Text kTotp{"Enter the code your authenticator app shows for this account.",
                              "認証アプリに表示されているこのアカウントのコードを入力してください。"};
  static constexpr Text kSubmit{"Continue", "続ける"};
  static constexpr Text kResend{"Send a new code", "コードを再送"};
  static constexpr Text kUseRecovery{"Lost your phone? Use a recovery code", "スマートフォンが使えない場合: リカバリーコードを使う"};
  static constexpr Text kRecovery{"Recovery code", "リカバリーコード"};
  static constexpr Text kRecoveryHint{"One of the 10 codes you saved when you set up the app. Each works once.",
                                      "アプリの設定時に保存した 10 個のコードのどれか 1 つ。各コードは 1 回だけ使えます。"};
  static constexpr Text kRecoverySubmit{"Use recovery code", "リカバリーコードを使う"};
  const bool totp = channel == "totp";
  const Text& intro = totp ? kTotp : channel == "sms" ? kSms : kMail;
  std::string body = Alerts(error, notice) + fmt::format("<p id=\"code-intro\">{}</p>\n", intro.In(view.lang));
  body += FormOpen(view, "/signin/code", "code-form");
  body += FieldMarkup({"code", kCode, kCodeInput}, view.lang, !error.empty());
  body += Button("submit", kSubmit, view.lang);
  if (!totp) body += " " + Button("resend", kResend, view.lang, "action", "resend");
  body += "</form>\n";
  if (totp) {
    body += fmt::format("<details id=\"use-recovery\"><summary>{}</summary>\n", kUseRecovery.In(view.lang));
    body += FormOpen(view, "/signin/code", "recovery-form");
    body += FieldMarkup({"recovery-code", kRecovery,
                         "type=\"text\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" "
                         "maxlength=\"32\" required",
                         {}, "code", &kRecoveryHint},
                        view.lang, false);
    body += Button("recovery-submit", kRecoverySubmit, view.lang) + "</form></details>\n";
  }
  return Document(view, kTitle, body);
}

std::string ResetPage(const View& view, std::string_view email, std::string_view error) {
  static constexpr Text kTitle{"Reset your password", "パスワードの再設定"};
  static constexpr Text kIntro{"Enter the address of your account. We will send a code to it.",
                               "アカウントのメールアドレスを入力してください。コードをお送りします。"};
  static constexpr Text kSubmit{"Send code", "コードを送信"};
  static constexpr Text kBack{"Back to sign-in", "ログインに戻る"};
  std::string body = Alerts(error, "") + fmt::format("<p>{}</p>\n", kIntro.In(view.lang)) + FormOpen(view, "/reset", "reset-form");
  body += FieldMarkup({"email", kEmail, kEmailInput, email}, view.lang, !error.empty());
  body += Button("submit", kSubmit, view.lang) + "</form>\n<p>" + Link("signin-link", "/signin", view.lang, kBack) + "</p>";
  return Document(view, kTitle, body);
}

std::string ResetConfirmPage(const View& view, std::string_view email, std::string_view error) {
  static constexpr Text kTitle{"Choose a new password", "新しいパスワードの設定"};
  static constexpr Text kSubmit{"Change password", "パスワードを変更"};
  std::string body = Alerts(error, error.empty() ? NoticeMessage("sent", view.lang) : "") + SentTo(email, view.lang);
  body += FormOpen(view, "/reset/confirm", "reset-confirm-form");
  // The address again, hidden, so that a password manager files the new password under it.
  body += fmt::format("<input type=\"hidden\" name=\"username\" autocomplete=\"username\" value=\"{}\">\n",
                      EscapeHtml(email));
  body += FieldMarkup({"code", kCode, kCodeInput}, view.lang, !error.empty());
  body += FieldMarkup({"new-password", kNewPassword, kNewPasswordInput, {}, "new_password", &kPasswordHint}, view.lang,
                      !error.empty());
  body += Button("submit", kSubmit, view.lang) + "</form>\n";
  return Document(view, kTitle, body);
}

std::string ForbiddenPage(const View& view) {
  static constexpr Text kTitle{"This form cannot be accepted", "このフォームは受け付けられません"};
  static constexpr Text kText{
      "It was sent from another site, or the page was open for too long. Go back, reload the page and try again.",
      "別のサイトから送信されたか、ページを開いてから時間が経ちすぎています。前のページに戻り、再読み込みしてからもう一度お試しください。"};
  static constexpr Text kSignin{"Go to sign-in", "ログインへ"};
  return Document(view, kTitle,
                  fmt::format("<p id=\"error\" role=\"alert\" class=\"error\">{}</p><p>{}</p>", kText.In(view.lang),
                              Link("signin-link", "/signin", view.lang, kSignin)));
}

}  // namespace kakunin::pages::internal
