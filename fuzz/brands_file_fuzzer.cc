// Fuzzes the brand-file loader (BrandRegistry::FromJson), which reads a user's file, and the
// notice phrase-file loader next to it (same JSON reading style), then runs the compiled
// matchers over the input itself as mail text.
// Invariants: loading never crashes; on success every id is found by FindById, every domain a
// brand lists is matched back to that brand, a subdomain of a non-mailbox domain is matched to some
// brand, merging
// into the shipped registry keeps every brand of the file, and claims name only known brands with
// strengths in (0, 1].
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kakunin/brands.h"
#include "kakunin/notice.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The shipped brand file is ~50 KiB; larger inputs only slow JSON parsing without new paths.
  if (size > (64u << 10)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  using kakunin::brands::BrandRegistry;
  auto r = BrandRegistry::FromJson(in, "fuzz.json");
  if (r) {
    for (const auto& b : r->brands()) {
      const auto* found = r->FindById(b.id);
      Check(found != nullptr && found->id == b.id);
      for (const auto* list : {&b.mail_domains, &b.link_domains, &b.user_content_domains, &b.mailbox_domains}) {
        for (const std::string& d : *list) {
          auto m = r->MatchDomain(d);
          Check(m.has_value() && m->brand->id == b.id);
          // Mailbox domains match exactly only; the other lists cover their subdomains.
          if (list != &b.mailbox_domains && d.size() + 4 <= kakunin::brands::kMaxDomainLength) {
            Check(r->MatchDomain("sub." + d).has_value());
          }
        }
      }
    }
    for (const auto& c : r->ClaimsInText(in, kakunin::brands::ClaimSource::kFromDisplayName)) {
      Check(r->FindById(c.brand_id) != nullptr);
      Check(c.strength > 0.0 && c.strength <= 1.0);
    }
    BrandRegistry merged = BrandRegistry::LoadDefault();
    merged.Merge(*r);
    for (const auto& b : r->brands()) Check(merged.FindById(b.id) != nullptr);
  }
  auto phrases = kakunin::triage::NoticeClassifier::FromJson(in, "fuzz.json");
  if (phrases) {
    auto notice = phrases->ClassifyText(in, in);
    Check(notice.confidence >= 0.0 && notice.confidence <= 1.0);
    if (notice.code) Check(!notice.code->code.empty() && notice.code->code.size() <= 32);
  }
  return 0;
}
