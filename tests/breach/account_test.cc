// The HIBP breachedaccount client against a real server on 127.0.0.1 (cpp-httplib, started by
// the test) that speaks API v3: what is sent (path, percent-encoding, truncateResponse, the key
// and User-Agent headers), what is parsed, and how each failure surfaces. Also the API key
// sources (environment, config file).
#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "breach/local_http_server.h"
#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

constexpr const char* kKey = "0123456789abcdef0123456789abcdef";

// Two breach models as HIBP API v3 returns them with truncateResponse=false (abridged
// Descriptions; field names and types as documented).
constexpr const char* kTwoBreaches = R"([
  {"Name":"Adobe","Title":"Adobe","Domain":"adobe.com","BreachDate":"2013-10-04",
   "AddedDate":"2013-12-04T00:00:00Z","ModifiedDate":"2022-05-15T23:52:49Z","PwnCount":152445165,
   "Description":"In October 2013, 153 million Adobe accounts were breached ...",
   "LogoPath":"https://haveibeenpwned.com/Content/Images/PwnedLogos/Adobe.png",
   "DataClasses":["Email addresses","Password hints","Passwords","Usernames"],
   "IsVerified":true,"IsFabricated":false,"IsSensitive":false,"IsRetired":false,"IsSpamList":false,
   "IsMalware":false,"IsSubscriptionFree":false},
  {"Name":"Collection1","Title":"Collection #1","Domain":"","BreachDate":"2019-01-07",
   "AddedDate":"2019-01-16T21:46:07Z","PwnCount":772904991,"DataClasses":["Email addresses","Passwords"],
   "IsVerified":false,"IsFabricated":false,"IsSensitive":false,"IsSpamList":true}
])";

struct Seen {
  std::string target;  // Raw request target: path and query as sent.
  std::string key;
  std::string user_agent;
};

class AccountServer : public testing::LocalHttpServer {
 public:
  AccountServer() {
    server_.Get(R"(/api/v3/breachedaccount/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string mode;
      {
        std::lock_guard<std::mutex> lock(mu_);
        seen_.push_back({req.target, req.get_header_value("hibp-api-key"), req.get_header_value("User-Agent")});
        mode = mode_;
      }
      if (mode == "slow") HoldUntilStopped();
      // The API's own rules: a key is required; an unknown address is 404 with an empty body.
      if (req.get_header_value("hibp-api-key") != kKey) {
        res.status = 401;
        res.set_content(R"({"statusCode":401,"message":"Access denied due to invalid hibp-api-key."})",
                        "application/json");
        return;
      }
      if (mode == "429") {
        res.status = 429;
        res.set_header("retry-after", "7");
        res.set_content(R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 7 seconds."})",
                        "application/json");
        return;
      }
      if (mode == "403") {
        res.status = 403;
        return;
      }
      if (mode == "503") {
        res.status = 503;
        return;
      }
      if (mode == "malformed") {
        res.set_content(R"([{"Name":"Adobe","Title":"Adobe",)", "application/json");
        return;
      }
      if (mode == "wrong-type") {
        res.set_content(R"([{"Name":"Adobe","PwnCount":"many"}])", "application/json");
        return;
      }
      if (mode == "deep") {
        res.set_content(std::string(100000, '['), "application/json");
        return;
      }
      std::string address = req.matches[1];  // httplib has decoded the path.
      if (address == "taro+amazon@example.com") {
        res.set_content(kTwoBreaches, "application/json");
        return;
      }
      res.status = 404;
    });
    Start();
  }
  ~AccountServer() override { Stop(); }
  std::string base_url() const { return origin() + "/api/v3"; }
  void set_mode(const std::string& mode) {
    std::lock_guard<std::mutex> lock(mu_);
    mode_ = mode;
  }
  std::vector<Seen> seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

 private:
  std::string mode_;
  std::vector<Seen> seen_;
};

class AccountTest : public ::testing::Test {
 protected:
  std::unique_ptr<AccountClient> Client(std::string key = kKey, long timeout_ms = 5000) {
    HttpAccountOptions options;
    options.base_url = server_.base_url();
    options.api_key = std::move(key);
    options.timeout_ms = timeout_ms;
    return MakeHttpAccountClient(options);
  }
  AccountServer server_;
};

