// The ValiMail ARC test suite (../shared/testdata/arc-valimail, written for draft 18 of what
// became RFC 8617), from its derived .json files:
//  - validation: each message (LF line ends, turned into CRLF) with the scenario's txt-records as
//    the only DNS; "cv" is Pass / Fail / None, and an empty cv means fail (SOURCES.md);
//  - signing: seal each message with the scenario's key, domain and selector at time t, copying
//    the srv-id Authentication-Results into the AAR; the expected AS, AMS and AAR values are
//    compared ignoring whitespace (FORMAT-README.md's normal form; mailauth trims them too).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/strings.h"
#include "kakunin/arc.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::arc {
namespace {

using nlohmann::json;

constexpr size_t kExpectedValidationCases = 171;  // SOURCES.md
constexpr size_t kExpectedSigningCases = 17;

// Deviations: none; every validation and signing case passes (mailauth skips five validation
// cases as too strict: as_format_tags_sc, as_format_tags_key_case, as_format_tags_dup,
// as_format_inv_tag_key, ams_fields_h_empty_added; kakunin passes them). One reading is a
// choice, noted in src/arc/arc_set.cc: an AMS without c= is read as relaxed/relaxed
// (ams_fields_c_na), where RFC 6376's DKIM default would be simple/simple.

struct SuiteCase {
  std::string name;
  json test;
  json scenario;
};

void PrintTo(const SuiteCase& c, std::ostream* os) { *os << c.name; }

std::vector<SuiteCase> Load(const char* file) {
  std::vector<SuiteCase> out;
  std::ifstream in(testing::SharedDir() + "/testdata/arc-valimail/" + file);
  if (!in) return out;
  json scenarios = json::parse(in, nullptr, false);
  if (!scenarios.is_array()) return out;
  for (const auto& s : scenarios) {
    for (const auto& [name, test] : s["tests"].items()) out.push_back({name, test, s});
  }
  return out;
}

const std::vector<SuiteCase>& ValidationCases() {
  static const auto cases = Load("arc-draft-validation-tests.json");
  return cases;
}
const std::vector<SuiteCase>& SigningCases() {
  static const auto cases = Load("arc-draft-sign-tests.json");
  return cases;
}

std::string Crlf(const std::string& lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += "\r\n";
    else out.push_back(c);
  }
  return out;
}

std::string NoSpace(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

void LoadKeys(const json& scenario, testing::FakeResolver& dns) {
  for (const auto& [name, value] : scenario["txt-records"].items()) dns.AddTxt(name, value.get<std::string>());
}

std::string SafeName(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (!base::IsAsciiAlpha(c) && !base::IsAsciiDigit(c)) c = '_';
  }
  return out;
}

TEST(ArcSuiteLoadTest, AllCasesLoaded) {
  EXPECT_EQ(ValidationCases().size(), kExpectedValidationCases);
  EXPECT_EQ(SigningCases().size(), kExpectedSigningCases);
}

class ArcValidationSuiteTest : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(ArcValidationSuiteTest, Case) {
  const SuiteCase& c = GetParam();
  SCOPED_TRACE(c.name + ": " + c.test.value("description", ""));
  testing::FakeResolver dns;
  LoadKeys(c.scenario, dns);
  std::string want = base::ToLower(c.test.value("cv", ""));
  if (want.empty()) want = "fail";
  auto message = mime::Message::Parse(Crlf(c.test.value("message", "")));
  // Input that is not a message at all (empty, no header) carries no ARC set.
  std::string got = "none";
  std::string reason = message ? "" : message.error().ToString();
  if (message) {
    ChainResult r = Validate(*message, dns);
    got = std::string(ChainStatusName(r.status));
    reason = r.reason;
  }
  EXPECT_EQ(got, want) << reason;
}

INSTANTIATE_TEST_SUITE_P(ValiMail, ArcValidationSuiteTest, ::testing::ValuesIn(ValidationCases()),
                         [](const auto& param_info) { return SafeName(param_info.param.name); });

class ArcSigningSuiteTest : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(ArcSigningSuiteTest, Case) {
  const SuiteCase& c = GetParam();
  SCOPED_TRACE(c.name + ": " + c.test.value("description", ""));
  testing::FakeResolver dns;
  LoadKeys(c.scenario, dns);
  SealOptions options;
  options.domain = c.scenario["domain"].get<std::string>();
  options.selector = c.scenario["sel"].get<std::string>();
  options.authserv_id = c.test["srv-id"].get<std::string>();
  options.timestamp = c.test["t"].get<int64_t>();
  std::string sig_headers = c.test["sig-headers"].get<std::string>();
  for (std::string_view h : base::Split(sig_headers, ':')) {
    options.signed_headers.emplace_back(h);
  }
  auto sealer = Sealer::Create(c.scenario["privatekey"].get<std::string>(), options);
  ASSERT_TRUE(sealer.has_value()) << sealer.error().ToString();
  auto message = mime::Message::Parse(Crlf(c.test["message"].get<std::string>()));
  ASSERT_TRUE(message.has_value()) << message.error().ToString();
  auto set = sealer->Seal(*message, dns);
  if (c.test["AS"].get<std::string>().empty()) {
    // The suite expects no new set (the chain already ended in cv=fail).
    EXPECT_FALSE(set.has_value());
    return;
  }
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  auto value = [](const std::string& field) { return field.substr(field.find(':') + 1); };
  EXPECT_EQ(NoSpace(value(set->authentication_results)), NoSpace(c.test["AAR"].get<std::string>()));
  EXPECT_EQ(NoSpace(value(set->message_signature)), NoSpace(c.test["AMS"].get<std::string>()));
  EXPECT_EQ(NoSpace(value(set->seal)), NoSpace(c.test["AS"].get<std::string>()));

  // The sealed message validates.
  std::string sealed = set->seal + "\r\n" + set->message_signature + "\r\n" + set->authentication_results + "\r\n" +
                       std::string(message->wire());
  auto again = mime::Message::Parse(sealed);
  ASSERT_TRUE(again.has_value());
  ChainResult r = Validate(*again, dns);
  if (set->cv != ChainStatus::kFail) {
    EXPECT_EQ(r.status, ChainStatus::kPass) << r.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(ValiMail, ArcSigningSuiteTest, ::testing::ValuesIn(SigningCases()),
                         [](const auto& param_info) { return SafeName(param_info.param.name); });

}  // namespace
}  // namespace kakunin::arc
