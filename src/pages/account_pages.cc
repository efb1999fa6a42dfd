// The pages behind a session: the account (sessions, sign-out, authenticator app), the
// authenticator-app enrolment with its QR code, and the recovery codes (shown once).
#include <fmt/format.h>

#include <ctime>

#include "base/html.h"
#include "pages/markup.h"
#include "pages/render.h"

namespace kakunin::pages::internal {
namespace {

using base::EscapeHtml;
using nlohmann::json;

constexpr Text kPassword{"Current password", "現在のパスワード"};
constexpr Text kCode{"Code", "コード"};

std::string String(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Unix seconds as "2026-11-28 01:00 UTC" (the pages do not know the person's time zone).
std::string Time(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return "-";
  const std::time_t t = it->get<int64_t>();
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "-";
  char out[32];
  return std::strftime(out, sizeof out, "%Y-%m-%d %H:%M UTC", &tm) > 0 ? out : "-";
}

std::string TwoStepName(std::string_view method, std::string_view lang) {
  static constexpr Text kOff{"Off", "オフ"};
  static constexpr Text kEmail{"Code by e-mail", "メールでコード"};
  static constexpr Text kSms{"Code by SMS", "SMS でコード"};
  static constexpr Text kTotp{"Authenticator app", "認証アプリ"};
  return (method == "email" ? kEmail : method == "sms" ? kSms : method == "totp" ? kTotp : kOff).In(lang);
}

std::string SessionRows(const View& view, const json& sessions) {
  static constexpr Text kCurrent{"This browser", "このブラウザ"};
  static constexpr Text kRevoke{"End", "終了"};
  std::string rows;
  auto list = sessions.find("sessions");
  if (list == sessions.end() || !list->is_array()) return rows;
  for (const json& s : *list) {
    const bool current = s.value("current", false);
    std::string action;
    if (current) {
      action = fmt::format("<strong>{}</strong>", kCurrent.In(view.lang));
    } else {
      action = FormOpen(view, "/account/sessions/revoke", "revoke-" + EscapeHtml(String(s, "id"))) +
               fmt::format("<input type=\"hidden\" name=\"id\" value=\"{}\">", EscapeHtml(String(s, "id"))) +
               Button("revoke-button-" + EscapeHtml(String(s, "id")), kRevoke, view.lang) + "</form>";
    }
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", Time(s, "created_at"),
                        Time(s, "expires_at"), EscapeHtml(String(s, "ip")), EscapeHtml(String(s, "user_agent")), action);
  }
  return rows;
}

}  // namespace

std::string AccountPage(const View& view, const json& me, const json& sessions, std::string_view error,
                        std::string_view notice) {
  static constexpr Text kTitle{"Your account", "アカウント"};
  static constexpr Text kEmail{"E-mail address", "メールアドレス"};
  static constexpr Text kTwoStep{"2-step verification", "2 段階認証"};
  static constexpr Text kCreated{"Created", "作成日時"};
  static constexpr Text kSessions{"Where you are signed in", "ログイン中のセッション"};
  static constexpr Text kColumns[] = {{"Signed in", "ログイン日時"}, {"Expires", "有効期限"}, {"IP address", "IP アドレス"},
                                      {"Browser", "ブラウザ"}, {"", ""}};
  static constexpr Text kApp{"Authenticator app", "認証アプリ"};
  static constexpr Text kAppIntro{
      "Sign in with a code from an app such as Google Authenticator or Microsoft Authenticator as your second step.",
      "Google Authenticator や Microsoft Authenticator などのアプリのコードを 2 段階認証に使います。"};
  static constexpr Text kEnrol{"Set up an authenticator app", "認証アプリを設定"};
  static constexpr Text kReplaceIntro{"Lost your recovery codes, or used most of them? Make 10 new ones; the old ones stop working.",
                                      "リカバリーコードをなくした、またはほとんど使った場合は、新しい 10 個を作れます。古いコードは使えなくなります。"};
  static constexpr Text kReplace{"Make new recovery codes", "リカバリーコードを作り直す"};
  static constexpr Text kSignout{"Sign out", "ログアウト"};
  const std::string two_step = String(me, "two_step");
  std::string body = Alerts(error, notice);
  body += fmt::format(
      "<dl id=\"me\"><dt>{}</dt><dd id=\"me-email\">{}</dd><dt>{}</dt><dd id=\"me-two-step\" data-method=\"{}\">{}</dd>"
      "<dt>{}</dt><dd>{}</dd></dl>\n",
      kEmail.In(view.lang), EscapeHtml(String(me, "email")), kTwoStep.In(view.lang), EscapeHtml(two_step),
      TwoStepName(two_step, view.lang), kCreated.In(view.lang), Time(me, "created_at"));
  body += fmt::format("<section aria-labelledby=\"app-title\"><h2 id=\"app-title\">{}</h2>\n", kApp.In(view.lang));
  const bool totp = two_step == "totp";
  body += fmt::format("<p>{}</p>\n", (totp ? kReplaceIntro : kAppIntro).In(view.lang));
  body += FormOpen(view, totp ? "/account/recovery-codes" : "/account/totp", totp ? "recovery-codes-form" : "totp-form");
  body += FieldMarkup({"password", kPassword, kCurrentPasswordInput}, view.lang, !error.empty());
  body += Button("submit-app", totp ? kReplace : kEnrol, view.lang) + "</form></section>\n";
  body += fmt::format("<section aria-labelledby=\"sessions-title\"><h2 id=\"sessions-title\">{}</h2>"
                      "<table id=\"sessions\"><thead><tr>",
                      kSessions.In(view.lang));
  for (const Text& column : kColumns) body += fmt::format("<th scope=\"col\">{}</th>", column.In(view.lang));
  body += "</tr></thead><tbody>\n" + SessionRows(view, sessions) + "</tbody></table></section>\n";
  body += FormOpen(view, "/signout", "signout-form") + Button("signout", kSignout, view.lang) + "</form>\n";
  return Document(view, kTitle, body);
}

std::string TotpEnrollPage(const View& view, const json& enrol, std::string_view error) {
  static constexpr Text kTitle{"Set up an authenticator app", "認証アプリの設定"};
  static constexpr Text kScan{"1. Scan this QR code with the app.", "1. アプリでこの QR コードを読み取ってください。"};
  static constexpr Text kQrAlt{"QR code for your authenticator app", "認証アプリ用の QR コード"};
  static constexpr Text kManual{"Cannot scan? Enter this key in the app instead (time-based, {} digits, every {} seconds):",
                                "読み取れない場合は、このキーをアプリに入力してください（時間ベース、{} 桁、{} 秒ごと）:"};
  static constexpr Text kConfirm{"2. Enter the code the app shows now.", "2. アプリに表示されたコードを入力してください。"};
  static constexpr Text kAgainIntro{"Enter the code your authenticator app shows for this account.",
                                    "認証アプリに表示されているこのアカウントのコードを入力してください。"};
  static constexpr Text kSubmit{"Turn on", "有効にする"};
  static constexpr Text kCancel{"Cancel", "キャンセル"};
  std::string body = Alerts(error, "");
  if (!enrol.is_null()) {
    const json qr = enrol.value("qr", json::object());
    const std::optional<std::string> svg = SafeQrSvg(qr.is_object() ? String(qr, "svg") : "");
    body += fmt::format("<p>{}</p>\n", kScan.In(view.lang));
    if (svg) body += fmt::format("<figure id=\"qr\" role=\"img\" aria-label=\"{}\">{}</figure>\n", kQrAlt.In(view.lang), *svg);
    // The key in groups of four, as apps show it (they ignore the spaces).
    const std::string secret = String(enrol, "secret");
    std::string grouped;
    for (size_t i = 0; i < secret.size(); i += 4) grouped += (i ? " " : "") + secret.substr(i, 4);
    body += fmt::format("<p>{}</p><p><code id=\"secret\" class=\"secret\">{}</code></p>\n",
                        fmt::format(fmt::runtime(kManual.In(view.lang)), enrol.value("digits", 6), enrol.value("period", 30)),
                        EscapeHtml(grouped));
    body += fmt::format("<p>{}</p>\n", kConfirm.In(view.lang));
  } else {
    body += fmt::format("<p>{}</p>\n", kAgainIntro.In(view.lang));
  }
  body += FormOpen(view, "/account/totp/confirm", "totp-confirm-form");
  body += FieldMarkup({"code", kCode, kCodeInput}, view.lang, !error.empty());
  body += Button("submit", kSubmit, view.lang) +
          fmt::format(" <a id=\"cancel\" href=\"/account?lang={}\">{}</a></form>\n", view.lang == "ja" ? "ja" : "en",
                      kCancel.In(view.lang));
  return Document(view, kTitle, body);
}

std::string RecoveryCodesPage(const View& view, const std::vector<std::string>& codes) {
  static constexpr Text kTitle{"Your recovery codes", "リカバリーコード"};
  static constexpr Text kIntro{
      "If you lose your phone, each of these codes lets you sign in once instead of an app code. They are shown only "
      "now: print them or keep them in your password manager.",
      "スマートフォンをなくしたときは、アプリのコードの代わりにこれらのコードで 1 回ずつログインできます。表示されるのは今回"
      "だけです。印刷するか、パスワード管理アプリに保存してください。"};
  static constexpr Text kDone{"I have saved them: continue", "保存しました（アカウントへ）"};
  std::string list;
  for (const std::string& code : codes) list += fmt::format("<li><code>{}</code></li>", EscapeHtml(code));
  return Document(view, kTitle,
                  fmt::format("<p role=\"status\" id=\"notice\" class=\"notice\">{}</p>\n<ol id=\"recovery-codes\" "
                              "class=\"codes\">{}</ol>\n<p><a id=\"done\" href=\"/account?lang={}\">{}</a></p>",
                              kIntro.In(view.lang), list, view.lang == "ja" ? "ja" : "en", kDone.In(view.lang)));
}

std::optional<std::string> SafeQrSvg(std::string_view svg) {
  // The service draws it (otp::QrSvg) from the otpauth URI, which carries the address; only
  // module coordinates reach the markup. Checked anyway, since it is inlined unescaped: every
  // tag must be one of the four below, and no attribute may be an event handler, a link or style.
  if (!svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" ") || !svg.ends_with("</svg>")) return std::nullopt;
  static constexpr std::string_view kTags[] = {"<svg ", "<rect ", "<path ", "</svg>"};
  for (size_t at = svg.find('<'); at != std::string_view::npos; at = svg.find('<', at + 1)) {
    bool known = false;
    for (std::string_view tag : kTags) known = known || svg.substr(at).starts_with(tag);
    if (!known) return std::nullopt;
  }
  for (std::string_view bad : {" on", "href", "style", "&", "url("}) {
    if (svg.find(bad) != std::string_view::npos) return std::nullopt;
  }
  return std::string(svg);
}

}  // namespace kakunin::pages::internal
