// Tag=value lists, RFC 6376 3.2: the syntax of DKIM-Signature fields, DKIM key records and the
// ARC-Message-Signature / ARC-Seal fields of RFC 8617 (4.1.2, 4.1.3), which reuse it unchanged.
// Internal to dkim/ and arc/.
//
// Input is attacker-controlled (a header field value or a DNS TXT record). The parser is a single
// pass over the bytes with no recursion; the number of tags is bounded by kMaxTags.
// Thread-safety: pure functions; a TagList holds views into the parsed text.
#ifndef KAKUNIN_DKIM_TAG_LIST_H_
#define KAKUNIN_DKIM_TAG_LIST_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::dkim::internal {

// More tags than any real signature or key record carries (RFC 6376 defines 14 signature tags);
// a longer list is rejected so a hostile field cannot make the tag table grow without bound.
inline constexpr size_t kMaxTags = 64;

struct Tag {
  std::string_view name;   // tag-name, as written (case-sensitive per RFC 6376 3.2).
  std::string_view value;  // tag-value without leading/trailing FWS; inner FWS kept.
  size_t value_begin = 0;  // Offset of `value` in the parsed text (`value` may be empty).
};

class TagList {
 public:
  const std::vector<Tag>& tags() const { return tags_; }
  // The tag named `name` (exact, case-sensitive match), or nullptr.
  const Tag* Find(std::string_view name) const;

 private:
  friend Result<TagList> ParseTagList(std::string_view text);
  std::vector<Tag> tags_;
};

// Parses `text` as tag-list = tag-spec *( ";" tag-spec ) [ ";" ], where
// tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS] and tag-value's characters are
// VALCHAR (%x21-3A / %x3C-7E) separated by FWS. Returns the tags in order. Errors (kParse, with
// the reason): bad tag name, missing '=', a character not allowed in a value, a tag repeated
// (RFC 6376 3.2: "tags ... MUST NOT be duplicated"), more than kMaxTags tags.
// The returned views point into `text`, which must outlive the TagList.
[[nodiscard]] Result<TagList> ParseTagList(std::string_view text);

// `value` with every FWS character (SP, HTAB, CR, LF) removed: how b=, bh= and p= are read
// (RFC 6376 3.5: "whitespace is ignored in this value").
std::string StripFws(std::string_view value);

// Splits a colon-separated tag value ("from : to:subject") into its trimmed pieces.
std::vector<std::string_view> SplitColonList(std::string_view value);

}  // namespace kakunin::dkim::internal

#endif  // KAKUNIN_DKIM_TAG_LIST_H_
