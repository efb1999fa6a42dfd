// SMTP submission of one stored message through libcurl.
#include <algorithm>
#include <cstring>

#include "base/strings.h"
#include "delivery/curl_handle.h"
#include "kakunin/delivery.h"

namespace kakunin::delivery {
namespace {

// RFC 5321 4.5.3.1.3: a path is at most 256 octets.
constexpr size_t kMaxPathBytes = 256;
// Only the header block is searched for To/From; kakunind's headers are a few hundred bytes.
constexpr size_t kMaxHeaderScanBytes = size_t{64} * 1024;

struct Upload {
  std::string_view rest;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

}  // namespace

std::string HeaderAddress(std::string_view message, std::string_view name) {
  std::string_view head = message.substr(0, std::min(message.size(), kMaxHeaderScanBytes));
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find('\n', pos);
    if (eol == std::string_view::npos) eol = head.size();
    std::string_view line = head.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // End of the header block.
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && base::EqualsIgnoreCase(base::Trim(line.substr(0, colon)), name)) {
      // Unfold (RFC 5322 2.2.3): kakunind folds a long encoded display name in From.
      std::string unfolded(base::Trim(line.substr(colon + 1)));
      for (size_t next = eol + 1; next < head.size() && (head[next] == ' ' || head[next] == '\t');) {
        size_t end = head.find('\n', next);
        if (end == std::string_view::npos) end = head.size();
        unfolded += " " + std::string(base::Trim(head.substr(next, end - next)));
        next = end + 1;
      }
      std::string_view value = base::Trim(unfolded);
      const size_t open = value.find('<');
      if (open != std::string_view::npos) {
        const size_t close = value.find('>', open);
        // Anything after the first <...> (", <b@y>") would be a second recipient: refused.
        if (close == std::string_view::npos || close + 1 != value.size()) return "";
        value = value.substr(open + 1, close - open - 1);
      }
      if (value.empty() || value.size() > kMaxPathBytes) return "";
      for (char c : value) {
        if (c == '\0' || c == '\r' || c == '\n' || c == ',' || c == ' ' || c == '<' || c == '>') return "";
      }
      return std::string(value);
    }
    pos = eol + 1;
  }
  return "";
}

SendResult SendMail(const SmtpOptions& options, std::string_view message) {
  SendResult result;
  const std::string to = HeaderAddress(message, "To");
  const std::string from = options.mail_from.empty() ? HeaderAddress(message, "From") : options.mail_from;
  if (to.empty()) {
    result.outcome = Outcome::kPermanent;
    result.detail = "no single recipient address in To";
    return result;
  }
  CurlPtr curl = NewCurl();
  if (!curl) {
    result.detail = "curl_easy_init failed";
    return result;
  }
  SlistPtr rcpt(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  Upload upload{message};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (options.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options.password.c_str());
  }
  const CURLcode code = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &result.status);
  if (code == CURLE_OK) {
    result.outcome = Outcome::kSent;
    return result;
  }
  // Only a 5xx reply about the message is final (RFC 5321 4.2.1); everything else is retried.
  // Authentication and TLS replies (RFC 4954 6: 530, 534, 535, 538) are about our configuration,
  // not the message: retried, so a wrong password never moves the whole queue to failed/.
  const long s = result.status;
  const bool config_reply = s == 530 || s == 534 || s == 535 || s == 538 || code == CURLE_LOGIN_DENIED;
  const bool final_reply = s >= 500 && s <= 599 && !config_reply;
  result.outcome = final_reply ? Outcome::kPermanent : Outcome::kTemporary;
  result.detail = curl_easy_strerror(code);
  return result;
}

}  // namespace kakunin::delivery
