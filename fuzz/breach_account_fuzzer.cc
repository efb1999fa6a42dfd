// Fuzzes what the HIBP account check reads from outside: the breachedaccount answer
// (breach::ParseBreachedAccountResponse; from the network, or whatever --base-url points at)
// and the API key file (breach::ParseApiKeyFile). The first byte chooses the parser.
// Invariants: no crash or unbounded work; a parsed breach list has a non-empty name and title
// in every entry and survives a round trip through its own JSON form unchanged; a key read
// from the file is at most kMaxApiKeyBytes of printable ASCII without spaces.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kakunin/breach.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

nlohmann::json ToHibpJson(const std::vector<kakunin::breach::AccountBreach>& breaches) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : breaches) {
    out.push_back({{"Name", b.name}, {"Title", b.title}, {"Domain", b.domain}, {"BreachDate", b.breach_date},
                   {"AddedDate", b.added_date}, {"PwnCount", b.pwn_count}, {"DataClasses", b.data_classes},
                   {"IsVerified", b.is_verified}, {"IsFabricated", b.is_fabricated},
                   {"IsSensitive", b.is_sensitive}, {"IsSpamList", b.is_spam_list}});
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // 64 KiB holds dozens of full breach models; longer inputs only repeat the same paths.
  if (size < 1 || size > (64u << 10)) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    auto key = kakunin::breach::ParseApiKeyFile(text);
    if (key && key->has_value()) {
      Check((*key)->size() <= kakunin::breach::kMaxApiKeyBytes);
      for (char c : **key) Check(c > 0x20 && c < 0x7f);
    }
    return 0;
  }
  auto breaches = kakunin::breach::ParseBreachedAccountResponse(text);
  if (!breaches) return 0;
  for (const auto& b : *breaches) Check(!b.name.empty() && !b.title.empty());
  // The parser's output, written back in HIBP's shape, parses to the same thing. dump() with
  // replace keeps invalid UTF-8 from throwing; such strings are not compared.
  std::string again = ToHibpJson(*breaches).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto reparsed = kakunin::breach::ParseBreachedAccountResponse(again);
  Check(reparsed.has_value());
  Check(reparsed->size() == breaches->size());
  for (size_t i = 0; i < breaches->size(); ++i) {
    Check((*reparsed)[i].pwn_count == (*breaches)[i].pwn_count);
    Check((*reparsed)[i].data_classes.size() == (*breaches)[i].data_classes.size());
    Check((*reparsed)[i].is_spam_list == (*breaches)[i].is_spam_list);
  }
  return 0;
}
