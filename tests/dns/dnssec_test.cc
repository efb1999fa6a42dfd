// DNSSEC through the live resolver: a zone signed at test time with ldns-signzone, served by a
// real unbound (auth-zone) on 127.0.0.1, validated by libunbound against that zone's key as the
// trust anchor. Secure answers, NSEC-proven absence, a tampered record (bogus, withheld) and a
// name outside the anchor (insecure).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dns/local_unbound.h"
#include "kakunin/dns.h"

namespace kakunin::dns {
namespace {

namespace fs = std::filesystem;

constexpr char kZone[] = R"zone($ORIGIN secure.example.com.
$TTL 300
@               SOA ns hostmaster 1 7200 3600 1209600 300
@               NS  ns
ns              A   127.0.0.1
sel._domainkey  TXT "v=DKIM1; k=ed25519; " "p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
forged          TXT "original"
)zone";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class DnssecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool :
         {kakunin::testing::kUnboundBinary, "/usr/bin/ldns-keygen", "/usr/bin/ldns-signzone"}) {
      if (!fs::exists(tool))
        GTEST_SKIP() << tool << " is missing: install unbound and ldnsutils (scripts/deps.sh)";
    }
    dir_ = fs::temp_directory_path() / ("kakunin-dnssec-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "zone") << kZone;
    // One ECDSA P-256 key signs the whole zone; its DNSKEY is the trust anchor.
    std::string cmd = "cd '" + dir_.string() +
                      "' && key=$(ldns-keygen -a ECDSAP256SHA256 -k secure.example.com) && "
                      "ldns-signzone zone \"$key\" && cp \"$key.key\" anchor.key && "
                      "sed -i 's/\"original\"/\"tampered\"/' zone.signed";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    ASSERT_NE(ReadAll(dir_ / "zone.signed").find("RRSIG"), std::string::npos);

    kakunin::testing::LocalUnboundConfig config;
    config.local_zones = {"example.com. static", "secure.example.com. transparent"};
    config.local_data = {"www.example.com. 300 IN A 192.0.2.10"};
    config.auth_zones = {{"secure.example.com.", (dir_ / "zone.signed").string()}};
    std::string error = server_.Start(config);
    ASSERT_EQ(error, "") << error;
  }
  void TearDown() override {
    server_.Stop();
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  Result<std::unique_ptr<Resolver>> Open() {
    ResolverOptions options;
    options.server = server_.address();
    options.timeout_ms = 3000;
    options.dnssec = true;
    options.trust_anchor_file = (dir_ / "anchor.key").string();
    return OpenResolver(options);
  }

  fs::path dir_;
  kakunin::testing::LocalUnbound server_;
};

TEST_F(DnssecTest, SecureInsecureAndBogus) {
  auto resolver = Open();
  ASSERT_TRUE(resolver) << resolver.error().ToString();

  auto key = (*resolver)->Lookup("sel._domainkey.secure.example.com", RrType::kTxt);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(key->status, Status::kOk);
  EXPECT_EQ(key->dnssec, Dnssec::kSecure);
  ASSERT_EQ(key->records.size(), 1u);
  EXPECT_EQ(key->records[0].data,
            "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");

  // Absence proven by signed NSEC records is secure too.
  auto nx = (*resolver)->Lookup("nothere.secure.example.com", RrType::kTxt);
  ASSERT_TRUE(nx) << nx.error().ToString();
  EXPECT_EQ(nx->status, Status::kNxDomain);
  EXPECT_EQ(nx->dnssec, Dnssec::kSecure);
  auto nodata = (*resolver)->Lookup("ns.secure.example.com", RrType::kTxt);
  ASSERT_TRUE(nodata) << nodata.error().ToString();
  EXPECT_EQ(nodata->status, Status::kNoData);
  EXPECT_EQ(nodata->dnssec, Dnssec::kSecure);

  // The record changed after signing: its signature fails, the data is withheld.
  auto forged = (*resolver)->Lookup("forged.secure.example.com", RrType::kTxt);
  ASSERT_FALSE(forged) << "bogus data handed over: " << forged->records.at(0).data;
  EXPECT_EQ(forged.error().code, ErrorCode::kDnsTempFail);
  EXPECT_TRUE(forged.error().message.starts_with(kDnssecBogusMessage)) << forged.error().message;

  // No trust anchor covers example.com: validated as insecure.
  auto plain = (*resolver)->Lookup("www.example.com", RrType::kA);
  ASSERT_TRUE(plain) << plain.error().ToString();
  EXPECT_EQ(plain->status, Status::kOk);
  EXPECT_EQ(plain->dnssec, Dnssec::kInsecure);
}

}  // namespace
}  // namespace kakunin::dns
