// One-time codes in attacker-controlled text: every candidate is a bounded token (at most
// kMaxCodeDigits digits plus a short prefix), every look-around is a fixed window, so the cost is
// linear in the text read (at most kMaxNoticeTextBytes).
#include "triage/one_time_code.h"

#include <algorithm>
#include <string>
#include <vector>

#include "brands/folded_text.h"

namespace kakunin::triage::internal {
namespace {

using brands::internal::IsKatakana;
using brands::internal::ToUtf8;

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool IsUpper(char32_t c) { return c >= U'A' && c <= U'Z'; }
bool IsAsciiAlnum(char32_t c) { return IsDigit(c) || IsUpper(c) || (c >= U'a' && c <= U'z'); }
bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0; }

// Looking back for context stops at the start of the line: a label belongs to its own line.
constexpr size_t kContextWindow = 24;
// A year, a date or an order-number label must be this much nearer than a code word to win.
constexpr size_t kYearNearCodeWord = 16;
// A code of letters only must follow its code word this closely ("code: ABCDEF").
constexpr size_t kLettersOnlyWindow = 4;

struct Hit {
  size_t begin = 0, end = 0;
  std::u32string word;
};

bool WordBoundaryOk(const std::u32string& lower, size_t b, size_t e, const std::u32string& word) {
  bool ascii_word = std::all_of(word.begin(), word.end(), [](char32_t c) { return c < 0x80; });
  if (ascii_word) {
    if (IsAsciiAlnum(word.front()) && b > 0 && IsAsciiAlnum(lower[b - 1])) return false;
    if (IsAsciiAlnum(word.back()) && e < lower.size() && IsAsciiAlnum(lower[e])) return false;
    return true;
  }
  // "コード" inside "バーコード": a katakana word must not continue a katakana word.
  if (IsKatakana(word.front()) && b > 0 && IsKatakana(lower[b - 1])) return false;
  return true;
}

std::vector<Hit> FindAll(const std::u32string& lower, const std::vector<std::u32string>& words) {
  std::vector<Hit> hits;
  for (const std::u32string& w : words) {
    if (w.empty()) continue;
    for (size_t pos = lower.find(w); pos != std::u32string::npos; pos = lower.find(w, pos + 1)) {
      if (WordBoundaryOk(lower, pos, pos + w.size(), w)) hits.push_back({pos, pos + w.size(), w});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
  return hits;
}

bool Inside(const Hit& h, const std::vector<Hit>& spans) {
  for (const Hit& s : spans) {
    if (s.begin <= h.begin && h.end <= s.end) return true;
  }
  return false;
}

struct Token {
  size_t begin = 0, end = 0;
  std::u32string text;  // As typed: "123456", "G-123456", "123 456".
  size_t digits = 0;
  bool alphanumeric = false;
};

// The token starting at `i` (an ASCII letter or digit after a non-alnum), if it has a code shape.
std::optional<Token> CodeShape(const std::u32string& s, size_t i, size_t* next) {
  size_t j = i;
  while (j < s.size() && (IsAsciiAlnum(s[j]) || (s[j] == U'-' && j + 1 < s.size() && IsAsciiAlnum(s[j + 1]) &&
                                                 j > i))) {
    ++j;
  }
  *next = j;
  std::u32string t = s.substr(i, j - i);
  Token tok{i, j, t, 0, false};
  size_t digits = static_cast<size_t>(std::count_if(t.begin(), t.end(), IsDigit));
  size_t letters = static_cast<size_t>(std::count_if(t.begin(), t.end(), [](char32_t c) { return IsAsciiAlnum(c) && !IsDigit(c); }));
  size_t hyphens = static_cast<size_t>(std::count(t.begin(), t.end(), U'-'));
  tok.digits = digits;
  if (hyphens == 0 && letters == 0 && digits >= kMinCodeDigits && digits <= kMaxCodeDigits) {
    // "123 456" / "1234 5678": a code shown in two equal groups.
    if ((digits == 3 || digits == 4) && j + 1 + digits <= s.size() && IsSpace(s[j])) {
      bool group = true;
      for (size_t k = j + 1; k < j + 1 + digits; ++k) group = group && IsDigit(s[k]);
      size_t after = j + 1 + digits;
      if (group && (after == s.size() || !IsAsciiAlnum(s[after]))) {
        tok.text = s.substr(i, after - i);
        tok.end = after;
        tok.digits = 2 * digits;
        *next = after;
      }
    }
    return tok;
  }
  if (hyphens == 0 && letters == 0 && digits == 3 && j + 4 <= s.size() && IsSpace(s[j])) {
    // "123 456": the first group is below the minimum on its own.
    bool group = IsDigit(s[j + 1]) && IsDigit(s[j + 2]) && IsDigit(s[j + 3]) &&
                 (j + 4 == s.size() || !IsAsciiAlnum(s[j + 4]));
    if (group) {
      tok.text = s.substr(i, j + 4 - i);
      tok.end = j + 4;
      tok.digits = 6;
      *next = j + 4;
      return tok;
    }
  }
  if (hyphens == 1) {
    size_t dash = t.find(U'-');
    std::u32string a = t.substr(0, dash), b = t.substr(dash + 1);
    bool a_upper = !a.empty() && a.size() <= 3 && std::all_of(a.begin(), a.end(), IsUpper);
    bool a_digits = !a.empty() && std::all_of(a.begin(), a.end(), IsDigit);
    bool b_digits = !b.empty() && std::all_of(b.begin(), b.end(), IsDigit);
    if (a_upper && b_digits && b.size() >= kMinCodeDigits && b.size() <= 8) return tok;  // "G-123456".
    if (a_digits && b_digits && a.size() == b.size() && (a.size() == 3 || a.size() == 4)) return tok;  // "123-456".
    return std::nullopt;
  }
  if (hyphens == 0 && letters > 0 && t.size() >= 6 && t.size() <= 8 &&
      std::all_of(t.begin(), t.end(), [](char32_t c) { return IsDigit(c) || IsUpper(c); })) {
    tok.alphanumeric = true;  // "A7K9Q2", or letters only ("YKPMYE", checked closer below).
    return tok;
  }
  return std::nullopt;
}

bool OneOf(char32_t c, std::u32string_view set) { return set.find(c) != std::u32string_view::npos; }

// Numbers that are something else, judged by the characters right around them.
bool LooksLikeOtherNumber(const std::u32string& s, const Token& t) {
  char32_t before = t.begin > 0 ? s[t.begin - 1] : U'\n';
  char32_t before2 = t.begin > 1 ? s[t.begin - 2] : U'\n';
  char32_t after = t.end < s.size() ? s[t.end] : U'\n';
  char32_t after2 = t.end + 1 < s.size() ? s[t.end + 1] : U'\n';
  // Parts of links, addresses, paths, times, prices and decimals.
  if (OneOf(before, U"/=?&#@_%+\\$¥€£〒") || OneOf(after, U"/@_%")) return true;
  if ((before == U':' && IsDigit(before2)) || (after == U':' && IsDigit(after2))) return true;  // 12:34.
  if ((before == U'.' || before == U',') && IsDigit(before2)) return true;
  if ((after == U'.' || after == U',') && IsDigit(after2)) return true;
  if (before == U'-' && IsAsciiAlnum(before2)) return true;
  if (after == U'-' && IsAsciiAlnum(after2)) return true;
  // Japanese units after a number: yen, year, month, day, hour, count.
  if (OneOf(after, U"円年月日時分秒件個歳名点枚回")) return true;
  if (t.alphanumeric) return false;
  std::u32string digits;
  for (char32_t c : t.text) {
    if (IsDigit(c)) digits.push_back(c);
  }
  // Japanese phone numbers written without hyphens: 0 + 9 or 10 digits.
  if (digits.size() >= 10 && digits[0] == U'0') return true;
  // YYYYMMDD dates.
  if (digits.size() == 8 && (digits.compare(0, 2, U"19") == 0 || digits.compare(0, 2, U"20") == 0)) {
    int month = (digits[4] - U'0') * 10 + (digits[5] - U'0');
    int day = (digits[6] - U'0') * 10 + (digits[7] - U'0');
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return true;
  }
  return false;
}

bool IsYear(const Token& t) {
  if (t.text.size() != 4 || t.digits != 4) return false;
  return t.text.compare(0, 2, U"19") == 0 || t.text.compare(0, 2, U"20") == 0;
}

}  // namespace

std::optional<CodeCandidate> FindCode(const NoticeClassifier::Impl& phrases, std::string_view utf8) {
  const std::u32string text = Nfkc(utf8, kMaxNoticeTextBytes);
  const std::u32string lower = AsciiLower(text);
  std::vector<Hit> words = FindAll(lower, phrases.code_words);
  if (words.empty()) return std::nullopt;
  const std::vector<Hit> not_words = FindAll(lower, phrases.not_code_words);
  std::erase_if(words, [&](const Hit& h) { return Inside(h, not_words); });
  if (words.empty()) return std::nullopt;
  const std::vector<Hit> context = FindAll(lower, phrases.not_code_context);

  std::optional<CodeCandidate> best;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAsciiAlnum(text[i]) || (i > 0 && IsAsciiAlnum(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t next = i + 1;
    std::optional<Token> tok = CodeShape(text, i, &next);
    i = std::max(next, i + 1);
    if (!tok || LooksLikeOtherNumber(text, *tok)) continue;
    // The nearest code word before (ending before the token) or after it.
    const Hit* word = nullptr;
    size_t distance = SIZE_MAX;
    for (const Hit& w : words) {
      size_t d = SIZE_MAX;
      if (w.end <= tok->begin && tok->begin - w.end <= kCodeWordWindowBefore) d = tok->begin - w.end;
      if (w.begin >= tok->end && w.begin - tok->end <= kCodeWordWindowAfter) d = w.begin - tok->end;
      if (d < distance) {
        distance = d;
        word = &w;
      }
    }
    if (word == nullptr) continue;
    if (tok->alphanumeric && distance > kCodeWordWindowAfter) continue;  // Weaker shape: stay close.
    // An upper-case word is a code only right after its code word: "login code: YKPMYE".
    if (tok->alphanumeric && tok->digits == 0 && (distance > kLettersOnlyWindow || word->end > tok->begin)) continue;
    if (IsYear(*tok) && distance > kYearNearCodeWord) continue;
    // An order-number or phone label on the same line, nearer than the code word, wins.
    bool labelled = false;
    for (const Hit& c : context) {
      if (c.end > tok->begin || tok->begin - c.end > kContextWindow) continue;
      bool same_line = true;
      for (size_t k = c.end; k < tok->begin; ++k) same_line = same_line && text[k] != U'\n';
      if (same_line && tok->begin - c.end <= distance) labelled = true;
    }
    if (labelled) continue;
    if (!best || distance < best->distance) {
      CodeCandidate cand;
      cand.code.code = ToUtf8(tok->text);
      cand.code.code_word = ToUtf8(text.substr(word->begin, word->end - word->begin));
      cand.code.digits = tok->digits;
      cand.code.alphanumeric = tok->alphanumeric;
      cand.distance = distance;
      best = std::move(cand);
    }
  }
  return best;
}

}  // namespace kakunin::triage::internal
