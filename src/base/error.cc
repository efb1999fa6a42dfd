#include "kakunin/finding.h"
#include "kakunin/result.h"

namespace kakunin {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kDnsTempFail: return "dns_temp_fail";
    case ErrorCode::kDnsPermFail: return "dns_perm_fail";
    case ErrorCode::kLimitExceeded: return "limit_exceeded";
    case ErrorCode::kCrypto: return "crypto";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::ToString() const { return std::string(ErrorCodeName(code)) + ": " + message; }

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
  }
  return "info";
}

}  // namespace kakunin
