// The document frame and form parts every page shares.
#include "pages/markup.h"

#include <fmt/format.h>

#include "base/html.h"

namespace kakunin::pages::internal {

using base::EscapeHtml;

std::string Document(const View& view, const Text& title, std::string_view body_markup) {
  const bool ja = view.lang == "ja";
  std::string lang_switch;
  if (!view.path.empty()) {
    lang_switch = fmt::format("<a id=\"lang-switch\" href=\"{}?lang={}\" lang=\"{}\" hreflang=\"{}\">{}</a>",
                              EscapeHtml(view.path), ja ? "en" : "ja", ja ? "en" : "ja", ja ? "en" : "ja",
                              ja ? "English" : "日本語");
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{0}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{1} - kakunin</title><link rel=\"stylesheet\" href=\"/pages.css\"></head>\n<body>"
      "<header class=\"top\"><span class=\"brand\">kakunin</span><nav>{2}</nav></header>\n"
      "<main><h1>{1}</h1>\n{3}</main></body></html>\n",
      ja ? "ja" : "en", EscapeHtml(title.In(view.lang)), lang_switch, body_markup);
}

std::string Alerts(std::string_view error_text, std::string_view notice_text) {
  std::string out;
  if (!error_text.empty()) out += fmt::format("<p id=\"error\" class=\"error\" role=\"alert\">{}</p>\n", EscapeHtml(error_text));
  if (!notice_text.empty()) {
    out += fmt::format("<p id=\"notice\" class=\"notice\" role=\"status\">{}</p>\n", EscapeHtml(notice_text));
  }
  return out;
}

std::string FormOpen(const View& view, std::string_view action, std::string_view id) {
  return fmt::format(
      "<form method=\"post\" action=\"{}\" id=\"{}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
      "<input type=\"hidden\" name=\"lang\" value=\"{}\">\n",
      action, id, EscapeHtml(view.csrf), view.lang == "ja" ? "ja" : "en");
}

std::string Button(std::string_view id, const Text& label, std::string_view lang, std::string_view name,
                   std::string_view value) {
  if (name.empty()) return fmt::format("<button type=\"submit\" id=\"{}\">{}</button>", id, label.In(lang));
  return fmt::format("<button type=\"submit\" id=\"{}\" name=\"{}\" value=\"{}\" formnovalidate>{}</button>", id,
                     name, EscapeHtml(value), label.In(lang));
}

std::string FieldMarkup(const Field& field, std::string_view lang, bool invalid) {
  std::string described;
  if (field.hint != nullptr) described = std::string(field.id) + "-hint";
  if (invalid) described = described.empty() ? "error" : "error " + described;
  std::string out = fmt::format("<div class=\"field\"><label for=\"{0}\">{1}</label><input id=\"{0}\" name=\"{2}\" {3}",
                                field.id, field.label.In(lang), field.name.empty() ? field.id : field.name,
                                field.attributes_markup);
  if (!field.value.empty()) out += fmt::format(" value=\"{}\"", EscapeHtml(field.value));
  if (invalid) out += " aria-invalid=\"true\"";
  if (!described.empty()) out += fmt::format(" aria-describedby=\"{}\"", described);
  out += ">";
  if (field.hint != nullptr) out += fmt::format("<p class=\"hint\" id=\"{}-hint\">{}</p>", field.id, field.hint->In(lang));
  return out + "</div>\n";
}

}  // namespace kakunin::pages::internal
