// Reading input files with a size bound, so a huge or endless input (a FIFO, /dev/zero) cannot
// exhaust memory. Thread-safety: pure functions.
#ifndef KAKUNIN_BASE_FILE_H_
#define KAKUNIN_BASE_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "kakunin/result.h"

namespace kakunin::base {

struct FileContents {
  std::string bytes;
  bool truncated = false;  // The input had more than `max_bytes`; only the first ones were read.
};

// Reads `path` ("-" = standard input), at most `max_bytes`. Errors: kNotFound (no such file),
// kInvalidArgument (a directory), kIo (anything else, with strerror text).
[[nodiscard]] Result<FileContents> ReadInput(std::string_view path, size_t max_bytes);

}  // namespace kakunin::base

#endif  // KAKUNIN_BASE_FILE_H_
