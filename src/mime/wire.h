// Wire form and header-field splitting (RFC 5322 2.1, 2.2). Internal to mime/.
// Thread-safety: pure functions.
#ifndef KAKUNIN_MIME_WIRE_H_
#define KAKUNIN_MIME_WIRE_H_

#include <string>
#include <string_view>
#include <vector>

#include "kakunin/finding.h"
#include "kakunin/message.h"

namespace kakunin::mime::internal {

struct WireInfo {
  bool had_bare_lf = false;
  bool was_mbox = false;
};

// Whether `line` (from its first byte) is an mbox separator ("From sender date"), not a field
// named "From" written as "From : x". kakunin scan splits mbox files with it.
bool IsMboxSeparator(std::string_view line);

// Returns `in` with every line ending in CRLF. A leading mbox "From " line is dropped and
// mboxrd quoting (">From " -> "From ", ">>From " -> ">From ") undone; `info` says which applied.
std::string NormalizeToWire(std::string_view in, WireInfo& info);

struct HeaderSplit {
  std::vector<HeaderField> fields;
  size_t header_end = 0;   // End of the last field (start of the empty line, or of the body).
  size_t body_begin = 0;   // First byte of the body.
  bool truncated = false;  // More than max_fields fields; the rest were not indexed.
  bool malformed_line = false;  // A line that is neither a field nor a continuation ended the header.
};

// Splits `wire` (CRLF form) into header fields and locates the body. Returns false if the first
// line is not a header field (the input is not a mail message). Views point into `wire`.
bool SplitHeader(std::string_view wire, size_t max_fields, HeaderSplit& out);

// Whether `name` is a valid RFC 5322 field name (printable US-ASCII except ':').
bool IsFieldName(std::string_view name);

}  // namespace kakunin::mime::internal

#endif  // KAKUNIN_MIME_WIRE_H_
