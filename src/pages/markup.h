// Building blocks of the pages (internal): the document frame, forms, labelled fields, alerts.
// Arguments named `text`/`value` are escaped here; arguments named `markup` are not.
#ifndef KAKUNIN_PAGES_MARKUP_H_
#define KAKUNIN_PAGES_MARKUP_H_

#include <string>
#include <string_view>

#include "pages/render.h"

namespace kakunin::pages::internal {

// A complete document: <html lang>, the title as <title> and <h1>, the language switch (when
// view.path is set), then `body_markup`.
std::string Document(const View& view, const Text& title, std::string_view body_markup);

// The error (role="alert", id "error") and the notice (role="status", id "notice"); "" if empty.
std::string Alerts(std::string_view error_text, std::string_view notice_text);

// <form method="post" action="..." id="..."> with the token and language as hidden fields;
// close with "</form>".
std::string FormOpen(const View& view, std::string_view action, std::string_view id);
std::string Button(std::string_view id, const Text& label, std::string_view lang, std::string_view name = {},
                   std::string_view value = {});

// A labelled input. `attributes_markup` holds the type-specific attributes (type, autocomplete,
// inputmode, ...). When `invalid`, the field points at the error (aria-invalid, aria-describedby).
struct Field {
  std::string_view id;  // Also the name unless `name` is set.
  Text label;
  std::string_view attributes_markup;
  std::string_view value = {};  // Shown pre-filled (escaped); never a password or code.
  std::string_view name = {};
  const Text* hint = nullptr;
};
std::string FieldMarkup(const Field& field, std::string_view lang, bool invalid);

// Attribute sets used on several pages.
inline constexpr std::string_view kEmailInput =
    "type=\"email\" autocomplete=\"email\" maxlength=\"254\" required spellcheck=\"false\" autocapitalize=\"none\"";
inline constexpr std::string_view kUsernameInput =
    "type=\"email\" autocomplete=\"username\" maxlength=\"254\" required spellcheck=\"false\" autocapitalize=\"none\"";
inline constexpr std::string_view kNewPasswordInput =
    "type=\"password\" autocomplete=\"new-password\" minlength=\"8\" maxlength=\"128\" required";
inline constexpr std::string_view kCurrentPasswordInput =
    "type=\"password\" autocomplete=\"current-password\" maxlength=\"128\" required";
// One-time codes: the numeric keyboard on phones, and browsers may fill a code from an SMS.
inline constexpr std::string_view kCodeInput =
    "type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]*\" maxlength=\"10\" "
    "required spellcheck=\"false\"";

}  // namespace kakunin::pages::internal

#endif  // KAKUNIN_PAGES_MARKUP_H_