TEST_F(AccountTest, FoundListsBreachesWithDatesAndDataClasses) {
  auto client = Client();
  auto found = CheckAccount(*client, "taro+amazon@example.com");
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  EXPECT_EQ(found->status, AccountStatus::kBreached);
  ASSERT_EQ(found->breaches.size(), 2u);
  const AccountBreach& adobe = found->breaches[0];
  EXPECT_EQ(adobe.name, "Adobe");
  EXPECT_EQ(adobe.domain, "adobe.com");
  EXPECT_EQ(adobe.breach_date, "2013-10-04");
  EXPECT_EQ(adobe.added_date, "2013-12-04T00:00:00Z");
  EXPECT_EQ(adobe.pwn_count, 152445165u);
  EXPECT_EQ(adobe.data_classes,
            (std::vector<std::string>{"Email addresses", "Password hints", "Passwords", "Usernames"}));
  EXPECT_TRUE(adobe.is_verified);
  EXPECT_FALSE(adobe.is_spam_list);
  EXPECT_EQ(found->breaches[1].title, "Collection #1");
  EXPECT_TRUE(found->breaches[1].is_spam_list);
  EXPECT_EQ(found->breaches[1].pwn_count, 772904991u);

  // What went out: the address percent-encoded ('+' and '@' too), the untruncated answer asked
  // for, the key in its header, a User-Agent (HIBP refuses requests without one).
  auto seen = server_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/api/v3/breachedaccount/taro%2Bamazon%40example.com?truncateResponse=false");
  EXPECT_EQ(seen[0].key, kKey);
  EXPECT_NE(seen[0].user_agent.find("kakunin"), std::string::npos);
}

TEST_F(AccountTest, NotFoundIs404) {
  auto client = Client();
  auto found = CheckAccount(*client, "nobody@example.org");
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  EXPECT_EQ(found->status, AccountStatus::kNotFound);
  EXPECT_TRUE(found->breaches.empty());
}

struct ErrorCase {
  const char* mode;
  const char* key;
  ErrorCode code;
  const char* message_part;
  long timeout_ms;  // Short only where the timeout is the point; a loaded machine is slow.
};

TEST_F(AccountTest, FailuresNameTheirCause) {
  const ErrorCase cases[] = {
      {"", "ffffffffffffffffffffffffffffffff", ErrorCode::kIo, "HTTP 401: the API key was rejected", 5000},
      {"403", kKey, ErrorCode::kIo, "HTTP 403: the API key was rejected", 5000},
      {"429", kKey, ErrorCode::kIo, "rate limited; retry after 7 s", 5000},
      {"503", kKey, ErrorCode::kIo, "HIBP answered HTTP 503", 5000},
      {"malformed", kKey, ErrorCode::kParse, "not JSON", 5000},
      {"wrong-type", kKey, ErrorCode::kParse, "breach 1: PwnCount is not a count", 5000},
      {"deep", kKey, ErrorCode::kParse, "nested too deeply", 5000},
      {"slow", kKey, ErrorCode::kIo, "timed out (300 ms)", 300},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.mode);
    server_.set_mode(c.mode);
    auto client = Client(c.key, c.timeout_ms);
    auto started = std::chrono::steady_clock::now();
    auto found = CheckAccount(*client, "taro+amazon@example.com");
    auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().code, c.code) << found.error().ToString();
    EXPECT_NE(found.error().message.find(c.message_part), std::string::npos) << found.error().message;
    EXPECT_EQ(found.error().message.find(c.key), std::string::npos) << "the key must never be in a message";
    EXPECT_LT(took, std::chrono::seconds(8)) << "the timeout must cut the request short";
  }
}

