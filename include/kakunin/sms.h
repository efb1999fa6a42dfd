// SMS: triage of one text message (or a notice pasted from a phone) -- is it genuine, what
// triggered it, and what to do now. The SMS counterpart of inspect.h, for the same reader.
//
// A text message carries no sender authentication: the SMS protocol (3GPP TS 23.040) lets the
// sending gateway set the originating address, so an alphanumeric sender ID ("Amazon") or a
// number is whatever the sender typed, and phones thread a forged message into the same
// conversation as genuine ones. The verdict therefore rests on the content alone (docs/sms.md has
// the table): which brand the text speaks for, where its links really go, what kind of notice it
// is, and whether it asks for a reply or a call.
//
// The pipeline reuses the mail triage unchanged: the text is normalised with Unicode NFKC (so
// full-width "ｈｔｔｐｓ：／／ａｍａｚｏｎ．ｅｘａｍｐｌｅ" and "１２３４５６" read as ASCII) and with
// invisible format characters removed; links are found by links::ExtractText (URLs with or
// without a scheme, bare domains such as "amazon-co-jp.example/login", shortened links) and
// analysed by links::Analyze against the brand registry; brand claims come from
// brands::BrandRegistry::ClaimsInText (the sender ID as a display name, the first line as a
// heading, the whole text as a body); the notice kind and one-time code from
// triage::NoticeClassifier::ClassifyText; brute-force odds from triage::ComputeOdds.
//
// Left out: MMS pictures, RCS/+メッセージ rich cards (only their text is read), languages other
// than Japanese and English, short-code ownership (no public registry of Japanese short codes was
// found, so a short code is never taken as evidence), fetching links (never done).
//
// Thread-safety: Analyze and the renderers are pure functions over immutable inputs (the brand
// registry and phrase lists are shared read-only); Report is a value.
#ifndef KAKUNIN_SMS_H_
#define KAKUNIN_SMS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kakunin/brands.h"
#include "kakunin/finding.h"
#include "kakunin/inspect.h"
#include "kakunin/links.h"
#include "kakunin/notice.h"
#include "kakunin/report.h"
#include "kakunin/result.h"

namespace kakunin::sms {

inline constexpr std::string_view kSchema = "kakunin.sms/1";

// A concatenated SMS has at most 255 segments (3GPP TS 23.040 9.2.3.24.1) of 153 GSM 7-bit or 67
// UCS-2 characters: at most 39,015 characters, about 51 KiB as UTF-8 for Japanese text. 64 KiB
// holds any real message and bounds the work on a hostile paste; larger input is refused.
inline constexpr size_t kMaxMessageBytes = 64u << 10;
// An alphanumeric originating address is at most 11 characters (3GPP TS 23.040 9.1.2.5) and an
// E.164 number at most 15 digits; 64 bytes leaves room for "+81 90-1234-5678" as typed.
inline constexpr size_t kMaxSenderBytes = 64;
// The first line is read as the message's heading (where "【Amazon】" sits) up to this many
// characters; a brand named there is a strong claim, as in a mail's Subject.
inline constexpr size_t kHeadingChars = 40;

enum class SenderKind {
  kNone,          // No sender given.
  kAlphanumeric,  // A name ("Amazon", "SAGAWA"): chosen freely by whoever sends.
  kShortCode,     // 3-8 digits ("12345").
  kPhoneNumber,   // A telephone number ("+81 90-1234-5678", "09012345678").
};
// "none", "alphanumeric", "short_code", "phone_number".
std::string_view SenderKindName(SenderKind kind);

struct Sender {
  std::string raw;         // As given (control characters removed).
  std::string normalized;  // NFKC, trimmed; digits only (with a leading '+') for numbers.
  SenderKind kind = SenderKind::kNone;
};

// Classifies a sender ID or number. Never fails; text past kMaxSenderBytes is cut.
Sender ClassifySender(std::string_view raw);

// Where the text names a brand.
enum class ClaimWhere {
  kSender,     // The alphanumeric sender ID.
  kHeading,    // The first line (up to kHeadingChars characters).
  kText,       // Anywhere in the text.
  kLink,       // Only a link on one of the brand's own domains.
};
// "sender_id", "heading", "text", "link".
std::string_view ClaimWhereName(ClaimWhere where);

struct Claim {
  std::string brand_id;
  ClaimWhere where = ClaimWhere::kText;
  std::string matched;     // As written ("Ａｍａｚｏｎ", "amazon.co.jp").
  bool lookalike = false;  // A look-alike spelling ("Arnazon") in the sender ID or heading.
};

// Something the text asks the reader to do other than tap a link.
enum class RequestKind { kReply, kCall };
// "reply", "call".
std::string_view RequestKindName(RequestKind kind);

struct Request {
  RequestKind kind = RequestKind::kReply;
  std::string phrase;   // The listed phrase ("お電話ください", "reply with").
  std::string matched;  // The text as written.
};

struct Options {
  // Not owned; null means the shipped registry (brands::BrandRegistry::Default()).
  const brands::BrandRegistry* brands = nullptr;
  // The sender ID or number as the phone showed it; unset when unknown.
  std::optional<std::string> sender;
};

struct Report {
  std::string text;        // The message as given (invalid UTF-8 replaced by U+FFFD).
  std::string normalized;  // NFKC, format characters removed: what links and codes are read from.
  Sender sender;
  std::vector<links::AnalyzedLink> links;
  std::vector<Claim> claims;        // Sender ID first, then heading, text, link.
  std::optional<std::string> brand;  // The brand the verdict is about (registry id).
  triage::Notice notice;
  std::vector<Request> requests;
  std::string odds_en;  // Brute-force odds of the code, when there is one.
  std::string odds_ja;
  double odds_over_window = 0.0;  // The chance of guessing it over the attacker's window (0..1).
  Verdict verdict = Verdict::kUnknown;
  int rule = 0;                   // The row of docs/sms.md's table that decided.
  std::vector<Reason> reasons;    // Why, most decisive first.
  std::vector<Finding> findings;  // sms.* findings, then each link finding once.
  std::vector<Action> actions;
};

// Analyses one message. Errors: kLimitExceeded when `text` is longer than kMaxMessageBytes,
// kInvalidArgument when it is empty or only whitespace. `text` need only live during the call.
[[nodiscard]] Result<Report> Analyze(std::string_view text, const Options& options);

// "ja" when the message is written in Japanese (kana or kanji in it), else "en".
std::string_view MessageLanguage(const Report& report);

// The JSON document (schema kSchema, docs/json.md), two-space indents and a final newline.
std::string RenderJson(const Report& report);
// A readable report: verdict first, why, the message's facts, links, what to do. `lang` is "en"
// or "ja". ANSI colours only with report::Color::kYes.
std::string RenderText(const Report& report, std::string_view lang, report::Color color);

}  // namespace kakunin::sms

#endif  // KAKUNIN_SMS_H_
