// Fuzzes what kakunin's OTP code reads from users: a typed TOTP code (otp::MatchTotp, as
// kakunind's /v1/totp/confirm and TOTP sign-in pass it), a typed recovery code
// (otp::NormalizeRecoveryCode), a base32 secret (otp::Base32Decode, as pasted from an
// authenticator export) and the label of an otpauth:// URI (otp::OtpauthUri over an issuer and an
// account name that come from configuration and sign-up addresses).
// Input: one control byte (algorithm, digits, time offset), then the text; the text is split at
// the first newline into TYPED and LABEL.
// Invariants:
//  - MatchTotp accepts a code only when it is exactly `digits` ASCII digits, the step it returns
//    is inside the drift window, after the last accepted step, and its RFC 6238 code is the typed
//    one; the same code is never accepted again once its step is recorded (replay);
//  - a normalized recovery code is kRecoveryCodeChars characters of the lower-case base32
//    alphabet, and normalizing it again gives itself;
//  - base32: decoding what was encoded gives the bytes back, and a decoded secret re-encodes to
//    the input's symbols (upper case, without spaces and padding) up to the final quantum's
//    unused bits;
//  - the otpauth:// URI has no byte outside RFC 3986's unreserved set and the few delimiters
//    the format itself writes (no space, no control byte, no raw UTF-8), whatever the label.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kakunin/otp.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsUriByte(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
         std::string_view("-._~%:/?&=").find(ch) != std::string_view::npos;
}

// The base32 symbols of `text` as Base32Decode reads them: upper case, spaces and '=' dropped.
std::string Symbols(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == ' ' || ch == '=') continue;
    out += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Typed codes are cut at 64 bytes by the service and labels are e-mail addresses (254 bytes);
  // 4 KiB covers both with room for the base32 and URI paths.
  if (size < 1 || size > 4096) return 0;
  using namespace kakunin::otp;  // NOLINT
  const uint8_t control = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t nl = text.find('\n');
  std::string_view typed = text.substr(0, nl);
  std::string_view label = nl == std::string_view::npos ? std::string_view("user@example.com") : text.substr(nl + 1);

  // TOTP: the RFC 6238 test secret, parameters and time from the control byte.
  static const std::string kKey = "12345678901234567890";
  TotpParams params;
  params.algorithm = (control & 3) == 1 ? HmacAlgorithm::kSha256
                     : (control & 3) == 2 ? HmacAlgorithm::kSha512
                                          : HmacAlgorithm::kSha1;
  params.digits = 6 + ((control >> 2) & 3) % 3;  // 6, 7 or 8: what config allows.
  params.period = (control & 0x10) ? 60 : 30;
  const int64_t now = 1'800'000'000 + static_cast<int64_t>(control >> 5) * 17;
  const int64_t now_step = TotpStep(now, params.period);
  const int64_t after = (control & 0x80) ? now_step - 1 : -1;
  auto step = MatchTotp(kKey, typed, now, params, after);
  if (step) {
    Check(typed.size() == static_cast<size_t>(params.digits));
    for (char ch : typed) Check(ch >= '0' && ch <= '9');
    Check(*step >= now_step - kTotpDriftSteps && *step <= now_step + kTotpDriftSteps && *step > after);
    auto expected = Totp(kKey, *step * params.period, params.digits, params.algorithm, params.period);
    Check(expected.has_value() && *expected == typed);
    // Replay: once this step is the last accepted one, the same code never passes again.
    Check(!MatchTotp(kKey, typed, now, params, *step).has_value());
  }
  // The code of the current step always passes with nothing accepted yet (so the check above is
  // reachable and the window is the one documented).
  auto current = Totp(kKey, now, params.digits, params.algorithm, params.period);
  Check(current.has_value());
  auto own = MatchTotp(kKey, *current, now, params, -1);
  Check(own.has_value() && *own >= now_step - kTotpDriftSteps && *own <= now_step);

  // Recovery codes.
  if (auto normalized = NormalizeRecoveryCode(typed)) {
    Check(normalized->size() == kRecoveryCodeChars);
    for (char ch : *normalized) Check((ch >= 'a' && ch <= 'z') || (ch >= '2' && ch <= '7'));
    auto again = NormalizeRecoveryCode(*normalized);
    Check(again.has_value() && *again == *normalized);
  }

  // Base32 both ways.
  if (auto decoded = Base32Decode(typed)) {
    const std::string symbols = Symbols(typed);
    const std::string encoded = Base32Encode(*decoded);
    // Whole bytes only: the encoder writes ceil(8n/5) symbols; the input may carry up to one
    // more symbol's worth of unused bits, so compare the common prefix but the last symbol.
    Check(encoded.size() <= symbols.size());
    if (!encoded.empty()) Check(symbols.compare(0, encoded.size() - 1, encoded, 0, encoded.size() - 1) == 0);
    auto back = Base32Decode(encoded);
    Check(back.has_value() && *back == *decoded);
  }
  const std::string raw(text);
  auto round = Base32Decode(Base32Encode(raw));
  Check(round.has_value() && *round == raw);

  // otpauth:// with hostile labels.
  const std::string uri = OtpauthUri(label, typed, kKey, params);
  Check(uri.starts_with("otpauth://totp/"));
  for (char ch : uri) Check(IsUriByte(ch));
  return 0;
}
