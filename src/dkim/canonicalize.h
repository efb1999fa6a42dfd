// Canonicalization, RFC 6376 3.4, and the header-selection rule of 5.4.2 (fields named in h= are
// taken from the bottom up). Shared with ARC (RFC 8617 reuses both unchanged). Internal.
//
// Input is attacker-controlled wire bytes (CRLF form, from mime::Message or mime's wire splitter).
// All loops are linear in the input; the body is never copied whole: canonical bytes are passed
// to a sink in chunks of at most kChunkBytes.
// Thread-safety: pure functions.
#ifndef KAKUNIN_DKIM_CANONICALIZE_H_
#define KAKUNIN_DKIM_CANONICALIZE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/dkim.h"
#include "kakunin/message.h"

namespace kakunin::dkim::internal {

// Receives canonical body bytes in order.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void Append(std::string_view bytes) = 0;
};

// Size of the staging buffer for relaxed body output (one hash update per chunk).
inline constexpr size_t kChunkBytes = size_t{16} * 1024;

// Appends the canonical form of one header field (`raw` = "Name: value\r\n" as on the wire,
// `name` = the field name without trailing WSP) to `out`, including the final CRLF.
// Simple: the bytes unchanged. Relaxed (3.4.2): name lower-cased, folding removed, WSP runs
// made one SP, WSP around the colon and at the end of the value removed.
void CanonicalizeHeader(Canonicalization c, std::string_view name, std::string_view raw, std::string& out);

// Feeds the canonical body (3.4.3 simple, 3.4.4 relaxed) of `body` (CRLF wire form) to `sink`,
// at most `limit` bytes of it when set (l=). Returns the length of the whole canonical body
// (not cut by `limit`), so the caller can compare it with l=.
uint64_t CanonicalizeBody(Canonicalization c, std::string_view body, std::optional<uint64_t> limit,
                          ByteSink& sink);

// For each name in `names` (lower-case), the next unused field of that name counting from the
// bottom (RFC 6376 5.4.2), or nullptr when none is left (an oversigned name contributes nothing).
std::vector<const mime::HeaderField*> SelectSignedFields(const std::vector<mime::HeaderField>& fields,
                                                         const std::vector<std::string>& names);

// `raw` (a whole signature field) with the value of its b= tag removed, the rest byte-exact
// (RFC 6376 3.7: the b= value is treated as empty). `b_begin`/`b_size` locate the value in `raw`.
std::string RemoveTagValue(std::string_view raw, size_t b_begin, size_t b_size);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_CANONICALIZE_H_
