// Differential test: kakunin's URL parser against Node's built-in URL class (a browser-grade
// WHATWG implementation) over the WPT inputs and over thousands of generated tricky URLs. For
// every input, both must fail or both succeed, and when both succeed the hostname and port must
// agree. The generator is deterministic (fixed seed), so a disagreement reproduces.
// Skipped, with the reason, only when no `node` is on PATH.
#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "kakunin/url.h"
#include "testing/paths.h"

namespace kakunin::url {
namespace {

using nlohmann::json;

constexpr uint32_t kSeed = 20260528;
constexpr int kGenerated = 20000;

std::string FindNode() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string p(path);
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::filesystem::path candidate = std::filesystem::path(p.substr(start, end - start)) / "node";
    std::error_code ec;
    if (!p.substr(start, end - start).empty() && std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    start = end + 1;
  }
  return "";
}

// Pieces the generator combines: each is a trick seen in phishing links or a parser edge.
const std::vector<std::string> kSchemes = {"http://", "https://", "HtTpS://", "http:\\\\", "https:/", "http:", "https:\\/",
                                           "ftp://", "ws://", "wss://", "file://", "foo://", "//", ""};
const std::vector<std::string> kUserinfo = {"", "", "", "user@", "user:pass@", "www.amazon.co.jp@", "a@b@", "%40@", ":@",
                                            "@", "u%3Ap@", "amazon.co.jp%40@", "x:y:z@"};
const std::vector<std::string> kHosts = {
    "example.com", "www.amazon.co.jp", "EXAMPLE.COM", "exa%41mple.com", "xn--80ak6aa92e.com",
    "\xD0\xB0mazon.com", "\xEF\xBD\x81\xEF\xBD\x8D\xEF\xBD\x81\xEF\xBD\x9A\xEF\xBD\x8F\xEF\xBD\x8E\xEF\xBC\x8E\xEF\xBD\x83\xEF\xBD\x8F\xEF\xBD\x8D",
    "a..b", "a.b.", ".", "..", "\xC3\x9F.de", "fa\xC3\x9F.de", "\xE2\x80\x8B" "example.com", "xn--", "xn--a", "xn--zca.com",
    "a b", "a%20b", "a%2eb.com", "%", "%zz", "%c3%a9.com", "%ff.com", "%e2%80%8b.com", "[::1]", "[::ffff:1.2.3.4]",
    "[1:2:3:4:5:6:7:8]", "[1::]", "[::1.2.3]", "[v1.x]", "[0:0::0:0:8]", "[::ffff:0xc0.1]", "1.2.3.4", "0x7f.1",
    "0x7f.0.0.1", "017700000001", "2130706433", "4294967295", "4294967296", "1.2.3.4.5", "1.2.3.256", "0x100.1",
    "09.1.1.1", "1.2.3.09", "0.0.0.0x", "1..2", "1.2.3.4.", "1.2.3.4..", "foo.0x4", "foo.09", "foo.1e", "a.b.c.123",
    "0X", "0x", "00", "0.0x.0", "\xD9\xA1\xD9\xA2\xD9\xA3.com", "\xE6\x97\xA5\xE6\x9C\xAC.jp", "xn--wgv71a.jp",
    "EXAMPLE.xn--p1ai", "paypa1.com", "rnicrosoft.com", "a<b", "a^b", "a|b", "a_b.com", "-a-.com", "a--b.com",
    "\xE3\x80\x82" "com", "x\xE3\x80\x82y", "localhost", "LOCALHOST", "\xEF\xBF\xBD.com", "xn--ls8h", "\xF0\x9F\x92\xA9.la"};
const std::vector<std::string> kLabels = {"www", "amazon", "co", "jp", "com", "0x7f", "1", "256", "09", "xn--a",
                                          "\xD0\xB0", "\xC3\x9F", "A", "", "%41", "ex%2Eample"};
const std::vector<std::string> kDots = {".", ".", ".", "\xE3\x80\x82", "\xEF\xBC\x8E", "%2e", "%2E"};
const std::vector<std::string> kPorts = {"", "", "", ":", ":80", ":443", ":8080", ":65535", ":65536", ":0", ":00080",
                                         ":8o", ":-1", ":99999999999"};
const std::vector<std::string> kPaths = {"", "/", "/a/../b", "\\x", "/%2e%2e/", "?q=@x", "#@evil.com", "/@evil.com",
                                         "/login?next=https://evil.example/", "/%5C%5Cevil", "?", "#"};
const std::vector<std::string> kNoise = {"\t", "\n", "\r", " ", "\x01", "\\", "@", "/", "%", ":"};

std::string Pick(std::mt19937& rng, const std::vector<std::string>& pool) {
  return pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(rng)];
}

std::string GenerateUrl(std::mt19937& rng) {
  std::uniform_int_distribution<int> percent(0, 99);
  std::string host;
  if (percent(rng) < 60) {
    host = Pick(rng, kHosts);
  } else {
    int n = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int i = 0; i < n; ++i) host += (i ? Pick(rng, kDots) : "") + Pick(rng, kLabels);
  }
  std::string url = Pick(rng, kSchemes) + Pick(rng, kUserinfo) + host + Pick(rng, kPorts) + Pick(rng, kPaths);
  // Sprinkle tabs, newlines, backslashes and '@' at random places (at code point boundaries).
  int noise = percent(rng) < 30 ? std::uniform_int_distribution<int>(1, 3)(rng) : 0;
  for (int i = 0; i < noise; ++i) {
    size_t at = std::uniform_int_distribution<size_t>(0, url.size())(rng);
    while (at < url.size() && (static_cast<unsigned char>(url[at]) & 0xC0) == 0x80) ++at;
    url.insert(at, Pick(rng, kNoise));
  }
  if (percent(rng) < 5) url = "  " + url + " \x01";
  return url;
}

