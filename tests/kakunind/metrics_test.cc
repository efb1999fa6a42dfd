// Operations over HTTP: GET /metrics is valid Prometheus text (checked by a strict parser here
// and by the Prometheus project's own Python parser) whose counters move with the requests; the
// health endpoint reports the store; the access log is one JSON line per request and holds no
// address, password, code or token.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "delivery_setup.h"
#include "http_fixture.h"
#include "observability.h"
#include "service/counting_store.h"
#include "service/metrics.h"

namespace kakunin::kakunind {
namespace {

// Parses the text exposition format 0.0.4 strictly: comment lines are HELP or TYPE, each family
// is typed once before its samples, each sample line is name{labels} value, no series twice.
// Returns the samples keyed "name{sorted labels}", or an error message.
std::variant<std::map<std::string, double>, std::string> ParsePrometheus(const std::string& text) {
  static const std::regex kHelp(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*)");
  static const std::regex kType(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  static const std::regex kSample(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[-+]Inf))");
  static const std::regex kLabel(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$))re");
  std::map<std::string, std::string> types;
  std::map<std::string, double> samples;
  if (text.empty() || text.back() != '\n') return std::string("must end with a newline");
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    const std::string where = "line " + std::to_string(n) + ": " + line;
    if (line.starts_with("#")) {
      if (std::regex_match(line, m, kType)) {
        if (!types.emplace(m[1].str(), m[2].str()).second) return "family typed twice, " + where;
      } else if (!std::regex_match(line, kHelp)) {
        return "bad comment, " + where;
      }
      continue;
    }
    if (!std::regex_match(line, m, kSample)) return "bad sample, " + where;
    const std::string name = m[1].str();
    if (!types.count(name)) return "sample before its TYPE, " + where;
    if (types[name] == "counter" && !name.ends_with("_total")) return "counter without _total, " + where;
    std::map<std::string, std::string> labels;
    std::string rest = m[3].str();
    while (!rest.empty()) {
      std::smatch l;
      if (!std::regex_search(rest, l, kLabel) || l.position(0) != 0) return "bad labels, " + where;
      if (!labels.emplace(l[1].str(), l[2].str()).second) return "label twice, " + where;
      rest = l.suffix().str();
    }
    std::string key = name;
    if (!labels.empty()) {
      key += "{";
      for (const auto& [k, v] : labels) key += (key.back() == '{' ? "" : ",") + k + "=\"" + v + "\"";
      key += "}";
    }
    if (!samples.emplace(key, std::stod(m[4].str())).second) return "series twice, " + where;
  }
  return samples;
}

// The same text through prometheus_client (Debian python3-prometheus-client).
std::optional<nlohmann::json> ParseWithPython(const std::string& text, const std::string& dir) {
  const std::string file = dir + "/metrics.txt";
  std::ofstream(file) << text;
  const std::string cmd = "/usr/bin/python3 " + kakunin::testing::SourceDir() + "/tests/kakunind/prometheus_check.py " +
                          file + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return std::nullopt;
  std::string out;
  char buf[4096];
  while (size_t got = std::fread(buf, 1, sizeof buf, p)) out.append(buf, got);
  const int status = ::pclose(p);
  if (status != 0) {
    ADD_FAILURE() << out;
    return nlohmann::json();
  }
  return nlohmann::json::parse(out, nullptr, false);
}

bool HavePrometheusClient() {
  return std::system("/usr/bin/python3 -c 'import prometheus_client.parser' >/dev/null 2>&1") == 0;
}

class MetricsTest : public HttpTest {
 protected:
  std::map<std::string, double> Scrape() {
    httplib::Client client("127.0.0.1", port_);
    auto r = client.Get("/metrics");
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    auto parsed = ParsePrometheus(r->body);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      ADD_FAILURE() << *error << "\n" << r->body;
      return {};
    }
    last_text_ = r->body;
    return std::get<0>(parsed);
  }
  std::string last_text_;
};

