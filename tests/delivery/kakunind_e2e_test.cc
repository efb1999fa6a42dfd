// The real kakunind binary with a [delivery] section: sign-ups while the relay is down stay in
// the outbox with retry state; once the aiosmtpd sink starts, each mail arrives exactly once,
// byte for byte as kakunind wrote and signed it, and its DKIM signature verifies with the TXT
// record kakunind printed. Also the [delivery] config checks.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "config.h"
#include "delivery/smtp_sink.h"
#include "delivery_setup.h"
#include "kakunin/dkim.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::kakunind {
namespace {

namespace fs = std::filesystem;

size_t CountFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string()[0] != '.';
  return n;
}

template <class Pred>
bool WaitFor(Pred pred, int max_ms = 5000) {
  for (int waited = 0; waited < max_ms; waited += 20) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

// "sel._domainkey.d. IN TXT \"v=DKIM1; ...\" \"...\"" -> the joined strings.
std::string TxtData(const std::string& line) {
  std::string out;
  for (size_t open = line.find('"'); open != std::string::npos; open = line.find('"', open + 1)) {
    const size_t close = line.find('"', open + 1);
    out += line.substr(open + 1, close - open - 1);
    open = close;
  }
  return out;
}

class KakunindDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kakunin::testing::HaveAiosmtpd()) GTEST_SKIP() << "python3-aiosmtpd missing (scripts/deps.sh installs it)";
    dir_ = ::testing::TempDir() + "/kakunind-delivery-" + std::to_string(::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    smtp_port_ = kakunin::testing::FreePort();
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Starts kakunind; returns its HTTP port and fills `txt_` from its start-up lines.
  int Start(const std::string& config) {
    int out[2];
    if (::pipe(out) != 0) return 0;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      ::execl(KAKUNIND_BINARY, KAKUNIND_BINARY, "--config", config.c_str(), "--listen", "127.0.0.1:0", "--data-dir",
              (dir_ + "/data").c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string text;
    const std::string marker = "listening on 127.0.0.1:";
    for (int i = 0; i < 100 && text.find(marker) == std::string::npos; ++i) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) {
        char buf[4096];
        ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        text.append(buf, static_cast<size_t>(n));
      }
    }
    ::close(out[0]);
    const size_t in_txt = text.find(" IN TXT ");
    if (in_txt != std::string::npos) txt_ = TxtData(text.substr(in_txt, text.find('\n', in_txt) - in_txt));
    const size_t at = text.find(marker);
    return at == std::string::npos ? 0 : std::atoi(text.c_str() + at + marker.size());
  }

  std::string dir_;
  int smtp_port_ = 0;
  pid_t pid_ = -1;
  std::string txt_;
};

