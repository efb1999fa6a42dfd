// RFC 6238 verification window, RFC 4648 base32, the otpauth:// key URI and recovery codes.
#include <openssl/crypto.h>

#include "kakunin/otp.h"

namespace kakunin::otp {
namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// RFC 3986 section 2.3 unreserved characters stay; everything else is %XX.
std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
        ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 0x0f];
    }
  }
  return out;
}

}  // namespace

std::string_view AlgorithmName(HmacAlgorithm algorithm) {
  switch (algorithm) {
    case HmacAlgorithm::kSha1: return "SHA1";
    case HmacAlgorithm::kSha256: return "SHA256";
    case HmacAlgorithm::kSha512: return "SHA512";
  }
  return "SHA1";
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 0x1f];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 0x1f];
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (char ch : text) {
    if (ch == ' ' || ch == '=') continue;
    int v = -1;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    if (ch >= 'a' && ch <= 'z') v = ch - 'a';
    if (ch >= '2' && ch <= '7') v = ch - '2' + 26;
    if (v < 0) return Fail(ErrorCode::kParse, "not a base32 character");
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // RFC 4648 section 6: the last quantum has 2, 4, 5 or 7 symbols (or a full 8).
  const size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) return Fail(ErrorCode::kParse, "impossible base32 length");
  return out;
}

int64_t TotpStep(int64_t unix_time, int64_t period) {
  // floor division, so times before 1970 (never seen in practice) do not round towards zero.
  return unix_time >= 0 ? unix_time / period : -((-unix_time + period - 1) / period);
}

std::optional<int64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_time,
                                 const TotpParams& params, int64_t after_step) {
  if (params.period <= 0 || code.size() != static_cast<size_t>(params.digits)) return std::nullopt;
  for (char ch : code) {
    if (ch < '0' || ch > '9') return std::nullopt;
  }
  const int64_t now_step = TotpStep(unix_time, params.period);
  std::optional<int64_t> found;
  // Every step of the window is computed and compared, matched or not, so the time taken does
  // not tell which step matched.
  for (int64_t step = now_step - kTotpDriftSteps; step <= now_step + kTotpDriftSteps; ++step) {
    if (step < 0) continue;
    auto expected = Hotp(key, static_cast<uint64_t>(step), params.digits, params.algorithm);
    if (!expected) return std::nullopt;
    const bool same = ConstantTimeEquals(*expected, code);
    OPENSSL_cleanse(expected->data(), expected->size());
    if (same && step > after_step && !found) found = step;
  }
  return found;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view key,
                       const TotpParams& params) {
  // Key Uri Format: the label is "issuer:account" (the colon may stay literal); issuer= repeats
  // the issuer for apps that read only the parameter.
  return "otpauth://totp/" + PercentEncode(issuer) + ":" + PercentEncode(account) +
         "?secret=" + Base32Encode(key) + "&issuer=" + PercentEncode(issuer) +
         "&algorithm=" + std::string(AlgorithmName(params.algorithm)) +
         "&digits=" + std::to_string(params.digits) + "&period=" + std::to_string(params.period);
}

Result<std::string> GenerateRecoveryCode() {
  auto bytes = RandomBytes(kRecoveryCodeChars);
  if (!bytes) return tl::unexpected(bytes.error());
  std::string code;
  for (size_t i = 0; i < kRecoveryCodeChars; ++i) {
    if (i == kRecoveryCodeChars / 2) code += '-';
    // 256 is a multiple of 32: the low five bits of a uniform byte are uniform.
    code += static_cast<char>(kBase32Alphabet[static_cast<unsigned char>((*bytes)[i]) & 0x1f] | 0x20);
  }
  OPENSSL_cleanse(bytes->data(), bytes->size());
  return code;
}

std::optional<std::string> NormalizeRecoveryCode(std::string_view typed) {
  std::string out;
  for (char ch : typed.substr(0, 64)) {
    if (ch == ' ' || ch == '-') continue;
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch | 0x20);
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '2' && ch <= '7'))) return std::nullopt;
    out += ch;
  }
  if (out.size() != kRecoveryCodeChars) return std::nullopt;
  return out;
}

}  // namespace kakunin::otp
