// Base64 (RFC 4648 4) as DKIM uses it for b=, bh= and p= (RFC 6376 2.7): whitespace inside the
// value is ignored, padding is required to be correct. Internal to dkim/ and arc/.
// Thread-safety: pure functions.
#ifndef KAKUNIN_DKIM_BASE64_H_
#define KAKUNIN_DKIM_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace kakunin::dkim::internal {

// Decodes `text`, skipping SP, HTAB, CR and LF. Returns nullopt for any other non-alphabet
// character, misplaced or wrong padding, or a length that is not a whole number of quanta.
std::optional<std::string> Base64Decode(std::string_view text);

// Encodes `bytes` with padding, on one line.
std::string Base64Encode(std::string_view bytes);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_BASE64_H_
