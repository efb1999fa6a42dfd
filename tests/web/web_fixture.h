// What the web tests share: the examples' offline analysis (zone file, pinned clock).
#ifndef KAKUNIN_TESTS_WEB_WEB_FIXTURE_H_
#define KAKUNIN_TESTS_WEB_WEB_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "base/time.h"
#include "kakunin/dns.h"
#include "kakunin/inspect.h"
#include "testing/paths.h"

namespace kakunin::web {

class ExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto zone = dns::OpenZoneFile(testing::SourceDir() + "/examples/examples.zone");
    ASSERT_TRUE(zone.has_value()) << zone.error().ToString();
    zone_ = std::move(*zone);
    options_.resolver = zone_.get();
    auto now = base::ParseTime("2026-11-28T01:00:00Z");
    ASSERT_TRUE(now.has_value());
    options_.now = *now;
  }

  std::string Example(const std::string& name) {
    return testing::ReadFileOrDie(testing::SourceDir() + "/examples/" + name);
  }

  std::unique_ptr<dns::Resolver> zone_;
  InspectOptions options_;
};

}  // namespace kakunin::web

#endif  // KAKUNIN_TESTS_WEB_WEB_FIXTURE_H_
