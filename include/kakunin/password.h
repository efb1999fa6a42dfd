// Password strength: zxcvbn's guess estimate (libzxcvbn, the C port) plus the checks NIST
// SP 800-63B section 5.1.1.2 asks verifiers to make of a memorized secret:
//   - at least 8 characters (kMinLength), counted as Unicode code points after NFKC
//     normalization (5.1.1.2: "SHOULD be applied ... before hashing"; "each Unicode code point
//     SHALL be counted as a single character"),
//   - not a dictionary word, not repetitive or sequential characters ("aaaaaa", "1234abcd"),
//   - not a context-specific word (the service name, the username or its parts),
//   - not in a breach corpus (the caller passes the result of kakunin/breach.h).
// No composition rules (upper/lower/digit/symbol): 5.1.1.2 says verifiers SHOULD NOT impose
// them, and they are not reported.
//
// Also here: SecretString, a buffer wiped with sodium_memzero, and ReadSecret, which reads a
// password from the terminal without echo or one line from standard input (never from argv).
//
// And generation: GenerateCharacters and GeneratePassphrase draw from OpenSSL's CSPRNG
// (RAND_bytes) with rejection sampling, so every character or word is exactly equally likely
// (no modulo bias), and report the entropy of the result.
//
// Left out: zxcvbn's "crack time" strings and the JS port's suggestions (libzxcvbn has neither);
// the words libzxcvbn knows are English-centred, so romanized Japanese words are not caught
// unless passed as context words.
#ifndef KAKUNIN_PASSWORD_H_
#define KAKUNIN_PASSWORD_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/result.h"

namespace kakunin::password {

inline constexpr size_t kMinLength = 8;    // SP 800-63B 5.1.1.2: "at least 8 characters".
inline constexpr size_t kMaxLength = 64;   // 5.1.1.2: verifiers SHOULD permit at least 64; we
                                           // accept longer, this is only documentation.
// zxcvbn's matching grows faster than linearly with length; only the first 256 bytes are
// analysed (a longer password is at least that strong). Longer input is still length-checked.
inline constexpr size_t kMaxAnalyzedBytes = 256;
// ReadSecret reads at most this many bytes; a longer line is an error, not silently cut.
inline constexpr size_t kMaxSecretBytes = 4096;

// A string whose bytes are wiped (sodium_memzero) before its memory is released. Move-only.
// Not thread-safe.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string_view text);
  SecretString(SecretString&& other) noexcept;
  SecretString& operator=(SecretString&& other) noexcept;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString();

  std::string_view view() const { return value_; }
  bool empty() const { return value_.empty(); }
  // Appends without reallocating past the capacity reserved at construction (so no unwiped
  // copy is left behind by a reallocation). Returns false when full.
  bool Append(char c);
  void Wipe();

 private:
  std::string value_;
};

// Reads a secret: from the terminal with echo off when standard input is a terminal (the prompt
// goes to standard error), else one line from standard input. The line end is removed.
// Errors: kInvalidArgument (empty, longer than kMaxSecretBytes, a NUL byte), kIo.
[[nodiscard]] Result<SecretString> ReadSecret(std::string_view prompt);

// The SP 800-63B checks, by id.
enum class Rule {
  kTooShort,       // Fewer than kMinLength code points.
  kDictionaryWord, // Mostly a dictionary word or name (l33t spelling included).
  kRepetitive,     // Mostly repeated characters or blocks ("aaaa", "abcabc").
  kSequential,     // Mostly a sequence or keyboard run ("1234", "qwerty").
  kContextWord,    // Contains a context word (service, username) of 4+ characters.
  kBreached,       // Found in a breach corpus.
};

// "too_short", "dictionary_word", ... (stable, for JSON).
std::string_view RuleName(Rule rule);

struct Issue {
  Rule rule;
  std::string message;  // English; never contains the password.
};

struct Context {
  std::vector<std::string> words;   // Service name, username, e-mail address, ...
  std::optional<uint64_t> breached; // Breach count when a check ran (0: not found).
};

