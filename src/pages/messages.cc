// The sentences for the service's error ids and the pages' notices, in both languages. The
// wording keeps the API's enumeration safety: nothing says whether an address has an account.
#include <fmt/format.h>

#include <algorithm>

#include "pages/render.h"

namespace kakunin::pages::internal {
namespace {

struct Entry {
  std::string_view id;
  Text text;
};

constexpr Entry kErrors[] = {
    {"invalid_email", {"Enter a valid e-mail address.", "正しいメールアドレスを入力してください。"}},
    {"password_too_short", {"The password is too short.", "パスワードが短すぎます。"}},
    {"password_too_long", {"The password is too long.", "パスワードが長すぎます。"}},
    {"password_too_weak",
     {"This password is too easy to guess. A few unrelated words make a strong one.",
      "推測されやすいパスワードです。関係のない単語をいくつか並べると強くなります。"}},
    {"password_breached",
     {"This password appears in a list of leaked passwords. Choose another one.",
      "このパスワードは流出したパスワードの一覧に含まれています。別のものにしてください。"}},
    {"password_not_utf8", {"The password contains invalid characters.", "パスワードに使えない文字が含まれています。"}},
    {"invalid_code", {"The code is wrong or has expired.", "コードが違うか、有効期限が切れています。"}},
    {"invalid_credentials",
     {"The e-mail address or the password is wrong.", "メールアドレスまたはパスワードが違います。"}},
    {"totp_already_enabled",
     {"An authenticator app is already set up.", "認証アプリはすでに設定されています。"}},
    {"totp_not_enabled", {"No authenticator app is set up.", "認証アプリは設定されていません。"}},
    {"no_such_session", {"That session has already ended.", "そのセッションはすでに終了しています。"}},
};

constexpr Entry kNotices[] = {
    {"sent",
     {"If the address can receive mail, a message with a code is on its way.",
      "このアドレスでメールを受け取れる場合、コードを記載したメールが届きます。"}},
    {"resent",
     {"If the address can receive mail, a new code is on its way. The previous code no longer works.",
      "このアドレスでメールを受け取れる場合、新しいコードが届きます。前のコードは使えなくなりました。"}},
    {"code_resent", {"A new code is on its way.", "新しいコードを送りました。"}},
    {"signed_out", {"You have signed out.", "ログアウトしました。"}},
    {"password_changed",
     {"Your password has been changed and every session has ended. Sign in with the new password.",
      "パスワードを変更し、すべてのセッションを終了しました。新しいパスワードでログインしてください。"}},
    {"session_revoked", {"The session has ended.", "セッションを終了しました。"}},
};

const Text* Find(const auto& table, std::string_view id) {
  auto it = std::find_if(std::begin(table), std::end(table), [id](const Entry& e) { return e.id == id; });
  return it == std::end(table) ? nullptr : &it->text;
}

}  // namespace

std::string ErrorMessage(std::string_view error, int64_t retry_after, std::string_view lang) {
  static constexpr Text kLocked{"Too many wrong attempts. Try again in {} minutes.",
                                "誤りが多すぎます。{} 分後にもう一度お試しください。"};
  static constexpr Text kRateLimited{"Too many requests. Try again in {} minutes.",
                                     "リクエストが多すぎます。{} 分後にもう一度お試しください。"};
  static constexpr Text kGeneric{"Something went wrong. Please try again.",
                                 "問題が発生しました。もう一度お試しください。"};
  if (error == "locked" || error == "rate_limited") {
    const int64_t minutes = std::max<int64_t>(1, (retry_after + 59) / 60);
    return fmt::format(fmt::runtime((error == "locked" ? kLocked : kRateLimited).In(lang)), minutes);
  }
  const Text* text = Find(kErrors, error);
  return (text != nullptr ? *text : kGeneric).In(lang);
}

std::string NoticeMessage(std::string_view notice, std::string_view lang) {
  const Text* text = Find(kNotices, notice);
  return text != nullptr ? text->In(lang) : "";
}

std::string RecoveryLeftMessage(int64_t left, std::string_view lang) {
  static constexpr Text kLeft{"You signed in with a recovery code; it cannot be used again. Recovery codes left: {}.",
                              "リカバリーコードでログインしました。このコードはもう使えません。残りのリカバリーコード: {} 個。"};
  return fmt::format(fmt::runtime(kLeft.In(lang)), left);
}

}  // namespace kakunin::pages::internal
