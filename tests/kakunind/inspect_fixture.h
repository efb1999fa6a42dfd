// What a receiver needs to inspect kakunind's mail in a test: the DNS zone holding the service's
// DKIM key record (as printed at start) and a DMARC record, and a brand registry that knows the
// service as a user brand (as ~/.config/kakunin/brands.json would).
#ifndef KAKUNIN_TESTS_KAKUNIND_INSPECT_FIXTURE_H_
#define KAKUNIN_TESTS_KAKUNIND_INSPECT_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "dkim_key.h"
#include "kakunin/brands.h"
#include "kakunin/dns.h"

namespace kakunin::kakunind {

// The service, as a user would describe it in ~/.config/kakunin/brands.json.
inline constexpr char kTestBrandFile[] = R"({"brands": [{
  "id": "kakunin_example", "name_en": "Kakunin Example", "name_ja": "確認サンプル",
  "names": ["Kakunin Example", "kakunin"],
  "mail_domains": ["kakunin.example"], "link_domains": ["kakunin.example"],
  "sources": [{"covers": ["kakunin.example"], "basis": "the test service's own configured domain"}]
}]})";

struct ReceiverView {
  std::unique_ptr<dns::Resolver> zone;
  brands::BrandRegistry registry;
};

// Fails the test (and returns nullopt) if the record or the brand file does not load.
inline std::optional<ReceiverView> MakeReceiverView(const DkimSetup& setup) {
  std::string record = setup.txt_record;
  if (record.find(". IN TXT") == std::string::npos) record = std::regex_replace(record, std::regex(" IN TXT"), ". IN TXT");
  auto zone = dns::OpenZoneText(record + "\n_dmarc.kakunin.example. IN TXT \"v=DMARC1; p=reject\"\n", "e2e");
  if (!zone) {
    ADD_FAILURE() << zone.error().ToString() << "\n" << record;
    return std::nullopt;
  }
  auto user = brands::BrandRegistry::FromJson(kTestBrandFile, "e2e brands.json");
  if (!user) {
    ADD_FAILURE() << user.error().ToString();
    return std::nullopt;
  }
  ReceiverView view{std::move(*zone), brands::BrandRegistry::LoadDefault()};
  view.registry.Merge(*user);
  return view;
}

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_TESTS_KAKUNIND_INSPECT_FIXTURE_H_
