// Text preparation for SMS triage: valid UTF-8, the NFKC reading copy, language and display
// helpers. Internal to sms/. Thread-safety: pure functions.
#ifndef KAKUNIN_SMS_TEXT_H_
#define KAKUNIN_SMS_TEXT_H_

#include <string>
#include <string_view>

namespace kakunin::sms::internal {

// `utf8` with every ill-formed sequence replaced by U+FFFD (the message is pasted by hand and
// may be anything).
std::string ValidUtf8(std::string_view utf8);

// The copy that links and codes are read from: Unicode NFKC (full-width Latin, digits and
// punctuation become ASCII: "ｈｔｔｐｓ：／／" -> "https://", "１２３４５６" -> "123456") with
// invisible format characters (general category Cf: zero-width spaces, joiners, bidi controls,
// U+FEFF) removed, since a phisher puts them inside a URL to break filters but the phone's link
// detection and the reader's eye skip them. REQUIRES: `utf8` is valid UTF-8.
std::string ReadingCopy(std::string_view utf8);

// Whether the text has hiragana, katakana or kanji in it.
bool HasJapanese(std::string_view utf8);

// The first line of `utf8` (after leading blank lines), at most `max_chars` code points.
std::string_view FirstLine(std::string_view utf8, size_t max_chars);

// The prefix of `s` of at most `max_bytes` bytes, never cutting a UTF-8 sequence in two.
std::string_view CutUtf8(std::string_view s, size_t max_bytes);

// `s` with C0/C1 control characters other than newline and tab replaced by '?', so that a
// message cannot send escape sequences to the terminal.
std::string Printable(std::string_view s);

}  // namespace kakunin::sms::internal

#endif  // KAKUNIN_SMS_TEXT_H_
