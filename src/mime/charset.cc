#include "mime/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <memory>

#include "base/strings.h"

namespace kakunin::mime::internal {
namespace {

// WHATWG Encoding Standard labels for the Japanese encodings, mapped to ICU converter names.
std::string CanonicalCharset(std::string_view declared) {
  std::string c = base::ToLower(base::Trim(declared));
  if (c.size() >= 2 && c.front() == '"' && c.back() == '"') c = c.substr(1, c.size() - 2);
  if (c == "shift_jis" || c == "shift-jis" || c == "sjis" || c == "x-sjis" || c == "ms_kanji" || c == "csshiftjis" ||
      c == "windows-31j" || c == "ms932" || c == "cp932" || c == "x-ms-cp932") {
    return "windows-31j";
  }
  if (c == "euc-jp" || c == "x-euc-jp" || c == "cseucpkdfmtjapanese") return "EUC-JP";
  if (c == "iso-2022-jp" || c == "csiso2022jp" || c == "iso-2022-jp-ms" || c == "iso-2022-jp-1") return "iso-2022-jp";
  if (c == "us-ascii" || c == "ascii" || c == "ansi_x3.4-1968") return "us-ascii";
  if (c == "utf8") return "utf-8";
  return c;
}

// ISO-2022-JP (RFC 1468) -> CP932 bytes: escape sequences switch between ASCII/JIS Roman,
// JIS X 0208 (two 7-bit bytes, mapped arithmetically to Shift_JIS) and half-width katakana.
// Doing it by hand lets the NEC/IBM extensions that Japanese mailers put in "ISO-2022-JP"
// decode through windows-31j instead of turning into U+FFFD.
std::string Iso2022JpToCp932(std::string_view in, size_t& bad) {
  enum class Mode { kAscii, kJis0208, kKatakana } mode = Mode::kAscii;
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0x1B && i + 2 < in.size()) {
      std::string_view esc = in.substr(i + 1, 2);
      if (esc == "(B" || esc == "(J") {
        mode = Mode::kAscii;
      } else if (esc == "$@" || esc == "$B") {
        mode = Mode::kJis0208;
      } else if (esc == "(I") {
        mode = Mode::kKatakana;
      } else {
        ++bad;
        continue;
      }
      i += 2;
      continue;
    }
    if (c == '\r' || c == '\n') {
      mode = Mode::kAscii;  // RFC 1468: a line must end in ASCII; recover if it does not.
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (mode == Mode::kAscii || c < 0x21 || c > 0x7E) {
      if (c >= 0x80) ++bad;
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (mode == Mode::kKatakana) {
      out.push_back(static_cast<char>(c + 0x80));
      continue;
    }
    if (i + 1 >= in.size()) {
      ++bad;
      break;
    }
    unsigned char d = static_cast<unsigned char>(in[++i]);
    if (d < 0x21 || d > 0x7E) {
      ++bad;
      continue;
    }
    unsigned s1 = ((c + 1) >> 1) + (c < 0x5F ? 0x70 : 0xB0);
    unsigned s2 = d + ((c & 1) ? (d < 0x60 ? 0x1F : 0x20) : 0x7E);
    out.push_back(static_cast<char>(s1));
    out.push_back(static_cast<char>(s2));
  }
  return out;
}

bool ConverterExists(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name.c_str(), &status);
  if (U_FAILURE(status) || conv == nullptr) return false;
  ucnv_close(conv);
  return true;
}

std::string Detect(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&status), &ucsdet_close);
  if (U_FAILURE(status)) return {};
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 16)), &status);
  const UCharsetMatch* match = ucsdet_detect(det.get(), &status);
  if (U_FAILURE(status) || match == nullptr) return {};
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == nullptr) return {};
  return CanonicalCharset(name);
}

size_t CountReplacement(const icu::UnicodeString& s) {
  size_t n = 0;
  for (int32_t i = 0; i < s.length(); ++i) n += s.charAt(i) == 0xFFFD;
  return n;
}

}  // namespace

Utf8Text ToUtf8(std::string_view bytes, std::string_view charset) {
  Utf8Text out;
  std::string name = CanonicalCharset(charset);
  const bool valid_utf8 = base::IsValidUtf8(bytes);
  if (name.empty() || name == "us-ascii" || name == "utf-8") {
    if (valid_utf8) {
      out.text.assign(bytes);
      out.charset_used = "UTF-8";
      return out;
    }
    // Declared ASCII/UTF-8 (or nothing) but not valid UTF-8: guess.
    if (!name.empty() && name != "us-ascii") ++out.invalid_sequences;
    name = Detect(bytes);
    if (name.empty() || name == "utf-8") name = "windows-1252";
  } else if (name != "iso-2022-jp" && !ConverterExists(name)) {
    out.charset_unknown = true;
    if (valid_utf8) {
      out.text.assign(bytes);
      out.charset_used = "UTF-8";
      return out;
    }
    name = Detect(bytes);
    if (name.empty() || name == "utf-8") name = "windows-1252";
  }
  std::string staged;
  std::string_view src = bytes;
  std::string converter = name;
  if (name == "iso-2022-jp") {
    staged = Iso2022JpToCp932(bytes, out.invalid_sequences);
    src = staged;
    converter = "windows-31j";
  }
  icu::UnicodeString u(src.data(), static_cast<int32_t>(src.size()), converter.c_str());
  out.invalid_sequences += CountReplacement(u);
  u.toUTF8String(out.text);
  out.charset_used = name;
  return out;
}

}  // namespace kakunin::mime::internal
