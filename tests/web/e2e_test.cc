// Runs e2e.mjs (headless Chromium via playwright-core) against the real `kakunin web`.
// Skipped, with the reason, only when /usr/bin/chromium, node or tests/web/node_modules (installed
// by scripts/setup.sh with npm ci) is missing; CI installs all three.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "testing/command.h"
#include "testing/paths.h"

namespace {

TEST(WebEndToEndTest, ExamplesInHeadlessChromium) {
  namespace fs = std::filesystem;
  const std::string source = kakunin::testing::SourceDir();
  const std::string dir = source + "/tests/web";
  if (!fs::exists("/usr/bin/chromium")) GTEST_SKIP() << "/usr/bin/chromium is missing (Debian package chromium)";
  if (std::system("command -v node >/dev/null 2>&1") != 0) GTEST_SKIP() << "node is missing (Debian package nodejs)";
  if (!fs::exists(dir + "/node_modules/playwright-core")) {
    GTEST_SKIP() << dir << "/node_modules is missing: run scripts/setup.sh (npm ci in tests/web)";
  }
  const std::string artifacts = std::string(KAKUNIN_WEB_ARTIFACTS);
  fs::remove_all(artifacts);
  const std::string command = "node '" + dir + "/e2e.mjs' '" + KAKUNIN_BINARY + "' '" + source + "/examples' '" +
                              artifacts + "' 2>&1";
  const kakunin::testing::CommandResult run = kakunin::testing::RunCommand(command);
  ASSERT_TRUE(run.started);
  const std::string& output = run.output;
  ASSERT_EQ(run.exit_code, 0) << output;
  EXPECT_NE(output.find("all checks passed"), std::string::npos) << output;
  for (const char* shot : {"upload.png", "genuine-en.png", "phishing-ja.png", "phishing-ja-hover.png", "newsletter-en.png"}) {
    EXPECT_TRUE(fs::exists(artifacts + "/" + shot)) << shot;
  }
}

}  // namespace
