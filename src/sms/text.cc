#include "sms/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>

#include "base/strings.h"

namespace kakunin::sms::internal {

std::string ValidUtf8(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(utf8.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
  return out;
}

std::string ReadingCopy(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString normalized = U_SUCCESS(status) ? nfkc->normalize(in, status) : in;
  if (U_FAILURE(status)) normalized = in;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < normalized.length();) {
    UChar32 c = normalized.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_FORMAT_CHAR) continue;
    kept.append(c);
  }
  std::string out;
  kept.toUTF8String(out);
  return out;
}

bool HasJapanese(std::string_view utf8) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0x3000) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HAN)) {
      return true;
    }
  }
  return false;
}

std::string_view FirstLine(std::string_view utf8, size_t max_chars) {
  size_t begin = utf8.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  std::string_view rest = utf8.substr(begin);
  rest = rest.substr(0, rest.find_first_of("\r\n"));
  const auto* s = reinterpret_cast<const uint8_t*>(rest.data());
  const auto length = static_cast<int32_t>(rest.size());
  int32_t i = 0;
  for (size_t chars = 0; i < length && chars < max_chars; ++chars) U8_FWD_1(s, i, length);
  return rest.substr(0, static_cast<size_t>(i));
}

std::string_view CutUtf8(std::string_view s, size_t max_bytes) {
  return s.substr(0, base::Utf8PrefixLength(s, max_bytes));
}

std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto u = static_cast<unsigned char>(s[i]);
    if ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7F) {
      out.push_back('?');
    } else if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out.push_back('?');  // A C1 control (U+0080-U+009F): some terminals obey them too.
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace kakunin::sms::internal
