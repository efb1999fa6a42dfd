// Notice: what a mail is about (a sign-in code, a password reset, a delivery lure ...), the
// one-time code it carries, and the odds of guessing such a code.
//
// Classification reads the Subject and the text parts (HTML reduced to its words) in Japanese
// and English, and looks for the phrases listed per kind in data/notice_phrases.json (compiled in,
// documented in docs/notice.md). Text is compared after NFKC normalisation and case folding, with
// spaces, dots and hyphens ignored (so "Ｐａｓｓｗｏｒｄ　ｒｅｓｅｔ", "password-reset" and "【重要】パスワード
// 再設定" all match), phrases in the Subject weigh double, and the kind with the highest score wins.
// A lure kind (account_locked_lure, payment_problem_lure, ...) says what the text tries to make
// the reader fear or want; it is evidence, not a verdict: a genuine bank also writes about failed
// payments. The verdict comes from the triage policy, which weighs it with authentication.
//
// Code extraction finds a one-time code (4-10 digits, "G-123456", "123 456", or a 6-8 character
// upper-case code with letters and digits) near a code word ("確認コード", "verification code",
// "PIN"), and refuses numbers that are order numbers, phone numbers, prices, dates, times, years,
// postal codes or parts of links.
//
// Brute-force odds: the chance that an attacker who can request codes and try k guesses per code
// succeeds within a time window (1 - (1 - k/N)^m, computed with log1p/expm1 so that tiny chances
// are not lost to rounding), with "1 in 100,000 per code" / "1コードあたり100,000分の1" formatting.
//
// Left out: images (a code drawn in a picture), languages other than Japanese and English,
// intent detection beyond phrase lists.
//
// Thread-safety: NoticeClassifier is immutable after construction and safe to share between
// threads; the free functions are pure.
#ifndef KAKUNIN_NOTICE_H_
#define KAKUNIN_NOTICE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/message.h"
#include "kakunin/result.h"

namespace kakunin::triage {

// A phrase file larger than this is refused: the shipped one is ~20 KiB.
inline constexpr size_t kMaxPhraseFileBytes = 1u << 20;
// Text past this many bytes per part is not read: notices say what they are near the top, and
// this bounds the work per mail (the body is attacker-controlled).
inline constexpr size_t kMaxNoticeTextBytes = 128u << 10;
// Codes are 4-10 digits (RFC 4226 5.3 recommends at least 6; services use 4-8) ...
inline constexpr size_t kMinCodeDigits = 4;
inline constexpr size_t kMaxCodeDigits = 10;
// ... and must sit this close to a code word (in characters) to count.
inline constexpr size_t kCodeWordWindowBefore = 120;
inline constexpr size_t kCodeWordWindowAfter = 40;

enum class NoticeKind {
  kEmailVerification,    // "Confirm your e-mail address", 本登録のご案内.
  kPasswordReset,        // "Reset your password", パスワード再設定.
  kSignInCode,           // A 2-step / one-time sign-in code.
  kSignInAlert,          // "New sign-in from ...", ログイン通知.
  kAccountChange,        // Password, e-mail address or phone number changed.
  kAccountLockedLure,    // "Your account is suspended, verify within 24 hours".
  kPaymentProblemLure,   // "Your payment was declined, update your card".
  kDeliveryProblemLure,  // "We could not deliver your parcel", 不在通知.
  kPrizeLure,            // "Congratulations, you have won", 当選.
  kOther,
};

// "email_verification", "password_reset", ..., "other" (the JSON names).
std::string_view NoticeKindName(NoticeKind kind);
std::optional<NoticeKind> ParseNoticeKind(std::string_view name);

struct NoticeEvidence {
  NoticeKind kind = NoticeKind::kOther;
  std::string phrase;   // The phrase as listed in the phrase file.
  std::string matched;  // The text as it appears in the mail.
  bool in_subject = false;
  double weight = 0.0;  // Its contribution to the kind's score (subject matches count double).
};

struct OneTimeCode {
  std::string code;       // As it would be typed: "123456", "G-123456", "A7K9Q2".
  std::string code_word;  // The nearby word that makes it a code ("確認コード", "verification code").
  bool in_subject = false;
  size_t digits = 0;       // Number of digits in it.
  bool alphanumeric = false;
};

struct Notice {
  NoticeKind kind = NoticeKind::kOther;
  double confidence = 0.0;  // 0..1; how clearly this kind beat the others (docs/notice.md).
  std::vector<NoticeEvidence> evidence;  // Phrases of the winning kind, subject first.
  std::optional<OneTimeCode> code;
  std::vector<std::pair<NoticeKind, double>> scores;  // Every kind that scored, highest first.
};

// The phrase lists, compiled for matching. Build once, share freely (immutable).
class NoticeClassifier {
 public:
  NoticeClassifier();
  ~NoticeClassifier();
  NoticeClassifier(const NoticeClassifier&);
  NoticeClassifier& operator=(const NoticeClassifier&);
  NoticeClassifier(NoticeClassifier&&) noexcept;
  NoticeClassifier& operator=(NoticeClassifier&&) noexcept;