TEST_F(AccountTest, BadAddressOrKeyNeverReachesTheServer) {
  const char* bad_addresses[] = {"", "taro", "@example.com", "taro@", "taro@localhost", "taro@example.com.",
                                 "ta ro@example.com", "taro@exa\r\nmple.com", "a@b@example.com"};
  auto client = Client();
  for (const char* address : bad_addresses) {
    SCOPED_TRACE(address);
    auto found = CheckAccount(*client, address);
    ASSERT_FALSE(found.has_value());
    EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  }
  std::string long_address = std::string(250, 'a') + "@b.jp";
  EXPECT_FALSE(CheckAccount(*client, long_address).has_value());
  // A key that would split the header line, or none at all.
  EXPECT_EQ(CheckAccount(*Client("abc\r\nX-Evil: 1"), "taro@example.com").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(CheckAccount(*Client(""), "taro@example.com").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(server_.seen().empty());
}

TEST(AccountParseTest, ShapesAndDefaults) {
  auto empty = ParseBreachedAccountResponse("[]");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
  // Only Name is required; Title falls back to it; nulls are absent values.
  auto minimal = ParseBreachedAccountResponse(R"([{"Name":"Example","Domain":null,"DataClasses":null}])");
  ASSERT_TRUE(minimal.has_value()) << minimal.error().ToString();
  EXPECT_EQ(minimal->at(0).title, "Example");
  EXPECT_EQ(minimal->at(0).pwn_count, 0u);
  // Brackets inside strings do not count as nesting.
  auto brackets = ParseBreachedAccountResponse(R"([{"Name":"[[[[[[[[[[[[","Title":"{\"[[[[[[[[[["}])");
  ASSERT_TRUE(brackets.has_value()) << brackets.error().ToString();
  const char* bad[] = {"", "{}", R"({"Name":"x"})", "[1]", R"([{"Title":"no name"}])", R"([{"Name":""}])",
                       R"([{"Name":"x","DataClasses":"Passwords"}])", R"([{"Name":"x","DataClasses":[1]}])",
                       R"([{"Name":"x","IsVerified":"yes"}])", R"([{"Name":"x","PwnCount":-1}])",
                       R"([{"Name":"x","BreachDate":20131004}])"};
  for (const char* body : bad) {
    SCOPED_TRACE(body);
    auto parsed = ParseBreachedAccountResponse(body);
    ASSERT_FALSE(parsed.has_value());
    EXPECT_EQ(parsed.error().code, ErrorCode::kParse);
  }
  EXPECT_EQ(AccountStatusName(AccountStatus::kNotChecked), "not_checked");
}

// Sets or unsets an environment variable for one test and restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ApiKeyTest, EnvironmentThenConfigFileThenNothing) {
  auto dir = std::filesystem::temp_directory_path() / ("kakunin-hibp-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "kakunin");
  ScopedEnv config("XDG_CONFIG_HOME", dir.c_str());
  ScopedEnv key_env("KAKUNIN_HIBP_API_KEY", nullptr);
  EXPECT_EQ(*DefaultApiKeyFilePath(), (dir / "kakunin" / "hibp.conf").string());

  auto none = LoadApiKey();
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());

  std::ofstream(dir / "kakunin" / "hibp.conf") << "# HIBP\n\n  api_key = " << kKey << "  \n";
  auto from_file = LoadApiKey();
  ASSERT_TRUE(from_file.has_value() && from_file->has_value());
  EXPECT_EQ((*from_file)->value, kKey);
  EXPECT_EQ((*from_file)->source, (dir / "kakunin" / "hibp.conf").string());

  {
    ScopedEnv key("KAKUNIN_HIBP_API_KEY", "fedcba9876543210fedcba9876543210");
    auto from_env = LoadApiKey();
    ASSERT_TRUE(from_env.has_value() && from_env->has_value());
    EXPECT_EQ((*from_env)->value, "fedcba9876543210fedcba9876543210");
    EXPECT_EQ((*from_env)->source, "$KAKUNIN_HIBP_API_KEY");
  }
  {
    ScopedEnv key("KAKUNIN_HIBP_API_KEY", "bad key");
    EXPECT_FALSE(LoadApiKey().has_value());
  }

  std::ofstream(dir / "kakunin" / "hibp.conf") << "api-key = " << kKey << "\n";
  auto typo = LoadApiKey();
  ASSERT_FALSE(typo.has_value());
  EXPECT_NE(typo.error().message.find("line 1: unknown setting"), std::string::npos) << typo.error().message;
  EXPECT_EQ(typo.error().message.find(kKey), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(ApiKeyTest, ConfigFileSyntax) {
  EXPECT_FALSE(ParseApiKeyFile("# nothing set\n")->has_value());
  EXPECT_FALSE(ParseApiKeyFile("api_key =\n")->has_value());
  EXPECT_EQ(**ParseApiKeyFile("api_key=abc\r\n"), "abc");
  EXPECT_EQ(**ParseApiKeyFile("api_key = one\napi_key = two\n"), "two");  // The last one wins.
  EXPECT_EQ(ParseApiKeyFile("\n\njust a key\n").error().message, "line 3: expected key = value");
  EXPECT_FALSE(ParseApiKeyFile("api_key = two words\n").has_value());
  EXPECT_FALSE(ParseApiKeyFile("api_key = " + std::string(129, 'a') + "\n").has_value());
}

}  // namespace
}  // namespace kakunin::breach
