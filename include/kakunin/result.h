// Result<T>: the one way kakunin's library reports failure.
//
// Three kinds of outcome are never mixed up:
//  1. Protocol verdicts (DKIM pass/fail, SPF softfail, ...) are ordinary values, not errors.
//  2. "Absent" (no such DNS name, no such header) is part of the value (std::optional or a status).
//  3. Programming, I/O, parse, crypto and DNS-transport failures are an Error.
//
// The library throws nothing across its API apart from std::bad_alloc.
// Error and Result are value types: safe to copy and to read from several threads.
#ifndef KAKUNIN_RESULT_H_
#define KAKUNIN_RESULT_H_

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace kakunin {

// Categories in leveldb's Status style, as a type.
enum class ErrorCode {
  kInvalidArgument,  // The caller passed something unusable (bad flag value, bad key).
  kParse,            // Input bytes are not in the expected syntax.
  kDnsTempFail,      // SERVFAIL, timeout, network trouble: try again later.
  kDnsPermFail,      // A DNS answer that can never become usable (e.g. a malformed name).
  kLimitExceeded,    // A configured limit (size, depth, count) was hit.
  kCrypto,           // OpenSSL/libsodium refused an operation.
  kIo,               // A file or socket operation failed.
  kNotFound,         // A named thing (file, record, alias) does not exist.
  kInternal,         // A bug in kakunin.
};

// Returns a stable lower-case name for `code` ("parse", "dns_temp_fail", ...).
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  Error() = default;
  Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}

  // "parse: missing header/body separator".
  std::string ToString() const;
};

template <class T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error: `return Fail(ErrorCode::kParse, "bad tag");`
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}

}  // namespace kakunin

#endif  // KAKUNIN_RESULT_H_