TEST_F(MetricsTest, PrometheusTextWhoseCountersMove) {
  Start();
  auto before = Scrape();
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(before["kakunind_store_up"], 1);
  EXPECT_EQ(before["kakunind_codes_total{purpose=\"verify_email\",result=\"issued\"}"], 0);
  EXPECT_TRUE(before.count("kakunind_queue_messages{queue=\"store\"}"));
  EXPECT_TRUE(before.count("kakunind_queue_messages{queue=\"mail_outbox\"}"));

  const std::string token = SignUp("metrics@example.com");  // One code issued, one verified.
  EXPECT_EQ(Post("/v1/login", {{"email", "metrics@example.com"}, {"password", "wrong"}}).status, 401);
  EXPECT_EQ(Post("/v1/login", {{"email", "metrics@example.com"}, {"password", service::kStrongPassword}}).status, 200);
  EXPECT_EQ(Post("/v1/email/verify", {{"email", "x@example.com"}, {"flow_id", "nope"}, {"code", "000000"}}).status, 400);
  EXPECT_EQ(Call("GET", "/no/such/route").status, 404);

  auto after = Scrape();
  EXPECT_EQ(after["kakunind_codes_total{purpose=\"verify_email\",result=\"issued\"}"], 1);
  EXPECT_EQ(after["kakunind_codes_total{purpose=\"verify_email\",result=\"verified\"}"], 1);
  EXPECT_EQ(after["kakunind_codes_total{purpose=\"verify_email\",result=\"failed\"}"], 1);
  EXPECT_EQ(after["kakunind_sign_ins_total{result=\"failed\"}"], 1);
  EXPECT_EQ(after["kakunind_sign_ins_total{result=\"signed_in\"}"], 1);
  EXPECT_EQ(after["kakunind_outbox_written_total"], 1);  // LastMail delivered the sign-up mail.
  EXPECT_EQ(after["kakunind_queue_messages{queue=\"mail_outbox\"}"], 1);  // Waiting in outbox/new.
  EXPECT_EQ(after["kakunind_queue_messages{queue=\"store\"}"], 0);
  EXPECT_EQ(after["kakunind_http_requests_total{code=\"401\"}"], 1);
  EXPECT_EQ(after["kakunind_http_requests_total{code=\"404\"}"], 1);
  EXPECT_EQ(after["kakunind_http_requests_total{code=\"400\"}"], 1);
  // The first scrape counts as one 200; sign-up's 202, verify's and login's 200s follow.
  EXPECT_EQ(after["kakunind_http_requests_total{code=\"202\"}"], 1);
  EXPECT_EQ(after["kakunind_http_requests_total{code=\"200\"}"], 3);

  // Rate limits: the sign-up code went to this address less than a minute ago.
  for (int i = 0; i < 2; ++i) EXPECT_EQ(Post("/v1/password/reset", {{"email", "metrics@example.com"}}).status, 429);
  auto limited = Scrape();
  EXPECT_EQ(limited["kakunind_rate_limited_total"], 2);
  EXPECT_EQ(limited["kakunind_codes_total{purpose=\"reset\",result=\"issued\"}"], 0);
  EXPECT_EQ(limited["kakunind_http_requests_total{code=\"429\"}"], 2);

  if (!HavePrometheusClient()) GTEST_SKIP() << "python3-prometheus-client is not installed (scripts/deps.sh)";
  auto python = ParseWithPython(last_text_, dir_);
  ASSERT_TRUE(python.has_value());
  ASSERT_TRUE(python->is_object()) << last_text_;
  EXPECT_EQ(python->size(), limited.size());
  for (const auto& [key, value] : limited) EXPECT_EQ(python->value(key, -1.0), value) << key;
}

