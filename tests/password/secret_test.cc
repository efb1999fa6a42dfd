// SecretString and ReadSecret from a pipe (the non-terminal path; the terminal path needs a pty).
#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "kakunin/password.h"

namespace kakunin::password {
namespace {

// Runs ReadSecret with standard input connected to a pipe holding `input`.
Result<SecretString> ReadFrom(const std::string& input) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  EXPECT_EQ(::write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  ::close(fds[1]);
  int saved = ::dup(STDIN_FILENO);
  ::dup2(fds[0], STDIN_FILENO);
  ::close(fds[0]);
  auto r = ReadSecret("Password: ");
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  return r;
}

TEST(ReadSecretTest, ReadsOneLine) {
  struct Case {
    std::string input;
    std::optional<std::string> expect;  // nullopt: error
  } cases[] = {
      {"hunter2\n", "hunter2"},
      {"hunter2\r\n", "hunter2"},
      {"hunter2", "hunter2"},
      {"first\nsecond\n", "first"},
      {"with space \n", "with space "},
      {"\n", std::nullopt},
      {"", std::nullopt},
      {std::string("a\0b\n", 4), std::nullopt},
      {std::string(kMaxSecretBytes, 'x') + "\n", std::string(kMaxSecretBytes, 'x')},
      {std::string(kMaxSecretBytes + 1, 'x') + "\n", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input.substr(0, 20));
    auto r = ReadFrom(c.input);
    if (!c.expect) {
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    } else {
      ASSERT_TRUE(r.has_value()) << r.error().ToString();
      EXPECT_EQ(r->view(), *c.expect);
    }
  }
}

TEST(SecretStringTest, WipeClearsAndMovesLeaveNothing) {
  SecretString a("s3cret");
  SecretString b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is wiped.
  EXPECT_EQ(b.view(), "s3cret");
  const char* data = b.view().data();
  b.Wipe();
  EXPECT_TRUE(b.empty());
  // The buffer is still owned by b (capacity kept): its old bytes must be zero now.
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(data[i], '\0');
  // A secret never grows past the capacity reserved up front (a reallocation would leave an
  // unwiped copy behind).
  SecretString c{std::string_view()};
  size_t appended = 0;
  while (c.Append('x')) ++appended;
  EXPECT_GE(appended, kMaxSecretBytes);
  EXPECT_LT(appended, 2 * kMaxSecretBytes);
}

}  // namespace
}  // namespace kakunin::password
