#include "brands/folded_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace kakunin::brands::internal {
namespace {

const icu::Normalizer2* Nfkc() {
  static const icu::Normalizer2* const nfkc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfkc;
}

// Marks that belong to the character before them (composed by NFKC with it).
bool Attaches(char32_t c) {
  return c == 0xFF9E || c == 0xFF9F || c == 0x3099 || c == 0x309A ||
         u_getCombiningClass(static_cast<UChar32>(c)) != 0;
}

char32_t Next(std::string_view s, size_t* i) {
  UChar32 c = 0;
  int32_t pos = static_cast<int32_t>(*i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
  *i = static_cast<size_t>(pos);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

void Append(FoldedText* out, char32_t c, uint32_t begin, uint32_t end, bool* gap) {
  if (IsSeparator(c)) {
    *gap = true;
    return;
  }
  out->exact.push_back(c);
  out->folded.push_back(c < 0x80 ? static_cast<char32_t>((c >= 'A' && c <= 'Z') ? c + 32 : c)
                                 : static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c),
                                                                    U_FOLD_CASE_DEFAULT)));
  out->gap_before.push_back(*gap ? 1 : 0);
  out->begin.push_back(begin);
  out->end.push_back(end);
  *gap = false;
}

}  // namespace

std::string_view FoldedText::Source(std::string_view input, size_t from, size_t to) const {
  if (from >= to || to > end.size()) return {};
  size_t b = std::min<size_t>(begin[from], input.size());
  size_t e = std::min<size_t>(end[to - 1], input.size());
  return input.substr(b, e > b ? e - b : 0);
}

bool IsSeparator(char32_t c) {
  switch (c) {
    case U' ': case U'\t': case U'\r': case U'\n': case U'\f': case U'\v':
    case U'.': case U'-': case U'_': case U'*':
    case 0x00A0: case 0x00AD: case 0x00B7: case 0x034F: case 0x180E:
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0x2022: case 0x2027:
    case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F: case 0x2060:
    case 0x2061: case 0x2062: case 0x2063: case 0x2064:
    case 0x3000: case 0x30FB: case 0xFEFF:
      return true;
    default:
      return (c >= 0xFE00 && c <= 0xFE0F) || u_isUWhiteSpace(static_cast<UChar32>(c));
  }
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool IsLatinWordChar(char32_t c) {
  if (c < 0x80) return IsDigit(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
  if (c > 0x24F) return false;
  return u_isalpha(static_cast<UChar32>(c)) != 0;
}

bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; }

FoldedText Fold(std::string_view utf8, size_t max_bytes) {
  if (utf8.size() > max_bytes) {
    utf8 = utf8.substr(0, max_bytes);
    // Do not cut a UTF-8 sequence in half: back up to a lead byte.
    while (!utf8.empty() && (static_cast<unsigned char>(utf8.back()) & 0xC0) == 0x80) utf8.remove_suffix(1);
    if (!utf8.empty() && static_cast<unsigned char>(utf8.back()) >= 0xC0) utf8.remove_suffix(1);
  }
  FoldedText out;
  out.folded.reserve(utf8.size());
  out.exact.reserve(utf8.size());
  bool gap = true;
  const icu::Normalizer2* nfkc = Nfkc();
  size_t i = 0;
  while (i < utf8.size()) {
    const size_t chunk_begin = i;
    char32_t c = Next(utf8, &i);
    if (c < 0x80) {  // NFKC leaves ASCII alone; the common case stays cheap.
      Append(&out, c, static_cast<uint32_t>(chunk_begin), static_cast<uint32_t>(i), &gap);
      continue;
    }
    icu::UnicodeString chunk(static_cast<UChar32>(c));
    while (i < utf8.size()) {
      size_t peek = i;
      char32_t m = Next(utf8, &peek);
      if (!Attaches(m)) break;
      chunk.append(static_cast<UChar32>(m));
      i = peek;
    }
    icu::UnicodeString normalized = chunk;
    if (nfkc != nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString n = nfkc->normalize(chunk, status);
      if (U_SUCCESS(status)) normalized = n;
    }
    for (int32_t k = 0; k < normalized.length();) {
      UChar32 cp = normalized.char32At(k);
      k += U16_LENGTH(cp);
      Append(&out, static_cast<char32_t>(cp), static_cast<uint32_t>(chunk_begin), static_cast<uint32_t>(i),
             &gap);
    }
  }
  return out;
}

bool BoundariesHold(const FoldedText& text, const Pattern& pattern, size_t from, size_t to) {
  const std::u32string& t = text.folded;
  const bool left_open = from == 0 || text.gap_before[from] != 0;
  const bool right_open = to >= t.size() || text.gap_before[to] != 0;
  if (pattern.latin_left && !left_open && IsLatinWordChar(t[from - 1])) return false;
  if (pattern.latin_right && !right_open && IsLatinWordChar(t[to])) return false;
  if (pattern.katakana_left && !left_open && IsKatakana(t[from - 1])) return false;
  if (pattern.katakana_right && !right_open && IsKatakana(t[to])) return false;
  return true;
}

Pattern Compile(std::string_view utf8, bool case_sensitive) {
  FoldedText f = Fold(utf8, utf8.size());
  Pattern p;
  p.case_sensitive = case_sensitive;
  p.text = case_sensitive ? f.exact : f.folded;
  if (!p.text.empty()) {
    p.latin_left = IsLatinWordChar(p.text.front());
    p.latin_right = IsLatinWordChar(p.text.back());
    p.katakana_left = IsKatakana(p.text.front());
    // No right katakana boundary: Japanese writes compounds without spaces ("アマゾンアカウント"),
    // so words that merely start with a name ("インスタント") are listed in not_claims instead.
    p.katakana_right = false;
  }
  return p;
}

void AppendUtf8(std::string* out, char32_t c) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
    return;
  }
  char bytes[4];
  int n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  for (int i = n - 1; i > 0; --i) {
    bytes[i] = static_cast<char>(0x80 | (c & 0x3F));
    c >>= 6;
  }
  static constexpr unsigned char kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
  bytes[0] = static_cast<char>(kLead[n] | c);
  out->append(bytes, static_cast<size_t>(n));
}

std::string ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : text) AppendUtf8(&out, c);
  return out;
}

}  // namespace kakunin::brands::internal
