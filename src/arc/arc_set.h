// The three ARC header fields of one instance, parsed (RFC 8617 4.1). Internal to arc/.
// Input is attacker-controlled header text; tag lists are bounded by dkim::internal::kMaxTags.
// Thread-safety: pure functions; values hold views into the Message, which must outlive them.
#ifndef KAKUNIN_ARC_ARC_SET_H_
#define KAKUNIN_ARC_ARC_SET_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/message.h"
#include "kakunin/result.h"

namespace kakunin::arc::internal {

// A signature field (AMS or AS): the tags ARC reads, plus where b= sits in the field.
struct ArcSignature {
  const mime::HeaderField* field = nullptr;
  int instance = 0;
  std::string domain, selector;
  std::string signature;  // b=, decoded
  size_t b_offset = 0;    // Offset of the b= value in field->raw.
  size_t b_size = 0;
  // AMS only.
  std::string body_hash;  // bh=, decoded
  std::vector<std::string> signed_headers;  // h=, lower case
  bool header_relaxed = false, body_relaxed = false;
  // AS only.
  std::string cv;
};

struct ArcResults {
  const mime::HeaderField* field = nullptr;
  int instance = 0;
  std::string authserv_id;
  std::string claimed;
};

// Errors: kParse with the reason (tag-list syntax, a missing or invalid required tag, an
// algorithm other than rsa-sha256, h= naming ARC-Seal, ...).
[[nodiscard]] Result<ArcSignature> ParseMessageSignature(const mime::HeaderField& field);
[[nodiscard]] Result<ArcSignature> ParseSeal(const mime::HeaderField& field);
[[nodiscard]] Result<ArcResults> ParseResults(const mime::HeaderField& field);

// The instance number a field claims (i= tag / "i=N;" prefix), for grouping before full parsing.
std::optional<int> InstanceOf(const mime::HeaderField& field);

}  // namespace kakunin::arc::internal

#endif  // KAKUNIN_ARC_ARC_SET_H_
