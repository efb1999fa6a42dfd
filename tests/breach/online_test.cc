// The HTTP range client against a real server on 127.0.0.1 (cpp-httplib, started by the test):
// what is sent (only the prefix, the padding header), what is parsed, and how failures surface.
#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "breach/local_http_server.h"
#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

// "password": SHA-1 5BAA6 1E4C9B93F3F0682250B6CF8331B7EE68FD8.
constexpr const char* kPasswordSuffix = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

struct Request {
  std::string path;
  std::string padding_header;
  std::string user_agent;
};

class RangeServer : public testing::LocalHttpServer {
 public:
  RangeServer() {
    server_.Get(R"(/range/([0-9A-Fa-f]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string prefix = req.matches[1];
      std::string mode;
      {
        std::lock_guard<std::mutex> lock(mu_);
        requests_.push_back({req.path, req.get_header_value("Add-Padding"), req.get_header_value("User-Agent")});
        mode = mode_;
      }
      if (mode == "slow") HoldUntilStopped();  // Longer than any client timeout in these tests.
      if (mode == "500") {
        res.status = 500;
        res.set_content("internal error", "text/plain");
        return;
      }
      if (mode == "429") {
        res.status = 429;
        return;
      }
      if (mode == "huge") {
        res.set_content(std::string(kMaxRangeResponseBytes + 1024, 'A'), "text/plain");
        return;
      }
      if (mode == "garbage") {
        res.set_content("<html>maintenance</html>", "text/html");
        return;
      }
      auto it = ranges_.find(prefix);
      res.set_content(it != ranges_.end() ? it->second : "", "text/plain");
    });
    Start();
  }
  ~RangeServer() override { Stop(); }
  std::string base_url() const { return origin() + "/range/"; }
  void set_range(const std::string& prefix, const std::string& body) { ranges_[prefix] = body; }
  void set_mode(const std::string& mode) {
    std::lock_guard<std::mutex> lock(mu_);
    mode_ = mode;
  }
  std::vector<Request> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  std::map<std::string, std::string> ranges_;
  std::string mode_;
  std::vector<Request> requests_;
};

class OnlineTest : public ::testing::Test {
 protected:
  std::unique_ptr<RangeClient> Client(long timeout_ms = 5000) {
    return MakeHttpRangeClient({.base_url = server_.base_url(), .timeout_ms = timeout_ms});
  }
  RangeServer server_;
};

TEST_F(OnlineTest, FindsBreachedPasswordAmongPadding) {
  server_.set_range("5BAA6",
                    "003D68EB55068C33ACE09247EE4C639306B:3\r\n"
                    "0EE6B4B0D3255BFEF95601890AFD807090F:0\r\n" +  // padding
                        std::string(kPasswordSuffix) + ":10434004\r\n"
                        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0\r\n");
  auto client = Client();
  auto found = CheckOnline(*client, PasswordHash::Of("password"));
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  EXPECT_TRUE(found->breached);
  EXPECT_EQ(found->count, 10434004u);
  EXPECT_EQ(found->source, Source::kRangeApi);
  // Only the 5-digit prefix left the process, with the padding header.
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].path, "/range/5BAA6");
  EXPECT_EQ(reqs[0].padding_header, "true");
  EXPECT_NE(reqs[0].user_agent.find("kakunin"), std::string::npos);
}

TEST_F(OnlineTest, PaddingLineForOurSuffixIsNotABreach) {
  server_.set_range("5BAA6", std::string(kPasswordSuffix) + ":0\r\n003D68EB55068C33ACE09247EE4C639306B:3\r\n");
  auto client = Client();
  auto found = CheckOnline(*client, PasswordHash::Of("password"));
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  EXPECT_FALSE(found->breached);
  EXPECT_EQ(found->count, 0u);
}

TEST_F(OnlineTest, AbsentSuffixIsNotBreached) {
  server_.set_range("5BAA6", "003D68EB55068C33ACE09247EE4C639306B:3\r\n");
  auto client = Client();
  auto found = CheckOnline(*client, PasswordHash::Of("password"));
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->breached);
}

TEST_F(OnlineTest, PaddingHeaderCanBeTurnedOff) {
  auto client = MakeHttpRangeClient({.base_url = server_.base_url(), .add_padding = false});
  ASSERT_TRUE(CheckOnline(*client, PasswordHash::Of("x")).has_value());
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].padding_header, "");
}

TEST_F(OnlineTest, BaseUrlWithoutSlashStillWorks) {
  std::string base = server_.base_url();
  base.pop_back();
  auto client = MakeHttpRangeClient({.base_url = base});
  ASSERT_TRUE(CheckOnline(*client, PasswordHash::Of("password")).has_value());
  EXPECT_EQ(server_.requests().at(0).path, "/range/5BAA6");
}

struct ErrorCase {
  const char* mode;
  ErrorCode code;
  const char* message_part;
  long timeout_ms;  // Short only where the timeout is the point; a loaded machine is slow.
};

TEST_F(OnlineTest, ServerErrorsAreReported) {
  const ErrorCase cases[] = {
      {"500", ErrorCode::kIo, "HTTP 500", 5000},
      {"429", ErrorCode::kIo, "rate limited", 5000},
      {"huge", ErrorCode::kLimitExceeded, "4 MiB", 5000},
      {"garbage", ErrorCode::kParse, "line 1", 5000},
      {"slow", ErrorCode::kIo, "timed out", 300},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.mode);
    server_.set_mode(c.mode);
    auto client = Client(c.timeout_ms);
    auto started = std::chrono::steady_clock::now();
    auto found = CheckOnline(*client, PasswordHash::Of("password"));
    auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().code, c.code) << found.error().ToString();
    EXPECT_NE(found.error().message.find(c.message_part), std::string::npos) << found.error().message;
    EXPECT_LT(took, std::chrono::seconds(8)) << "the timeout must cut the request short";
  }
}

TEST(OnlineNoServerTest, ConnectionRefusedAndBadUrls) {
  // A port the kernel just handed out and that was closed again: nothing listens there.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  int port = ntohs(addr.sin_port);
  auto client = MakeHttpRangeClient(
      {.base_url = "http://127.0.0.1:" + std::to_string(port) + "/range/", .timeout_ms = 2000});
  auto found = CheckOnline(*client, PasswordHash::Of("password"));
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kIo);

  auto file_client = MakeHttpRangeClient({.base_url = "file:///etc/"});
  auto file = CheckOnline(*file_client, PasswordHash::Of("password"));
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ErrorCode::kInvalidArgument);

  // Nothing but 5 upper-case hex digits is ever requested.
  EXPECT_FALSE(client->FetchRange("5BAA61E4C9").has_value());
  EXPECT_FALSE(client->FetchRange("5baa6").has_value());
  EXPECT_FALSE(client->FetchRange("../x").has_value());
}

}  // namespace
}  // namespace kakunin::breach
