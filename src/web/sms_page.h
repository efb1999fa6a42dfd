// The SMS tab (built when src/sms exists): a form for a text message and its report page.
#ifndef KAKUNIN_WEB_SMS_PAGE_H_
#define KAKUNIN_WEB_SMS_PAGE_H_

#include <string>
#include <string_view>

#include "kakunin/brands.h"
#include "kakunin/sms.h"
#include "kakunin/web.h"

namespace kakunin::web {

// The form: the message text and, optionally, the sender as the phone shows it.
std::string RenderSmsPage(const PageContext& context, std::string_view error = {});
// The report: banner, what to do, the text with its links annotated, findings. The language
// switch posts `report.text` and the sender again (hidden fields).
std::string RenderSmsReportPage(const sms::Report& report, const brands::BrandRegistry& registry,
                                const PageContext& context);

}  // namespace kakunin::web

#endif  // KAKUNIN_WEB_SMS_PAGE_H_
