// Fuzzes ARC chain validation (RFC 8617) on whole messages: set grouping, the AAR/AMS/AS parsers,
// canonicalization and the seal walk. Every key lookup answers with the ValiMail suite's 1024-bit
// "dummy" key, so seeds taken from that suite really verify and mutations explore the checks.
// Invariants: a result without ARC fields is none and one with them is never none; a pass has
// every seal checked and valid, the newest AMS valid, and 1 <= oldest-pass <= instances <= 50;
// hops never outnumber instances.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/strings.h"
#include "kakunin/arc.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

class DummyKeyResolver : public kakunin::dns::Resolver {
 public:
  kakunin::Result<kakunin::dns::Answer> Lookup(std::string_view name, kakunin::dns::RrType) override {
    if (name.starts_with("temp")) return kakunin::Fail(kakunin::ErrorCode::kDnsTempFail, "fuzz");
    kakunin::dns::Answer a;
    a.records.push_back(
        {"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQi"
         "Y/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G"
         "+2kryOTIKT+l/K4w3QIDAQAB",
         0});
    return a;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // ARC sets are a few KiB; 64 KiB leaves room for up to 50 sets without spending time on bodies.
  if (size > (64u << 10)) return 0;
  auto message = kakunin::mime::Message::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!message) return 0;
  bool has_arc = false;
  for (const auto& f : message->fields()) {
    has_arc |= kakunin::base::EqualsIgnoreCase(f.name, "ARC-Seal") ||
               kakunin::base::EqualsIgnoreCase(f.name, "ARC-Message-Signature") ||
               kakunin::base::EqualsIgnoreCase(f.name, "ARC-Authentication-Results");
  }
  DummyKeyResolver dns;
  kakunin::arc::ChainResult r = kakunin::arc::Validate(*message, dns);
  Check(has_arc == (r.status != kakunin::arc::ChainStatus::kNone));
  Check(r.hops.size() <= static_cast<size_t>(r.instances));
  Check(r.instances <= kakunin::arc::kMaxInstances);
  if (r.status == kakunin::arc::ChainStatus::kPass) {
    Check(r.oldest_pass >= 1 && r.oldest_pass <= r.instances);
    Check(r.hops.size() == static_cast<size_t>(r.instances));
    for (const auto& h : r.hops) Check(h.seal_checked && h.seal_valid);
    Check(r.hops.back().ams_checked && r.hops.back().ams_valid);
  }
  return 0;
}
