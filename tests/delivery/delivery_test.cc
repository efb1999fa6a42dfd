// Delivery against real peers on loopback: an aiosmtpd SMTP sink (tests/delivery/smtp_sink.py)
// and a cpp-httplib webhook receiver. Backoff uses explicit times passed to RunOnce, so the
// relay-down scenarios need no sleeping; one test runs the worker thread with real time.
#include <gtest/gtest.h>
#include <httplib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "delivery/smtp_sink.h"
#include "kakunin/delivery.h"
#include "kakunin/dkim.h"
#include "kakunin/message.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::delivery {
namespace {

namespace fs = std::filesystem;
using kakunin::testing::SmtpSink;

constexpr int64_t kT0 = 1'800'000'000;

std::string Slurp(const std::string& path) { return kakunin::testing::ReadFileOrDie(path); }

size_t CountFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string()[0] != '.';
  return n;
}

class DeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kakunin::testing::HaveAiosmtpd()) GTEST_SKIP() << "python3-aiosmtpd missing (scripts/deps.sh installs it)";
    root_ = ::testing::TempDir() + "/kakunin-delivery-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ + "/outbox/new");
    fs::create_directories(root_ + "/sms-outbox/new");
    port_ = kakunin::testing::FreePort();
  }
  void TearDown() override {
    if (!root_.empty()) fs::remove_all(root_);
  }

  std::string Mail(int n) const {
    return "From: Kakunin <no-reply@kakunin.example>\r\nTo: <user" + std::to_string(n) +
           "@example.org>\r\nSubject: Your code\r\nDate: Sat, 28 Nov 2026 21:00:00 +0000\r\n"
           "Message-ID: <n" + std::to_string(n) + "@kakunin.example>\r\nMIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=UTF-8\r\n\r\nYour code is 12345" + std::to_string(n) +
           ".\r\n.A line that starts with a dot (SMTP dot-stuffing).\r\n..and two dots.\r\n";
  }
  void Queue(const std::string& box, const std::string& name, const std::string& bytes) {
    std::ofstream(root_ + "/" + box + "/new/" + name, std::ios::binary) << bytes;
  }

  std::unique_ptr<Worker> MakeWorker(bool sms = false) {
    WorkerOptions o;
    o.mail_outbox = root_ + "/outbox";
    o.smtp.url = "smtp://127.0.0.1:" + std::to_string(port_) + "/kakunin.example";
    o.smtp.timeout_seconds = 10;
    if (sms) {
      o.sms_outbox = root_ + "/sms-outbox";
      o.webhook.url = webhook_url_;
      o.webhook.bearer_token = "test-token";
    }
    o.retry.base_seconds = 10;
    o.retry.max_seconds = 40;
    o.retry.give_up_seconds = 1000;
    o.audit = [this](std::string_view event, const std::string& file, const SendResult& r) {
      std::lock_guard lock(audit_mu_);
      audit_.push_back(std::string(event) + " " + file + " " + std::to_string(r.status));
    };
    auto w = Worker::Create(std::move(o));
    EXPECT_TRUE(w.has_value()) << w.error().ToString();
    return std::move(*w);
  }

  nlohmann::json Sidecar(const std::string& name) const {
    return nlohmann::json::parse(Slurp(root_ + "/outbox/retry/" + name));
  }

  std::string root_;
  int port_ = 0;
  std::string webhook_url_;
  std::mutex audit_mu_;
  std::vector<std::string> audit_;
};

TEST(HeaderAddressTest, ReadsKakunindsFields) {
  const std::string m = "DKIM-Signature: v=1; d=x\r\n h=from:to\r\nFrom: =?UTF-8?B?5pel?= <a@x.example>\r\n"
                        "to: <b@y.example>\r\n\r\nTo: <c@z.example>\r\n";
  EXPECT_EQ(HeaderAddress(m, "From"), "a@x.example");
  EXPECT_EQ(HeaderAddress(m, "To"), "b@y.example");  // Case-insensitive; the body is not searched.
  EXPECT_EQ(HeaderAddress("To: plain@y.example\r\n\r\n", "To"), "plain@y.example");
  EXPECT_EQ(HeaderAddress("To: \"Doe, J\" <j@x>\r\n\r\n", "To"), "j@x");
  // kakunind folds a long encoded display name: the address is on a continuation line.
  EXPECT_EQ(HeaderAddress("From: =?UTF-8?B?5pel?=\r\n =?UTF-8?B?5pel?= <a@x>\r\nTo: <b@y>\r\n\r\n", "From"), "a@x");
  EXPECT_EQ(HeaderAddress("To: <a@x>, <b@y>\r\n\r\n", "To"), "");  // Several recipients: refused.
  EXPECT_EQ(HeaderAddress("To: a@x, b@y\r\n\r\n", "To"), "");          // Several bare addresses: refused.
  EXPECT_EQ(HeaderAddress("To: <a@x\r\n\r\n", "To"), "");
  EXPECT_EQ(HeaderAddress("Subject: x\r\n\r\n", "To"), "");
}

