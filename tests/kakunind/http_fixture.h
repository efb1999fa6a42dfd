// kakunind in-process: a Service over SQLite in a temporary data directory, served by the real
// HttpServer on an ephemeral 127.0.0.1 port, and a small JSON client for it.
#ifndef KAKUNIN_TESTS_KAKUNIND_HTTP_FIXTURE_H_
#define KAKUNIN_TESTS_KAKUNIND_HTTP_FIXTURE_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_adapter.h"
#include "kakunin/service.h"
#include "service/outbox_reader.h"
#include "service/service_fixture.h"

namespace kakunin::kakunind {

struct HttpReply {
  int status = 0;
  nlohmann::json body;
  httplib::Headers headers;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "kakunind-http-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    StopServer();
    std::filesystem::remove_all(dir_);
  }
  // Starts the server; call once per test (after adjusting the options).
  void Start(service::ServiceOptions options, HttpOptions http = {}) {
    options_ = options;
    auto store = store::OpenSqliteStore(dir_ + "/kakunind.db");
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::shared_ptr<store::Store>(std::move(*store));
    auto service = service::Service::Create(options, store_, clock_);
    ASSERT_TRUE(service.has_value()) << service.error().ToString();
    service_ = std::move(*service);
    http.port = 0;
    http.cookie_secure = true;
    server_ = std::make_unique<HttpServer>(*service_, http);
    auto port = server_->Bind();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
    thread_ = std::thread([this] { server_->Serve(); });
  }
  void Start() { Start(service::TestOptions(dir_)); }
  void StopServer() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    service_.reset();
  }

  HttpReply Call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
                 const std::string& token = "", httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30);
    client.set_tcp_nodelay(true);
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result r = method == "GET"      ? client.Get(path, headers)
                        : method == "DELETE" ? client.Delete(path, headers)
                                             : client.Post(path, headers, body.is_null() ? "{}" : body.dump(),
                                                           "application/json");
    HttpReply out;
    if (!r) {
      ADD_FAILURE() << method << " " << path << ": no answer";
      return out;
    }
    out.status = r->status;
    out.headers = r->headers;
    out.body = nlohmann::json::parse(r->body, nullptr, false);
    return out;
  }
  HttpReply Post(const std::string& path, const nlohmann::json& body, const std::string& token = "") {
    return Call("POST", path, body, token);
  }
  kakunin::testing::OutMessage LastMail(const std::string& to) {
    EXPECT_TRUE(service_->DeliverPending().has_value());
    return kakunin::testing::LastTo(dir_ + "/outbox", to);
  }
  // Signs up and verifies over HTTP; returns the session token.
  std::string SignUp(const std::string& email) {
    HttpReply r = Post("/v1/signup", {{"email", email}, {"password", service::kStrongPassword}});
    EXPECT_EQ(r.status, 202);
    HttpReply v = Post("/v1/email/verify",
                       {{"email", email}, {"flow_id", r.body.value("flow_id", "")}, {"code", LastMail(email).Code()}});
    EXPECT_EQ(v.status, 200) << v.body;
    return v.body.value("token", "");
  }

  std::string dir_;
  service::Clock clock_;  // Null: the real clock. Set before Start to control time.
  service::ServiceOptions options_;
  std::shared_ptr<store::Store> store_;
  std::unique_ptr<service::Service> service_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_TESTS_KAKUNIND_HTTP_FIXTURE_H_
