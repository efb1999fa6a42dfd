// E-mail addresses and phone numbers as kakunind accepts them. Thread-safety: pure functions.
#ifndef KAKUNIN_SERVICE_ADDRESS_H_
#define KAKUNIN_SERVICE_ADDRESS_H_

#include <optional>
#include <string>
#include <string_view>

namespace kakunin::service {

// RFC 5321 4.5.3.1: local part <= 64 octets, the whole path <= 256 (254 for the address).
inline constexpr size_t kMaxLocalPart = 64;
inline constexpr size_t kMaxAddress = 254;

// The canonical form of an address typed by a user (attacker-controlled, bounded by kMaxAddress):
// trimmed, ASCII letters lower-cased in both parts (so Alice@ and alice@ are one account), one
// '@', a dot-separated domain of letters, digits and hyphens (or UTF-8), no spaces, controls,
// quotes or angle brackets. nullopt when unusable.
std::optional<std::string> NormalizeEmail(std::string_view input);

// Whether `phone` is E.164: '+' and 8 to 15 digits (ITU-T E.164 section 6).
bool IsE164(std::string_view phone);

}  // namespace kakunin::service

#endif  // KAKUNIN_SERVICE_ADDRESS_H_