  // Parses a phrase file (data/notice_phrases.json format). `origin` names it in errors
  // ("phrases.json: kinds.password_reset.ja[3]: ..."). Errors: kParse for bad JSON, unknown kind
  // names or keys, empty phrases, weights outside (0, 10]; kLimitExceeded past 2000 phrases per list.
  [[nodiscard]] static Result<NoticeClassifier> FromJson(std::string_view json, std::string_view origin);
  // The shipped phrase file (compiled in). A broken shipped file aborts at first use (the tests
  // load it).
  static const NoticeClassifier& Default();

  // Classifies `message` from its Subject and text parts and extracts its code.
  Notice Classify(const mime::Message& message) const;
  // The same from plain text (an SMS has no subject: pass "").
  Notice ClassifyText(std::string_view subject, std::string_view body_utf8) const;
  // Only the code: in `subject` first, then in `body_utf8`.
  std::optional<OneTimeCode> ExtractCode(std::string_view subject, std::string_view body_utf8) const;

  // Internal: the compiled lists (src/triage/notice_phrases.h).
  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

// --- Brute-force odds -------------------------------------------------------------------

// What an attacker who does not have the code can do.
struct GuessingModel {
  // The code space: alphabet_size^length codes (10^6 for a six-digit code).
  uint32_t alphabet_size = 10;
  uint32_t length = 6;
  uint32_t tries_per_code = 5;   // Wrong entries the service accepts before the code is void.
  double codes_per_hour = 10;    // New codes the attacker can make the service issue per hour.
  double hours = 24;             // How long the attacker keeps going.
};

struct GuessingOdds {
  // The chance that one code is guessed with tries_per_code distinct guesses: k/N (1 when k >= N).
  double per_code = 0.0;
  // The chance of at least one success over codes_per_hour * hours codes:
  // 1 - (1 - per_code)^m, computed as -expm1(m * log1p(-per_code)).
  double over_window = 0.0;
  double codes = 0.0;  // m, the number of codes tried (fractional hours allowed).
};

// Defaults used when a brand's policy is unknown (docs/notice.md gives the reasons): six digits,
// 5 tries per code, 10 codes per hour, 24 hours.
GuessingModel DefaultGuessingModel();

// The model for a brand: its code length (digits, or alphabet_size + length) and attempts from
// `policy`, the defaults for everything it leaves unknown. `defaulted`, when given, receives the
// names of the fields that were not known ("length", "tries_per_code"), so a report can say which
// numbers are assumptions.
GuessingModel GuessingModelFor(const brands::CodePolicy& policy, std::vector<std::string>* defaulted = nullptr);

// Errors: kInvalidArgument for alphabet_size < 2, length 0, tries_per_code 0, negative or
// non-finite codes_per_hour / hours.
[[nodiscard]] Result<GuessingOdds> ComputeOdds(const GuessingModel& model);

// The odds of guessing `code`, described in English and Japanese (DescribeOdds): the model of
// `policy` (the defaults when null), with the length taken from the code itself when it is all
// digits, since the code in hand says more about its shape than a registry default does. Both
// strings are empty when the model is invalid.
struct CodeOddsText {
  std::string en;
  std::string ja;
  double over_window = 0.0;  // GuessingOdds::over_window of that model.
};
CodeOddsText DescribeCodeOdds(const OneTimeCode& code, const brands::CodePolicy* policy);

// "1 in 100,000" / "100,000分の1" for a probability (rounded to a whole "1 in N"; "certain" /
// "確実" at 1, "less than 1 in 10^18" / "10^18分の1未満" below that).
std::string FormatOneIn(double probability, std::string_view lang);
// One line for people, e.g. en: "6 digits, 5 tries per code: 1 in 200,000 per code; about
// 1 in 834 over 24 hours at 10 codes per hour"; ja: "6桁・1コードあたり5回まで: 1コードあたり
// 200,000分の1、1時間に10コードで24時間続けると約834分の1".
std::string DescribeOdds(const GuessingModel& model, const GuessingOdds& odds, std::string_view lang);

}  // namespace kakunin::triage

#endif  // KAKUNIN_NOTICE_H_
