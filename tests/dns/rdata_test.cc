// Wire RDATA decoding (what the live resolver gets from libunbound) and --dns-server parsing.
#include "dns/rdata.h"

#include <gtest/gtest.h>

#include <string>

#include "dns/unbound_resolver.h"

namespace kakunin::dns::internal {
namespace {

using namespace std::string_literals;

struct RdataCase {
  RrType type;
  std::string wire;
  bool ok;
  std::string data;
  uint16_t preference = 0;
};

const RdataCase kRdata[] = {
    {RrType::kA, "\xc0\x00\x02\x01"s, true, "192.0.2.1"},
    {RrType::kA, "\xc0\x00\x02"s, false, ""},
    {RrType::kAaaa, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01"s, true, "2001:db8::1"},
    {RrType::kAaaa, "\x20\x01"s, false, ""},
    {RrType::kMx,
     "\x00\x0a\x03MX1\x07"
     "Example\x03"
     "com\x00"s,
     true, "mx1.example.com", 10},
    {RrType::kMx, "\x00\x00\x00"s, true, "", 0},    // RFC 7505 null MX.
    {RrType::kMx, "\x00\x0a\x03mx1"s, false, ""},   // Name runs past the data.
    {RrType::kMx, "\x00\x0a\xc0\x0c"s, false, ""},  // Compression pointer.
    {RrType::kPtr,
     "\x03www\x07"
     "example\x03"
     "com\x00"s,
     true, "www.example.com"},
    {RrType::kCname, "\x03w.w\x00"s, true, "w\\046w"},  // A dot inside a label is escaped.
    {RrType::kCname, "\x03www\x00\x00"s, false, ""},    // Trailing bytes.
    {RrType::kTxt,
     "\x05v=spf\x07"
     "1 -all "s +
         "\x00"s,
     true, "v=spf1 -all "},
    {RrType::kTxt,
     "\x0a"
     "short"s,
     false, ""},
    {RrType::kTxt, ""s, false, ""},
};

TEST(RdataTest, DecodesWireForm) {
  for (const auto& c : kRdata) {
    SCOPED_TRACE(std::string(RrTypeName(c.type)) + " " + std::to_string(c.wire.size()));
    auto record = DecodeRdata(c.type, c.wire);
    ASSERT_EQ(record.has_value(), c.ok) << (record ? record->data : record.error().message);
    if (!c.ok) {
      EXPECT_EQ(record.error().code, ErrorCode::kDnsPermFail);
      continue;
    }
    EXPECT_EQ(record->data, c.data);
    EXPECT_EQ(record->preference, c.preference);
  }
}

TEST(RdataTest, NameLongerThan255OctetsIsRejected) {
  std::string wire;
  for (int i = 0; i < 5; ++i) wire += '\x3f' + std::string(63, 'a');
  wire += '\0';
  size_t pos = 0;
  EXPECT_FALSE(DecodeWireName(wire, &pos));
}

TEST(ServerAddressTest, ParsesAddrAndPort) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: kInvalidArgument.
  };
  const Case cases[] = {
      {"127.0.0.1", "127.0.0.1"},
      {"127.0.0.1:5353", "127.0.0.1@5353"},
      {"127.0.0.1@5353", "127.0.0.1@5353"},
      {"::1", "::1"},
      {"[::1]:53", "::1@53"},
      {"[2001:db8::1]", "2001:db8::1"},
      {"localhost", nullptr},
      {"127.0.0.1:0", nullptr},
      {"127.0.0.1:65536", nullptr},
      {"127.0.0.1:53x", nullptr},
      {"[::1", nullptr},
      {"", nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    auto parsed = ParseServerAddress(c.in);
    if (c.out == nullptr) {
      ASSERT_FALSE(parsed);
      EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    } else {
      ASSERT_TRUE(parsed) << parsed.error().message;
      EXPECT_EQ(*parsed, c.out);
    }
  }
}

}  // namespace
}  // namespace kakunin::dns::internal
