// A fresh SQLite store in a temporary folder per test.
#ifndef KAKUNIN_TESTS_STORE_STORE_FIXTURE_H_
#define KAKUNIN_TESTS_STORE_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "kakunin/store.h"

namespace kakunin::store {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunin-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/kakunind.db";
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

 public:
  // Request builders, shared with store_cases.h.
  static FailureBudget Budget(std::string key, int max = 20) {
    return FailureBudget{std::move(key), max, 86400, 3600, 7 * 86400};
  }

  static Code MakeCode(std::string subject, std::string hash, int64_t now) {
    Code c;
    c.purpose = Purpose::kVerifyEmail;
    c.subject = std::move(subject);
    c.flow_id = "flow";
    c.address = "a@example.com";
    c.code_hash = std::move(hash);
    c.created_at = now;
    c.expires_at = now + 600;
    return c;
  }

  static IssueRequest Issue(const std::string& subject, const std::string& hash, int64_t now) {
    IssueRequest r;
    r.now = now;
    r.budget = Budget(subject);
    r.code = MakeCode(subject, hash, now);
    return r;
  }

  static VerifyRequest Verify(const std::string& subject, const std::string& guess, int64_t now) {
    VerifyRequest r;
    r.now = now;
    r.subject = subject;
    r.budget = Budget(subject);
    r.matches = [guess](const Code& c) { return c.code_hash == guess; };
    return r;
  }

 protected:
  std::string dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

}  // namespace kakunin::store

#endif  // KAKUNIN_TESTS_STORE_STORE_FIXTURE_H_
