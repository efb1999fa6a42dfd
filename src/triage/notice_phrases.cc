// Reading the notice phrase file. Every field is type-checked and unknown keys are refused, so a
// typo in a user's file is an error naming the field rather than a silently ignored phrase.
#include "triage/notice_phrases.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

#include "base/strings.h"

namespace kakunin::triage {
namespace internal {
namespace {

using nlohmann::json;

constexpr size_t kMaxPhrasesPerList = 2000;
constexpr size_t kMaxPhraseBytes = 512;
constexpr double kMaxWeight = 10.0;

tl::unexpected<Error> Bad(std::string_view origin, const std::string& field, const std::string& what) {
  return Fail(ErrorCode::kParse, std::string(origin) + ": " + field + ": " + what);
}

// A list of phrases: strings, or {text, weight} when `weights` is true.
Result<std::vector<std::pair<std::string, double>>> ReadList(const json& v, std::string_view origin,
                                                             const std::string& field, bool weights) {
  std::vector<std::pair<std::string, double>> out;
  if (!v.is_array()) return Bad(origin, field, "must be an array");
  if (v.size() > kMaxPhrasesPerList) {
    return Fail(ErrorCode::kLimitExceeded, std::string(origin) + ": " + field + ": more than 2000 phrases");
  }
  for (size_t i = 0; i < v.size(); ++i) {
    const json& p = v[i];
    std::string fi = field + "[" + std::to_string(i) + "]";
    std::string text;
    double weight = 1.0;
    if (p.is_string()) {
      text = p.get<std::string>();
    } else if (weights && p.is_object()) {
      for (auto& [k, unused] : p.items()) {
        if (k != "text" && k != "weight") return Bad(origin, fi, "unknown key \"" + k + "\"");
      }
      auto t = p.find("text");
      auto w = p.find("weight");
      if (t == p.end() || !t->is_string()) return Bad(origin, fi + ".text", "missing or not a string");
      text = t->get<std::string>();
      if (w != p.end()) {
        if (!w->is_number()) return Bad(origin, fi + ".weight", "must be a number");
        weight = w->get<double>();
        if (!(weight > 0.0 && weight <= kMaxWeight)) return Bad(origin, fi + ".weight", "must be in (0, 10]");
      }
    } else {
      return Bad(origin, fi, weights ? "must be a string or {text, weight}" : "must be a string");
    }
    if (text.empty() || text.size() > kMaxPhraseBytes || !base::IsValidUtf8(text)) {
      return Bad(origin, fi, "empty, longer than 512 bytes or not UTF-8");
    }
    if (brands::internal::Compile(text, false).text.empty()) {
      return Bad(origin, fi, "has no letters (only spaces, dots or hyphens)");
    }
    out.emplace_back(std::move(text), weight);
  }
  return out;
}

// {"ja": [...], "en": [...]} or a plain array.
Result<std::vector<std::pair<std::string, double>>> ReadLanguages(const json& v, std::string_view origin,
                                                                  const std::string& field, bool weights) {
  if (v.is_array()) return ReadList(v, origin, field, weights);
  if (!v.is_object()) return Bad(origin, field, "must be {\"ja\": [...], \"en\": [...]} or an array");
  std::vector<std::pair<std::string, double>> all;
  for (auto& [lang, list] : v.items()) {
    if (lang != "ja" && lang != "en") return Bad(origin, field, "unknown language \"" + lang + "\" (ja, en)");
    auto l = ReadList(list, origin, field + "." + lang, weights);
    if (!l) return tl::unexpected(l.error());
    all.insert(all.end(), l->begin(), l->end());
  }
  return all;
}

Result<std::vector<std::u32string>> ReadWords(const json& doc, const char* key, std::string_view origin) {
  std::vector<std::u32string> out;
  auto it = doc.find(key);
  if (it == doc.end()) return out;
  auto list = ReadLanguages(*it, origin, key, false);
  if (!list) return tl::unexpected(list.error());
  for (const auto& [text, unused] : *list) out.push_back(AsciiLower(Nfkc(text, text.size())));
  return out;
}

}  // namespace

std::u32string Nfkc(std::string_view utf8, size_t max_bytes) {
  if (utf8.size() > max_bytes) utf8 = utf8.substr(0, max_bytes);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_SUCCESS(status) && nfkc != nullptr) {
    icu::UnicodeString n = nfkc->normalize(s, status);
    if (U_SUCCESS(status)) s = n;
  }
  std::u32string out;
  out.reserve(static_cast<size_t>(s.length()));
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

std::u32string AsciiLower(std::u32string s) {
  for (char32_t& c : s) {
    if (c >= U'A' && c <= U'Z') c = c + 32;
  }
  return s;
}

Result<NoticeClassifier::Impl> ParsePhraseFile(std::string_view text, std::string_view origin) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kParse, std::string(origin) + ": not JSON: " + e.what());
  }
  if (!doc.is_object()) return Bad(origin, "(top)", "must be an object");
  for (auto& [k, unused] : doc.items()) {
    if (k != "about" && k != "version" && k != "subject_weight" && k != "kinds" && k != "code_words" &&
        k != "not_code_words" && k != "not_code_context") {
      return Bad(origin, "(top)", "unknown key \"" + k + "\"");
    }
  }
  auto version = doc.find("version");
  if (version != doc.end() && !(version->is_number_integer() && version->get<int64_t>() == 1)) {
    return Bad(origin, "version", "only version 1 is known");
  }
  NoticeClassifier::Impl impl;
  if (auto sw = doc.find("subject_weight"); sw != doc.end()) {
    if (!sw->is_number() || !(sw->get<double>() >= 1.0 && sw->get<double>() <= kMaxWeight)) {
      return Bad(origin, "subject_weight", "must be a number in [1, 10]");
    }
    impl.subject_weight = sw->get<double>();
  }
  auto kinds = doc.find("kinds");
  if (kinds == doc.end() || !kinds->is_object()) return Bad(origin, "kinds", "missing or not an object");
  for (auto& [name, lists] : kinds->items()) {
    auto kind = ParseNoticeKind(name);
    if (!kind || *kind == NoticeKind::kOther) return Bad(origin, "kinds." + name, "unknown notice kind");
    auto phrases = ReadLanguages(lists, origin, "kinds." + name, true);
    if (!phrases) return tl::unexpected(phrases.error());
    KindPhrases k;
    k.kind = *kind;
    for (auto& [p, w] : *phrases) {
      brands::internal::Pattern pattern = brands::internal::Compile(p, false);
      k.phrases.push_back({std::move(p), w, std::move(pattern)});
    }
    // Longest first, so a phrase inside a longer matched one is not counted twice (notice.cc).
    std::stable_sort(k.phrases.begin(), k.phrases.end(),
                     [](const Phrase& a, const Phrase& b) { return a.pattern.text.size() > b.pattern.text.size(); });
    impl.kinds.push_back(std::move(k));
  }
  for (auto [key, target] : {std::pair{"code_words", &impl.code_words}, std::pair{"not_code_words", &impl.not_code_words},
                             std::pair{"not_code_context", &impl.not_code_context}}) {
    auto words = ReadWords(doc, key, origin);
    if (!words) return tl::unexpected(words.error());
    *target = std::move(*words);
  }
  return impl;
}

}  // namespace internal
}  // namespace kakunin::triage
