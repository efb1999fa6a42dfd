// Third-party DKIM vectors from ../shared/testdata (see its SOURCES.md), verified as their
// sources say. Deviations: none. Not used: mailauth/fixtures/*.eml (their DKIM keys, e.g. for
// gmail.com, were not captured; their ARC seals are the arc suite's business) and
// dkim-dkimpy/test2.message (a real Gmail signature without its key).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dkim/test_util.h"
#include "kakunin/dkim.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::dkim {
namespace {

using testing::FakeResolver;
using testing::ReadFileOrDie;
using testing::SharedDir;

std::string Data(const std::string& rel) { return SharedDir() + "/testdata/" + rel; }

std::vector<SignatureResult> VerifyText(std::string_view text, FakeResolver& dns, std::optional<int64_t> now) {
  auto message = mime::Message::Parse(text);
  EXPECT_TRUE(message) << (message ? "" : message.error().message);
  if (!message) return {};
  VerifyOptions options;
  options.now = now;
  return VerifyAll(*message, dns, options);
}

std::string Describe(const std::vector<SignatureResult>& results) {
  std::string out;
  for (const auto& r : results) out += FormatAuthResults(r) + "\n";
  return out;
}

// RFC 8463 A.3: the message signed with ed25519-sha256 (brisbane) and rsa-sha256 (test).
TEST(DkimSuiteTest, Rfc8463AppendixA) {
  FakeResolver dns;
  test::AddRecordLines(ReadFileOrDie(Data("dkim-rfc8463/rfc8463-A2-dns-records.txt")), dns);
  auto results = VerifyText(ReadFileOrDie(Data("dkim-rfc8463/rfc8463-A3-signed-message.eml")), dns, 1528637909);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].result, AuthResult::kPass) << Describe(results);
  EXPECT_EQ(results[0].algorithm, "ed25519-sha256");
  EXPECT_EQ(results[0].key_bits, 256);
  EXPECT_EQ(results[1].result, AuthResult::kPass) << Describe(results);
  EXPECT_EQ(results[1].algorithm, "rsa-sha256");
  EXPECT_EQ(results[1].key_bits, 1024);
  // Both sign From twice (oversigned), so no header-injection finding; d= matches From.
  EXPECT_TRUE(results[0].findings.empty()) << results[0].findings[0].id;
}

// stalwartlabs/mail-auth resources/dkim: upstream expects the last DKIM-Signature of each file
// to pass at Unix time 1667843664.
TEST(DkimSuiteTest, StalwartMessagesPass) {
  for (const char* name : {"001", "002", "003", "004", "005", "006"}) {
    SCOPED_TRACE(name);
    FakeResolver dns;
    std::string message = test::SplitRecordsAndMessage(
        ReadFileOrDie(Data(std::string("dkim-arc-stalwart-mail-auth/dkim/") + name + ".txt")), dns);
    auto results = VerifyText(message, dns, 1667843664);
    ASSERT_FALSE(results.empty());
    EXPECT_EQ(results.back().result, AuthResult::kPass) << Describe(results);
  }
}

// 004's signature has t=1667862801, five hours after the suite's time: it still passes (RFC 6376
// 3.5 only allows ignoring it) and says so.
TEST(DkimSuiteTest, FutureTimestampIsAFinding) {
  FakeResolver dns;
  std::string message =
      test::SplitRecordsAndMessage(ReadFileOrDie(Data("dkim-arc-stalwart-mail-auth/dkim/004.txt")), dns);
  auto results = VerifyText(message, dns, 1667843664);
  ASSERT_FALSE(results.empty());
  ASSERT_EQ(results.back().result, AuthResult::kPass);
  bool found = false;
  for (const auto& f : results.back().findings) found = found || f.id == "dkim.timestamp_in_future";
  EXPECT_TRUE(found);
}

// 005 has x=1667930064: one second later it has expired.
TEST(DkimSuiteTest, StalwartExpiredSignature) {
  FakeResolver dns;
  std::string message =
      test::SplitRecordsAndMessage(ReadFileOrDie(Data("dkim-arc-stalwart-mail-auth/dkim/005.txt")), dns);
  auto results = VerifyText(message, dns, 1667930065);
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results.back().result, AuthResult::kPermError);
  EXPECT_EQ(results.back().reason, "signature expired (x=)");
}

