// Streaming mbox splitter (RFC 4155): reads an mbox file in fixed-size blocks and returns one
// message at a time, so memory stays bounded by the largest message, not the file. Internal to
// scan/.
//
// A message starts at a "From " separator line (mime::internal::IsMboxSeparator, with a time of
// day in the date as RFC 4155's date requires) at the start of the file or after an empty line; the empty line before a separator belongs to the mbox format,
// not to the message. Each message keeps its "From " line: mime::Message::Parse drops it and
// undoes mboxrd ">From " quoting. A file that does not start with a separator (a plain .eml) is
// one message. Not thread-safe.
#ifndef KAKUNIN_SCAN_MBOX_READER_H_
#define KAKUNIN_SCAN_MBOX_READER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "kakunin/result.h"

namespace kakunin::scan::internal {

struct MboxMessage {
  std::string bytes;       // Empty when `too_large`.
  uint64_t offset = 0;     // Byte offset of its first line in the file.
  uint64_t end = 0;        // Byte offset just past it (the next separator, or EOF).
  bool too_large = false;  // Longer than max_message_bytes: its bytes were skipped, not kept.
};

class MboxReader {
 public:
  // Reads from `fd` (not owned; must stay open while the reader is used). A message longer than
  // `max_message_bytes` is returned with too_large set: a hostile mbox cannot make the reader
  // hold more than about twice that (the message and one line).
  MboxReader(int fd, size_t max_message_bytes);

  // The next message; nullopt at end of file. Errors: kIo (read failure).
  [[nodiscard]] Result<std::optional<MboxMessage>> Next();

 private:
  // Reads one line (with its '\n', if any) into line_; false at EOF. A line longer than the
  // message limit is cut (line_overflow_ tells) - only its start matters then.
  Result<bool> ReadLine();

  int fd_;
  size_t max_;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool eof_ = false;
  uint64_t file_pos_ = 0;  // Offset of the next unread line.
  std::string line_;
  bool line_overflow_ = false;
  // A separator line already read: the start of the next message.
  std::optional<std::string> pending_;
  uint64_t pending_offset_ = 0;
  uint64_t file_pos_after_pending_ = 0;
  bool pending_overflow_ = false;
  bool kind_known_ = false;  // The first non-empty line has been seen...
  bool is_mbox_ = false;     // ...and was a separator.
};

}  // namespace kakunin::scan::internal

#endif  // KAKUNIN_SCAN_MBOX_READER_H_
