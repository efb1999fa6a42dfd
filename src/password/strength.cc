// zxcvbn + SP 800-63B 5.1.1.2. Every copy of the password made here (the NUL-terminated one for
// libzxcvbn, ICU's UTF-16 one, the lower-cased one) is wiped before returning. libzxcvbn's own
// match list holds positions and entropies only, not text.
#include <sodium.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "base/strings.h"
#include "kakunin/password.h"

namespace kakunin::password {
namespace {

// A repetition or sequence "mostly" makes up the password when it covers 3/4 of it.
constexpr double kMostlyShare = 0.75;
// One dictionary word (or common password) that covers 2/3 of the password makes it "a
// dictionary word" ("password123", "Tr0ub4dor&3"); several words ("correct horse battery
// staple") are a passphrase, which SP 800-63B encourages.
constexpr double kWordShare = 2.0 / 3.0;
constexpr size_t kMinContextWordChars = 4;

// zxcvbn's score bands, in log10(guesses).
int ScoreFor(double guesses_log10) {
  if (guesses_log10 < 3) return 0;
  if (guesses_log10 < 6) return 1;
  if (guesses_log10 < 8) return 2;
  if (guesses_log10 < 10) return 3;
  return 4;
}

class Wiped {
 public:
  explicit Wiped(std::string& s) : s_(s) {}
  ~Wiped() { sodium_memzero(s_.data(), s_.size()); }
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;

 private:
  std::string& s_;
};

// Code points after NFKC; -1 when ICU fails.
int64_t NfkcLength(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return -1;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString normalized = nfkc->normalize(text, status);
  int64_t length = U_FAILURE(status) ? -1 : normalized.countChar32();
  for (icu::UnicodeString* s : {&text, &normalized}) {
    UChar* buf = s->getBuffer(-1);
    if (buf != nullptr) {
      sodium_memzero(buf, static_cast<size_t>(s->getCapacity()) * sizeof(UChar));
      s->releaseBuffer(0);
    }
  }
  return length;
}

bool IsDictionary(int type) {
  int base_type = type & ~MULTIPLE_MATCH;
  return base_type == DICTIONARY_MATCH || base_type == DICT_LEET_MATCH || base_type == USER_MATCH ||
         base_type == USER_LEET_MATCH;
}

// Share of the text covered by blocks of period 1..3 repeated at least twice ("aaaa", "abab",
// "abcabc"). zxcvbn-c reports many of these as repeated dictionary words instead.
double RepetitiveShare(std::string_view s) {
  double best = 0;
  for (size_t period = 1; period <= 3 && period < s.size(); ++period) {
    size_t covered = 0, run = 0;
    for (size_t i = period; i < s.size(); ++i) {
      if (s[i] == s[i - period]) {
        ++run;
      } else {
        if (run >= period) covered += run + period;
        run = 0;
      }
    }
    if (run >= period) covered += run + period;
    best = std::max(best, static_cast<double>(covered) / static_cast<double>(s.size()));
  }
  return best;
}

// Share of the text in runs of 3+ characters that step by +1 or -1 ("1234", "abcd", "9876").
double SequentialShare(std::string_view s) {
  size_t covered = 0, run = 1;
  int step = 0;
  auto close = [&] {
    if (run >= 3) covered += run;
  };
  for (size_t i = 1; i < s.size(); ++i) {
    int d = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
    if ((d == 1 || d == -1) && (run == 1 || d == step)) {
      step = d;
      ++run;
    } else {
      close();
      run = 1;
      if (d == 1 || d == -1) {
        step = d;
        run = 2;
      }
    }
  }
  close();
  return s.empty() ? 0 : static_cast<double>(covered) / static_cast<double>(s.size());
}

const char* WarningFor(ZxcTypeMatch_t type) {
  switch (static_cast<int>(type) & ~MULTIPLE_MATCH) {
    case DICTIONARY_MATCH:
      return "Contains a common word, name or password.";
    case DICT_LEET_MATCH:
    case USER_LEET_MATCH:
      return "Swapping letters for look-alike digits or symbols ('@' for 'a') does not make a word hard to guess.";
    case USER_MATCH:
      return "Contains a word tied to you or the service (name, username, site).";
    case REPEATS_MATCH:
      return "Repeated characters or blocks ('aaa', 'abcabc') are easy to guess.";
    case SEQUENCE_MATCH:
      return "Sequences like 'abc' or '6543' are easy to guess.";
    case SPATIAL_MATCH:
      return "Keyboard patterns like 'qwerty' or 'zxcvbn' are easy to guess.";
    case DATE_MATCH:
    case YEAR_MATCH:
      return "Dates and years are easy to guess.";
    default:
      return nullptr;
  }
}

}  // namespace

std::string_view RuleName(Rule rule) {
  switch (rule) {
    case Rule::kTooShort: return "too_short";
    case Rule::kDictionaryWord: return "dictionary_word";
    case Rule::kRepetitive: return "repetitive";
    case Rule::kSequential: return "sequential";
    case Rule::kContextWord: return "context_word";
    case Rule::kBreached: return "breached";
  }
  return "unknown";
}

Result<Strength> Assess(std::string_view password, const Context& context) {
  if (password.find('\0') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "the password contains a NUL byte");
  }
  if (!base::IsValidUtf8(password)) return Fail(ErrorCode::kInvalidArgument, "the password is not valid UTF-8");
  Strength out;
  int64_t length = NfkcLength(password);
  if (length < 0) return Fail(ErrorCode::kInternal, "ICU NFKC normalization failed");
  out.length = static_cast<size_t>(length);

