// The first page: drop or choose an .eml file, or paste the source; how to save one.
#include <fmt/format.h>

#include "kakunin/web.h"
#include "web/internal.h"
#include "web/page_shell.h"

namespace kakunin::web {
namespace internal {

std::string PageShell(std::string_view lang, std::string_view title, std::string_view nav, std::string_view body) {
  static constexpr Text kFooter{
      "kakunin runs on this computer only. The mail you give it is held in memory while the page is made and is "
      "not stored, logged or sent anywhere.",
      "kakunin はこのコンピューターの中だけで動きます。渡したメールはページを作る間だけメモリーに置かれ、保存・記録・"
      "外部への送信は一切しません。"};
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\">"
      "<title>{}</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\n<body>"
      "<header class=\"top\"><a class=\"brand\" href=\"/?lang={}\">kakunin</a><nav>{}</nav></header>\n"
      "<main>{}</main>\n<footer class=\"bottom\">{}</footer></body></html>\n",
      lang == "ja" ? "ja" : "en", EscapeHtml(title), lang == "ja" ? "ja" : "en", nav, body, kFooter.In(lang));
}

std::string Tabs(std::string_view current, std::string_view lang) {
#ifdef KAKUNIN_WEB_SMS
  static constexpr Text kMail{"Mail", "メール"};
  const std::string_view l = lang == "ja" ? "ja" : "en";
  return fmt::format(
      "<nav class=\"tabs\"><a href=\"/?lang={0}\" class=\"tab{1}\" id=\"tab-mail\">{2}</a>"
      "<a href=\"/sms?lang={0}\" class=\"tab{3}\" id=\"tab-sms\">SMS</a></nav>",
      l, current == "mail" ? " tab-current" : "", kMail.In(lang), current == "sms" ? " tab-current" : "");
#else
  (void)current;
  (void)lang;
  return "";
#endif
}

std::string TokenField(std::string_view token) {
  return fmt::format("<input type=\"hidden\" name=\"token\" value=\"{}\">", EscapeHtml(token));
}

}  // namespace internal

namespace {

using internal::Text;

// How to save a mail's source, per mail program. Menu names follow each program's own wording
// in that language; they change between versions, so each entry says what to look for.
struct HowTo {
  Text name;
  Text steps;  // <li> items, markup (no mail data in here).
};

constexpr HowTo kHowTos[] = {
    {{"Gmail (in a browser)", "Gmail（ブラウザ）"},
     {"<li>Open the mail.</li><li>Click the three dots (More) beside Reply, then <b>Show original</b>.</li>"
      "<li>Click <b>Download original</b>: you get an .eml file to drop here. (Or click <b>Copy to clipboard</b> and "
      "paste.)</li><li>In the Gmail app on a phone there is no such menu: open Gmail in a browser on a computer.</li>",
      "<li>メールを開きます。</li><li>返信ボタンの横の「︙」（その他）から<b>「メッセージのソースを表示」</b>を選びます。</li>"
      "<li><b>「オリジナルをダウンロード」</b>で .eml ファイルが保存されるので、ここにドロップします。（<b>「クリップボードにコピー」</b>"
      "して貼り付けても構いません。）</li><li>スマートフォンの Gmail アプリにはこのメニューがありません。パソコンのブラウザで Gmail を"
      "開いてください。</li>"}},
    {{"Outlook (outlook.com, new Outlook for Windows)", "Outlook（outlook.com、新しい Outlook for Windows）"},
     {"<li>Open the mail and click the three dots (More actions).</li>"
      "<li>Choose <b>View</b> &rarr; <b>View message source</b>, select all of it (Ctrl+A), copy and paste it here.</li>"
      "<li>Or choose <b>Save as</b> / <b>Download</b> where offered: that saves an .eml file.</li>"
      "<li>Classic Outlook for Windows saves mails as .msg, which kakunin cannot read, and its <i>File &rarr; "
      "Properties</i> shows only the header; open the same mailbox at outlook.com and use the steps above.</li>",
      "<li>メールを開き、「…」（その他の操作）をクリックします。</li>"
      "<li><b>「表示」&rarr;「メッセージのソースを表示」</b>を選び、全体を選択（Ctrl+A）してコピーし、ここに貼り付けます。</li>"
      "<li><b>「名前を付けて保存」</b>や<b>「ダウンロード」</b>があれば、.eml ファイルとして保存できます。</li>"
      "<li>従来の Outlook for Windows は .msg 形式で保存するため kakunin では読めません。また「ファイル &rarr; プロパティ」"
      "ではヘッダーしか見られません。outlook.com で同じメールを開き、上の手順を使ってください。</li>"}},
    {{"Yahoo! JAPAN Mail", "Yahoo!メール"},
     {"<li>Open the mail in a browser on a computer.</li>"
      "<li>Open the mail's menu (&hellip; / More) and look for <b>Show source</b> or <b>Show header</b> "
      "(the wording differs between versions). Copy everything shown and paste it here.</li>"
      "<li>If only the header can be shown, kakunin can still check the sender, but not the links in the body.</li>"
      "<li>To get the whole mail as a file, add the account to a mail program such as Thunderbird (IMAP) and use "
      "<b>File &rarr; Save As &rarr; File</b>, which writes an .eml file.</li>",
      "<li>パソコンのブラウザでメールを開きます。</li>"
      "<li>メールのメニュー（「…」や「その他」）から<b>「ソースを表示」</b>または<b>「ヘッダーを表示」</b>を探します"
      "（表記はバージョンによって異なります）。表示された内容をすべてコピーして、ここに貼り付けます。</li>"
      "<li>ヘッダーしか表示できない場合でも送信元は確認できますが、本文のリンクは確認できません。</li>"
      "<li>メール全体をファイルにするには、Thunderbird などのメールソフトに IMAP でアカウントを追加し、"
      "<b>「ファイル &rarr; 名前を付けて保存 &rarr; ファイル」</b>で .eml ファイルとして保存します。</li>"}},
    {{"iPhone / iPad Mail", "iPhone / iPad の「メール」"},
     {"<li>The Mail app on iPhone and iPad cannot show or save a mail's source, and it cannot forward a mail as an "
      "attachment.</li>"
      "<li>Forwarding the mail normally does not work for checking: the forwarded copy is a new mail from you, "
      "without the original sender's signatures.</li>"
      "<li>Instead, open the same mailbox on a computer: with the provider's web mail (Gmail, Outlook.com, Yahoo!, "
      "iCloud.com) use the steps above, or in Mail on a Mac select the mail and choose <b>File &rarr; Save As</b> "
      "with format <b>Raw Message Source</b> (or <b>View &rarr; Message &rarr; Raw Source</b> and copy).</li>",
      "<li>iPhone・iPad の「メール」アプリでは、メールのソースを表示・保存できず、添付ファイルとして転送することもできません。</li>"
      "<li>通常の転送では確認できません。転送したメールはあなたが送った新しいメールになり、元の送信元の署名が含まれないためです。</li>"
      "<li>代わりに、同じメールボックスをパソコンで開いてください。各社の Web メール（Gmail、Outlook.com、Yahoo!、iCloud.com）"
      "なら上の手順で、Mac の「メール」ならメールを選んで<b>「ファイル &rarr; 別名で保存」</b>でフォーマットを"
      "<b>「メッセージのソース（ロー）」</b>にして保存します（<b>「表示」&rarr;「メッセージ」&rarr;「ソースを表示」</b>"
      "からコピーしても構いません）。</li>"}},
};

}  // namespace

