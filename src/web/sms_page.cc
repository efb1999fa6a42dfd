// The SMS tab: sms::Analyze's report as a page, built from the same parts as the mail report.
#include "web/sms_page.h"

#include <fmt/format.h>

#include "web/internal.h"
#include "web/page_shell.h"

namespace kakunin::web {
namespace {

using internal::Text;

std::string LangSwitchLink(std::string_view path, std::string_view lang) {
  const bool ja = lang == "ja";
  return fmt::format("<a href=\"{}?lang={}\" lang=\"{}\" id=\"lang-switch\">{}</a>", path, ja ? "en" : "ja",
                     ja ? "en" : "ja", ja ? "English" : "日本語");
}

}  // namespace

std::string RenderSmsPage(const PageContext& context, std::string_view error) {
  const std::string_view lang = context.lang;
  static constexpr Text kTitle{"Is this text message genuine?", "この SMS は本物？"};
  static constexpr Text kIntro{
      "Paste the text of an SMS (or +メッセージ / iMessage) and, if you like, the sender name or number as your "
      "phone shows it. A text message carries no sender authentication: anyone can send as \"Amazon\", so kakunin "
      "judges by what the text says and where its links really go.",
      "SMS（または +メッセージ / iMessage）の本文を貼り付けてください。差出人名や番号も、スマートフォンの表示どおりに入力できます"
      "（省略可）。SMS には送信元の認証がなく、誰でも「Amazon」を名乗って送れるため、kakunin は本文の内容とリンクの"
      "本当の行き先で判断します。"};
  static constexpr Text kSender{"Sender (optional)", "差出人（省略可）"};
  static constexpr Text kText{"Message text", "本文"};
  static constexpr Text kCheck{"Check this message", "このメッセージを確認"};
  std::string body = fmt::format("<section class=\"card\"><h1>{}</h1><p>{}</p>", kTitle.In(lang), kIntro.In(lang));
  if (!error.empty()) body += fmt::format("<p class=\"error\" id=\"error\">{}</p>", EscapeHtml(error));
  body += fmt::format(
      "<form id=\"sms-form\" method=\"post\" action=\"/sms\" enctype=\"multipart/form-data\">{}"
      "<input type=\"hidden\" name=\"lang\" value=\"{}\">"
      "<p><label for=\"sender\">{}</label><br><input type=\"text\" id=\"sender\" name=\"sender\" maxlength=\"64\" "
      "autocomplete=\"off\"></p>"
      "<p><label for=\"text\">{}</label><br><textarea id=\"text\" name=\"text\" spellcheck=\"false\" "
      "autocomplete=\"off\"></textarea></p>"
      "<p><button type=\"submit\" id=\"check\">{}</button></p></form></section>",
      internal::TokenField(context.csrf_token), lang == "ja" ? "ja" : "en", kSender.In(lang), kText.In(lang),
      kCheck.In(lang));
  return internal::PageShell(lang, std::string("kakunin: ") + kTitle.In(lang), LangSwitchLink("/sms", lang),
                             internal::Tabs("sms", lang) + body);
}

std::string RenderSmsReportPage(const sms::Report& report, const brands::BrandRegistry& registry,
                                const PageContext& context) {
  const std::string_view lang = context.lang;
  static constexpr Text kMessage{"The message (links not clickable; full-width characters shown as kakunin reads "
                                 "them)",
                                 "メッセージ（リンクは開けません。全角文字は kakunin が読んだ形で表示）"};
  static constexpr Text kSender{"Sender", "差出人"};
  static constexpr Text kSenderKind[] = {{"none given", "入力なし"},
                                         {"a name: anyone can send under it", "名前（誰でもこの名前で送れます）"},
                                         {"a short code", "ショートコード"},
                                         {"a phone number", "電話番号"}};
  static constexpr Text kAgain{"Check another message", "別のメッセージを確認"};
  const brands::Brand* brand = report.brand ? registry.FindById(*report.brand) : nullptr;
  std::string body = internal::VerdictBanner(report.verdict, brand, report.reasons, "", lang);
  body += internal::ActionChecklist(report.actions, brand, lang);
  body += fmt::format("<section class=\"card\" id=\"mail\"><h2>{}</h2><dl class=\"headers\"><dt>{}</dt><dd id=\"sms-sender\">{} "
                      "<span class=\"muted\">({})</span></dd></dl>",
                      kMessage.In(lang), kSender.In(lang), EscapeHtml(report.sender.raw),
                      kSenderKind[static_cast<int>(report.sender.kind)].In(lang));
  LinkIndex index(report.links, registry);
  std::string text = RenderMailText(report.normalized, 0, index, lang);
  if (FindUnsafeMarkup(text)) text = "<p class=\"note\">-</p>";
  body += "<div class=\"mail-body\">" + text + "</div></section>";
  body += internal::FindingList(report.findings, lang);
  const bool ja = lang == "ja";
  const std::string nav = fmt::format(
      "<form class=\"inline\" method=\"post\" action=\"/sms\" enctype=\"multipart/form-data\">{}"
      "<input type=\"hidden\" name=\"text\" value=\"{}\"><input type=\"hidden\" name=\"sender\" value=\"{}\">"
      "<button class=\"link-button\" type=\"submit\" name=\"lang\" value=\"{}\" lang=\"{}\" id=\"lang-switch\">{}</button>"
      "</form><a href=\"/sms?lang={}\" id=\"again\">{}</a>",
      internal::TokenField(context.csrf_token), EscapeHtml(report.text), EscapeHtml(report.sender.raw), ja ? "en" : "ja",
      ja ? "en" : "ja", ja ? "English" : "日本語", ja ? "ja" : "en", kAgain.In(lang));
  return internal::PageShell(lang, fmt::format("kakunin: SMS - {}", VerdictName(report.verdict)), nav, body);
}

}  // namespace kakunin::web
