// IMAP source over libcurl (RFC 9051 UID SEARCH / UID FETCH; RFC 8314 implicit TLS for imaps).
// One curl handle, so one connection: login and SELECT happen once, then one UID FETCH per
// message. libcurl's fetch is BODY[] (not BODY.PEEK[]), which sets \Seen; the source therefore
// asks for the UNSEEN set first and clears \Seen again on those messages after fetching them,
// so a scan leaves the mailbox's flags as it found them.
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <mutex>
#include <unordered_set>

#include "kakunin/scan.h"

namespace kakunin::scan {
namespace {

// Bounds on what the server sends besides messages: a UID SEARCH answer lists every UID (about
// 8 bytes each), so this allows mailboxes of several million messages; a hostile server cannot
// make the list grow past it.
constexpr size_t kMaxSearchResponseBytes = size_t{64} << 20;

struct Sink {
  std::string* out;
  size_t max;
  bool overflow = false;
};

size_t WriteToSink(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t len = size * n;
  if (sink->out->size() + len > sink->max) {
    sink->overflow = true;
    return 0;  // Makes curl stop the transfer with CURLE_WRITE_ERROR.
  }
  sink->out->append(data, len);
  return len;
}

int StopCheck(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* stop = static_cast<const std::atomic<bool>*>(user);
  return stop != nullptr && stop->load(std::memory_order_relaxed) ? 1 : 0;
}

Error Invalid(const std::string& why) { return Error{ErrorCode::kInvalidArgument, "IMAP URL: " + why}; }

// The numbers after "* SEARCH" on every untagged SEARCH line.
std::vector<uint64_t> ParseSearch(std::string_view response) {
  std::vector<uint64_t> uids;
  size_t pos = 0;
  while (pos < response.size()) {
    size_t eol = response.find('\n', pos);
    std::string_view line = response.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? response.size() : eol + 1;
    if (!line.starts_with("* SEARCH")) continue;
    line.remove_prefix(8);
    while (!line.empty()) {
      size_t start = line.find_first_of("0123456789");
      if (start == std::string_view::npos) break;
      line.remove_prefix(start);
      uint64_t uid = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), uid);
      if (ec != std::errc()) break;  // Out of range: not a UID (RFC 9051: nz-number < 2^32).
      uids.push_back(uid);
      line.remove_prefix(static_cast<size_t>(end - line.data()));
    }
  }
  return uids;
}

class ImapSource final : public Source {
 public:
  ImapSource(CURL* curl, std::string base_url, std::string display_url, const ImapOptions& options)
      : curl_(curl), base_url_(std::move(base_url)), display_url_(std::move(display_url)), options_(options) {}
  ~ImapSource() override { curl_easy_cleanup(curl_); }
  ImapSource(const ImapSource&) = delete;
  ImapSource& operator=(const ImapSource&) = delete;

  Result<void> List() {
    std::string all;
    if (auto r = Perform(base_url_, "UID SEARCH ALL", all, kMaxSearchResponseBytes); !r) return r;
    uids_ = ParseSearch(all);
    std::string unseen;
    if (auto r = Perform(base_url_, "UID SEARCH UNSEEN", unseen, kMaxSearchResponseBytes); !r) return r;
    for (uint64_t uid : ParseSearch(unseen)) unseen_.insert(uid);
    return {};
  }

  Result<std::optional<Item>> Next() override {
    if (next_ == uids_.size() || Stopping()) return std::optional<Item>();
    uint64_t uid = uids_[next_++];
    Item item;
    item.location = Location{SourceKind::kImap, display_url_, next_, 0, uid};
    item.progress = next_;
    std::string bytes;
    auto fetched = Perform(base_url_ + "/;UID=" + std::to_string(uid), nullptr, bytes, options_.max_message_bytes);
    if (!fetched) {
      if (Stopping()) return std::optional<Item>();
      if (fetched.error().code == ErrorCode::kLimitExceeded || fetched.error().code == ErrorCode::kNotFound) {
        item.error = fetched.error();  // This message only; the next fetch reconnects if needed.
      } else {
        return tl::unexpected(fetched.error());
      }
    } else {
      item.bytes = std::move(bytes);
    }
    if (unseen_.contains(uid)) {
      std::string ignored;
      auto restored = Perform(base_url_, ("UID STORE " + std::to_string(uid) + " -FLAGS.SILENT (\\Seen)").c_str(),
                              ignored, kMaxSearchResponseBytes);
      if (!restored && !Stopping()) return tl::unexpected(restored.error());
    }
    return std::optional<Item>(std::move(item));
  }
  uint64_t total() const override { return uids_.size(); }
  SourceKind kind() const override { return SourceKind::kImap; }

