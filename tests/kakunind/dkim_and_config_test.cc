// Outgoing mail is DKIM-signed with kakunin's signer and verifies against the printed TXT
// record; the configuration file is read strictly.
#include <filesystem>
#include <fstream>
#include <thread>
#include <regex>

#include "config.h"
#include "dkim_key.h"
#include "http_fixture.h"
#include "kakunin/dkim.h"
#include "testing/fake_resolver.h"

namespace kakunin::kakunind {
namespace {

// The TXT data of a zone-file line: its quoted strings, concatenated (RFC 6376 3.6.2.2).
std::string TxtData(const std::string& line) {
  std::string out;
  static const std::regex kQuoted("\"([^\"]*)\"");
  for (std::sregex_iterator it(line.begin(), line.end(), kQuoted), end; it != end; ++it) out += (*it)[1].str();
  return out;
}

class DkimTest : public HttpTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(DkimTest, EveryMailVerifiesWithThePublishedKey) {
  DkimOptions dkim;
  dkim.algorithm = GetParam();
  dkim.domain = "kakunin.example";
  auto setup = SetUpDkim(dkim, dir_);
  ASSERT_TRUE(setup.has_value()) << setup.error().ToString();
  EXPECT_NE(setup->txt_record.find("kakunind._domainkey.kakunin.example"), std::string::npos);
  // A second start reuses the key.
  auto again = SetUpDkim(dkim, dir_);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->txt_record, setup->txt_record);

  service::ServiceOptions o = service::TestOptions(dir_);
  o.signer = setup->signer;
  o.resend.address_min_interval_seconds = 0;
  Start(o);
  std::string token = SignUp("signed@example.com");
  ASSERT_EQ(Post("/v1/password/reset", {{"email", "signed@example.com"}}).status, 202);
  ASSERT_TRUE(service_->DeliverPending().has_value());

  kakunin::testing::FakeResolver resolver;
  resolver.AddTxt("kakunind._domainkey.kakunin.example", TxtData(setup->txt_record));
  dkim::Verifier verifier(resolver);
  auto mails = kakunin::testing::ReadOutbox(dir_ + "/outbox");
  ASSERT_EQ(mails.size(), 2u);
  for (const auto& mail : mails) {
    ASSERT_TRUE(mail.raw.starts_with("DKIM-Signature:")) << mail.file;
    auto results = verifier.VerifyBytes(mail.raw);
    ASSERT_TRUE(results.has_value());
    ASSERT_EQ(results->size(), 1u);
    EXPECT_EQ((*results)[0].result, dkim::AuthResult::kPass) << (*results)[0].reason;
    EXPECT_EQ((*results)[0].domain, "kakunin.example");
  }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, DkimTest, ::testing::Values("ed25519", "rsa"));

class ConfigTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    path_ = ::testing::TempDir() + "/kakunind-config-test.toml";
    std::ofstream(path_) << text;
    return path_;
  }
  std::string path_;
};

TEST_F(ConfigTest, DefaultsMatchTheDocs) {
  Config c = DefaultConfig();
  ASSERT_TRUE(FinishConfig(c).has_value());
  EXPECT_EQ(c.http.host, "127.0.0.1");
  EXPECT_EQ(c.http.port, 8080);
  EXPECT_EQ(c.service.data_dir, "kakunind-data");
  EXPECT_EQ(c.database, "kakunind-data/kakunind.db");
  EXPECT_EQ(c.service.codes.digits, 6);
  EXPECT_EQ(c.service.codes.ttl_seconds, 600);
  EXPECT_EQ(c.service.codes.max_attempts, 5);
  EXPECT_EQ(c.service.codes.account_budget, 20);
  EXPECT_EQ(c.service.resend.address_min_interval_seconds, 60);
  EXPECT_EQ(c.service.resend.address_per_hour, 5);
  EXPECT_EQ(c.dkim.domain, "localhost");
  EXPECT_TRUE(c.http.cookie_secure);
}

