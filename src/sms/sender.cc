// Sender IDs and numbers, as the phone showed them: attacker-chosen text, cut to kMaxSenderBytes.
#include <string>

#include "base/strings.h"
#include "kakunin/sms.h"
#include "sms/text.h"

namespace kakunin::sms {
namespace {

// Shortest and longest short codes (a Japanese or foreign SMS short code is 3-8 digits); a
// longer all-digit sender is a telephone number (E.164 allows up to 15 digits, ITU-T E.164 6.1).
constexpr size_t kMinShortCodeDigits = 3;
constexpr size_t kMaxShortCodeDigits = 8;

}  // namespace

std::string_view SenderKindName(SenderKind kind) {
  switch (kind) {
    case SenderKind::kNone: return "none";
    case SenderKind::kAlphanumeric: return "alphanumeric";
    case SenderKind::kShortCode: return "short_code";
    case SenderKind::kPhoneNumber: return "phone_number";
  }
  return "none";
}

Sender ClassifySender(std::string_view raw) {
  Sender s;
  std::string valid = internal::ValidUtf8(internal::CutUtf8(raw, kMaxSenderBytes));
  std::string printable;
  for (char c : internal::Printable(valid)) printable.push_back(c == '\n' || c == '\t' ? ' ' : c);
  s.raw = std::string(base::Trim(printable));
  s.normalized = std::string(base::Trim(internal::ReadingCopy(s.raw)));
  if (s.normalized.empty()) return s;
  // A number as people write it: "+81 90-1234-5678", "(03) 1234 5678", "090.1234.5678".
  std::string digits;
  bool number = true;
  for (size_t i = 0; i < s.normalized.size() && number; ++i) {
    char c = s.normalized[i];
    if (base::IsAsciiDigit(c)) {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && (i == 0)) {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      number = false;
    }
  }
  const size_t count = digits.size() - (!digits.empty() && digits[0] == '+');
  if (number && count > 0) {
    s.normalized = digits;
    s.kind = digits[0] != '+' && count >= kMinShortCodeDigits && count <= kMaxShortCodeDigits ? SenderKind::kShortCode
                                                                                                : SenderKind::kPhoneNumber;
    return s;
  }
  s.kind = SenderKind::kAlphanumeric;
  return s;
}

}  // namespace kakunin::sms
