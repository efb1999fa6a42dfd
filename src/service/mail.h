// Notification mails and SMS texts from templates, built as RFC 5322 / MIME (RFC 2045-2047)
// messages: multipart/alternative with text/plain and text/html, UTF-8, base64 bodies, and an
// RFC 2047 encoded Subject for Japanese.
//
// Templates live in `templates_dir`/<lang>/<kind>.txt (first line "Subject: ...", a blank line,
// the plain body) and <lang>/<kind>.html, and SMS texts in sms/<lang>/<kind>.txt. Placeholders are
// {{name}}; values are HTML-escaped in the HTML part. Thread-safety: immutable after Load.
#ifndef KAKUNIN_SERVICE_MAIL_H_
#define KAKUNIN_SERVICE_MAIL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::service {

// Every mail kind kakunind sends; each needs ja and en templates.
inline const std::vector<std::string> kMailKinds = {
    "verify_email",  "signup_exists",          "login_code",    "reset_code",
    "change_email_code", "change_email_requested", "email_changed", "password_changed",
    "login_code_breached", "login_code_step_up", "new_sign_in",
};
inline const std::vector<std::string> kSmsKinds = {"login_code", "verify_phone"};
inline const std::vector<std::string> kLanguages = {"ja", "en"};

using Vars = std::map<std::string, std::string>;

// RFC 4648 section 4 base64 with padding, on one line.
std::string Base64(std::string_view bytes);

struct MailHeaders {
  std::string from_name;
  std::string from_address;
  std::string to;
  std::string message_id;  // Without angle brackets.
  int64_t date = 0;        // Unix seconds.
  std::string language;
};

class Templates {
 public:
  // Errors: kNotFound naming the first missing file, kParse for a .txt without a Subject line.
  [[nodiscard]] static Result<Templates> Load(const std::string& dir);

  // The whole message (CRLF line ends). REQUIRES: kind/language were loaded.
  std::string BuildMail(const MailHeaders& headers, std::string_view kind, const Vars& vars) const;
  std::string BuildSms(std::string_view language, std::string_view kind, const Vars& vars) const;

 private:
  struct Mail {
    std::string subject, text, html;
  };
  std::map<std::string, Mail, std::less<>> mails_;    // "ja/login_code"
  std::map<std::string, std::string, std::less<>> sms_;
};

// Replaces {{name}} by vars[name] (escaped for HTML when `html`); unknown names stay as they are.
std::string Render(std::string_view text, const Vars& vars, bool html);

// RFC 5322 3.3 date-time in UTC: "Sat, 28 Nov 2026 17:36:34 +0000".
std::string MailDate(int64_t unix_seconds);

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_MAIL_H_
