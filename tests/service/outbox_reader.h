// Reads what kakunind wrote to its Maildir and SMS outboxes, for tests: the messages in new/,
// their recipients, the decoded text part and the code in it. Header-only; not thread-safe.
#ifndef KAKUNIN_TESTS_SERVICE_OUTBOX_READER_H_
#define KAKUNIN_TESTS_SERVICE_OUTBOX_READER_H_

#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace kakunin::testing {

struct OutMessage {
  std::string file;
  std::string raw;
  std::string to;
  std::string text;  // Decoded first (text/plain) part, or the SMS body.
  std::string Code() const {
    std::smatch m;
    static const std::regex kCode("(?:^|\\s)(\\d{6,10})(?:\\s|$|[(\\xef])");
    return std::regex_search(text, m, kCode) ? m[1].str() : "";
  }
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string DecodeBase64(const std::string& b64) {
  std::string out(b64.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(), b64.size(), "\r\n",
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return "";
  }
  out.resize(len);
  return out;
}

// Every message in `dir`/new, oldest first (kakunind's names are "<time>.<queue id>.<nonce>", so
// they sort in queue order; modification times are too coarse to order them).
inline std::vector<OutMessage> ReadOutbox(const std::string& dir) {
  std::vector<std::filesystem::directory_entry> entries;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/new", ec)) entries.push_back(e);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  std::vector<OutMessage> out;
  for (const auto& e : entries) {
    OutMessage m;
    m.file = e.path().string();
    m.raw = Slurp(m.file);
    if (m.file.ends_with(".json")) {  // SMS
      std::smatch s;
      static const std::regex kTo("\"to\":\"([^\"]*)\"");
      static const std::regex kBody("\"body\":\"([^\"]*)\"");
      if (std::regex_search(m.raw, s, kTo)) m.to = s[1].str();
      if (std::regex_search(m.raw, s, kBody)) m.text = s[1].str();
    } else {
      std::smatch s;
      static const std::regex kTo("\r\nTo: <([^>]*)>");
      if (std::regex_search(m.raw, s, kTo)) m.to = s[1].str();
      const size_t part = m.raw.find("Content-Transfer-Encoding: base64\r\n\r\n");
      if (part != std::string::npos) {
        const size_t start = part + 37;
        const size_t end = m.raw.find("--", start);
        m.text = DecodeBase64(m.raw.substr(start, end - start));
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

// The newest message to `to`, or an empty one.
inline OutMessage LastTo(const std::string& dir, const std::string& to) {
  auto all = ReadOutbox(dir);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->to == to) return *it;
  }
  return {};
}

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_SERVICE_OUTBOX_READER_H_
