// Readers for the DKIM vector formats in ../shared/testdata (SOURCES.md describes them).
#ifndef KAKUNIN_TESTS_DKIM_TEST_UTIL_H_
#define KAKUNIN_TESTS_DKIM_TEST_UTIL_H_

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "base/strings.h"
#include "testing/fake_resolver.h"

namespace kakunin::dkim::test {

inline std::string FirstLine(std::string_view text) {
  size_t eol = text.find_first_of("\r\n");
  return std::string(base::Trim(text.substr(0, eol)));
}

// Lines "<name> <TXT value>"; blank lines are skipped.
inline void AddRecordLines(std::string_view text, testing::FakeResolver& dns) {
  for (std::string_view line : base::Split(text, '\n')) {
    line = base::Trim(line);
    size_t sp = line.find(' ');
    if (line.empty() || sp == std::string_view::npos) continue;
    dns.AddTxt(line.substr(0, sp), std::string(line.substr(sp + 1)));
  }
}

// stalwart format: record lines, one empty line, then the message. Returns the message.
inline std::string SplitRecordsAndMessage(std::string_view text, testing::FakeResolver& dns) {
  size_t gap = text.find("\n\n");
  if (gap == std::string_view::npos) return std::string(text);
  AddRecordLines(text.substr(0, gap), dns);
  return std::string(text.substr(gap + 2));
}

// mailauth dns.json: {name: {TXT: [[strings...]]}}; the strings of one record are concatenated.
inline void AddDnsJson(std::string_view text, testing::FakeResolver& dns) {
  auto json = nlohmann::json::parse(text);
  for (const auto& [name, types] : json.items()) {
    if (!types.contains("TXT")) continue;
    for (const auto& record : types["TXT"]) {
      std::string joined;
      for (const auto& s : record) joined += s.get<std::string>();
      dns.AddTxt(name, joined);
    }
  }
}

}  // namespace kakunin::dkim::test

#endif  // KAKUNIN_TESTS_DKIM_TEST_UTIL_H_