struct Strength {
  int score = 0;              // zxcvbn's 0..4 (guesses < 10^3, 10^6, 10^8, 10^10, more).
  double entropy_bits = 0;    // log2 of the estimated guesses.
  double guesses_log10 = 0;
  size_t length = 0;          // Code points after NFKC.
  std::vector<std::string> warnings;  // zxcvbn patterns found, one sentence each.
  std::vector<Issue> issues;          // SP 800-63B checks failed.
  // No SP 800-63B issue and score >= 3.
  bool acceptable = false;
};

// Assesses `password` (UTF-8). Errors: kInvalidArgument for invalid UTF-8 or a NUL byte.
// Thread-safe (libzxcvbn with its built-in dictionary keeps no state between calls).
// Working copies of the password are wiped before returning.
[[nodiscard]] Result<Strength> Assess(std::string_view password, const Context& context = {});

// --- Generation ---

// Characters of generated passwords: letters and digits without the look-alikes 0 O o 1 l I,
// plus 10 symbols that most sites accept and that need no quoting in a password field.
// 66 characters: log2(66) = 6.04 bits each.
inline constexpr std::string_view kGeneratedAlphabet =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789!#%+-=?@_~";
inline constexpr size_t kDefaultGeneratedLength = 20;  // 120.88 bits.
// At least 72 bits: beyond any offline attack on a fast hash, and 12 characters still fit the
// shortest maximum lengths sites impose. At most 128, well under kMaxSecretBytes.
inline constexpr size_t kMinGeneratedLength = 12;
inline constexpr size_t kMaxGeneratedLength = 128;
// Passphrases: words from data/passphrase_words.txt (35,577 words, 15.1 bits each) joined by
// '-'. At least 5 words (75 bits), at most 32.
inline constexpr size_t kMinPassphraseWords = 5;
inline constexpr size_t kMaxPassphraseWords = 32;
inline constexpr char kPassphraseSeparator = '-';

// Fills `out` with random bytes. Errors: kCrypto. The default is OpenSslRandomBytes.
using RandomBytes = std::function<Result<void>(std::span<uint8_t> out)>;
// RAND_bytes from OpenSSL 3's default (CSPRNG) provider. Thread-safe.
[[nodiscard]] Result<void> OpenSslRandomBytes(std::span<uint8_t> out);

// A uniformly chosen integer in [0, n): the fewest whole bytes that cover n are drawn, and a
// draw in the incomplete top range (at or above the largest multiple of n) is thrown away and
// drawn again, so no value is favoured. REQUIRES: 1 <= n <= 2^32 - 1. Errors: those of `random`.
[[nodiscard]] Result<uint32_t> UniformIndex(uint32_t n, const RandomBytes& random);

// The passphrase word list (compiled in from data/passphrase_words.txt; sorted, no repeats).
// The views point into static storage. Thread-safe.
std::span<const std::string_view> PassphraseWords();

enum class GeneratedKind { kCharacters, kWords };

struct Generated {
  SecretString password;
  GeneratedKind kind = GeneratedKind::kCharacters;
  size_t count = 0;        // Characters or words drawn.
  size_t choices = 0;      // Alphabet size or word list size.
  double entropy_bits = 0; // count * log2(choices): exact, as every draw is uniform.
};

// `length` characters from kGeneratedAlphabet. Errors: kInvalidArgument (length outside
// [kMinGeneratedLength, kMaxGeneratedLength]), kCrypto.
[[nodiscard]] Result<Generated> GenerateCharacters(size_t length, const RandomBytes& random = OpenSslRandomBytes);

// `words` words from PassphraseWords() joined by kPassphraseSeparator. Errors: kInvalidArgument
// (words outside [kMinPassphraseWords, kMaxPassphraseWords]), kCrypto.
[[nodiscard]] Result<Generated> GeneratePassphrase(size_t words, const RandomBytes& random = OpenSslRandomBytes);

}  // namespace kakunin::password

#endif  // KAKUNIN_PASSWORD_H_
