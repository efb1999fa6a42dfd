// The report page: verdict banner, what to do, the mail shown safely, authentication, links and
// findings. Everything from the mail goes through EscapeHtml or the sanitiser; the only real
// links on the page are the brand's official pages from the registry (https: or mailto:).
#include <fmt/format.h>

#include <algorithm>

#include "dkim/base64.h"
#include "kakunin/web.h"
#include "web/internal.h"
#include "web/page_shell.h"

namespace kakunin::web {
namespace internal {

std::string BrandName(const brands::Brand* b, std::string_view lang) {
  if (b == nullptr) return "";
  return lang == "ja" && !b->name_ja.empty() ? b->name_ja : b->name_en;
}

std::string VerdictBanner(Verdict verdict, const brands::Brand* brand, const std::vector<Reason>& reasons,
                          std::string_view genuine_domain, std::string_view lang) {
  static constexpr Text kWord[] = {{"Genuine", "本物"}, {"Be careful", "要注意"}, {"Phishing", "フィッシング"},
                                   {"Cannot tell", "判定不能"}};
  static constexpr Text kGenuineBrand{"This mail really comes from {}.", "このメールは {} からの本物です。"};
  static constexpr Text kGenuineDomain{"This mail really comes from {}.", "このメールは {} から送られた本物です。"};
  static constexpr Text kPhishingBrand{
      "This mail pretends to be {}. It is phishing: do not click its links, reply or enter anything.",
      "このメールは {} を装ったフィッシングです。リンクを開いたり、返信・入力したりしないでください。"};
  static constexpr Text kPhishing{"This is a phishing mail: do not click its links, reply or enter anything.",
                                  "これはフィッシングメールです。リンクを開いたり、返信・入力したりしないでください。"};
  static constexpr Text kSuspiciousBrand{"Be careful: this mail claims to be {}, but it could not be confirmed.",
                                         "注意: {} を名乗っていますが、本物と確認できません。"};
  static constexpr Text kSuspicious{"Be careful: this mail may not be what it seems.",
                                    "注意: このメールは見た目どおりではない可能性があります。"};
  static constexpr Text kUnknown{"kakunin cannot say whether this mail is genuine.",
                                 "このメールが本物かどうかは判断できません。"};
  static constexpr Text kWhy{"Why:", "理由:"};
  const std::string name = BrandName(brand, lang);
  std::string headline;
  int word = 3;
  switch (verdict) {
    case Verdict::kGenuine:
      word = 0;
      headline = brand != nullptr ? fmt::format(fmt::runtime(kGenuineBrand.In(lang)), name)
                                  : fmt::format(fmt::runtime(kGenuineDomain.In(lang)), genuine_domain);
      break;
    case Verdict::kSuspicious:
      word = 1;
      headline = brand != nullptr ? fmt::format(fmt::runtime(kSuspiciousBrand.In(lang)), name) : kSuspicious.In(lang);
      break;
    case Verdict::kPhishing:
      word = 2;
      headline = brand != nullptr ? fmt::format(fmt::runtime(kPhishingBrand.In(lang)), name) : kPhishing.In(lang);
      break;
    case Verdict::kUnknown:
      headline = kUnknown.In(lang);
      break;
  }
  std::string out = fmt::format(
      "<section class=\"banner banner-{0}\" id=\"verdict\" data-verdict=\"{0}\" role=\"status\">"
      "<div class=\"verdict-word\">{1}</div><h1>{2}</h1>",
      VerdictName(verdict), kWord[word].In(lang), EscapeHtml(headline));
  if (!reasons.empty()) {
    out += fmt::format("<div>{}</div><ul id=\"reasons\">", kWhy.In(lang));
    for (const auto& r : reasons) {
      out += fmt::format("<li data-id=\"{}\">{}</li>", EscapeHtml(r.id),
                         EscapeHtml(lang == "ja" ? r.message_ja : r.message_en));
    }
    out += "</ul>";
  }
  return out + "</section>";
}

}  // namespace internal

namespace {

using internal::Text;

// A registry URL that may be a real link on the page.
bool Linkable(std::string_view url) { return url.starts_with("https://") || url.starts_with("mailto:"); }

std::string RealLink(std::string_view url) {
  return fmt::format("<a href=\"{0}\" rel=\"noopener noreferrer\" target=\"_blank\" class=\"official\">{0}</a>",
                     EscapeHtml(url));
}

}  // namespace

namespace internal {

std::string ActionChecklist(const std::vector<Action>& actions, const brands::Brand* brand, std::string_view lang) {
  static constexpr Text kTitle{"What to do", "どうすればよいか"};
  static constexpr Text kOfficial{"{}'s real pages (from kakunin's brand list, not from the mail):",
                                  "{} の正規のページ（メールからではなく、kakunin のブランド一覧から）:"};
  static constexpr Text kReport{"Report phishing", "フィッシングの報告"};
  static constexpr Text kChange{"Change the e-mail address", "メールアドレスの変更"};
  static constexpr Text kTwoStep{"2-step verification", "2 段階認証"};
  std::vector<std::string> urls;
  if (brand != nullptr) {
    for (const std::string* u : {&brand->report_phishing, &brand->change_email_url, &brand->two_step_url}) {
      if (Linkable(*u)) urls.push_back(*u);
    }
  }
  std::string out = fmt::format("<section class=\"card\" id=\"actions\"><h2>{}</h2><ul class=\"checklist\">",
                                kTitle.In(lang));
  for (const auto& a : actions) {
    std::string text = EscapeHtml(lang == "ja" ? a.message_ja : a.message_en);
    // The registry's URLs inside the advice become real links (escaping is deterministic, so
    // the escaped URL is found in the escaped text).
    for (const auto& u : urls) {
      const std::string escaped = EscapeHtml(u);
      size_t at = text.find(escaped);
      while (at != std::string::npos) {
        const std::string link = RealLink(u);
        text.replace(at, escaped.size(), link);
        at = text.find(escaped, at + link.size());
      }
    }
    out += fmt::format("<li data-id=\"{}\">{}</li>", EscapeHtml(a.id), text);
  }
  out += "</ul>";
  if (brand != nullptr && !urls.empty()) {
    out += fmt::format("<p>{}</p><ul class=\"official\" id=\"official\">",
                       EscapeHtml(fmt::format(fmt::runtime(kOfficial.In(lang)), BrandName(brand, lang))));
    const std::pair<const std::string*, Text> rows[] = {
        {&brand->report_phishing, kReport}, {&brand->change_email_url, kChange}, {&brand->two_step_url, kTwoStep}};
    for (const auto& [url, label] : rows) {
      if (Linkable(*url)) out += fmt::format("<li>{}: {}</li>", label.In(lang), RealLink(*url));
    }
    out += "</ul>";
  }
  return out + "</section>";
}

std::string FindingList(const std::vector<Finding>& findings, std::string_view lang) {
  static constexpr Text kTitle{"Everything kakunin noticed ({})", "kakunin が検出したこと（{} 件）"};
  if (findings.empty()) return "";
  std::string out = fmt::format(
      "<section class=\"card\" id=\"findings\"><details><summary><h2 class=\"inline\">{}</h2></summary><ul class=\"findings\">",
      fmt::format(fmt::runtime(kTitle.In(lang)), findings.size()));
  for (const auto& f : findings) {
    out += fmt::format("<li data-id=\"{0}\"><span class=\"sev sev-{1}\">{1}</span>{2} <span class=\"muted\">({0})</span></li>",
                       EscapeHtml(f.id), SeverityName(f.severity), EscapeHtml(f.Message(lang)));
  }
  return out + "</ul></details></section>";
}

}  // namespace internal

namespace {

std::string Mailboxes(const std::vector<mime::Mailbox>& list) {
  std::string out;
  for (const auto& mb : list) {
    if (!out.empty()) out += ", ";
    if (!mb.display_name.empty()) out += EscapeHtml(mb.display_name) + " ";
    out += "<span class=\"addr\">&lt;" + EscapeHtml(mb.address) + "&gt;</span>";
    if (!mb.address_unicode.empty() && mb.address_unicode != mb.address) {
      out += " <span class=\"addr\">(" + EscapeHtml(mb.address_unicode) + ")</span>";
    }
  }
  return out;
}

std::string Mail(const Report& report, const brands::BrandRegistry& registry, std::string_view lang) {
  static constexpr Text kTitle{"The mail (shown safely: no images, no scripts, links not clickable)",
                               "メール本文（安全な表示: 画像・スクリプトなし、リンクは開けません）"};
  static constexpr Text kFrom{"From", "差出人"};
  static constexpr Text kReplyTo{"Reply-To", "返信先"};
  static constexpr Text kTo{"To", "宛先"};
  static constexpr Text kSubject{"Subject", "件名"};
  static constexpr Text kDate{"Date", "日付"};
  static constexpr Text kHint{"Hover over, tap or tab to a link to see where it really goes.",
                              "リンクにマウスを重ねる・タップする・Tab キーで移動すると、本当の行き先が表示されます。"};
  static constexpr Text kPlain{"Plain-text version", "テキスト版"};
  static constexpr Text kNoBody{"This mail has no text to show.", "表示できる本文がありません。"};
  static constexpr Text kUnsafe{"This part could not be shown safely and is left out.",
                                "この部分は安全に表示できないため省略しました。"};
  static constexpr Text kAttachments{"Attachments (not opened)", "添付ファイル（開いていません）"};
  const mime::Message& m = report.message;
  std::string out = fmt::format("<section class=\"card\" id=\"mail\"><h2>{}</h2><dl class=\"headers\">", kTitle.In(lang));
  out += fmt::format("<dt>{}</dt><dd id=\"mail-from\">{}</dd>", kFrom.In(lang), Mailboxes(m.from()));
  if (!m.reply_to().empty()) out += fmt::format("<dt>{}</dt><dd>{}</dd>", kReplyTo.In(lang), Mailboxes(m.reply_to()));
  out += fmt::format("<dt>{}</dt><dd>{}</dd>", kTo.In(lang), Mailboxes(m.to()));
  out += fmt::format("<dt>{}</dt><dd id=\"mail-subject\">{}</dd>", kSubject.In(lang), EscapeHtml(m.subject()));
  out += fmt::format("<dt>{}</dt><dd>{}</dd></dl>", kDate.In(lang), EscapeHtml(m.date_raw()));
  if (!report.links.empty()) out += fmt::format("<p class=\"note\">{}</p>", kHint.In(lang));
  LinkIndex index(report.links, registry);
  const bool has_html = std::any_of(m.texts().begin(), m.texts().end(), [](const mime::TextBody& t) { return t.is_html; });
  auto checked = [&](const std::string& fragment) {
    return FindUnsafeMarkup(fragment) ? fmt::format("<p class=\"note\">{}</p>", kUnsafe.In(lang)) : fragment;
  };
  for (const auto& t : m.texts()) {
    if (t.is_html) {
      out += fmt::format("<div class=\"mail-body mail-html\" id=\"mail-part-{}\">{}</div>", t.part_index,
                         checked(SanitizeMailHtml(t.text, t.part_index, index, lang)));
    } else if (has_html) {
      out += fmt::format("<details class=\"plain\"><summary>{}</summary><div class=\"mail-body\" id=\"mail-part-{}\">{}</div></details>",
                         kPlain.In(lang), t.part_index, checked(RenderMailText(t.text, t.part_index, index, lang)));
    } else {
      out += fmt::format("<div class=\"mail-body\" id=\"mail-part-{}\">{}</div>", t.part_index,
                         checked(RenderMailText(t.text, t.part_index, index, lang)));
    }
  }
  if (m.texts().empty()) out += fmt::format("<p class=\"note\">{}</p>", kNoBody.In(lang));
  if (!m.attachments().empty()) {
    out += fmt::format("<h3>{}</h3><ul id=\"attachments\">", kAttachments.In(lang));
    for (const auto& a : m.attachments()) {
      out += fmt::format("<li>{} <span class=\"muted\">({}, {} bytes)</span></li>",
                         EscapeHtml(a.filename.empty() ? "-" : a.filename), EscapeHtml(a.content_type), a.size);
    }
    out += "</ul>";
  }
  return out + "</section>";
}

std::string Chip(std::string_view result) {
  const std::string_view cls = result == "pass"                                      ? "pass"
                               : (result == "fail" || result == "softfail")          ? "fail"
                               : (result == "none" || result.empty())                ? "none"
                                                                                     : "other";
  return fmt::format("<span class=\"chip chip-{}\">{}</span>", cls, EscapeHtml(result.empty() ? "-" : result));
}

std::string Authentication(const Report& report, std::string_view lang) {
  static constexpr Text kTitle{"Who really sent it (sender authentication)", "本当の送信元（送信元の認証）"};
  static constexpr Text kOffline{"DNS was not consulted (offline), so signatures and policies could not be checked.",
                                 "DNS を参照していない（オフライン）ため、署名とポリシーは確認できませんでした。"};
  static constexpr Text kNoSignature{"the mail is not signed", "署名なし"};
  static constexpr Text kNotChecked{"not checked", "未確認"};
  static constexpr Text kNoArc{"no ARC sets", "ARC なし"};
  static constexpr Text kStamps{"Authentication-Results from your provider", "プロバイダーの認証結果 (Authentication-Results)"};
  const AuthenticationReport& a = report.authentication;
  std::string out = fmt::format("<section class=\"card\" id=\"authentication\"><h2>{}</h2><p id=\"auth-summary\">{}</p>",
                                kTitle.In(lang), EscapeHtml(lang == "ja" ? a.summary_ja : a.summary_en));
  if (!a.dns_available) out += fmt::format("<p class=\"note\">{}</p>", kOffline.In(lang));
  out += "<table class=\"auth\"><tbody>";
  if (a.dkim.empty()) {
    out += fmt::format("<tr><th>DKIM</th><td>{}</td><td>{}</td></tr>", Chip("none"), kNoSignature.In(lang));
  }
  for (const auto& d : a.dkim) {
    out += fmt::format("<tr><th>DKIM</th><td>{}</td><td>d={} s={} ({})</td></tr>", Chip(dkim::AuthResultName(d.result)),
                       EscapeHtml(d.domain), EscapeHtml(d.selector), EscapeHtml(d.reason));
  }
  if (a.spf) {
    out += fmt::format("<tr><th>SPF</th><td>{}</td><td>{} ({})</td></tr>", Chip(spf::SpfResultName(a.spf->result)),
                       EscapeHtml(a.spf->domain), EscapeHtml(a.spf->reason));
  } else {
    out += fmt::format("<tr><th>SPF</th><td>{}</td><td>{}</td></tr>", Chip(kNotChecked.In(lang)),
                       EscapeHtml(a.spf_inputs.reason));
  }
  if (a.dmarc) {
    for (const auto& v : a.dmarc->verdicts) {
      out += fmt::format("<tr><th>DMARC</th><td>{}</td><td>{} p={} ({})</td></tr>",
                         Chip(dmarc::DmarcResultName(v.result)), EscapeHtml(v.from_domain),
                         dmarc::PolicyName(v.requested_policy), EscapeHtml(v.reason));
    }
  } else {
    out += fmt::format("<tr><th>DMARC</th><td>{}</td><td></td></tr>", Chip(kNotChecked.In(lang)));
  }
  if (a.arc) {
    out += fmt::format("<tr><th>ARC</th><td>{}</td><td>{}</td></tr>", Chip(arc::ChainStatusName(a.arc->status)),
                       EscapeHtml(a.arc->reason));
  } else {
    out += fmt::format("<tr><th>ARC</th><td>{}</td><td>{}</td></tr>", Chip("none"), kNoArc.In(lang));
  }
  out += "</tbody></table>";
  std::string stamps;
  for (const auto& st : a.stamps) {
    if (!st.header) continue;
    stamps += fmt::format("<li>{} <span class=\"addr\">{}</span> ({})</li>", authres::TrustName(st.trust),
                          EscapeHtml(st.header->authserv_id), EscapeHtml(st.why));
  }
  if (!stamps.empty()) out += fmt::format("<h3>{}</h3><ul>{}</ul>", kStamps.In(lang), stamps);
  return out + "</section>";
}

// The language switch re-posts the mail (base64: exact bytes, whatever their charset), so
// nothing has to be kept on the server between the two pages.
std::string LanguageSwitch(std::string_view raw, const PageContext& context) {
  const bool ja = context.lang == "ja";
  return fmt::format(
      "<form class=\"inline\" method=\"post\" action=\"/inspect\" enctype=\"multipart/form-data\">{}"
      "<input type=\"hidden\" name=\"source_b64\" value=\"{}\">"
      "<button class=\"link-button\" type=\"submit\" name=\"lang\" value=\"{}\" lang=\"{}\" id=\"lang-switch\">{}</button>"
      "</form><a href=\"/?lang={}\" id=\"again\">{}</a>",
      internal::TokenField(context.csrf_token), dkim::internal::Base64Encode(raw), ja ? "en" : "ja", ja ? "en" : "ja",
      ja ? "English" : "日本語", ja ? "ja" : "en", ja ? "別のメールを確認" : "Check another mail");
}

}  // namespace

std::string RenderReportPage(const Report& report, std::string_view raw, const brands::BrandRegistry& registry,
                             const PageContext& context) {
  const std::string_view lang = context.lang;
  const brands::Brand* brand = report.brand ? registry.FindById(*report.brand) : nullptr;
  std::string body = internal::VerdictBanner(report.verdict, brand, report.reasons,
                                             report.authentication.authenticated_domain, lang);
  body += internal::ActionChecklist(report.actions, brand, lang);
  body += Mail(report, registry, lang);
  body += Authentication(report, lang);
  body += internal::FindingList(report.findings, lang);
  static constexpr Text kTitle{"kakunin: {} - {}", "kakunin: {} - {}"};
  const std::string title = fmt::format(fmt::runtime(kTitle.In(lang)), VerdictName(report.verdict),
                                        internal::CutUtf8(report.message.subject(), 80));
  return internal::PageShell(lang, title, LanguageSwitch(raw, context), body);
}

}  // namespace kakunin::web
