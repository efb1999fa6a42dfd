// The local sources: mbox file, Maildir, folder of .eml files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "base/file.h"
#include "kakunin/scan.h"
#include "scan/mbox_reader.h"

namespace kakunin::scan {
namespace {

namespace fs = std::filesystem;

Error IoError(const std::string& what, std::string_view why) {
  return Error{ErrorCode::kIo, what + ": " + std::string(why)};
}

Error TooLarge(size_t max) {
  return Error{ErrorCode::kLimitExceeded, "message larger than " + std::to_string(max) + " bytes; skipped"};
}

class MboxSource final : public Source {
 public:
  MboxSource(std::string path, int fd, uint64_t size, size_t max)
      : path_(std::move(path)), fd_(fd), size_(size), max_(max), reader_(fd, max) {}
  ~MboxSource() override { ::close(fd_); }
  MboxSource(const MboxSource&) = delete;
  MboxSource& operator=(const MboxSource&) = delete;

  Result<std::optional<Item>> Next() override {
    auto next = reader_.Next();
    if (!next) return tl::unexpected(IoError(path_, next.error().message));
    if (!*next) return std::optional<Item>();
    Item item;
    item.location = Location{SourceKind::kMbox, path_, ++index_, (*next)->offset, 0};
    item.progress = (*next)->end;
    if ((*next)->too_large) {
      item.error = TooLarge(max_);
    } else {
      item.bytes = std::move((*next)->bytes);
    }
    return std::optional<Item>(std::move(item));
  }
  uint64_t total() const override { return size_; }
  SourceKind kind() const override { return SourceKind::kMbox; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
  size_t max_;
  internal::MboxReader reader_;
  uint64_t index_ = 0;
};

// Maildir or .eml folder: a list of file names taken when the source opens (names only, so
// memory grows with the number of files, not their size).
class FileListSource final : public Source {
 public:
  FileListSource(SourceKind kind, std::vector<std::string> files, size_t max)
      : kind_(kind), files_(std::move(files)), max_(max) {}

  Result<std::optional<Item>> Next() override {
    if (next_ == files_.size()) return std::optional<Item>();
    const std::string& path = files_[next_++];
    Item item;
    item.location = Location{kind_, path, next_, 0, 0};
    item.progress = next_;
    // One byte past the limit, so an oversized message is noticed, not cut.
    auto read = base::ReadInput(path, max_ + 1);
    if (!read) {
      // A file that vanished or cannot be read is one skipped message (a Maildir changes while
      // a mail client runs), not the end of the scan.
      item.error = IoError(path, read.error().message);
    } else if (read->truncated || read->bytes.size() > max_) {
      item.error = TooLarge(max_);
    } else {
      item.bytes = std::move(read->bytes);
    }
    return std::optional<Item>(std::move(item));
  }
  uint64_t total() const override { return files_.size(); }
  SourceKind kind() const override { return kind_; }

 private:
  SourceKind kind_;
  std::vector<std::string> files_;
  size_t max_;
  size_t next_ = 0;
};

bool Hidden(const fs::path& p) { return p.filename().string().starts_with("."); }

Result<std::vector<std::string>> MaildirFiles(const fs::path& root) {
  std::vector<std::string> all;
  for (const char* sub : {"cur", "new"}) {
    std::error_code ec;
    if (!fs::is_directory(root / sub, ec)) continue;
    std::vector<std::string> files;
    for (fs::directory_iterator it(root / sub, ec), end; !ec && it != end; it.increment(ec)) {
      if (Hidden(it->path())) continue;
      std::error_code ec2;
      if (it->is_regular_file(ec2)) files.push_back(it->path().string());
    }
    if (ec) return tl::unexpected(IoError((root / sub).string(), ec.message()));
    std::sort(files.begin(), files.end());
    all.insert(all.end(), files.begin(), files.end());
  }
  return all;
}

Result<std::vector<std::string>> EmlFiles(const fs::path& root) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (Hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::error_code ec2;
    if (ext == ".eml" && it->is_regular_file(ec2)) files.push_back(it->path().string());
  }
  if (ec) return tl::unexpected(IoError(root.string(), ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Result<std::unique_ptr<Source>> OpenPath(const std::string& path, const SourceOptions& options) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    if (ec && ec != std::errc::no_such_file_or_directory) return tl::unexpected(IoError(path, ec.message()));
    return tl::unexpected(Error{ErrorCode::kNotFound, path + ": no such file or directory"});
  }
  if (fs::is_directory(status)) {
    fs::path root(path);
    if (fs::is_directory(root / "cur", ec) || fs::is_directory(root / "new", ec)) {
      auto files = MaildirFiles(root);
      if (!files) return tl::unexpected(files.error());
      return std::unique_ptr<Source>(
          std::make_unique<FileListSource>(SourceKind::kMaildir, std::move(*files), options.max_message_bytes));
    }
    auto files = EmlFiles(root);
    if (!files) return tl::unexpected(files.error());
    return std::unique_ptr<Source>(
        std::make_unique<FileListSource>(SourceKind::kEmlDirectory, std::move(*files), options.max_message_bytes));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(IoError(path, std::strerror(errno)));
  struct stat st {};
  uint64_t size = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  return std::unique_ptr<Source>(std::make_unique<MboxSource>(path, fd, size, options.max_message_bytes));
}

}  // namespace kakunin::scan