TEST_F(DeliveryTest, DeliversByteForByteAndDkimStillVerifies) {
  auto key = dkim::GenerateKey(dkim::KeyType::kEd25519);
  ASSERT_TRUE(key.has_value());
  dkim::SignOptions so;
  so.domain = "kakunin.example";
  so.selector = "sel";
  so.algorithm = dkim::Algorithm::kEd25519Sha256;
  auto signer = dkim::Signer::Create(key->private_pem, so);
  ASSERT_TRUE(signer.has_value()) << signer.error().ToString();
  const std::string body = Mail(1);
  auto parsed = mime::Message::Parse(body);
  ASSERT_TRUE(parsed.has_value());
  auto signature = signer->Sign(*parsed);
  ASSERT_TRUE(signature.has_value());
  const std::string signed_mail = *signature + body;
  Queue("outbox", "1800000000.000000000001.abc.kakunind", signed_mail);

  SmtpSink sink(port_, root_ + "/sink", "accept");
  ASSERT_TRUE(sink.ready());
  auto worker = MakeWorker();
  auto pass = worker->RunOnce(kT0);
  ASSERT_TRUE(pass.has_value()) << pass.error().ToString();
  EXPECT_EQ(pass->sent, 1);
  auto got = sink.Messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(Slurp(got[0]), signed_mail);  // Byte for byte, dots included.
  const std::string env = Slurp(got[0].substr(0, got[0].size() - 4) + ".env");
  EXPECT_EQ(env, "no-reply@kakunin.example\nuser1@example.org\n");

  kakunin::testing::FakeResolver resolver;
  resolver.AddTxt("sel._domainkey.kakunin.example", "v=DKIM1; k=ed25519; p=" + key->public_b64);
  dkim::Verifier verifier(resolver);
  auto results = verifier.VerifyBytes(Slurp(got[0]));
  ASSERT_TRUE(results.has_value());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].result, dkim::AuthResult::kPass) << (*results)[0].reason;

  EXPECT_EQ(CountFiles(root_ + "/outbox/new"), 0u);
  EXPECT_EQ(Slurp(root_ + "/outbox/sent/1800000000.000000000001.abc.kakunind"), signed_mail);
  ASSERT_EQ(audit_.size(), 1u);
  EXPECT_EQ(audit_[0], "mail_sent 1800000000.000000000001.abc.kakunind 250");
}

TEST_F(DeliveryTest, RelayDownKeepsMailsWithBackoffAcrossRestartThenDeliversEachOnce) {
  for (int i = 1; i <= 3; ++i) Queue("outbox", "m" + std::to_string(i), Mail(i));
  {
    auto worker = MakeWorker();
    auto pass = worker->RunOnce(kT0);  // Nothing listens: connection refused.
    ASSERT_TRUE(pass.has_value());
    EXPECT_EQ(pass->deferred, 3);
    EXPECT_EQ(Sidecar("m1")["attempts"], 1);
    EXPECT_EQ(Sidecar("m1")["next"], kT0 + 10);
    pass = worker->RunOnce(kT0 + 5);  // Backoff not over: not even tried.
    EXPECT_EQ(pass->waiting, 3);
    pass = worker->RunOnce(kT0 + 10);
    EXPECT_EQ(pass->deferred, 3);
    EXPECT_EQ(Sidecar("m2")["attempts"], 2);
    EXPECT_EQ(Sidecar("m2")["next"], kT0 + 10 + 20);  // Doubled.
  }
  EXPECT_EQ(CountFiles(root_ + "/outbox/new"), 3u);
  SmtpSink sink(port_, root_ + "/sink", "accept");
  ASSERT_TRUE(sink.ready());
  auto restarted = MakeWorker();  // A restart keeps the backoff: the sidecars say not before T0+30.
  auto pass = restarted->RunOnce(kT0 + 29);
  EXPECT_EQ(pass->waiting, 3);
  EXPECT_EQ(sink.Messages().size(), 0u);
  pass = restarted->RunOnce(kT0 + 30);
  EXPECT_EQ(pass->sent, 3);
  pass = restarted->RunOnce(kT0 + 1000);  // Nothing left: nothing sent twice.
  EXPECT_EQ(pass->sent + pass->deferred + pass->waiting, 0);
  auto got = sink.Messages();
  ASSERT_EQ(got.size(), 3u);
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(Slurp(got[static_cast<size_t>(i - 1)]), Mail(i));
  EXPECT_EQ(CountFiles(root_ + "/outbox/new"), 0u);
  EXPECT_EQ(CountFiles(root_ + "/outbox/retry"), 0u);
  EXPECT_EQ(CountFiles(root_ + "/outbox/sent"), 3u);
}

