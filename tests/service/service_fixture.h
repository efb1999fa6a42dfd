// A Service over a fresh SQLite store in a temporary data directory, with a settable clock and
// cheap Argon2id parameters (the flows are under test here, not the hash cost).
#ifndef KAKUNIN_TESTS_SERVICE_SERVICE_FIXTURE_H_
#define KAKUNIN_TESTS_SERVICE_SERVICE_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "kakunin/breach.h"
#include "kakunin/service.h"
#include "service/outbox_reader.h"
#include "testing/paths.h"

namespace kakunin::service {

inline constexpr char kStrongPassword[] = "correct horse battery staple 42";

inline ServiceOptions TestOptions(const std::string& data_dir) {
  ServiceOptions o;
  o.data_dir = data_dir;
  o.templates_dir = kakunin::testing::SourceDir() + "/data/kakunind/templates";
  o.passwords.argon2_opslimit = 1;
  o.passwords.argon2_memlimit = 64 * 1024;
  o.mail.default_language = "en";
  o.mail.from_address = "no-reply@kakunin.example";
  o.mail.base_url = "https://kakunin.example";
  o.start_delivery_thread = false;
  // The slow-down for clients with recent failures (up to a second per attempt by default) is
  // not waited for; tests of the wait itself put the real sleep back (sleep = nullptr).
  o.sleep = [](int64_t) {};
  return o;
}

// TestOptions with the stuffing defence and the new-sign-in alerts off, so a test sees only the
// mechanism it switches on.
inline ServiceOptions QuietOptions(const std::string& data_dir) {
  ServiceOptions o = TestOptions(data_dir);
  o.stuffing.network_failures = 0;
  o.stuffing.spike_failures = 0;
  o.stuffing.slow_delay_ms = 0;
  o.alerts.new_sign_in = false;
  return o;
}

// Builds a breach database at `dir`/pwned.db that holds `password` only; returns its path.
inline std::string WriteBreachDatabase(const std::string& dir, const std::string& password) {
  const breach::PasswordHash hash = breach::PasswordHash::Of(password);
  std::string hex;
  for (uint8_t b : hash.bytes()) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  std::ofstream(dir + "/pwned.txt") << hex << ":42\n";
  const std::vector<std::string> inputs = {dir + "/pwned.txt"};
  EXPECT_TRUE(breach::BuildDatabase(inputs, dir + "/pwned.db").has_value());
  return dir + "/pwned.db";
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunin-service-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Open(TestOptions(dir_));
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open(ServiceOptions options) {
    service_.reset();
    options_ = options;
    auto store = store::OpenSqliteStore(dir_ + "/kakunind.db");
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::shared_ptr<store::Store>(std::move(*store));
    auto service = Service::Create(options, store_, [this] { return now_.load(); });
    ASSERT_TRUE(service.has_value()) << service.error().ToString();
    service_ = std::move(*service);
  }
  // Delivers the queue and returns the newest message to `to`.
  kakunin::testing::OutMessage LastMail(const std::string& to) {
    EXPECT_TRUE(service_->DeliverPending().has_value());
    return kakunin::testing::LastTo(dir_ + "/outbox", to);
  }
  kakunin::testing::OutMessage LastSms(const std::string& to) {
    EXPECT_TRUE(service_->DeliverPending().has_value());
    return kakunin::testing::LastTo(dir_ + "/sms-outbox", to);
  }
  size_t MailCount() {
    EXPECT_TRUE(service_->DeliverPending().has_value());
    return kakunin::testing::ReadOutbox(dir_ + "/outbox").size();
  }
  // Signs up and verifies `email`; returns the session token.
  std::string CreateAccount(const std::string& email, const Client& c = {"192.0.2.1", "test", ""}) {
    Reply r = service_->Signup(c, email, kStrongPassword);
    EXPECT_EQ(r.outcome, Outcome::kAccepted) << r.error;
    const std::string code = LastMail(email).Code();
    EXPECT_FALSE(code.empty());
    Reply v = service_->VerifyEmail(c, email, r.body.value("flow_id", ""), code);
    EXPECT_EQ(v.outcome, Outcome::kOk) << v.error;
    now_ += 61;  // Past the per-address resend interval.
    return v.session_token;
  }

  std::string dir_;
  ServiceOptions options_;
  std::atomic<int64_t> now_{1'800'000'000};
  std::shared_ptr<store::Store> store_;
  std::unique_ptr<Service> service_;
  const Client client_{"192.0.2.1", "test-agent", ""};
};

}  // namespace kakunin::service

#endif  // KAKUNIN_TESTS_SERVICE_SERVICE_FIXTURE_H_
