#include "kakunin/inspect.h"

#include <utility>

#include "inspect/authentication.h"

namespace kakunin {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kGenuine: return "genuine";
    case Verdict::kSuspicious: return "suspicious";
    case Verdict::kPhishing: return "phishing";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

Report Inspect(mime::Message message, const InspectOptions& options) {
  Report report;
  report.findings = message.findings();
  report.message = std::move(message);
  report.authentication = inspect::Authenticate(report.message, options, report.findings);
  // The verdict stays kUnknown until the triage stage (authentication + links + brands) exists:
  // parsing alone cannot tell a genuine notice from an imitation.
  report.verdict = Verdict::kUnknown;
  return report;
}

Result<Report> InspectBytes(std::string_view bytes, const InspectOptions& options) {
  auto message = mime::Message::Parse(bytes, options.limits);
  if (!message) return tl::unexpected(message.error());
  return Inspect(std::move(*message), options);
}

}  // namespace kakunin