TEST_F(DeliveryTest, WorkerThreadDeliversWhenTheRelayComesBack) {
  for (int i = 1; i <= 4; ++i) Queue("outbox", "t" + std::to_string(i), Mail(i));
  WorkerOptions o;
  o.mail_outbox = root_ + "/outbox";
  o.smtp.url = "smtp://127.0.0.1:" + std::to_string(port_);
  o.retry.base_seconds = 1;
  o.retry.max_seconds = 1;
  o.poll_milliseconds = 50;
  auto worker = Worker::Create(std::move(o));
  ASSERT_TRUE(worker.has_value());
  (*worker)->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // Relay down: every mail deferred.
  EXPECT_EQ(CountFiles(root_ + "/outbox/new"), 4u);
  EXPECT_EQ(CountFiles(root_ + "/outbox/retry"), 4u);
  SmtpSink sink(port_, root_ + "/sink", "accept");
  for (int i = 0; i < 100 && CountFiles(root_ + "/outbox/new") > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  (*worker)->Stop();
  EXPECT_EQ(CountFiles(root_ + "/outbox/new"), 0u);
  EXPECT_EQ(sink.Messages().size(), 4u);  // Each exactly once.
}

TEST_F(DeliveryTest, PermanentRejectionGoesToFailedTemporaryStays) {
  Queue("outbox", "r1", Mail(1));
  {
    SmtpSink sink(port_, root_ + "/sink-defer", "defer");
    ASSERT_TRUE(sink.ready());
    auto pass = MakeWorker()->RunOnce(kT0);
    EXPECT_EQ(pass->deferred, 1);
    EXPECT_EQ(Sidecar("r1")["status"], 451);
  }
  SmtpSink sink(port_, root_ + "/sink-reject", "reject");
  ASSERT_TRUE(sink.ready());
  auto pass = MakeWorker()->RunOnce(kT0 + 10);
  EXPECT_EQ(pass->failed, 1);
  EXPECT_EQ(CountFiles(root_ + "/outbox/new"), 0u);
  EXPECT_EQ(Slurp(root_ + "/outbox/failed/r1"), Mail(1));
  EXPECT_FALSE(fs::exists(root_ + "/outbox/retry/r1"));
  ASSERT_EQ(audit_.size(), 1u);
  EXPECT_EQ(audit_[0], "mail_failed r1 554");
}

TEST_F(DeliveryTest, StarttlsRequiredRefusesAPlainRelay) {
  Queue("outbox", "p1", Mail(1));
  SmtpSink sink(port_, root_ + "/sink", "accept");  // Offers no STARTTLS.
  ASSERT_TRUE(sink.ready());
  SmtpOptions o;
  o.url = "smtp://127.0.0.1:" + std::to_string(port_);
  o.starttls = true;
  SendResult r = SendMail(o, Mail(1));
  EXPECT_EQ(r.outcome, Outcome::kTemporary) << r.detail;  // Kept for a relay that offers TLS.
  EXPECT_EQ(sink.Messages().size(), 0u);
}

// A relay with a certificate for 127.0.0.1 that the client trusts through ca_file: STARTTLS on
// smtp:// and implicit TLS on smtps:// both deliver the bytes unchanged.
TEST_F(DeliveryTest, DeliversOverStarttlsAndSmtps) {
  for (const std::string mode : {"starttls", "smtps"}) {
    SCOPED_TRACE(mode);
    const int port = kakunin::testing::FreePort();
    SmtpSink sink(port, root_ + "/sink-" + mode, mode);
    ASSERT_TRUE(sink.ready());
    SmtpOptions o;
    o.url = (mode == "smtps" ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") + std::to_string(port);
    o.starttls = mode == "starttls";
    o.ca_file = root_ + "/sink-" + mode + "/cert.pem";
    SendResult r = SendMail(o, Mail(1));
    EXPECT_EQ(r.outcome, Outcome::kSent) << r.detail;
    auto got = sink.Messages();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(Slurp(got[0]), Mail(1));
    o.ca_file.clear();  // The self-signed certificate is not in the system store: refused, kept.
    r = SendMail(o, Mail(2));
    EXPECT_EQ(r.outcome, Outcome::kTemporary) << r.detail;
    EXPECT_EQ(sink.Messages().size(), 1u);
  }
}

TEST_F(DeliveryTest, AuthenticatesWithTheConfiguredPassword) {
  SmtpSink sink(port_, root_ + "/sink", "auth");
  ASSERT_TRUE(sink.ready());
  SmtpOptions o;
  o.url = "smtp://127.0.0.1:" + std::to_string(port_);
  o.username = "kakunin";
  o.password = "wrong";
  o.timeout_seconds = 10;
  SendResult r = SendMail(o, Mail(1));
  EXPECT_EQ(r.status, 535);
  EXPECT_EQ(r.outcome, Outcome::kTemporary) << r.detail;  // 535: our configuration, not the message.
  EXPECT_EQ(r.detail.find("wrong"), std::string::npos);
  o.password = "s3cret";
  r = SendMail(o, Mail(2));
  EXPECT_EQ(r.outcome, Outcome::kSent) << r.detail;
  o.username.clear();
  r = SendMail(o, Mail(3));
  EXPECT_EQ(r.status, 530);
  EXPECT_EQ(r.outcome, Outcome::kTemporary) << r.detail;  // 530 authentication required: configuration.
  auto got = sink.Messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(Slurp(got[0]), Mail(2));
}

TEST_F(DeliveryTest, GivesUpAfterTheConfiguredTime) {
  Queue("outbox", "g1", Mail(1));
  auto worker = MakeWorker();
  EXPECT_EQ(worker->RunOnce(kT0)->deferred, 1);
  EXPECT_EQ(worker->RunOnce(kT0 + 999)->deferred, 1);  // Still within give_up_seconds; next try at +1019.
  EXPECT_EQ(worker->RunOnce(kT0 + 1000)->waiting, 1);
  EXPECT_EQ(worker->RunOnce(kT0 + 1019)->failed, 1);  // The first try past give_up_seconds fails for good.
  EXPECT_TRUE(fs::exists(root_ + "/outbox/failed/g1"));
}

TEST_F(DeliveryTest, SmsWebhookGetsJsonWithBearerToken) {
  httplib::Server server;
  std::mutex mu;
  std::vector<std::array<std::string, 3>> got;  // body, Authorization, Idempotency-Key
  int status = 200;
  server.Post("/sms", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    got.push_back({req.body, req.get_header_value("Authorization"), req.get_header_value("Idempotency-Key")});
    res.status = status;
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  webhook_url_ = "http://127.0.0.1:" + std::to_string(port) + "/sms";
  Queue("sms-outbox", "s1.json", R"({"to":"+819012345678","body":"確認コード 123456"})");
  auto worker = MakeWorker(true);
  auto pass = worker->RunOnce(kT0);
  ASSERT_TRUE(pass.has_value());
  EXPECT_EQ(pass->sent, 1);
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(got.size(), 1u);
    auto j = nlohmann::json::parse(got[0][0]);
    EXPECT_EQ(j, (nlohmann::json{{"to", "+819012345678"}, {"text", "確認コード 123456"}}));
    EXPECT_EQ(got[0][1], "Bearer test-token");
    EXPECT_EQ(got[0][2], "s1.json");
    status = 503;
  }
  EXPECT_TRUE(fs::exists(root_ + "/sms-outbox/sent/s1.json"));
  Queue("sms-outbox", "s2.json", R"({"to":"+1555","body":"x"})");
  EXPECT_EQ(worker->RunOnce(kT0)->deferred, 1);  // 503: retried later.
  {
    std::lock_guard lock(mu);
    status = 400;
  }
  EXPECT_EQ(worker->RunOnce(kT0 + 10)->failed, 1);  // 400: the webhook refuses this request for good.
  EXPECT_TRUE(fs::exists(root_ + "/sms-outbox/failed/s2.json"));
  server.stop();
  serving.join();
}

}  // namespace
}  // namespace kakunin::delivery
