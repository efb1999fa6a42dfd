// Converting text in a declared charset to UTF-8 (ICU converters, WHATWG Encoding aliases).
// Internal to mime/. Thread-safety: pure functions.
#ifndef KAKUNIN_MIME_CHARSET_H_
#define KAKUNIN_MIME_CHARSET_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kakunin::mime::internal {

struct Utf8Text {
  std::string text;
  std::string charset_used;     // The converter actually used ("windows-31j", "UTF-8", ...).
  bool charset_unknown = false;  // The declared charset was not recognised; a guess was used.
  size_t invalid_sequences = 0;  // Byte sequences that did not decode (replaced by U+FFFD).
};

// Converts `bytes` declared as `charset` (may be empty) to UTF-8. Never fails: an unknown
// charset falls back to UTF-8 when the bytes are valid UTF-8, else to ICU's detector, else
// windows-1252. ISO-2022-JP is decoded as Microsoft's superset (CP932 extensions such as
// circled digits are common in Japanese mail), Shift_JIS as windows-31j (as browsers do).
Utf8Text ToUtf8(std::string_view bytes, std::string_view charset);

}  // namespace kakunin::mime::internal

#endif  // KAKUNIN_MIME_CHARSET_H_
