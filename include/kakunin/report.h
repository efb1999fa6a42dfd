// Rendering an inspect Report for people (text, English or Japanese) and programs (JSON,
// schema "kakunin.inspect/1", documented in docs/json.md). Thread-safety: pure functions.
#ifndef KAKUNIN_REPORT_H_
#define KAKUNIN_REPORT_H_

#include <string>
#include <string_view>

#include "kakunin/inspect.h"

namespace kakunin::report {

inline constexpr std::string_view kInspectSchema = "kakunin.inspect/1";

enum class Color { kNo, kYes };

// The JSON document, pretty-printed with two-space indents and a final newline.
std::string RenderJson(const Report& report);
// The same document on one line, without a newline (a JSON Lines record; kakunin scan).
std::string RenderJsonLine(const Report& report);

// A readable report; `lang` is "en" or "ja". ANSI colours only with Color::kYes.
std::string RenderText(const Report& report, std::string_view lang, Color color);

// The message's live authentication as an Authentication-Results header (RFC 8601), stamped
// with `authserv_id`, for mail systems that use kakunin as their verifier (--emit-authres).
// One result per DKIM signature, then SPF, DMARC and ARC when they were evaluated; "none"
// when nothing was. Ends in CRLF.
std::string RenderAuthenticationResults(const Report& report, std::string_view authserv_id);

}  // namespace kakunin::report

#endif  // KAKUNIN_REPORT_H_