TEST_F(ConfigTest, ReadsEverySection) {
  Config c = DefaultConfig();
  auto loaded = LoadConfigFile(Write(R"(
listen = "[::1]:9090"
data_dir = "/var/lib/kakunind"
[http]
threads = 4
trusted_proxies = ["10.0.0.0/8"]
[mail]
service_name = "Shop"
from_address = "no-reply@shop.example"
default_language = "en"
[codes]
digits = 8
account_budget = 10
[resend]
ip_per_hour = 100
[login]
require_two_step = true
[passwords]
argon2_memlimit_kib = 65536
min_entropy_bits = 40.5
[totp]
issuer = "Shop"
algorithm = "SHA256"
digits = 8
[sessions]
ttl_seconds = 3600
[sqlite]
durability = "power-loss"
[dkim]
algorithm = "rsa"
)"),
                               c);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  ASSERT_TRUE(FinishConfig(c).has_value());
  EXPECT_EQ(c.http.host, "::1");
  EXPECT_EQ(c.http.port, 9090);
  EXPECT_EQ(c.http.threads, 4);
  EXPECT_EQ(c.service.codes.digits, 8);
  EXPECT_EQ(c.service.passwords.argon2_memlimit, 64u * 1024 * 1024);
  EXPECT_DOUBLE_EQ(c.service.passwords.min_entropy_bits, 40.5);
  EXPECT_TRUE(c.service.login.require_two_step);
  EXPECT_EQ(c.service.totp.issuer, "Shop");
  EXPECT_EQ(c.service.totp.algorithm, "SHA256");
  EXPECT_EQ(c.service.totp.digits, 8);
  EXPECT_EQ(c.service.totp.period, 30);
  EXPECT_EQ(c.sqlite.durability, store::Durability::kPowerLoss);
  EXPECT_EQ(c.dkim.domain, "shop.example");
  EXPECT_EQ(c.database, "/var/lib/kakunind/kakunind.db");
}

TEST_F(ConfigTest, RejectsTyposWrongTypesAndRanges) {
  const char* bad[] = {
      "lisen = \"127.0.0.1:1\"",          // unknown key
      "[codes]\ndigit = 6",                 // unknown key in a table
      "[codes]\ndigits = 5",                // out of range
      "[codes]\naccount_budget = 101",      // above NIST's 100
      "[http]\nthreads = \"many\"",         // wrong type
      "[http]\nthreads = 4.0",              // a float where an integer goes
      "[http]\nthreads = 6.66667e+40",      // once cast to int64 unchecked (UBSan)
      "[http]\ntrusted_proxies = [\"x\"]",  // not a CIDR
      "listen = \"localhost\"",             // no port
      "[sqlite]\ndurability = \"maybe\"",
      "[dkim]\nalgorithm = \"dsa\"",
      "[totp]\nalgorithm = \"MD5\"",
      "[totp]\ndigits = 10",               // authenticator apps show 6 to 8
      "this is not toml",
  };
  for (const char* text : bad) {
    Config c = DefaultConfig();
    auto loaded = LoadConfigFile(Write(text), c);
    const bool ok = loaded.has_value() && FinishConfig(c).has_value();
    EXPECT_FALSE(ok) << text;
  }
}

// node.id is made once, kept across starts, the same for starts racing on a new data
// directory, and a damaged one is refused rather than replaced (the claims in Redis name it).
TEST(NodeIdTest, MadeOnceKeptAndAgreedOn) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "kakunind-node-id";
  for (int round = 0; round < 20; ++round) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<std::string> ids(8);
    std::vector<std::thread> starts;
    for (auto& id : ids) {
      starts.emplace_back([&id, &dir] { id = NodeId(dir.string()).value_or("error"); });
    }
    for (auto& t : starts) t.join();
    EXPECT_TRUE(std::regex_match(ids[0], std::regex("[0-9a-f]{32}"))) << ids[0];
    for (const auto& id : ids) EXPECT_EQ(id, ids[0]) << round;
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1) << "temporary files left";
    EXPECT_EQ(NodeId(dir.string()).value_or(""), ids[0]);
  }
  std::ofstream(dir / "node.id", std::ios::trunc) << "two words\n";
  auto damaged = NodeId(dir.string());
  ASSERT_FALSE(damaged.has_value());
  EXPECT_NE(damaged.error().ToString().find("node.id must hold"), std::string::npos) << damaged.error().ToString();
  std::ofstream(dir / "node.id", std::ios::trunc) << "rack-7\n";
  EXPECT_EQ(NodeId(dir.string()).value_or(""), "rack-7");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kakunin::kakunind
