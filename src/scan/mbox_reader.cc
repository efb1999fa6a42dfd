#include "scan/mbox_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mime/wire.h"

namespace kakunin::scan::internal {
namespace {

constexpr size_t kBlockBytes = size_t{64} * 1024;

bool IsBlank(const std::string& line) { return line == "\n" || line == "\r\n"; }

// RFC 4155 2: "From " addr-spec SP date. Beyond mime's check, ask for the date's time of day
// (hh:mm) as mutt does, so "From here on, ..." in an unquoted (mboxo) body does not split.
bool IsSeparatorLine(const std::string& line) {
  if (!mime::internal::IsMboxSeparator(line)) return false;
  for (size_t i = 5; i + 4 < line.size(); ++i) {
    auto digit = [&](size_t k) { return line[k] >= '0' && line[k] <= '9'; };
    if (line[i + 2] == ':' && digit(i) && digit(i + 1) && digit(i + 3) && digit(i + 4)) return true;
  }
  return false;
}

}  // namespace

MboxReader::MboxReader(int fd, size_t max_message_bytes) : fd_(fd), max_(max_message_bytes) {}

Result<bool> MboxReader::ReadLine() {
  line_.clear();
  line_overflow_ = false;
  size_t line_len = 0;
  for (;;) {
    if (buffer_pos_ == buffer_.size()) {
      if (eof_) return line_len > 0;
      buffer_.resize(kBlockBytes);
      buffer_pos_ = 0;
      ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
      if (n < 0) {
        buffer_.clear();
        if (errno == EINTR) continue;
        return tl::unexpected(Error{ErrorCode::kIo, std::string("read: ") + std::strerror(errno)});
      }
      buffer_.resize(static_cast<size_t>(n));
      if (n == 0) eof_ = true;
      continue;
    }
    const char* begin = buffer_.data() + buffer_pos_;
    size_t avail = buffer_.size() - buffer_pos_;
    // A byte search in a buffer, not a C string: no terminator is wanted.
    const void* nl = std::memchr(begin, '\n', avail);  // NOLINT(bugprone-not-null-terminated-result)
    size_t take = nl == nullptr ? avail : static_cast<size_t>(static_cast<const char*>(nl) - begin) + 1;
    // Attacker-sized lines: keep at most max_ + 1 bytes of one line (enough to know the message
    // is too large); the rest is counted and dropped.
    size_t room = line_.size() <= max_ ? max_ + 1 - line_.size() : 0;
    line_.append(begin, take < room ? take : room);
    if (take > room) line_overflow_ = true;
    line_len += take;
    buffer_pos_ += take;
    file_pos_ += take;
    if (nl != nullptr) return true;
  }
}

Result<std::optional<MboxMessage>> MboxReader::Next() {
  for (;;) {
    MboxMessage msg;
    uint64_t length = 0;      // Bytes of the message, kept or not.
    bool only_blank = true;   // Nothing but empty lines so far (junk between messages).
    bool separated = false;   // It starts with a "From " line.
    bool prev_blank = true;   // The start of the file counts as after an empty line.
    size_t last_line = 0;
    auto add = [&](const std::string& line, uint64_t full_length, bool overflow) {
      if (overflow || length + full_length > max_) {
        msg.too_large = true;
        std::string().swap(msg.bytes);
      } else {
        msg.bytes.append(line);
      }
      length += full_length;
      last_line = line.size();
      if (!IsBlank(line)) only_blank = false;
      prev_blank = IsBlank(line);
    };
    if (pending_) {
      msg.offset = pending_offset_;
      separated = true;
      std::string first = std::move(*pending_);
      pending_.reset();
      add(first, file_pos_after_pending_ - pending_offset_, pending_overflow_);
    } else {
      msg.offset = file_pos_;
    }
    bool at_eof = false;
    for (;;) {
      uint64_t line_offset = file_pos_;
      auto more = ReadLine();
      if (!more) return tl::unexpected(more.error());
      if (!*more) {
        at_eof = true;
        break;
      }
      // A file whose first line is not a separator is one message, not an mbox.
      if (!kind_known_ && !IsBlank(line_)) {
        kind_known_ = true;
        is_mbox_ = IsSeparatorLine(line_);
      }
      bool separator = is_mbox_ && prev_blank && IsSeparatorLine(line_);
      if (separator && length > 0 && !only_blank) {
        pending_ = line_;
        pending_offset_ = line_offset;
        file_pos_after_pending_ = file_pos_;
        pending_overflow_ = line_overflow_;
        break;
      }
      if (separator) {
        // Leading empty lines before the first separator are not a message.
        msg = MboxMessage{};
        msg.offset = line_offset;
        length = 0;
        separated = true;
      }
      add(line_, file_pos_ - line_offset, line_overflow_);
    }
    if (length == 0 || only_blank) {
      if (at_eof) return std::nullopt;
      continue;
    }
    msg.end = at_eof ? file_pos_ : pending_offset_;
    // The empty line that mbox writers put before the next "From " line is not the message's.
    if (separated && prev_blank && !msg.too_large && msg.bytes.size() >= last_line) {
      msg.bytes.resize(msg.bytes.size() - last_line);
    }
    return msg;
  }
}

}  // namespace kakunin::scan::internal
