#include "dkim/canonicalize.h"

#include <gtest/gtest.h>

#include "dkim/from_domain.h"

namespace kakunin::dkim::internal {
namespace {

class StringSink : public ByteSink {
 public:
  void Append(std::string_view bytes) override {
    out.append(bytes);
    ++calls;
  }
  std::string out;
  int calls = 0;
};

std::string Body(Canonicalization c, std::string_view body, std::optional<uint64_t> limit = std::nullopt,
                 uint64_t* total = nullptr) {
  StringSink sink;
  uint64_t n = CanonicalizeBody(c, body, limit, sink);
  if (total != nullptr) *total = n;
  return sink.out;
}

std::string Header(Canonicalization c, std::string_view name, std::string_view raw) {
  std::string out;
  CanonicalizeHeader(c, name, raw, out);
  return out;
}

// RFC 6376 3.4.5, the canonicalization examples.
TEST(CanonicalizeTest, Rfc6376Examples) {
  EXPECT_EQ(Header(Canonicalization::kRelaxed, "A", "A: X\r\n"), "a:X\r\n");
  EXPECT_EQ(Header(Canonicalization::kRelaxed, "B", "B : Y\t\r\n\tZ  \r\n"), "b:Y Z\r\n");
  EXPECT_EQ(Header(Canonicalization::kSimple, "B", "B : Y\t\r\n\tZ  \r\n"), "B : Y\t\r\n\tZ  \r\n");
  std::string_view body = " C \r\nD \t E\r\n\r\n\r\n";
  EXPECT_EQ(Body(Canonicalization::kRelaxed, body), " C\r\nD E\r\n");
  EXPECT_EQ(Body(Canonicalization::kSimple, body), " C \r\nD \t E\r\n");
}

TEST(CanonicalizeTest, EmptyAndUnterminatedBodies) {
  // 3.4.3: an empty body is one CRLF under simple; 3.4.4: empty under relaxed.
  EXPECT_EQ(Body(Canonicalization::kSimple, ""), "\r\n");
  EXPECT_EQ(Body(Canonicalization::kSimple, "\r\n\r\n"), "\r\n");
  EXPECT_EQ(Body(Canonicalization::kRelaxed, ""), "");
  EXPECT_EQ(Body(Canonicalization::kRelaxed, "\r\n \t\r\n"), "");
  EXPECT_EQ(Body(Canonicalization::kSimple, "abc"), "abc\r\n");
  EXPECT_EQ(Body(Canonicalization::kRelaxed, "abc  "), "abc\r\n");
  EXPECT_EQ(Body(Canonicalization::kRelaxed, "a\r\n\r\nb\r\n"), "a\r\n\r\nb\r\n");
}

TEST(CanonicalizeTest, LimitCutsOutputButCountsAll) {
  uint64_t total = 0;
  EXPECT_EQ(Body(Canonicalization::kRelaxed, "hello  world\r\nmore\r\n", 7, &total), "hello w");
  EXPECT_EQ(total, 19u);
  EXPECT_EQ(Body(Canonicalization::kSimple, "abc\r\n\r\n", 4, &total), "abc\r");
  EXPECT_EQ(total, 5u);
  EXPECT_EQ(Body(Canonicalization::kSimple, "abc", 0, &total), "");
}

TEST(CanonicalizeTest, LargeRelaxedBodyIsChunked) {
  std::string body;
  for (int i = 0; i < 5000; ++i) body += "line  with\tspaces   \r\n";
  StringSink sink;
  uint64_t n = CanonicalizeBody(Canonicalization::kRelaxed, body, std::nullopt, sink);
  std::string expected;
  for (int i = 0; i < 5000; ++i) expected += "line with spaces\r\n";
  EXPECT_EQ(sink.out, expected);
  EXPECT_EQ(n, expected.size());
  EXPECT_GT(sink.calls, 1);
  EXPECT_LE(sink.calls, static_cast<int>(expected.size() / kChunkBytes) + 1);
}

// A plain reading of RFC 6376 3.4.4, to check the optimised one against.
std::string NaiveRelaxed(std::string_view body) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    std::string line(body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl != std::string_view::npos && !line.empty() && line.back() == '\r') line.pop_back();
    std::string out;
    for (char c : line) {
      bool wsp = c == ' ' || c == '\t';
      if (wsp && !out.empty() && out.back() == ' ') continue;
      out.push_back(wsp ? ' ' : c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    lines.push_back(out);
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string result;
  for (const auto& l : lines) result += l + "\r\n";
  return result;
}

TEST(CanonicalizeTest, RelaxedMatchesAPlainReadingOnOddInputs) {
  std::vector<std::string> inputs = {
      "a" + std::string(3 * kChunkBytes, ' ') + "b\r\n",                // A WSP run across segments.
      std::string(kChunkBytes - 1, 'x') + " \t y\r\n",                  // A run at a segment edge.
      std::string(2 * kChunkBytes + 7, 'z') + "\r\n\r\n  \r\n",        // Long line without WSP.
      " \t lead\r\nmid\r\r\n\r\n\ttab  \r\nno-final-crlf   ",
  };
  uint32_t seed = 6376;
  for (int n = 0; n < 200; ++n) {  // Random mixes of the characters that matter.
    std::string s;
    for (int i = 0; i < 300; ++i) {
      seed = seed * 1103515245u + 12345u;
      s.push_back(" \t\r\nab"[(seed >> 16) % 6]);
    }
    inputs.push_back(s);
  }
  for (int n = 0; n < 300; ++n) {  // Mail-shaped: long blank-free lines, empty lines, a few blanks.
    std::string s;
    int lines = 1 + static_cast<int>((seed >> 8) % 40);
    for (int l = 0; l < lines; ++l) {
      seed = seed * 1103515245u + 12345u;
      uint32_t kind = (seed >> 16) % 10;
      size_t len = kind < 2 ? 0 : (seed >> 4) % 90;
      for (size_t i = 0; i < len; ++i) {
        seed = seed * 1103515245u + 12345u;
        uint32_t r = (seed >> 16) % 64;
        s.push_back(kind == 9 && r < 6 ? " \t \r\n "[r] : static_cast<char>('A' + r % 26));
      }
      if (l + 1 < lines || kind % 2 == 0) s += "\r\n";
    }
    inputs.push_back(s);
  }
  for (const std::string& in : inputs) {
    std::string want = NaiveRelaxed(in);
    uint64_t total = 0;
    EXPECT_EQ(Body(Canonicalization::kRelaxed, in, std::nullopt, &total), want);
    EXPECT_EQ(total, want.size());
    EXPECT_EQ(Body(Canonicalization::kRelaxed, in, 5), want.substr(0, 5));
    size_t cut = want.size() / 2 + 1;  // A limit inside a run passed on unchanged.
    EXPECT_EQ(Body(Canonicalization::kRelaxed, in, cut), want.substr(0, cut));
  }
}

TEST(SelectSignedFieldsTest, PicksFromTheBottomAndSkipsMissing) {
  std::vector<mime::HeaderField> fields = {
      {"From", "From: a\r\n"}, {"To", "To: b\r\n"}, {"from", "from: c\r\n"}};
  auto picked = SelectSignedFields(fields, {"from", "from", "from", "subject", "to"});
  ASSERT_EQ(picked.size(), 5u);
  EXPECT_EQ(picked[0], &fields[2]);
  EXPECT_EQ(picked[1], &fields[0]);
  EXPECT_EQ(picked[2], nullptr);
  EXPECT_EQ(picked[3], nullptr);
  EXPECT_EQ(picked[4], &fields[1]);
}

TEST(FromDomainsTest, ReadsMailboxes) {
  struct Case {
    const char* value;
    std::vector<std::string> domains;
  };
  const Case cases[] = {
      {" joe@Example.COM", {"example.com"}},
      {" \"Joe, <x@evil.test>\" <joe@example.com>", {"example.com"}},
      {" Joe (comment <x@evil.test>) <joe@example.com>", {"example.com"}},
      {" a@one.test, B <b@two.test>", {"one.test", "two.test"}},
      {" group: a@one.test, b@two.test;", {"one.test", "two.test"}},
      {" =?utf-8?q?Amazon?= <\r\n account@amazon.co.jp>", {"amazon.co.jp"}},
      {" nobody", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(FromDomains(c.value), c.domains) << c.value;
}

}  // namespace
}  // namespace kakunin::dkim::internal