// The [delivery] worker's final outcomes reach the counters (one SMS accepted, one refused for
// good by a webhook in the test).
TEST_F(MetricsTest, DeliveryOutcomesAreCounted) {
  httplib::Server webhook;
  webhook.Post("/sms", [](const httplib::Request& req, httplib::Response& res) {
    res.status = req.body.find("+815550000001") != std::string::npos ? 200 : 400;
  });
  const int port = webhook.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { webhook.listen_after_bind(); });
  while (!webhook.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::filesystem::create_directories(dir_ + "/sms-outbox/new");
  std::ofstream(dir_ + "/sms-outbox/new/a.json") << R"({"to":"+815550000001","body":"ok"})";
  std::ofstream(dir_ + "/sms-outbox/new/b.json") << R"({"to":"+815550000002","body":"refused"})";
  service::Metrics metrics;
  DeliveryConfig config;
  config.sms_webhook_url = "http://127.0.0.1:" + std::to_string(port) + "/sms";
  config.poll_milliseconds = 10;
  auto worker = StartDelivery(config, dir_, &metrics);
  ASSERT_TRUE(worker.has_value()) << worker.error().ToString();
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    text = metrics.Render({});
    if (text.find("kakunind_delivery_total{channel=\"sms\",result=\"failed\"} 1") != std::string::npos &&
        text.find("kakunind_delivery_total{channel=\"sms\",result=\"sent\"} 1") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  worker->reset();
  webhook.stop();
  serving.join();
  EXPECT_NE(text.find("kakunind_delivery_total{channel=\"sms\",result=\"sent\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("kakunind_delivery_total{channel=\"sms\",result=\"failed\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("kakunind_delivery_total{channel=\"mail\",result=\"sent\"} 0"), std::string::npos) << text;
}

TEST_F(MetricsTest, HealthReportsTheStore) {
  Start();
  HttpReply health = Call("GET", "/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body.value("status", ""), "ok");
  EXPECT_EQ(health.body.value("store", ""), "reachable");
  EXPECT_EQ(health.body["outbox"].value("mail", -1), 0);
}

// A store that stops answering: health says so (500) and /metrics still answers, with store_up 0.
TEST_F(MetricsTest, StoreDownShowsInHealthAndMetrics) {
  auto sqlite = store::OpenSqliteStore(dir_ + "/kakunind.db");
  ASSERT_TRUE(sqlite.has_value());
  auto counting = std::make_shared<kakunin::testing::CountingStore>(std::shared_ptr<store::Store>(std::move(*sqlite)));
  auto service = service::Service::Create(service::TestOptions(dir_), counting);
  ASSERT_TRUE(service.has_value());
  HttpOptions http;
  http.port = 0;
  http.access_log = false;
  HttpServer server(**service, http);
  auto port = server.Bind();
  ASSERT_TRUE(port.has_value());
  std::thread serving([&] { server.Serve(); });
  httplib::Client client("127.0.0.1", *port);
  auto up = client.Get("/v1/health");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 200);
  counting->fail = true;
  auto down = client.Get("/v1/health");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 500);
  const auto body = nlohmann::json::parse(down->body, nullptr, false);
  EXPECT_EQ(body.value("store", ""), "unreachable");
  EXPECT_EQ(body.value("error", ""), "store_unreachable");
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("\nkakunind_store_up 0\n"), std::string::npos) << metrics->body;
  server.Stop();
  serving.join();
}

// Captures what is written to file descriptor 2 while alive.
class StderrCapture {
 public:
  explicit StderrCapture(const std::string& path) : path_(path) {
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
  }
  std::string Stop() {
    if (saved_ >= 0) {
      std::fflush(stderr);
      ::dup2(saved_, STDERR_FILENO);
      ::close(saved_);
      saved_ = -1;
    }
    return kakunin::testing::Slurp(path_);
  }
  ~StderrCapture() { Stop(); }

 private:
  std::string path_;
  int saved_ = -1;
};

TEST_F(MetricsTest, AccessLogIsOneJsonLinePerRequestWithoutSecrets) {
  Start();
  StderrCapture capture(dir_ + "/stderr.log");
  const std::string email = "secret-person@example.com";
  HttpReply signup = Post("/v1/signup", {{"email", email}, {"password", service::kStrongPassword}});
  const std::string code = LastMail(email).Code();
  HttpReply verified = Post("/v1/email/verify", {{"email", email}, {"flow_id", signup.body.value("flow_id", "")}, {"code", code}});
  const std::string token = verified.body.value("token", "");
  const std::string session_id = verified.body["session"].value("id", "");
  ASSERT_FALSE(token.empty());
  Call("GET", "/v1/me", nullptr, token);
  Call("GET", "/v1/" + email + "?code=" + code);  // An unknown path holding an address and a code.
  Call("GET", "/v1/health?token=" + token);
  Call("DELETE", "/v1/sessions/" + session_id, nullptr, token);
  const std::string log = capture.Stop();

  std::istringstream in(log);
  std::string line;
  std::vector<nlohmann::json> entries;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    entries.push_back(j);
  }
  ASSERT_EQ(entries.size(), 6u) << log;
  const std::vector<std::pair<std::string, int>> expected = {
      {"/v1/signup", 202}, {"/v1/email/verify", 200}, {"/v1/me", 200},
      {"<other>", 404},    {"/v1/health", 200},       {"/v1/sessions/{id}", 200}};
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    EXPECT_EQ(e.value("path", ""), expected[i].first) << e;
    EXPECT_EQ(e.value("status", 0), expected[i].second) << e;
    EXPECT_EQ(e.value("ip", ""), "127.0.0.1");
    EXPECT_TRUE(e["duration_ms"].is_number()) << e;
    EXPECT_GE(e["duration_ms"].get<double>(), 0);
    EXPECT_TRUE(std::regex_match(e.value("time", ""), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << e;
    EXPECT_EQ(e.size(), 6u) << e;
  }
  EXPECT_EQ(entries[0].value("method", ""), "POST");
  EXPECT_EQ(entries[5].value("method", ""), "DELETE");
  for (const std::string& secret : {email, std::string("secret-person"), std::string(service::kStrongPassword), code,
                                    token, session_id}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "the log holds " << secret;
  }
}

TEST_F(MetricsTest, AccessLogAndMetricsCanBeSwitchedOff) {
  HttpOptions http;
  http.access_log = false;
  http.metrics = false;
  Start(service::TestOptions(dir_), http);
  StderrCapture capture(dir_ + "/stderr.log");
  EXPECT_EQ(Call("GET", "/v1/health").status, 200);
  EXPECT_EQ(Call("GET", "/metrics").status, 404);
  EXPECT_EQ(capture.Stop(), "");
}

TEST_F(MetricsTest, ConfigReadsStuffingAlertsAndLogSwitches) {
  const std::string path = dir_ + "/kakunind.toml";
  std::ofstream(path) << R"([http]
access_log = false
metrics = false
[stuffing]
network_failures = 50
ipv6_prefix = 56
spike_failures = 200
spike_hold_seconds = 60
slow_ip_failures = 3
slow_delay_ms = 250
breached_step_up = false
[alerts]
new_sign_in = false
per_hour = 3
)";
  Config c = DefaultConfig();
  ASSERT_TRUE(LoadConfigFile(path, c).has_value());
  EXPECT_FALSE(c.http.access_log);
  EXPECT_FALSE(c.http.metrics);
  EXPECT_EQ(c.service.stuffing.network_failures, 50);
  EXPECT_EQ(c.service.stuffing.ipv6_prefix, 56);
  EXPECT_EQ(c.service.stuffing.ipv4_prefix, 24);
  EXPECT_EQ(c.service.stuffing.spike_failures, 200);
  EXPECT_EQ(c.service.stuffing.spike_hold_seconds, 60);
  EXPECT_EQ(c.service.stuffing.slow_ip_failures, 3);
  EXPECT_EQ(c.service.stuffing.slow_delay_ms, 250);
  EXPECT_FALSE(c.service.stuffing.breached_step_up);
  EXPECT_FALSE(c.service.alerts.new_sign_in);
  EXPECT_EQ(c.service.alerts.per_hour, 3);
  // The documented defaults.
  Config d = DefaultConfig();
  EXPECT_TRUE(d.http.access_log);
  EXPECT_TRUE(d.http.metrics);
  EXPECT_EQ(d.service.stuffing.network_failures, 300);
  EXPECT_EQ(d.service.stuffing.spike_failures, 1000);
  EXPECT_EQ(d.service.stuffing.slow_delay_ms, 1000);
  EXPECT_TRUE(d.service.alerts.new_sign_in);
  // Typos and unbounded delays are start-up errors.
  for (const char* bad : {"[stuffing]\nnetwork_failure = 5\n", "[stuffing]\nslow_delay_ms = 60000\n",
                          "[alerts]\nnew_signin = true\n", "[http]\naccess_logs = false\n"}) {
    std::ofstream(path) << bad;
    Config e = DefaultConfig();
    EXPECT_FALSE(LoadConfigFile(path, e).has_value()) << bad;
  }
}

TEST(RouteLabelTest, KeepsOnlyRouteShapes) {
  EXPECT_EQ(RouteLabel("/v1/login", 401), "/v1/login");
  EXPECT_EQ(RouteLabel("/v1/sessions/abcDEF123", 404), "/v1/sessions/{id}");
  EXPECT_EQ(RouteLabel("/v1/alice@example.com", 400), "<other>");
  EXPECT_EQ(RouteLabel("/v1/whatever", 404), "<other>");
  EXPECT_EQ(RouteLabel("/V1/Login", 200), "<other>");  // Upper case never names one of our routes.
  EXPECT_EQ(RouteLabel(std::string(100, 'a'), 200), "<other>");
}

}  // namespace
}  // namespace kakunin::kakunind
