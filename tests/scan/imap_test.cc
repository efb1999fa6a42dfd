// kakunin scan against a real IMAP server: Dovecot, started on 127.0.0.1 by dovecot_start.sh
// with the corpus messages in the test user's Maildir.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "scan/child.h"
#include "testing/paths.h"

namespace kakunin::scan {
namespace {

using testing::JsonLines;
using testing::RunChild;
using testing::TempDir;

constexpr const char* kUser = "hanako";
constexpr const char* kPassword = "correct horse battery";

// Two consecutive free ports on 127.0.0.1 (imaps, imap); retried by the caller if taken.
int FreePortPair() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    int port = ntohs(a.sin_port);
    ::close(s);
    int t = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in b = a;
    b.sin_port = htons(static_cast<uint16_t>(port + 1));
    bool ok = port < 65535 && ::bind(t, reinterpret_cast<sockaddr*>(&b), sizeof b) == 0;
    ::close(t);
    if (ok) return port;
  }
  return 0;
}

// One Dovecot for the suite: scans leave the mailbox as they found it (the first test checks).
class ImapScanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists("/usr/sbin/dovecot")) return;
    dir_ = new TempDir();
    // As root, Dovecot reads its files as its own users: they must be able to enter the folder.
    std::filesystem::permissions(dir_->path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                                   std::filesystem::perms::others_exec);
    auto corpus = testing::CorpusFiles();
    for (size_t i = 0; i < corpus.size(); i += 9) mails_.push_back(corpus[i]);
    for (int attempt = 0; attempt < 3 && port_ == 0; ++attempt) {
      int port = FreePortPair();
      std::vector<std::string> args = {"/bin/bash", std::string(KAKUNIN_SCAN_TEST_DIR) + "/dovecot_start.sh",
                                       dir_->path() + "/dovecot", std::to_string(port), kUser, kPassword};
      args.insert(args.end(), mails_.begin(), mails_.end());
      std::filesystem::remove_all(dir_->path() + "/dovecot");
      auto started = RunChild(args);
      if (started.exit_code == 0) port_ = port;
      else start_error_ = started.err;
    }
  }

  static void TearDownTestSuite() {
    if (dir_ == nullptr) return;
    std::ifstream pid_file(dir_->path() + "/dovecot/run/master.pid");
    pid_t pid = 0;
    if (pid_file >> pid && pid > 0) {
      ::kill(pid, SIGTERM);
      for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) ::usleep(20000);
    }
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (dir_ == nullptr) {
      GTEST_SKIP() << "dovecot is not installed (Debian dovecot-imapd; scripts/deps.sh installs it)";
    }
    ASSERT_NE(port_, 0) << "dovecot did not start: " << start_error_;
  }

  static std::string Url(const std::string& scheme = "imaps", int port_offset = 0) {
    return scheme + "://" + kUser + "@127.0.0.1:" + std::to_string(port_ + port_offset) + "/INBOX";
  }
  static std::string CaFile() { return dir_->path() + "/dovecot/cert.pem"; }
  static std::string PasswordEnv() { return std::string("KAKUNIN_IMAP_PASSWORD=") + kPassword; }

  // Maildir file names with flags: Dovecot writes \Seen as an "S" after ":2,".
  static std::vector<std::string> SeenFiles() {
    std::vector<std::string> seen;
    for (const char* sub : {"cur", "new"}) {
      std::string d = dir_->path() + "/dovecot/home/" + kUser + "/Maildir/" + sub;
      for (const auto& e : std::filesystem::directory_iterator(d)) {
        std::string name = e.path().filename().string();
        size_t info = name.find(":2,");
        if (info != std::string::npos && name.find('S', info) != std::string::npos) seen.push_back(name);
      }
    }
    return seen;
  }

  static inline TempDir* dir_ = nullptr;
  static inline int port_ = 0;
  static inline std::string start_error_;
  static inline std::vector<std::string> mails_;
};

TEST_F(ImapScanTest, ScansTheMailboxOverVerifiedTlsLikeTheFiles) {
  auto imap = RunChild({KAKUNIN_BINARY, "scan", "--format", "jsonl", "--offline", "--cacert", CaFile(), Url()},
                       {PasswordEnv()});
  ASSERT_EQ(imap.exit_code, 0) << imap.err;
  auto lines = JsonLines(imap.out);
  ASSERT_EQ(lines.size(), mails_.size()) << imap.err;
  for (size_t i = 0; i < mails_.size(); ++i) {
    EXPECT_EQ(lines[i]["location"]["kind"], "imap");
    EXPECT_EQ(lines[i]["location"]["path"], Url());
    EXPECT_EQ(lines[i]["location"]["uid"], i + 1);  // Dovecot numbered new/ in file-name order.
    // The same message read from disk gets the same verdict.
    auto local = RunChild({KAKUNIN_BINARY, "inspect", "--format", "json", "--offline", mails_[i]});
    ASSERT_EQ(local.exit_code, 0) << local.err;
    auto expected = nlohmann::json::parse(local.out);
    EXPECT_EQ(lines[i]["report"]["verdict"], expected["verdict"]) << mails_[i];
    EXPECT_EQ(lines[i]["report"]["message"]["subject"], expected["message"]["subject"]) << mails_[i];
  }
  EXPECT_TRUE(SeenFiles().empty()) << "the scan must leave \\Seen as it was: " << SeenFiles().front();
}

TEST_F(ImapScanTest, PlainImapWorksWithAWarning) {
  auto r = RunChild({KAKUNIN_BINARY, "scan", "--offline", Url("imap", 1)}, {PasswordEnv()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("imap:// sends the password and the mail unencrypted"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Scanned (imap): " + std::to_string(mails_.size()) + " messages"), std::string::npos) << r.out;
}

TEST_F(ImapScanTest, UntrustedCertificateIsRefused) {
  // No --cacert: the self-signed certificate is not in the system store.
  auto r = RunChild({KAKUNIN_BINARY, "scan", "--offline", Url()}, {PasswordEnv()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("certificate"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(ImapScanTest, WrongPasswordIsRefused) {
  auto r = RunChild({KAKUNIN_BINARY, "scan", "--offline", "--cacert", CaFile(), Url()},
                    {"KAKUNIN_IMAP_PASSWORD=wrong"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("kakunin: " + Url() + ": "), std::string::npos) << r.err;
}

TEST_F(ImapScanTest, NoPasswordAndNoTerminalIsAnError) {
  // RunChild's child has no controlling terminal, so there is nobody to ask.
  auto r = RunChild({KAKUNIN_BINARY, "scan", "--offline", "--cacert", CaFile(), Url()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kakunin: IMAP: no password: set KAKUNIN_IMAP_PASSWORD or run on a terminal\n");
}

}  // namespace
}  // namespace kakunin::scan