// postalsys/mailauth test/dkim/ec: signed.eml with an Ed25519 and an RSA signature.
TEST(DkimSuiteTest, MailauthEcFixture) {
  FakeResolver dns;
  test::AddDnsJson(ReadFileOrDie(Data("mailauth/dkim-ec/dns.json")), dns);
  auto results = VerifyText(ReadFileOrDie(Data("mailauth/dkim-ec/signed.eml")), dns, 1528637909);
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) EXPECT_EQ(r.result, AuthResult::kPass) << Describe(results);
}

// dkimpy's data: rfc6376.signed.msg (ed25519 brisbane + rsa test, simple/simple) and the Exim
// ed25519 message, each checked with dkimpy 1.1.4 (both verify).
TEST(DkimSuiteTest, DkimpySignedMessages) {
  FakeResolver dns;
  dns.AddTxt("brisbane._domainkey.football.example.com", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
  dns.AddTxt("test._domainkey.football.example.com", test::FirstLine(ReadFileOrDie(Data("dkim-dkimpy/test.txt"))));
  dns.AddTxt("sed._domainkey.test.ex", test::FirstLine(ReadFileOrDie(Data("dkim-dkimpy/eximtest.dns"))));
  auto signed_msg = VerifyText(ReadFileOrDie(Data("dkim-dkimpy/rfc6376.signed.msg")), dns, 1528637909);
  ASSERT_EQ(signed_msg.size(), 2u);
  EXPECT_EQ(signed_msg[0].result, AuthResult::kPass) << Describe(signed_msg);
  EXPECT_EQ(signed_msg[1].result, AuthResult::kPass) << Describe(signed_msg);
  auto exim = VerifyText(ReadFileOrDie(Data("dkim-dkimpy/ed25519test2.msg")), dns, 1505647791);
  ASSERT_EQ(exim.size(), 1u);
  EXPECT_EQ(exim[0].result, AuthResult::kPass) << Describe(exim);
}

// dkimpy's bad key records, published at the selector of a message signed with the matching
// private key (test.private): none may pass, each for its own reason.
TEST(DkimSuiteTest, DkimpyBadKeyRecordsFail) {
  struct Case {
    const char* file;
    AuthResult result;
    const char* reason_part;
  };
  const Case cases[] = {
      {"test.txt", AuthResult::kPass, "verified"},  // The control: the good record passes.
      {"test_bad.txt", AuthResult::kPermError, "not a usable key"},
      {"badk.txt", AuthResult::kPermError, "key type"},
      {"badversion.txt", AuthResult::kPermError, "v=DKIM1:"},
      {"test_tlsrpt.txt", AuthResult::kPermError, "s= does not allow email"},
  };
  std::string message = ReadFileOrDie(Data("dkim-dkimpy/rfc6376.signed.msg"));
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    FakeResolver dns;
    dns.AddTxt("test._domainkey.football.example.com",
               test::FirstLine(ReadFileOrDie(Data(std::string("dkim-dkimpy/") + c.file))));
    auto results = VerifyText(message, dns, 1528637909);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[1].result, c.result) << Describe(results);
    EXPECT_NE(results[1].reason.find(c.reason_part), std::string::npos) << results[1].reason;
    EXPECT_EQ(results[0].result, AuthResult::kPermError);  // No brisbane key here.
  }
}

// The same vectors stay valid when the file uses bare LF (as mail stores keep it) and through
// the raw-bytes fast path.
TEST(DkimSuiteTest, BareLfAndRawPathAgree) {
  FakeResolver dns;
  test::AddRecordLines(ReadFileOrDie(Data("dkim-rfc8463/rfc8463-A2-dns-records.txt")), dns);
  std::string crlf = ReadFileOrDie(Data("dkim-rfc8463/rfc8463-A3-signed-message.eml"));
  std::string lf;
  for (char c : crlf) {
    if (c != '\r') lf.push_back(c);
  }
  VerifyOptions options;
  options.now = 1528637909;
  Verifier verifier(dns, options);
  for (const std::string* text : {&crlf, &lf}) {
    auto results = verifier.VerifyBytes(*text);
    ASSERT_TRUE(results);
    ASSERT_EQ(results->size(), 2u);
    EXPECT_EQ((*results)[0].result, AuthResult::kPass);
    EXPECT_EQ((*results)[1].result, AuthResult::kPass);
    auto via_message = VerifyText(*text, dns, 1528637909);
    ASSERT_EQ(via_message.size(), 2u);
    EXPECT_EQ(via_message[1].result, AuthResult::kPass);
  }
}

}  // namespace
}  // namespace kakunin::dkim
