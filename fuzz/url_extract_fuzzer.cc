// Fuzzes links::ExtractHtml / ExtractText and Analyze: attacker HTML and text from mail bodies.
// Invariants: nothing crashes; at most kMaxLinksPerMessage links; every link's href, when set,
// parses again to itself; every finding has an id, both messages and evidence.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kakunin/links.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckLinks(const std::vector<kakunin::links::Link>& links) {
  Check(links.size() <= kakunin::links::kMaxLinksPerMessage);
  for (const auto& l : links) {
    Check(l.text.size() <= kakunin::links::kMaxLinkTextBytes + 4);
    if (l.href.empty()) continue;
    auto again = kakunin::url::Parse(l.href);
    Check(again.has_value() && again->Href() == l.href);
  }
  kakunin::links::BrandList brands;
  brands.Add("Amazon", {"amazon.co.jp", "amazon.com"});
  kakunin::links::AnalyzeOptions options;
  options.brands = &brands;
  for (const auto& a : kakunin::links::Analyze(links, options)) {
    for (const auto& f : a.findings) {
      Check(!f.finding.id.empty() && !f.finding.message_en.empty() && !f.finding.message_ja.empty());
      Check(!f.evidence.empty());
    }
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // 64 KiB of HTML covers every tree-builder state; the 1 MB bounds have their own unit tests.
  if (size > (64u << 10)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  CheckLinks(kakunin::links::ExtractHtml(in, 1));
  CheckLinks(kakunin::links::ExtractText(in, 0));
  return 0;
}
