// Fuzzes SPF: the record parser and check_host() over a resolver that answers every TXT query
// with the fuzzed record, so include/redirect recurse into it and macros expand.
// Invariants: a parsed record prints to text that parses to the same record; evaluation ends
// within the RFC 7208 4.6.4 limits (at most kMaxDnsTerms + 1 terms and max void + 1 void
// lookups, a bounded number of queries) and never looks up a name with a label over 63 octets.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kakunin/spf.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

class RecordResolver : public kakunin::dns::Resolver {
 public:
  explicit RecordResolver(std::string record) : record_(std::move(record)) {}
  kakunin::Result<kakunin::dns::Answer> Lookup(std::string_view name, kakunin::dns::RrType type) override {
    ++queries_;
    size_t label = 0;
    for (char c : name) {
      label = c == '.' ? 0 : label + 1;
      Check(label <= kakunin::spf::kMaxLabelLength);
    }
    if (name.starts_with("temp")) return kakunin::Fail(kakunin::ErrorCode::kDnsTempFail, "fuzz");
    kakunin::dns::Answer a;
    // Names of odd length do not exist: exercises void lookups.
    if (name.size() % 2 == 1) {
      a.status = kakunin::dns::Status::kNxDomain;
      return a;
    }
    switch (type) {
      case kakunin::dns::RrType::kTxt: a.records.push_back({record_, 0}); break;
      case kakunin::dns::RrType::kA: a.records.push_back({"192.0.2.1", 0}); break;
      case kakunin::dns::RrType::kAaaa: a.records.push_back({"2001:db8::1", 0}); break;
      case kakunin::dns::RrType::kMx: a.records.push_back({"mx.example.com", 10}); break;
      case kakunin::dns::RrType::kPtr: a.records.push_back({"host.example.com", 0}); break;
      default: a.status = kakunin::dns::Status::kNoData; break;
    }
    return a;
  }
  int queries() const { return queries_; }

 private:
  std::string record_;
  int queries_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The parser refuses records past kMaxRecordLength; twice that covers the refusal path.
  if (size > 2 * kakunin::spf::kMaxRecordLength) return 0;
  std::string record(reinterpret_cast<const char*>(data), size);
  auto parsed = kakunin::spf::ParseRecord(record);
  if (parsed) {
    std::string text = parsed->ToString();
    auto again = kakunin::spf::ParseRecord(text);
    Check(again.has_value());
    Check(again->ToString() == text);
  }
  RecordResolver dns(record);
  auto ip = *kakunin::spf::IpAddress::Parse(size % 2 == 0 ? "192.0.2.1" : "2001:db8::1");
  kakunin::spf::Options options;
  options.now = 1700000000;
  kakunin::spf::Verdict v = kakunin::spf::CheckHost(ip, "fuzz.example.com", "user.name@fuzz.example.com",
                                                      "helo.example.com", dns, options);
  Check(v.dns_terms <= kakunin::spf::kMaxDnsTerms + 1);
  Check(v.void_lookups <= options.max_void_lookups + 1);
  // Each term queries at most 1 + kMaxMxAddressLookups (mx) or 1 + kMaxPtrNames (ptr) names,
  // %{p} and exp= add a few more per record.
  Check(dns.queries() < 2000);
  return 0;
}
