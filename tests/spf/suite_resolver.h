// SuiteResolver: the DNS of one SPF-suite scenario, as the suites' own drivers define it
// (pyspf test/testspf.py; stalwart mail-auth's test resolver). Differences from FakeResolver:
//  - per-name TIMEOUT markers that apply in record order (pyspf: a TIMEOUT item answers with the
//    records of the asked type listed before it, or times out if there are none);
//  - CNAME chains are followed, as a recursive resolver does; a loop is a temporary failure;
//  - every queried name is checked: a label over 63 octets must never reach DNS (RFC 7208 4.3),
//    and such a query fails the current test.
// Not thread-safe (each test builds its own).
#ifndef KAKUNIN_TESTS_SPF_SUITE_RESOLVER_H_
#define KAKUNIN_TESTS_SPF_SUITE_RESOLVER_H_

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "kakunin/dns.h"

namespace kakunin::testing {

class SuiteResolver : public dns::Resolver {
 public:
  // One zone entry, in scenario order. `timeout` without `type` set = a bare TIMEOUT item.
  struct Item {
    bool bare_timeout = false;
    dns::RrType type = dns::RrType::kTxt;
    bool timeout = false;  // TYPE: TIMEOUT
    dns::Record record;
  };

  static std::string Key(std::string_view name) {
    std::string k = base::ToLower(name);
    while (!k.empty() && k.back() == '.') k.pop_back();
    return k;
  }

  void Add(std::string_view name, dns::RrType type, std::string data, uint16_t preference = 0) {
    if (type == dns::RrType::kMx || type == dns::RrType::kPtr || type == dns::RrType::kCname) data = Key(data);
    Item item;
    item.type = type;
    item.record = dns::Record{std::move(data), preference};
    zone_[Key(name)].push_back(std::move(item));
  }
  void AddTimeout(std::string_view name) {
    Item item;
    item.bare_timeout = true;
    zone_[Key(name)].push_back(item);
  }
  void AddTypeTimeout(std::string_view name, dns::RrType type) {
    Item item;
    item.type = type;
    item.timeout = true;
    zone_[Key(name)].push_back(item);
  }
  // Ensures `name` exists (NODATA rather than NXDOMAIN for other types).
  void Touch(std::string_view name) { zone_[Key(name)]; }
  // Names whose first label starts with `prefix` time out (stalwart's "_dns_error" convention).
  void SetTimeoutPrefix(std::string prefix) { timeout_prefix_ = std::move(prefix); }
  // Removes every record of `type` at `name` (replacing a record, as stalwart's driver does).
  void Remove(std::string_view name, dns::RrType type) {
    auto it = zone_.find(Key(name));
    if (it == zone_.end()) return;
    std::erase_if(it->second, [&](const Item& i) { return !i.bare_timeout && i.type == type; });
  }
  bool Has(std::string_view name, dns::RrType type) const {
    auto it = zone_.find(Key(name));
    if (it == zone_.end()) return false;
    for (const auto& i : it->second) {
      if (!i.bare_timeout && i.type == type) return true;
    }
    return false;
  }

  Result<dns::Answer> Lookup(std::string_view name, dns::RrType type) override {
    std::string key = Key(name);
    queries_.push_back(key);
    for (std::string_view label : base::Split(key, '.')) {
      if (label.size() > 63) ADD_FAILURE() << "queried a name with a label over 63 octets: " << key;
    }
    for (int hop = 0; hop < 8; ++hop) {
      if (!timeout_prefix_.empty() && key.starts_with(timeout_prefix_)) {
        return Fail(ErrorCode::kDnsTempFail, "suite: timeout for " + key);
      }
      auto it = zone_.find(key);
      if (it == zone_.end()) {
        dns::Answer a;
        a.status = dns::Status::kNxDomain;
        return a;
      }
      dns::Answer a;
      std::string cname;
      bool timed_out = false;
      for (const auto& item : it->second) {
        if (item.bare_timeout) {
          if (a.records.empty()) timed_out = true;
          break;
        }
        if (item.type == type && item.timeout) {
          timed_out = true;
          break;
        }
        if (item.timeout) continue;
        if (item.type == type) a.records.push_back(item.record);
        if (item.type == dns::RrType::kCname && type != dns::RrType::kCname) cname = item.record.data;
      }
      if (timed_out) return Fail(ErrorCode::kDnsTempFail, "suite: timeout for " + key);
      if (a.records.empty() && !cname.empty()) {
        key = cname;
        continue;
      }
      a.status = a.records.empty() ? dns::Status::kNoData : dns::Status::kOk;
      return a;
    }
    return Fail(ErrorCode::kDnsTempFail, "suite: CNAME loop at " + std::string(name));
  }

  const std::vector<std::string>& queries() const { return queries_; }

 private:
  std::map<std::string, std::vector<Item>> zone_;
  std::string timeout_prefix_;
  std::vector<std::string> queries_;
};

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_SPF_SUITE_RESOLVER_H_