std::string RenderUploadPage(const PageContext& context, std::string_view error) {
  const std::string_view lang = context.lang;
  static constexpr Text kTitle{"Is this mail genuine?", "このメールは本物？"};
  static constexpr Text kIntro{
      "Give kakunin the whole mail (its source, with the header): it checks who really sent it, where its links "
      "really go, and tells you what to do.",
      "メール全体（ヘッダーを含むソース）を渡すと、本当の送信元とリンクの本当の行き先を調べ、どうすればよいかをお伝えします。"};
  static constexpr Text kDrop{"Drop an .eml file here, or click to choose one", ".eml ファイルをここにドロップ、またはクリックして選択"};
  static constexpr Text kOr{"or paste the mail source", "または、メールのソースを貼り付け"};
  static constexpr Text kPlaceholder{"Received: from ...\nFrom: ...\nSubject: ...\n\n...",
                                     "Received: from ...\nFrom: ...\nSubject: ...\n\n..."};
  static constexpr Text kCheck{"Check this mail", "このメールを確認"};
  static constexpr Text kLimit{"Up to {} MiB. Nothing is stored.", "{} MiB まで。何も保存しません。"};
  static constexpr Text kHowTitle{"How to save a mail's source", "メールのソースを保存する方法"};
  static constexpr Text kSwitch{"日本語", "English"};
  const std::string other = lang == "ja" ? "en" : "ja";
  std::string body = internal::Tabs("mail", lang);
  body += fmt::format("<section class=\"card\"><h1>{}</h1><p>{}</p>", kTitle.In(lang), kIntro.In(lang));
  if (!error.empty()) body += fmt::format("<p class=\"error\" id=\"error\">{}</p>", EscapeHtml(error));
  body += fmt::format(
      "<form id=\"upload\" method=\"post\" action=\"/inspect\" enctype=\"multipart/form-data\">{}"
      "<input type=\"hidden\" name=\"lang\" value=\"{}\">"
      "<label class=\"drop\" for=\"file\">{}<input type=\"file\" id=\"file\" name=\"file\" "
      "accept=\".eml,.txt,message/rfc822,text/plain\"></label>"
      "<p class=\"or\">{}</p>"
      "<textarea id=\"source\" name=\"source\" spellcheck=\"false\" autocomplete=\"off\" placeholder=\"{}\"></textarea>"
      "<p><button type=\"submit\" id=\"check\">{}</button> <span class=\"note\">{}</span></p></form></section>",
      internal::TokenField(context.csrf_token), lang == "ja" ? "ja" : "en", kDrop.In(lang), kOr.In(lang),
      EscapeHtml(kPlaceholder.In(lang)), kCheck.In(lang),
      fmt::format(fmt::runtime(kLimit.In(lang)), context.max_message_bytes >> 20));
  body += fmt::format("<section class=\"card\" id=\"howto\"><h2>{}</h2>", kHowTitle.In(lang));
  for (const HowTo& h : kHowTos) {
    body += fmt::format("<details class=\"howto\"><summary>{}</summary><ol>{}</ol></details>", h.name.In(lang),
                        h.steps.In(lang));
  }
  body += "</section>";
  const std::string nav = fmt::format("<a href=\"/?lang={}\" lang=\"{}\" id=\"lang-switch\">{}</a>", other, other,
                                      kSwitch.In(lang));
  return internal::PageShell(lang, std::string("kakunin: ") + kTitle.In(lang), nav, body);
}

std::string_view StyleSheet() { return internal::kStyleCss; }

std::string_view ContentSecurityPolicy() {
  return "default-src 'none'; style-src 'self'; img-src 'none'; form-action 'self'; base-uri 'none'; "
         "frame-ancestors 'none'";
}

}  // namespace kakunin::web
