#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kakunin::base {

Result<FileContents> ReadInput(std::string_view path, size_t max_bytes) {
  std::string p(path);
  int fd = 0;
  if (p != "-") {
    fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int e = errno;
      if (e == ENOENT) return Fail(ErrorCode::kNotFound, p + ": no such file");
      return Fail(ErrorCode::kIo, p + ": " + std::strerror(e));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Fail(ErrorCode::kInvalidArgument, p + ": is a directory, not a message file");
    }
  }
  FileContents out;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      if (fd != 0) ::close(fd);
      if (e == EISDIR) return Fail(ErrorCode::kInvalidArgument, p + ": is a directory, not a message file");
      return Fail(ErrorCode::kIo, (p == "-" ? std::string("stdin") : p) + ": " + std::strerror(e));
    }
    if (n == 0) break;
    size_t room = max_bytes - out.bytes.size();
    if (static_cast<size_t>(n) > room) {
      out.bytes.append(buf, room);
      out.truncated = true;
      break;
    }
    out.bytes.append(buf, static_cast<size_t>(n));
  }
  if (fd != 0) ::close(fd);
  return out;
}

}  // namespace kakunin::base
