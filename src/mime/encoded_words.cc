#include "mime/encoded_words.h"

#include <glib.h>

#include <vector>

#include "base/strings.h"

namespace kakunin::mime::internal {
namespace {

struct Word {
  size_t begin = 0;  // Of "=?".
  size_t end = 0;    // Past "?=".
  std::string_view charset;
  std::string_view payload;
  bool base64 = false;
};

// Parses the encoded-word starting at `at` ("=?charset?enc?text?=", RFC 2047 2).
bool ParseWord(std::string_view s, size_t at, Word& w) {
  size_t q1 = s.find('?', at + 2);
  if (q1 == std::string_view::npos || q1 == at + 2 || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
  char enc = s[q1 + 1];
  if (enc != 'B' && enc != 'b' && enc != 'Q' && enc != 'q') return false;
  size_t text = q1 + 3;
  size_t close = s.find("?=", text);
  if (close == std::string_view::npos) return false;
  std::string_view payload = s.substr(text, close - text);
  if (payload.find_first_of(" \t") != std::string_view::npos) return false;
  std::string_view charset = s.substr(at + 2, q1 - at - 2);
  if (charset.find_first_of(" \t") != std::string_view::npos) return false;
  w = Word{at, close + 2, charset, payload, enc == 'B' || enc == 'b'};
  return true;
}

std::string DecodeBase64(std::string_view payload) {
  std::string text(payload);  // g_base64_decode wants a terminated string.
  gsize len = 0;
  guchar* bytes = g_base64_decode(text.c_str(), &len);
  std::string out(reinterpret_cast<const char*>(bytes), len);
  g_free(bytes);
  return out;
}

bool OnlyBlanks(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

}  // namespace

std::string JoinAdjacentBase64Words(std::string_view raw) {
  std::vector<Word> words;
  for (size_t at = raw.find("=?"); at != std::string_view::npos; at = raw.find("=?", at)) {
    Word w;
    if (ParseWord(raw, at, w)) {
      words.push_back(w);
      at = w.end;
    } else {
      at += 2;
    }
  }
  std::string out;
  out.reserve(raw.size());
  size_t copied = 0;
  for (size_t i = 0; i < words.size();) {
    size_t j = i + 1;
    while (j < words.size() && words[i].base64 && words[j].base64 &&
           base::EqualsIgnoreCase(words[j].charset, words[i].charset) &&
           OnlyBlanks(raw.substr(words[j - 1].end, words[j].begin - words[j - 1].end))) {
      ++j;
    }
    if (j - i > 1) {
      std::string bytes;
      for (size_t k = i; k < j; ++k) bytes += DecodeBase64(words[k].payload);
      gchar* encoded = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
      out.append(raw.substr(copied, words[i].begin - copied));
      out += "=?";
      out.append(words[i].charset);
      out += "?B?";
      out += encoded;
      out += "?=";
      g_free(encoded);
      copied = words[j - 1].end;
    }
    i = j;
  }
  out.append(raw.substr(copied));
  return out;
}

}  // namespace kakunin::mime::internal
