// ARC on real messages: Gmail-sealed mail from postalsys/mailauth's fixtures and mail-auth's
// captured IETF list mail, with the Google and IETF keys captured in
// ../shared/testdata/dkim-arc-stalwart-mail-auth/arc/001.txt. Expected results are the ones
// SOURCES.md reports from dkimpy 1.1.4 and mail-auth.
#include <gtest/gtest.h>

#include <string>

#include "base/strings.h"
#include "kakunin/arc.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::arc {
namespace {

std::string Crlf(std::string_view lf) {
  std::string out;
  for (size_t i = 0; i < lf.size(); ++i) {
    if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) out += "\r\n";
    else out.push_back(lf[i]);
  }
  return out;
}

// "<name> <TXT>" lines, an empty line, then the message (mail-auth's file format).
std::string LoadCaptured(const std::string& path, testing::FakeResolver& dns) {
  std::string text = testing::ReadFileOrDie(path);
  size_t split = text.find("\n\n");
  for (std::string_view line : base::Split(std::string_view(text).substr(0, split), '\n')) {
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) dns.AddTxt(line.substr(0, sp), std::string(line.substr(sp + 1)));
  }
  return split == std::string::npos ? std::string() : Crlf(std::string_view(text).substr(split + 2));
}

ChainResult ValidateFile(const std::string& path, testing::FakeResolver& dns) {
  std::string bytes = testing::ReadFileOrDie(path);
  auto m = mime::Message::Parse(bytes);
  EXPECT_TRUE(m.has_value()) << path;
  return m ? Validate(*m, dns) : ChainResult{};
}

TEST(ArcRealMessagesTest, MailAuthFixtures) {
  testing::FakeResolver dns;
  std::string data = testing::SharedDir() + "/testdata/";
  LoadCaptured(data + "dkim-arc-stalwart-mail-auth/arc/001.txt", dns);
  struct Case {
    const char* file;
    ChainStatus want;
  };
  const Case cases[] = {
      {"arc-pass.eml", ChainStatus::kPass}, {"arc-pass2.eml", ChainStatus::kPass},
      {"authtest.eml", ChainStatus::kPass}, {"bimi.eml", ChainStatus::kPass},
      {"zbimi.eml", ChainStatus::kPass},    {"message3.eml", ChainStatus::kPass},
      {"arc-fail.eml", ChainStatus::kFail}, {"arc-fail2.eml", ChainStatus::kFail},
      {"arc-fail3.eml", ChainStatus::kFail},
  };
  for (const auto& c : cases) {
    ChainResult r = ValidateFile(data + "mailauth/fixtures/" + c.file, dns);
    EXPECT_EQ(ChainStatusName(r.status), ChainStatusName(c.want)) << c.file << ": " << r.reason;
    if (c.want == ChainStatus::kPass) {
      ASSERT_FALSE(r.hops.empty()) << c.file;
      EXPECT_EQ(r.hops.back().seal_domain, "google.com") << c.file;
      EXPECT_GE(r.oldest_pass, 1);
    }
  }
}

TEST(ArcRealMessagesTest, MailAuthCapturedChains) {
  std::string dir = testing::SharedDir() + "/testdata/dkim-arc-stalwart-mail-auth/arc/";
  testing::FakeResolver dns1;
  auto m1 = mime::Message::Parse(LoadCaptured(dir + "001.txt", dns1));
  ASSERT_TRUE(m1.has_value());
  ChainResult r1 = Validate(*m1, dns1);
  EXPECT_EQ(r1.status, ChainStatus::kPass) << r1.reason;
  // 002: hop 1 seals with ed25519-sha256, which RFC 8617 does not define (dkimpy: fail).
  testing::FakeResolver dns2;
  auto m2 = mime::Message::Parse(LoadCaptured(dir + "002.txt", dns2));
  ASSERT_TRUE(m2.has_value());
  ChainResult r2 = Validate(*m2, dns2);
  EXPECT_EQ(r2.status, ChainStatus::kFail) << r2.reason;
  EXPECT_NE(r2.reason.find("rsa-sha256"), std::string::npos) << r2.reason;
}

}  // namespace
}  // namespace kakunin::arc