// The one known disagreement: Node 20's URL (ada 2.9.2) accepts a host label that starts with an
// Arabic-Indic digit ("\u0661\u0662\u0663.com"), although UTS #46 CheckBidi (required by the URL
// Standard) makes that label fail Bidi rule 1: a label in a Bidi domain name must start with a
// character of class L, R or AL, and these digits are AN. Unicode's own IdnaTestV2.txt records
// exactly this as error B1 (e.g. the "\u0661\u1B44-..." cases); ICU 72 rejects it, as we do.
bool StartsLabelWithArabicNumber(const std::string& input) {
  size_t i = 0;
  bool at_label_start = true;
  while (i < input.size()) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(input.data()), i, input.size(), cp);
    if (at_label_start && cp >= 0 && u_charDirection(cp) == U_ARABIC_NUMBER) return true;
    at_label_start = cp == '.' || cp == '/' || cp == '@' || cp == '\\' || cp == ':' || cp == '\t' || cp == '\n' ||
                     cp == 0x3002 || cp == 0xFF0E;
  }
  return false;
}

json Answer(const std::string& input, const std::optional<std::string>& base) {
  json line;
  line["input"] = input;
  line["base"] = base ? json(*base) : json(nullptr);
  std::optional<Url> base_url;
  if (base) {
    auto b = Parse(*base);
    if (b) base_url = *b;
  }
  auto u = Parse(input, base_url ? &*base_url : nullptr);
  line["ok"] = u.has_value() && (!base || base_url.has_value());
  line["hostname"] = u ? u->Hostname() : "";
  line["port"] = u && u->port ? std::to_string(*u->port) : "";
  line["href"] = u ? u->Href() : "";
  return line;
}

TEST(NodeDifferentialTest, HostsAndFailuresAgreeWithNodeUrl) {
  std::string node = FindNode();
  if (node.empty()) GTEST_SKIP() << "node is not on PATH: the differential test against Node's URL is skipped";

  std::vector<json> lines;
  std::string wpt = kakunin::testing::ReadFileOrDie(kakunin::testing::SharedDir() +
                                                    "/testdata/whatwg-url-wpt/urltestdata.json");
  json data = json::parse(wpt, nullptr, false);
  int wpt_cases = 0;
  if (data.is_array()) {
    for (const auto& c : data) {
      if (!c.is_object()) continue;
      std::string input = c["input"].get<std::string>();
      std::optional<std::string> base;
      if (c.contains("base") && c["base"].is_string()) base = c["base"].get<std::string>();
      lines.push_back(Answer(input, base));
      ++wpt_cases;
    }
  }
  std::mt19937 rng(kSeed);
  for (int i = 0; i < kGenerated; ++i) lines.push_back(Answer(GenerateUrl(rng), std::nullopt));

  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("kakunin_url_diff_" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream out(file, std::ios::binary);
    for (const auto& l : lines) out << l.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }
  std::string script = kakunin::testing::SourceDir() + "/tests/url/node_differential.js";
  std::string command = "'" + node + "' '" + script + "' '" + file.string() + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) output.append(buf, n);
  int status = ::pclose(pipe);
  std::filesystem::remove(file);
  ASSERT_EQ(status, 0) << output;
  json result = json::parse(output, nullptr, false);
  ASSERT_TRUE(result.is_object()) << output;

  std::printf("node %s (ada %s, ICU %s): %d WPT + %d generated inputs, %d both accept, %d both reject, "
              "%d identical href; %zu host, %zu port, %zu failure disagreements\n",
              result["node"].get<std::string>().c_str(), result["ada"].get<std::string>().c_str(),
              result["icu"].get<std::string>().c_str(), wpt_cases, kGenerated, result["both_ok"].get<int>(),
              result["both_fail"].get<int>(), result["href_equal"].get<int>(), result["host_mismatch"].size(),
              result["port_mismatch"].size(), result["failure_mismatch"].size());
  EXPECT_EQ(result["total"].get<size_t>(), lines.size());
  for (const auto& m : result["host_mismatch"]) ADD_FAILURE() << "host differs: " << m.dump();
  for (const auto& m : result["port_mismatch"]) ADD_FAILURE() << "port differs: " << m.dump();
  int bidi_deviations = 0;
  for (const auto& m : result["failure_mismatch"]) {
    if (m["kakunin"] == "failure" && StartsLabelWithArabicNumber(m["input"].get<std::string>())) {
      ++bidi_deviations;  // Listed deviation above.
      continue;
    }
    ADD_FAILURE() << "failure differs: " << m.dump();
  }
  std::printf("listed deviation (Bidi rule 1, Node accepts): %d inputs\n", bidi_deviations);
  // The generator must really exercise both outcomes.
  EXPECT_GT(result["both_ok"].get<int>(), kGenerated / 4);
  EXPECT_GT(result["both_fail"].get<int>(), kGenerated / 10);
}

}  // namespace
}  // namespace kakunin::url
