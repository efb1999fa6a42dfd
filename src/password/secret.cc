// Secrets in memory and from the terminal. Nothing here prints or logs the secret.
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "kakunin/password.h"

namespace kakunin::password {

SecretString::SecretString(std::string_view text) {
  value_.reserve(std::max(text.size(), kMaxSecretBytes));
  value_.append(text);
}

SecretString::SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) {
  other.Wipe();  // A short string lives inside the object (SSO): wipe what the move left.
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    Wipe();
    value_ = std::move(other.value_);
    other.Wipe();
  }
  return *this;
}

SecretString::~SecretString() { Wipe(); }

bool SecretString::Append(char c) {
  if (value_.size() == value_.capacity()) return false;
  value_.push_back(c);
  return true;
}

void SecretString::Wipe() {
  // The whole capacity: bytes past size() may hold an earlier, longer value.
  value_.resize(value_.capacity());
  sodium_memzero(value_.data(), value_.size());
  value_.clear();
}

namespace {

// Turns terminal echo off for its lifetime (restored on every return path).
class NoEcho {
 public:
  explicit NoEcho(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      quiet.c_lflag |= ECHONL;
      active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~NoEcho() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

}  // namespace

Result<SecretString> ReadSecret(std::string_view prompt) {
  const int fd = STDIN_FILENO;
  bool tty = ::isatty(fd) == 1;
  std::optional<NoEcho> no_echo;
  if (tty) {
    if (!prompt.empty()) {
      ssize_t ignored = ::write(STDERR_FILENO, prompt.data(), prompt.size());
      (void)ignored;
    }
    no_echo.emplace(fd);
  }
  SecretString secret{std::string_view()};
  for (;;) {
    char c;
    ssize_t r = ::read(fd, &c, 1);  // One byte at a time: nothing past the line is consumed.
    if (r < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrorCode::kIo, std::string("reading the password: ") + std::strerror(errno));
    }
    if (r == 0 || c == '\n') break;
    if (c == '\0') return Fail(ErrorCode::kInvalidArgument, "the password contains a NUL byte");
    if (!secret.Append(c)) {
      return Fail(ErrorCode::kInvalidArgument, "the password is longer than 4096 bytes");
    }
    c = 0;
  }
  std::string_view v = secret.view();
  if (!v.empty() && v.back() == '\r') {
    SecretString trimmed(v.substr(0, v.size() - 1));
    secret = std::move(trimmed);
  }
  if (secret.empty()) return Fail(ErrorCode::kInvalidArgument, "no password given");
  return secret;
}

}  // namespace kakunin::password
