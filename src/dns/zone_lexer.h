// Splits a BIND master file (RFC 1035 5.1) into logical lines of tokens: parentheses join
// physical lines, ';' starts a comment, quoted strings are single tokens. Escapes are kept raw
// (a backslash and what follows stay in the token) so that the parser decides what they mean.
// A comment line starting with ";!" is a kakunin test directive (docs/dns.md) and comes out as
// its own logical line.
//
// Input: a zone file, trusted no more than any file a user names; bounded by its size (the
// caller caps it) and the lexer keeps at most one copy of each token.
// Thread-safety: pure function.
#ifndef KAKUNIN_DNS_ZONE_LEXER_H_
#define KAKUNIN_DNS_ZONE_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::dns::internal {

struct ZoneToken {
  std::string text;     // Raw, escapes not decoded; for a quoted token, without the quotes.
  bool quoted = false;  // Written as "...".
  int line = 0;         // 1-based physical line where the token starts.
};

struct ZoneLine {
  int line = 0;                    // Physical line of the first token.
  bool starts_with_blank = false;  // The owner field is empty: reuse the previous owner.
  bool test_directive = false;     // A ";!" line; tokens are the words after ";!".
  std::vector<ZoneToken> tokens;   // Never empty.
};

// Errors: kParse "SOURCE:LINE: what" for an unterminated quoted string, an unbalanced
// parenthesis, a directive inside parentheses or a backslash at the end of a line.
[[nodiscard]] Result<std::vector<ZoneLine>> LexZone(std::string_view text,
                                                    std::string_view source_name);

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_ZONE_LEXER_H_
