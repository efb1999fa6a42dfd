// Enumeration safety: sign-up, sign-in, reset and resend answer the same status and body, and
// take the same time, whether or not the address has an account.
#include <algorithm>
#include <chrono>
#include <iostream>

#include "http_fixture.h"

namespace kakunin::kakunind {
namespace {

using nlohmann::json;

service::ServiceOptions NoLimits(const std::string& dir) {
  service::ServiceOptions o = service::TestOptions(dir);
  o.resend.address_min_interval_seconds = 0;
  o.resend.address_per_hour = 0;
  o.resend.ip_per_hour = 0;
  o.login.account_failures = 100;
  o.login.ip_failures = 1000000;
  return o;
}

TEST_F(HttpTest, SameStatusAndBodyForKnownAndUnknownAddresses) {
  Start(NoLimits(dir_));
  SignUp("known@example.com");
  struct Route {
    const char* path;
    json body_for_known;
    json body_for_unknown;
  };
  const Route routes[] = {
      {"/v1/signup", {{"email", "known@example.com"}, {"password", service::kStrongPassword}},
       {{"email", "unknown@example.com"}, {"password", service::kStrongPassword}}},
      {"/v1/login", {{"email", "known@example.com"}, {"password", "not the password 1"}},
       {{"email", "unknown@example.com"}, {"password", "not the password 1"}}},
      {"/v1/password/reset", {{"email", "known@example.com"}}, {{"email", "unknown@example.com"}}},
      {"/v1/email/verify/resend", {{"email", "known@example.com"}, {"flow_id", "AAAAAAAAAAAAAAAAAAAAAA"}},
       {{"email", "unknown@example.com"}, {"flow_id", "AAAAAAAAAAAAAAAAAAAAAA"}}},
      {"/v1/password/reset/confirm",
       {{"email", "known@example.com"}, {"code", "123456"}, {"new_password", "fresh long passphrase k"}},
       {{"email", "unknown@example.com"}, {"code", "123456"}, {"new_password", "fresh long passphrase k"}}},
      {"/v1/email/verify", {{"email", "known@example.com"}, {"flow_id", "AAAAAAAAAAAAAAAAAAAAAA"}, {"code", "123456"}},
       {{"email", "unknown@example.com"}, {"flow_id", "AAAAAAAAAAAAAAAAAAAAAA"}, {"code", "123456"}}},
  };
  for (const auto& route : routes) {
    HttpReply known = Post(route.path, route.body_for_known);
    HttpReply unknown = Post(route.path, route.body_for_unknown);
    // A sign-up answers with a fresh random flow id either way: alike in form, never in value.
    EXPECT_EQ(known.body.value("flow_id", "").size(), unknown.body.value("flow_id", "").size()) << route.path;
    known.body.erase("flow_id");
    unknown.body.erase("flow_id");
    EXPECT_EQ(known.status, unknown.status) << route.path;
    EXPECT_EQ(known.body, unknown.body) << route.path;
    EXPECT_EQ(known.Header("Set-Cookie"), unknown.Header("Set-Cookie")) << route.path;
  }
}

// Median of the request times in milliseconds.
double MedianMs(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TEST_F(HttpTest, SameTimingForKnownAndUnknownAddresses) {
  // Argon2id made costly enough (about 10 ms) that skipping it for unknown addresses would show:
  // the check compares medians of interleaved requests with a bound of 30% of the larger median
  // plus 2 ms, generous for a noisy 2-core machine but far below the hash time.
  service::ServiceOptions o = NoLimits(dir_);
  o.passwords.argon2_opslimit = 1;
  o.passwords.argon2_memlimit = 8 * 1024 * 1024;
  Start(o);
  SignUp("known@example.com");
  httplib::Client client("127.0.0.1", port_);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  auto time_post = [&](const std::string& path, const json& body) {
    auto start = std::chrono::steady_clock::now();
    auto r = client.Post(path, body.dump(), "application/json");
    EXPECT_TRUE(r);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  struct Case {
    const char* path;
    std::function<json(const std::string& email, int i)> body;
  };
  const Case cases[] = {
      {"/v1/login", [](const std::string& e, int i) { return json{{"email", e}, {"password", "wrong pw " + std::to_string(i)}}; }},
      {"/v1/signup", [](const std::string& e, int) { return json{{"email", e}, {"password", service::kStrongPassword}}; }},
      {"/v1/password/reset", [](const std::string& e, int) { return json{{"email", e}}; }},
  };
  for (const auto& c : cases) {
    std::vector<double> known, unknown;
    for (int i = 0; i < 2; ++i) (void)time_post(c.path, c.body("known@example.com", i));  // Warm-up.
    for (int i = 0; i < 31; ++i) {
      // Unknown addresses differ each time for sign-up, so none becomes a pending account twice.
      known.push_back(time_post(c.path, c.body("known@example.com", i)));
      unknown.push_back(time_post(c.path, c.body("nobody" + std::to_string(i) + "@example.com", i)));
    }
    const double mk = MedianMs(known), mu = MedianMs(unknown);
    std::cout << c.path << ": median known " << mk << " ms, unknown " << mu << " ms\n";
    EXPECT_LT(std::abs(mk - mu), 0.3 * std::max(mk, mu) + 2.0)
        << c.path << ": median known " << mk << " ms, unknown " << mu << " ms";
    if (std::string_view(c.path) != "/v1/password/reset") {
      EXPECT_GT(std::min(mk, mu), 3.0) << c.path << ": Argon2id should dominate";  // Both paths hash.
    }
  }
}

}  // namespace
}  // namespace kakunin::kakunind
