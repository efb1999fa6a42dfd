// The frame every page shares: doctype, head (only /style.css), top bar, footer.
#ifndef KAKUNIN_WEB_PAGE_SHELL_H_
#define KAKUNIN_WEB_PAGE_SHELL_H_

#include <string>
#include <string_view>

namespace kakunin::web::internal {

// A complete document: `title` is escaped here; `nav` and `body` are markup.
std::string PageShell(std::string_view lang, std::string_view title, std::string_view nav, std::string_view body);

// The hidden token field every form carries.
std::string TokenField(std::string_view token);

// The Mail / SMS tabs above a form ("" when the SMS tab is not built); `current` is "mail" or "sms".
std::string Tabs(std::string_view current, std::string_view lang);

}  // namespace kakunin::web::internal

#endif  // KAKUNIN_WEB_PAGE_SHELL_H_
