// FakeResolver: an in-memory dns::Resolver for unit tests (mailauth's dns-zone.js).
// A name with no records at all is NXDOMAIN; a name that has records of other types only is
// NODATA. Names can be made to fail temporarily or permanently. Every query is recorded, so
// tests can assert lookup counts and limits. Thread-safe (a mutex guards everything).
#ifndef KAKUNIN_TESTS_TESTING_FAKE_RESOLVER_H_
#define KAKUNIN_TESTS_TESTING_FAKE_RESOLVER_H_

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "kakunin/dns.h"

namespace kakunin::testing {

class FakeResolver : public dns::Resolver {
 public:
  void Add(std::string_view name, dns::RrType type, std::string data, uint16_t preference = 0) {
    std::lock_guard lock(mu_);
    records_[Key(name)][type].push_back(dns::Record{std::move(data), preference});
  }
  void AddTxt(std::string_view name, std::string txt) { Add(name, dns::RrType::kTxt, std::move(txt)); }
  // Every query for `name` (any type, or only `type`) fails with kDnsTempFail.
  void SetTempFail(std::string_view name) {
    std::lock_guard lock(mu_);
    temp_fail_.insert(Key(name));
  }
  void SetTempFail(std::string_view name, dns::RrType type) {
    std::lock_guard lock(mu_);
    temp_fail_typed_.insert({Key(name), type});
  }
  void SetPermFail(std::string_view name) {
    std::lock_guard lock(mu_);
    perm_fail_.insert(Key(name));
  }

  Result<dns::Answer> Lookup(std::string_view name, dns::RrType type) override {
    std::lock_guard lock(mu_);
    std::string key = Key(name);
    queries_.push_back({key, type});
    if (temp_fail_.count(key) || temp_fail_typed_.count({key, type})) {
      return Fail(ErrorCode::kDnsTempFail, "fake: temporary failure for " + key);
    }
    if (perm_fail_.count(key)) return Fail(ErrorCode::kDnsPermFail, "fake: permanent failure for " + key);
    dns::Answer a;
    auto it = records_.find(key);
    if (it == records_.end()) {
      a.status = dns::Status::kNxDomain;
      return a;
    }
    auto rt = it->second.find(type);
    if (rt == it->second.end() || rt->second.empty()) {
      a.status = dns::Status::kNoData;
      return a;
    }
    a.records = rt->second;
    a.ttl = 300;
    return a;
  }

  std::vector<std::pair<std::string, dns::RrType>> queries() const {
    std::lock_guard lock(mu_);
    return queries_;
  }
  size_t query_count() const {
    std::lock_guard lock(mu_);
    return queries_.size();
  }

 private:
  static std::string Key(std::string_view name) {
    std::string k = base::ToLower(name);
    while (!k.empty() && k.back() == '.') k.pop_back();
    return k;
  }

  mutable std::mutex mu_;
  std::map<std::string, std::map<dns::RrType, std::vector<dns::Record>>> records_;
  std::set<std::string> temp_fail_;
  std::set<std::pair<std::string, dns::RrType>> temp_fail_typed_;
  std::set<std::string> perm_fail_;
  std::vector<std::pair<std::string, dns::RrType>> queries_;
};

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_TESTING_FAKE_RESOLVER_H_
