#include "inspect/aliases.h"

#include <fmt/format.h>

namespace kakunin::inspect {

void CheckAliases(Report& report, const alias::Registry& registry, const brands::Brand* brand) {
  std::vector<std::string> recipients;
  for (const char* name : {"To", "Cc", "Delivered-To", "X-Original-To"}) {
    for (const auto* f : report.message.FindAll(name)) recipients.push_back(f->UnfoldedValue());
  }
  auto found = alias::FindRecipientAliases(registry, alias::ProviderRules::Builtin(), recipients);
  if (!found) {
    report.findings.push_back(Finding{"alias.unavailable", Severity::kInfo,
                                      "The alias registry could not be read: " + found.error().message,
                                      "エイリアスの登録簿を読めませんでした: " + found.error().message});
    return;
  }
  for (const auto& a : *found) {
    const std::string& service = a.record.service;
    if (brand == nullptr) {
      report.findings.push_back(Finding{
          "alias.recipient", Severity::kInfo,
          fmt::format("This mail went to {}, the address you gave only to {}.", a.address, service),
          fmt::format("このメールは {} 宛てです。このアドレスは {} にだけ登録したものです。", a.address, service)});
      continue;
    }
    const bool fits = alias::CompareServiceWithBrand(service, brand->id) == alias::BrandFit::kConsistent ||
                      alias::CompareServiceWithBrand(service, brand->name_en) == alias::BrandFit::kConsistent;
    if (fits) {
      report.findings.push_back(Finding{
          "alias.consistent", Severity::kInfo,
          fmt::format("Sent to {}, the address you gave to {}: consistent with a mail from {}.", a.address, service,
                      brand->name_en),
          fmt::format("{} 宛てです。{} に登録したアドレスなので、{} からのメールとして矛盾しません。", a.address, service,
                      brand->name_en)});
      continue;
    }
    Finding f{"alias.mismatch", Severity::kHigh,
              fmt::format("This mail claims to be from {} but went to {}, the address you gave only to {}: {} leaked "
                          "it, or this mail is not from {}.",
                          brand->name_en, a.address, service, service, brand->name_en),
              fmt::format("{} を名乗っていますが、宛先 {} は {} にだけ登録したアドレスです。{} から漏れたか、"
                          "このメールは {} からではありません。",
                          brand->name_en, a.address, service, service, brand->name_en)};
    report.reasons.push_back(Reason{f.id, f.message_en, f.message_ja});
    report.findings.push_back(std::move(f));
  }
}

}  // namespace kakunin::inspect
