// Fuzzes sms::Analyze and its renderers: the text of a message pasted by anyone, and a sender ID.
// The first input byte chooses the sender (none, or the next up to 16 bytes); the rest is the
// message. Invariants: nothing crashes; an accepted message gives a verdict with at least one
// reason and one action, a rule of the documented table (1-16), a brand that the registry knows,
// a JSON document that parses again with the right schema (no invalid UTF-8 escapes the
// renderer), and text renderings in both languages that begin with the verdict line and hold no
// control character other than newline.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kakunin/sms.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckText(const std::string& text, std::string_view first) {
  Check(text.rfind(first, 0) == 0);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    Check(u >= 0x20 || c == '\n');
    Check(u != 0x7F);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A real SMS is at most ~51 KiB (kMaxMessageBytes); 8 KiB covers every code path (links,
  // claims, codes, requests) many times over and keeps each run fast. The size bound has a unit test.
  if (size == 0 || size > (8u << 10)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  kakunin::sms::Options options;
  const size_t sender_len = static_cast<unsigned char>(in[0]) % 17;
  in.remove_prefix(1);
  if (sender_len > 0 && in.size() >= sender_len) {
    options.sender = std::string(in.substr(0, sender_len));
    in.remove_prefix(sender_len);
  }
  auto report = kakunin::sms::Analyze(in, options);
  if (!report) return 0;
  Check(!report->reasons.empty());
  Check(!report->actions.empty() || report->verdict == kakunin::Verdict::kUnknown);
  Check(report->rule >= 1 && report->rule <= 16);
  if (report->brand) Check(kakunin::brands::BrandRegistry::Default().FindById(*report->brand) != nullptr);
  auto doc = nlohmann::json::parse(kakunin::sms::RenderJson(*report), nullptr, false);
  Check(!doc.is_discarded());
  Check(doc["schema"] == "kakunin.sms/1");
  CheckText(kakunin::sms::RenderText(*report, "en", kakunin::report::Color::kNo), "Verdict: ");
  CheckText(kakunin::sms::RenderText(*report, "ja", kakunin::report::Color::kNo), "判定: ");
  return 0;
}
