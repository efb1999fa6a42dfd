// Fuzzes the streaming mbox splitter (scan::internal::MboxReader) on an in-memory file.
// Input cap 256 KiB: the splitter's work is per line and per block, and larger inputs only slow
// the fuzzer down. The message limit is small (2 KiB) so the too-large path is reached.
// Invariants: nothing crashes; messages come in file order without overlap, inside the file;
// a kept message is at most the limit and is the file's bytes at its offset; the reader ends.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "scan/mbox_reader.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
constexpr size_t kMaxInput = 256 * 1024;
constexpr size_t kMaxMessage = 2048;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;
  int fd = memfd_create("mbox", MFD_CLOEXEC);
  if (fd < 0) return 0;
  std::string_view file(reinterpret_cast<const char*>(data), size);
  if (size > 0 && write(fd, data, size) != static_cast<ssize_t>(size)) {
    close(fd);
    return 0;
  }
  lseek(fd, 0, SEEK_SET);
  kakunin::scan::internal::MboxReader reader(fd, kMaxMessage);
  uint64_t last_end = 0;
  for (size_t n = 0;; ++n) {
    Check(n <= size + 1);  // Every message is at least one byte of the file (or the one empty file).
    auto next = reader.Next();
    if (!next || !next->has_value()) break;
    const auto& m = **next;
    Check(m.offset >= last_end && m.end >= m.offset && m.end <= size);
    if (m.too_large) {
      Check(m.bytes.empty());
    } else {
      Check(m.bytes.size() <= kMaxMessage);
      Check(m.offset + m.bytes.size() <= size);
      Check(file.substr(m.offset, m.bytes.size()) == m.bytes);
    }
    last_end = m.end;
  }
  close(fd);
  return 0;
}
