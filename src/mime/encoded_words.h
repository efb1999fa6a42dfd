// RFC 2047 6.2 help for GMime: adjacent 'B' encoded-words in one charset are joined into one
// before decoding. Internal to mime/.
// Why: senders split long subjects into several base64 words, often in the middle of a UTF-8 or
// ISO-2022-JP character, and GMime 3.2 joins such words by concatenating their base64 text; when
// the first ends in '=' padding its decoder stops there and the rest of the subject is lost
// ("Amazon.co.jp: お支払い方法の更新が" instead of "...更新が必要です").
// Bounds: one linear pass; the output is at most about the input's size.
// Thread-safety: pure function.
#ifndef KAKUNIN_MIME_ENCODED_WORDS_H_
#define KAKUNIN_MIME_ENCODED_WORDS_H_

#include <string>
#include <string_view>

namespace kakunin::mime::internal {

// `raw` (an unfolded header value) with each run of B encoded-words of one charset, separated
// only by blanks, replaced by a single encoded-word holding the bytes of all of them. Everything
// else is kept byte for byte.
std::string JoinAdjacentBase64Words(std::string_view raw);

}  // namespace kakunin::mime::internal

#endif  // KAKUNIN_MIME_ENCODED_WORDS_H_
