// Runs e2e.mjs (headless Chromium via playwright-core) against the real kakunind.
// Skipped, with the reason, only when /usr/bin/chromium, node or tests/pages/node_modules
// (installed by scripts/setup.sh with npm ci) is missing; CI installs all three.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "testing/command.h"
#include "testing/paths.h"

namespace {

// The script's FAIL lines and thrown errors, so a failure reads first even when a log viewer
// keeps only the start of a long output.
std::string FailedChecks(const std::string& output) {
  std::string failed;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const std::string_view line(output.data() + start, end - start);
    if (line.starts_with("FAIL") || line.find("Error") != std::string_view::npos) {
      failed.append(line).push_back('\n');
    }
    start = end + 1;
  }
  return failed.empty() ? "no FAIL line (see the whole output)\n" : failed;
}

TEST(PagesEndToEndTest, BothLanguagesInHeadlessChromium) {
  namespace fs = std::filesystem;
  const std::string dir = kakunin::testing::SourceDir() + "/tests/pages";
  if (!fs::exists("/usr/bin/chromium")) GTEST_SKIP() << "/usr/bin/chromium is missing (Debian package chromium)";
  if (std::system("command -v node >/dev/null 2>&1") != 0) GTEST_SKIP() << "node is missing (Debian package nodejs)";
  if (!fs::exists(dir + "/node_modules/playwright-core")) {
    GTEST_SKIP() << dir << "/node_modules is missing: run scripts/setup.sh (npm ci in tests/pages)";
  }
  const std::string artifacts = KAKUNIN_PAGES_ARTIFACTS;
  fs::remove_all(artifacts);
  const std::string command = "node '" + dir + "/e2e.mjs' '" + KAKUNIND_BINARY + "' '" + artifacts + "' 2>&1";
  const kakunin::testing::CommandResult run = kakunin::testing::RunCommand(command);
  ASSERT_TRUE(run.started);
  const std::string& output = run.output;
  ASSERT_EQ(run.exit_code, 0) << FailedChecks(output) << "\n--- whole output ---\n" << output;
  EXPECT_NE(output.find("all checks passed"), std::string::npos) << output;
  for (const char* lang : {"en", "ja"}) {
    for (const std::string page : {"signup", "verify", "verify-error", "account", "totp-enroll", "recovery-codes",
                                   "forbidden", "signin", "code-totp", "code-recovery", "account-recovery-used",
                                   "reset", "reset-confirm", "account-switched"}) {
      const std::string shot = page + "-" + lang + ".png";
      EXPECT_TRUE(fs::exists(artifacts + "/" + shot)) << shot;
    }
  }
}

}  // namespace
