// Password and passphrase generation with OpenSSL's CSPRNG and rejection sampling.
#include <openssl/err.h>
#include <openssl/rand.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "base/strings.h"
#include "kakunin/password.h"

namespace kakunin::password {
namespace internal {
extern const char kBuiltinPassphraseWords[];
}  // namespace internal

namespace {

// Wipes the random bytes once drawn: they determine the password.
class WipedBytes {
 public:
  ~WipedBytes() { sodium_memzero(bytes_.data(), bytes_.size()); }
  std::span<uint8_t> First(size_t n) { return std::span<uint8_t>(bytes_).first(n); }

 private:
  std::array<uint8_t, 4> bytes_{};
};

std::vector<std::string_view> LoadWords() {
  std::vector<std::string_view> words;
  for (std::string_view line : base::Split(internal::kBuiltinPassphraseWords, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    words.push_back(line);
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

Result<Generated> Draw(GeneratedKind kind, size_t count, std::span<const std::string_view> choices,
                       const RandomBytes& random) {
  Generated out;
  out.password = SecretString("");
  out.kind = kind;
  out.count = count;
  out.choices = choices.size();
  out.entropy_bits = static_cast<double>(count) * std::log2(static_cast<double>(choices.size()));
  for (size_t i = 0; i < count; ++i) {
    auto index = UniformIndex(static_cast<uint32_t>(choices.size()), random);
    if (!index) return tl::unexpected(index.error());
    if (kind == GeneratedKind::kWords && i > 0) out.password.Append(kPassphraseSeparator);
    for (char c : choices[*index]) {
      // Cannot fail: 32 words of 8 letters and 128 characters are far below kMaxSecretBytes.
      if (!out.password.Append(c)) return Fail(ErrorCode::kInternal, "generated password too long");
    }
  }
  return out;
}

}  // namespace

Result<void> OpenSslRandomBytes(std::span<uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    return Fail(ErrorCode::kCrypto, "RAND_bytes failed (OpenSSL error " + std::to_string(ERR_get_error()) + ")");
  }
  return {};
}

Result<uint32_t> UniformIndex(uint32_t n, const RandomBytes& random) {
  if (n == 0) return Fail(ErrorCode::kInvalidArgument, "UniformIndex: empty range");
  // Draw the fewest bytes whose range 2^(8k) covers n; accept a draw only below the largest
  // multiple of n in that range, so each residue is hit by exactly as many draws.
  size_t bytes = n <= (1u << 8) ? 1 : n <= (1u << 16) ? 2 : n <= (1u << 24) ? 3 : 4;
  uint64_t range = uint64_t{1} << (8 * bytes);
  uint64_t limit = range - range % n;
  WipedBytes buffer;
  for (;;) {
    std::span<uint8_t> draw = buffer.First(bytes);
    if (auto ok = random(draw); !ok) return tl::unexpected(ok.error());
    uint64_t value = 0;
    for (uint8_t b : draw) value = (value << 8) | b;
    if (value < limit) return static_cast<uint32_t>(value % n);
    // The rejection probability is below 1/2 per draw, so this loop ends quickly.
  }
}

std::span<const std::string_view> PassphraseWords() {
  static const std::vector<std::string_view> words = LoadWords();
  return words;
}

Result<Generated> GenerateCharacters(size_t length, const RandomBytes& random) {
  if (length < kMinGeneratedLength || length > kMaxGeneratedLength) {
    return Fail(ErrorCode::kInvalidArgument, "length must be " + std::to_string(kMinGeneratedLength) + " to " +
                                                 std::to_string(kMaxGeneratedLength) + " characters");
  }
  static const std::vector<std::string_view> alphabet = [] {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < kGeneratedAlphabet.size(); ++i) out.push_back(kGeneratedAlphabet.substr(i, 1));
    return out;
  }();
  return Draw(GeneratedKind::kCharacters, length, alphabet, random);
}

Result<Generated> GeneratePassphrase(size_t words, const RandomBytes& random) {
  if (words < kMinPassphraseWords || words > kMaxPassphraseWords) {
    return Fail(ErrorCode::kInvalidArgument, "words must be " + std::to_string(kMinPassphraseWords) + " to " +
                                                 std::to_string(kMaxPassphraseWords));
  }
  return Draw(GeneratedKind::kWords, words, PassphraseWords(), random);
}

}  // namespace kakunin::password
