#include "service/mail.h"

#include <sodium.h>

#include <ctime>

#include "base/file.h"
#include "base/html.h"
#include "base/strings.h"
#include "kakunin/otp.h"

namespace kakunin::service {
namespace {

constexpr size_t kMaxTemplateBytes = size_t{64} * 1024;  // Templates are ours; this only stops accidents.

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// RFC 2045 6.8: base64 lines of at most 76 characters.
std::string Base64Body(std::string_view bytes) {
  const std::string b64 = Base64(bytes);
  std::string out;
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 encoded-words ("=?UTF-8?B?...?="), each at most 75 characters (section 2), split on
// UTF-8 character boundaries and folded onto continuation lines.
std::string EncodeHeaderText(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.size(), start + 39);  // 39 bytes -> 52 base64 + 12 framing + "Subject: ".
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string NormalizeNewlines(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

Result<std::string> ReadTemplate(const std::string& path) {
  auto contents = base::ReadInput(path, kMaxTemplateBytes);
  if (!contents) return Fail(ErrorCode::kNotFound, "missing template " + path);
  return contents->bytes;
}

}  // namespace

std::string Render(std::string_view text, const Vars& vars, bool html) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, open - pos));
    auto it = vars.find(std::string(text.substr(open + 2, close - open - 2)));
    if (it == vars.end()) {
      out.append(text.substr(open, close + 2 - open));
    } else {
      out += html ? base::EscapeHtml(it->second) : it->second;
    }
    pos = close + 2;
  }
  return out;
}

std::string MailDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

Result<Templates> Templates::Load(const std::string& dir) {
  Templates t;
  for (const auto& lang : kLanguages) {
    for (const auto& kind : kMailKinds) {
      const std::string base = dir + "/" + lang + "/" + kind;
      auto text = ReadTemplate(base + ".txt");
      if (!text) return tl::unexpected(text.error());
      auto html = ReadTemplate(base + ".html");
      if (!html) return tl::unexpected(html.error());
      const size_t eol = text->find('\n');
      if (!text->starts_with("Subject: ") || eol == std::string::npos) {
        return Fail(ErrorCode::kParse, base + ".txt must start with a Subject: line");
      }
      Mail mail;
      mail.subject = std::string(base::Trim(std::string_view(*text).substr(9, eol - 9)));
      mail.text = std::string(base::Trim(std::string_view(*text).substr(eol + 1))) + "\n";
      mail.html = *html;
      t.mails_[lang + "/" + kind] = std::move(mail);
    }
    for (const auto& kind : kSmsKinds) {
      auto text = ReadTemplate(dir + "/sms/" + lang + "/" + kind + ".txt");
      if (!text) return tl::unexpected(text.error());
      t.sms_[lang + "/" + kind] = std::string(base::Trim(*text));
    }
  }
  return t;
}

std::string Templates::BuildMail(const MailHeaders& h, std::string_view kind, const Vars& vars) const {
  const Mail& mail = mails_.find(h.language + "/" + std::string(kind))->second;
  auto boundary = otp::RandomToken(18);
  const std::string b = "=_kakunin_" + (boundary ? *boundary : std::string("boundary"));
  std::string m;
  m += "From: " + EncodeHeaderText(h.from_name) + " <" + h.from_address + ">\r\n";
  m += "To: <" + h.to + ">\r\n";
  m += "Subject: " + EncodeHeaderText(Render(mail.subject, vars, false)) + "\r\n";
  m += "Date: " + MailDate(h.date) + "\r\n";
  m += "Message-ID: <" + h.message_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Language: " + h.language + "\r\n";
  m += "Auto-Submitted: auto-generated\r\n";  // RFC 3834 5.
  m += "Content-Type: multipart/alternative;\r\n boundary=\"" + b + "\"\r\n";
  m += "\r\n";
  m += "--" + b + "\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += Base64Body(NormalizeNewlines(Render(mail.text, vars, false)));
  m += "--" + b + "\r\n";
  m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += Base64Body(NormalizeNewlines(Render(mail.html, vars, true)));
  m += "--" + b + "--\r\n";
  return m;
}

std::string Templates::BuildSms(std::string_view language, std::string_view kind, const Vars& vars) const {
  return Render(sms_.find(std::string(language) + "/" + std::string(kind))->second, vars, false);
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // The terminating NUL.
  return out;
}

}  // namespace kakunin::service
