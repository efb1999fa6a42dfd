// Fuzzes web::SanitizeMailHtml and web::RenderMailText: attacker HTML and text from mail bodies.
// Invariants: nothing crashes; FindUnsafeMarkup (which parses the output again, as the browser
// will) finds no element or attribute outside the output allow-list in either rendering; the
// output never holds a raw "<a", "<img", "<script" or "<svg" tag.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kakunin/brands.h"
#include "kakunin/links.h"
#include "kakunin/web.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckFragment(const std::string& html) {
  Check(!kakunin::web::FindUnsafeMarkup(html).has_value());
  for (const char* tag : {"<a ", "<a>", "<img", "<script", "<svg", "<style", "<iframe"}) {
    Check(html.find(tag) == std::string::npos);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // 64 KiB of HTML covers every tree-builder state; the size bounds have their own unit tests.
  if (size > (64u << 10)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto& registry = kakunin::brands::BrandRegistry::Default();
  const auto html_links = kakunin::links::Analyze(kakunin::links::ExtractHtml(in, 1));
  kakunin::web::LinkIndex html_index(html_links, registry);
  CheckFragment(kakunin::web::SanitizeMailHtml(in, 1, html_index, size % 2 == 0 ? "en" : "ja"));
  const auto text_links = kakunin::links::Analyze(kakunin::links::ExtractText(in, 0));
  kakunin::web::LinkIndex text_index(text_links, registry);
  CheckFragment(kakunin::web::RenderMailText(in, 0, text_index, "en"));
  return 0;
}