TEST_F(KakunindDeliveryTest, RelayDownThenUpDeliversEverySignedMailOnce) {
  const std::string config = dir_ + "/kakunind.toml";
  std::ofstream(config) << "templates_dir = \"" << kakunin::testing::SourceDir() << "/data/kakunind/templates\"\n"
                        << "[mail]\nfrom_address = \"no-reply@kakunin.example\"\n"
                        << "[resend]\nip_per_hour = 0\n[passwords]\nargon2_opslimit = 1\nargon2_memlimit_kib = 64\n"
                        << "[delivery]\nsmtp_url = \"smtp://127.0.0.1:" << smtp_port_ << "/kakunin.example\"\n"
                        << "starttls = false\nretry_base_seconds = 1\nretry_max_seconds = 1\npoll_milliseconds = 50\n";
  const int port = Start(config);
  ASSERT_GT(port, 0);
  ASSERT_FALSE(txt_.empty());
  httplib::Client client("127.0.0.1", port);
  constexpr int kMails = 3;
  for (int i = 0; i < kMails; ++i) {
    nlohmann::json body = {{"email", "user" + std::to_string(i) + "@example.org"},
                           {"password", "correct horse battery staple 42"}};
    auto r = client.Post("/v1/signup", body.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202) << r->body;
  }
  const std::string outbox = dir_ + "/data/outbox";
  // Relay down: the mails reach new/ and get retry sidecars, and stay.
  ASSERT_TRUE(WaitFor([&] { return fs::exists(outbox + "/retry") && CountFiles(outbox + "/retry") == kMails; }));
  EXPECT_EQ(CountFiles(outbox + "/new"), static_cast<size_t>(kMails));

  kakunin::testing::SmtpSink sink(smtp_port_, dir_ + "/sink", "accept");
  ASSERT_TRUE(sink.ready());
  ASSERT_TRUE(WaitFor([&] { return CountFiles(outbox + "/new") == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // A few more polls: nothing sent twice.
  auto got = sink.Messages();
  ASSERT_EQ(got.size(), static_cast<size_t>(kMails));
  EXPECT_EQ(CountFiles(outbox + "/sent"), static_cast<size_t>(kMails));
  EXPECT_EQ(CountFiles(outbox + "/retry"), 0u);

  std::map<std::string, std::string> sent;  // bytes -> file name
  for (const auto& e : fs::directory_iterator(outbox + "/sent")) {
    sent[kakunin::testing::ReadFileOrDie(e.path().string())] = e.path().filename().string();
  }
  kakunin::testing::FakeResolver resolver;
  resolver.AddTxt("kakunind._domainkey.kakunin.example", txt_);
  dkim::Verifier verifier(resolver);
  std::set<std::string> recipients;
  for (const auto& path : got) {
    const std::string bytes = kakunin::testing::ReadFileOrDie(path);
    EXPECT_EQ(sent.count(bytes), 1u) << path << " differs from every file in sent/";
    auto results = verifier.VerifyBytes(bytes);
    ASSERT_TRUE(results.has_value());
    ASSERT_EQ(results->size(), 1u);
    EXPECT_EQ((*results)[0].result, dkim::AuthResult::kPass) << (*results)[0].reason;
    std::istringstream env(kakunin::testing::ReadFileOrDie(path.substr(0, path.size() - 4) + ".env"));
    std::string from, to;
    std::getline(env, from);
    std::getline(env, to);
    EXPECT_EQ(from, "no-reply@kakunin.example");
    recipients.insert(to);
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"user0@example.org", "user1@example.org", "user2@example.org"}));

  std::ifstream audit(dir_ + "/data/audit.jsonl");
  int mail_sent = 0;
  for (std::string line; std::getline(audit, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] == "mail_sent") {
      ++mail_sent;
      EXPECT_EQ(j["status"], 250);
      EXPECT_EQ(line.find("@example.org"), std::string::npos) << "address in the audit log: " << line;
    }
  }
  EXPECT_EQ(mail_sent, kMails);
}

TEST(DeliveryConfigTest, ReadsTheSectionAndChecksSecrets) {
  const std::string path = ::testing::TempDir() + "/kakunind-delivery-config.toml";
  std::ofstream(path) << "[delivery]\nsmtp_url = \"smtps://relay.example:465\"\nusername = \"kakunin\"\n"
                      << "password_env = \"KAKUNIN_TEST_UNSET_PASSWORD\"\nretry_base_seconds = 30\n";
  Config c = DefaultConfig();
  ASSERT_TRUE(LoadConfigFile(path, c).has_value());
  EXPECT_EQ(c.delivery.smtp_url, "smtps://relay.example:465");
  EXPECT_TRUE(c.delivery.starttls);  // Default.
  EXPECT_EQ(c.delivery.retry_base_seconds, 30);
  EXPECT_EQ(c.delivery.retry_max_seconds, 3600);
  ::unsetenv("KAKUNIN_TEST_UNSET_PASSWORD");
  auto worker = StartDelivery(c.delivery, ::testing::TempDir() + "/kakunind-delivery-config-data");
  ASSERT_FALSE(worker.has_value());
  EXPECT_NE(worker.error().message.find("KAKUNIN_TEST_UNSET_PASSWORD"), std::string::npos);

  std::ofstream(path) << "[delivery]\nsmtp_host = \"x\"\n";
  Config typo = DefaultConfig();
  auto loaded = LoadConfigFile(path, typo);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().message.find("delivery.smtp_host"), std::string::npos);

  Config none = DefaultConfig();
  auto nothing = StartDelivery(none.delivery, ::testing::TempDir());
  ASSERT_TRUE(nothing.has_value());
  EXPECT_EQ(*nothing, nullptr);  // No [delivery]: the outbox is left for another program.
}

}  // namespace
}  // namespace kakunin::kakunind