 private:
  bool Stopping() const { return options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed); }

  Result<void> Perform(const std::string& url, const char* custom, std::string& out, size_t max) {
    Sink sink{&out, max};
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, custom);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, WriteToSink);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(curl_);
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
    if (rc == CURLE_OK) return {};
    if (sink.overflow) {
      return tl::unexpected(Error{ErrorCode::kLimitExceeded,
                                  "message larger than " + std::to_string(max) + " bytes; skipped"});
    }
    std::string why = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
    ErrorCode code = rc == CURLE_REMOTE_FILE_NOT_FOUND ? ErrorCode::kNotFound : ErrorCode::kIo;
    return tl::unexpected(Error{code, display_url_ + ": " + why});
  }

  CURL* curl_;
  std::string base_url_;
  std::string display_url_;
  ImapOptions options_;
  std::vector<uint64_t> uids_;
  std::unordered_set<uint64_t> unseen_;
  size_t next_ = 0;
};

struct UrlParts {
  std::string scheme, user, host, port, path;
};

Result<UrlParts> SplitUrl(const std::string& url) {
  CURLU* u = curl_url();
  if (u == nullptr) throw std::bad_alloc();
  auto part = [u](CURLUPart what, unsigned flags) -> std::optional<std::string> {
    char* value = nullptr;
    if (curl_url_get(u, what, &value, flags) != CURLUE_OK || value == nullptr) return std::nullopt;
    std::string s(value);
    curl_free(value);
    return s;
  };
  UrlParts parts;
  std::optional<Error> error;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    error = Invalid("cannot parse \"" + url + "\"");
  } else {
    parts.scheme = part(CURLUPART_SCHEME, 0).value_or("");
    parts.user = part(CURLUPART_USER, CURLU_URLDECODE).value_or("");
    parts.host = part(CURLUPART_HOST, 0).value_or("");
    parts.port = part(CURLUPART_PORT, 0).value_or("");
    parts.path = part(CURLUPART_PATH, 0).value_or("");
    if (parts.scheme != "imap" && parts.scheme != "imaps") {
      error = Invalid("the scheme must be imaps:// (or imap:// without TLS)");
    } else if (part(CURLUPART_PASSWORD, 0)) {
      error = Invalid("do not put the password in the URL (it would show in the process list); use the prompt or KAKUNIN_IMAP_PASSWORD");
    } else if (parts.user.empty()) {
      error = Invalid("no user name: imaps://USER@HOST/MAILBOX");
    } else if (parts.path.size() < 2 || parts.path.find(';') != std::string::npos || part(CURLUPART_QUERY, 0)) {
      error = Invalid("name one mailbox: imaps://USER@HOST/MAILBOX (e.g. /INBOX), without ;UID= or ?query");
    }
  }
  curl_url_cleanup(u);
  if (error) return tl::unexpected(*error);
  while (parts.path.size() > 1 && parts.path.back() == '/') parts.path.pop_back();
  return parts;
}

}  // namespace

Result<std::unique_ptr<Source>> OpenImap(const ImapOptions& options) {
  auto parts = SplitUrl(options.url);
  if (!parts) return tl::unexpected(parts.error());
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (curl == nullptr) throw std::bad_alloc();
  std::string authority = parts->host + (parts->port.empty() ? "" : ":" + parts->port);
  std::string base_url = parts->scheme + "://" + authority + parts->path;
  std::string display_url = parts->scheme + "://" + parts->user + "@" + authority + parts->path;
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(curl, CURLOPT_USERNAME, parts->user.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, options.password.c_str());
  // Verified TLS is libcurl's default; say so anyway, it is the point of imaps://.
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options.timeout_ms);
  // A server that stops sending for the timeout is given up on (no overall limit: a large
  // message on a slow link is fine).
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, std::max(1L, options.timeout_ms / 1000));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, StopCheck);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, options.stop);
  auto source = std::make_unique<ImapSource>(curl, std::move(base_url), std::move(display_url), options);
  if (auto listed = source->List(); !listed) return tl::unexpected(listed.error());
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace kakunin::scan