  // libzxcvbn wants a NUL-terminated string; cut at a code point boundary.
  std::string analysed(password.substr(0, base::Utf8PrefixLength(password, kMaxAnalyzedBytes)));
  Wiped wipe_analysed(analysed);
  std::vector<const char*> user_dict;
  for (const std::string& w : context.words) {
    if (!w.empty()) user_dict.push_back(w.c_str());
  }
  user_dict.push_back(nullptr);
  ZxcMatch_t* info = nullptr;
  double bits = ZxcvbnMatch(analysed.c_str(), user_dict.data(), &info);
  out.entropy_bits = bits;
  out.guesses_log10 = bits * std::log10(2.0);
  out.score = ScoreFor(out.guesses_log10);

  // The longest single dictionary match, and what zxcvbn calls sequences or keyboard runs.
  double total = std::max<double>(1.0, static_cast<double>(analysed.size()));
  double longest_word = 0, sequence = 0;
  bool repeated_word = false;
  for (ZxcMatch_t* m = info; m != nullptr; m = m->Next) {
    int type = static_cast<int>(m->Type);
    if (IsDictionary(type)) {
      longest_word = std::max(longest_word, static_cast<double>(m->Length));
      repeated_word |= (type & MULTIPLE_MATCH) != 0 && m->Length == static_cast<int>(analysed.size());
    }
    int base_type = type & ~MULTIPLE_MATCH;
    if (base_type == SEQUENCE_MATCH || base_type == SPATIAL_MATCH) sequence += m->Length;
    const char* warning = WarningFor(m->Type);
    if (warning != nullptr && m->Length >= 3 &&
        std::find(out.warnings.begin(), out.warnings.end(), warning) == out.warnings.end()) {
      out.warnings.push_back(warning);
    }
  }
  ZxcvbnFreeInfo(info);

  if (out.length < kMinLength) {
    out.issues.push_back({Rule::kTooShort, "Shorter than 8 characters (SP 800-63B 5.1.1.2 asks for at least 8)."});
  }
  if (longest_word / total >= kWordShare) {
    out.issues.push_back({Rule::kDictionaryWord, "Mostly one dictionary word or common password."});
  }
  if (repeated_word || RepetitiveShare(analysed) >= kMostlyShare) {
    out.issues.push_back({Rule::kRepetitive, "Mostly repeated characters."});
  }
  if (std::max(sequence / total, SequentialShare(analysed)) >= kMostlyShare) {
    out.issues.push_back({Rule::kSequential, "Mostly a sequence or keyboard run."});
  }
  std::string lower = base::ToLower(password);
  Wiped wipe_lower(lower);
  for (const std::string& w : context.words) {
    std::string lw = base::ToLower(w);
    if (lw.size() >= kMinContextWordChars && lower.find(lw) != std::string::npos) {
      out.issues.push_back({Rule::kContextWord, "Contains a word tied to this account or service."});
      break;
    }
  }
  if (context.breached.has_value() && *context.breached > 0) {
    out.issues.push_back({Rule::kBreached, "Found in " + std::to_string(*context.breached) +
                                               " breached-password records (Have I Been Pwned)."});
  }
  out.acceptable = out.issues.empty() && out.score >= 3;
  return out;
}

}  // namespace kakunin::password
