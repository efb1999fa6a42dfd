// The user's HIBP API key: $KAKUNIN_HIBP_API_KEY, else api_key in
// $XDG_CONFIG_HOME/kakunin/hibp.conf. Never from argv (other users see it in `ps`), never in an
// error message (errors name the line, not its value).
#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/file.h"
#include "base/strings.h"
#include "kakunin/breach.h"

namespace kakunin::breach {
namespace {

constexpr size_t kMaxConfigBytes = 64u << 10;  // A few lines; a bigger file is not ours.

Result<void> CheckKey(std::string_view key) {
  if (key.size() > kMaxApiKeyBytes) return Fail(ErrorCode::kInvalidArgument, "API key longer than 128 characters");
  for (char c : key) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return Fail(ErrorCode::kInvalidArgument, "API key holds a space, control or non-ASCII character");
    }
  }
  return {};
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> DefaultApiKeyFilePath() {
  const char* config = std::getenv("XDG_CONFIG_HOME");
  // XDG Base Directory 0.8: a relative path in $XDG_CONFIG_HOME is invalid and must be ignored.
  if (config != nullptr && config[0] == '/') return std::string(config) + "/kakunin/hibp.conf";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.config/kakunin/hibp.conf";
  return std::nullopt;
}

Result<std::optional<std::string>> ParseApiKeyFile(std::string_view text) {
  std::optional<std::string> key;
  size_t line_no = 0;
  for (std::string_view raw : base::Split(text, '\n')) {
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_no);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Fail(ErrorCode::kParse, where + ": expected key = value");
    std::string_view name = Trim(line.substr(0, eq));
    std::string_view value = Trim(line.substr(eq + 1));
    if (name != "api_key") return Fail(ErrorCode::kParse, where + ": unknown setting (only api_key is known)");
    if (auto ok = CheckKey(value); !ok) return Fail(ErrorCode::kParse, where + ": " + ok.error().message);
    key = value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  return key;
}

Result<std::optional<ApiKey>> LoadApiKey(const std::optional<std::string>& config_path) {
  if (const char* env = std::getenv("KAKUNIN_HIBP_API_KEY"); env != nullptr && env[0] != '\0') {
    std::string_view value = Trim(env);
    if (auto ok = CheckKey(value); !ok) {
      return Fail(ErrorCode::kInvalidArgument, "$KAKUNIN_HIBP_API_KEY: " + ok.error().message);
    }
    return ApiKey{std::string(value), "$KAKUNIN_HIBP_API_KEY"};
  }
  std::optional<std::string> path = config_path ? config_path : DefaultApiKeyFilePath();
  std::error_code ec;
  if (!path || !std::filesystem::exists(*path, ec)) return std::optional<ApiKey>();
  auto text = base::ReadInput(*path, kMaxConfigBytes);
  if (!text) return tl::unexpected(text.error());
  if (text->truncated) return Fail(ErrorCode::kLimitExceeded, *path + ": larger than 64 KiB");
  auto key = ParseApiKeyFile(text->bytes);
  if (!key) return Fail(key.error().code, *path + ": " + key.error().message);
  if (!key->has_value()) return std::optional<ApiKey>();
  return ApiKey{std::move(**key), *path};
}

}  // namespace kakunin::breach
