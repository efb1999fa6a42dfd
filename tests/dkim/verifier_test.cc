// Behaviour of the verifier on messages signed here: every key-record and signature rule, the
// RFC 8301 refusals, DNS failures and the valid-but-risky findings.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "dkim/base64.h"
#include "dkim/crypto.h"
#include "dkim/sign.h"
#include "kakunin/dkim.h"
#include "testing/fake_resolver.h"
#include "testing/paths.h"

namespace kakunin::dkim {
namespace {

using internal::PrivateKey;
using testing::FakeResolver;

constexpr int64_t kNow = 1700000000;
constexpr char kMessage[] =
    "Received: from mx.example.com by mail.example.net; Tue, 14 Nov 2023 22:13:20 +0000\r\n"
    "From: Amazon <account-update@amazon.co.jp>\r\n"
    "To: Suzie Q <suzie@shopping.example.net>,\r\n  other@example.net\r\n"
    "Subject: Your order\r\n"
    "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
    "Message-ID: <1@amazon.co.jp>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hello  Suzie,\r\n"
    "\r\n"
    "your order \t has shipped.   \r\n"
    "\r\n"
    "\r\n";

std::shared_ptr<const PrivateKey> LoadKey(const std::string& rel) {
  auto key = PrivateKey::Load(testing::ReadFileOrDie(testing::SharedDir() + "/testdata/" + rel));
  EXPECT_TRUE(key);
  return key ? *key : nullptr;
}

std::string PublicB64(const PrivateKey& key) { return internal::Base64Encode(*key.PublicKeyRecordBytes()); }

bool HasFinding(const SignatureResult& r, std::string_view id) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.id == id; });
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rsa_ = LoadKey("mailauth/fixtures/private-rsa.pem");
    ed_ = LoadKey("dkim-rfc8463/rfc8463-A1-ed25519-private-seed.b64");
    ASSERT_TRUE(rsa_ && ed_);
    Publish("rsa", rsa_, "");
    Publish("ed", ed_, "k=ed25519; ");
  }

  void Publish(const std::string& selector, const std::shared_ptr<const PrivateKey>& key, const std::string& tags,
               const std::string& domain = "amazon.co.jp") {
    dns_->AddTxt(selector + "._domainkey." + domain, "v=DKIM1; " + tags + "p=" + PublicB64(*key));
  }

  SignOptions Options(const std::string& selector, Algorithm a = Algorithm::kRsaSha256) {
    SignOptions o;
    o.domain = "amazon.co.jp";
    o.selector = selector;
    o.algorithm = a;
    o.now = kNow - 60;
    return o;
  }

  // `text` with a DKIM-Signature made by `key` on top.
  std::string Sign(const std::string& text, const SignOptions& o, const PrivateKey& key) {
    auto m = mime::Message::Parse(text);
    EXPECT_TRUE(m);
    auto field = internal::SignMessage(key, o, *m);
    EXPECT_TRUE(field) << (field ? "" : field.error().message);
    return field.value_or("") + text;
  }

  std::vector<SignatureResult> Verify(const std::string& text, int64_t now = kNow) {
    VerifyOptions options;
    options.now = now;
    Verifier verifier(*dns_, options);
    auto results = verifier.VerifyBytes(text);
    EXPECT_TRUE(results);
    // The MIME-parsed path must give the same answers as the raw-bytes path.
    auto m = mime::Message::Parse(text);
    EXPECT_TRUE(m);
    auto again = VerifyAll(*m, *dns_, options);
    EXPECT_EQ(again.size(), results->size());
    for (size_t i = 0; i < again.size() && i < results->size(); ++i) {
      EXPECT_EQ(FormatAuthResults(again[i]), FormatAuthResults((*results)[i]));
    }
    return results.value_or(std::vector<SignatureResult>{});
  }

  SignatureResult VerifyOne(const std::string& text, int64_t now = kNow) {
    auto results = Verify(text, now);
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? SignatureResult{} : results[0];
  }

  static std::string Replace(std::string text, std::string_view from, std::string_view to) {
    size_t pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) text.replace(pos, from.size(), to);
    return text;
  }

  std::unique_ptr<FakeResolver> dns_ = std::make_unique<FakeResolver>();
  std::shared_ptr<const PrivateKey> rsa_;
  std::shared_ptr<const PrivateKey> ed_;
};

TEST_F(VerifierTest, UnsignedMessageHasNoResults) { EXPECT_TRUE(Verify(kMessage).empty()); }

TEST_F(VerifierTest, EveryAlgorithmAndCanonicalizationPasses) {
  for (auto a : {Algorithm::kRsaSha256, Algorithm::kEd25519Sha256}) {
    for (auto hc : {Canonicalization::kSimple, Canonicalization::kRelaxed}) {
      for (auto bc : {Canonicalization::kSimple, Canonicalization::kRelaxed}) {
        SignOptions o = Options(a == Algorithm::kRsaSha256 ? "rsa" : "ed", a);
        o.header_canon = hc;
        o.body_canon = bc;
        auto r = VerifyOne(Sign(kMessage, o, a == Algorithm::kRsaSha256 ? *rsa_ : *ed_));
        EXPECT_EQ(r.result, AuthResult::kPass) << FormatAuthResults(r);
        EXPECT_EQ(r.canonicalization,
                  std::string(CanonicalizationName(hc)) + "/" + std::string(CanonicalizationName(bc)));
        EXPECT_TRUE(r.findings.empty()) << r.findings[0].id;
        EXPECT_EQ(r.domain, "amazon.co.jp");
        EXPECT_EQ(r.timestamp, kNow - 60);
      }
    }
  }
}

TEST_F(VerifierTest, TamperingFails) {
  std::string signed_text = Sign(kMessage, Options("rsa"), *rsa_);
  auto body = VerifyOne(Replace(signed_text, "has shipped", "has shipPed"));
  EXPECT_EQ(body.result, AuthResult::kFail);
  EXPECT_EQ(body.reason, "body hash mismatch");
  auto subject = VerifyOne(Replace(signed_text, "Your order", "Your 0rder"));
  EXPECT_EQ(subject.result, AuthResult::kFail);
  EXPECT_EQ(subject.reason, "signature did not verify");
  // A From added on top: From is oversigned by default, so the signature breaks.
  auto injected = VerifyOne("From: attacker@evil.test\r\n" + signed_text);
  EXPECT_EQ(injected.result, AuthResult::kFail);
}

TEST_F(VerifierTest, RelaxedSurvivesRefoldingButSimpleDoesNot) {
  SignOptions o = Options("rsa");
  std::string relaxed = Sign(kMessage, o, *rsa_);
  o.header_canon = o.body_canon = Canonicalization::kSimple;
  std::string simple = Sign(kMessage, o, *rsa_);
  auto mangle = [](std::string t) {
    t = Replace(t, "Subject: Your order", "Subject:   Your\r\n\torder  ");
    t = Replace(t, "Hello  Suzie,", "Hello Suzie,   ");
    return t + "\r\n\r\n";
  };
  EXPECT_EQ(VerifyOne(mangle(relaxed)).result, AuthResult::kPass);
  EXPECT_EQ(VerifyOne(mangle(simple)).result, AuthResult::kFail);
  // Header field names are case-insensitive under relaxed.
  EXPECT_EQ(VerifyOne(Replace(relaxed, "Subject:", "SUBJECT:")).result, AuthResult::kPass);
}

TEST_F(VerifierTest, BareLfFilesVerify) {
  std::string signed_text = Sign(kMessage, Options("ed", Algorithm::kEd25519Sha256), *ed_);
  std::string lf;
  for (char c : signed_text) {
    if (c != '\r') lf.push_back(c);
  }
  EXPECT_EQ(VerifyOne(lf).result, AuthResult::kPass);
}

TEST_F(VerifierTest, BodyLengthLimitAndAppendedContent) {
  SignOptions o = Options("rsa");
  o.body_length = 14;  // "Hello Suzie,\r\n" under relaxed.
  std::string signed_text = Sign(kMessage, o, *rsa_);
  auto r = VerifyOne(signed_text);
  EXPECT_EQ(r.result, AuthResult::kPass);
  EXPECT_EQ(r.body_length, 14u);
  EXPECT_TRUE(HasFinding(r, "dkim.body_length_limited"));
  auto appended = VerifyOne(signed_text + "Click http://evil.test/ now\r\n");
  EXPECT_EQ(appended.result, AuthResult::kPass);
  EXPECT_TRUE(HasFinding(appended, "dkim.body_length_limited"));
  // l= longer than the body that arrived.
  std::string cut = Replace(signed_text, "Hello  Suzie,\r\n\r\nyour order \t has shipped.   \r\n\r\n\r\n", "Hi\r\n");
  EXPECT_EQ(VerifyOne(cut).reason, "l= is longer than the body");
}

TEST_F(VerifierTest, HeaderInjectionWithoutOversigning) {
  SignOptions o = Options("rsa");
  o.oversign_from = false;
  std::string signed_text = Sign(kMessage, o, *rsa_);
  EXPECT_TRUE(VerifyOne(signed_text).findings.empty());
  auto r = VerifyOne("From: attacker@evil.test\r\nSubject: Urgent\r\n" + signed_text);
  EXPECT_EQ(r.result, AuthResult::kPass);  // The bottom From/Subject are the signed ones.
  ASSERT_EQ(std::count_if(r.findings.begin(), r.findings.end(),
                          [](const Finding& f) { return f.id == "dkim.header_injection"; }),
            2);
  EXPECT_EQ(r.findings[0].severity, Severity::kHigh);
}

TEST_F(VerifierTest, UnsignedSubjectAndUnalignedDomain) {
  SignOptions o = Options("rsa");
  o.headers = {"from", "to", "date"};
  o.domain = "mailer.example";
  Publish("rsa", rsa_, "", "mailer.example");
  auto r = VerifyOne(Sign(kMessage, o, *rsa_));
  EXPECT_EQ(r.result, AuthResult::kPass);
  EXPECT_TRUE(HasFinding(r, "dkim.header_not_signed"));
  EXPECT_TRUE(HasFinding(r, "dkim.not_aligned"));
  // A parent or child domain of the From domain counts as aligned.
  o.domain = "co.jp";
  Publish("rsa", rsa_, "", "co.jp");
  EXPECT_FALSE(HasFinding(VerifyOne(Sign(kMessage, o, *rsa_)), "dkim.not_aligned"));
}

TEST_F(VerifierTest, KeyRecordRules) {
  struct Case {
    std::string tags;  // Inserted before p=.
    std::string identity;
    AuthResult result;
    std::string reason_part;
  };
  const Case cases[] = {
      {"t=y; ", "", AuthResult::kPass, "verified"},
      {"s=email; ", "", AuthResult::kPass, "verified"},
      {"s=*; h=sha256; ", "", AuthResult::kPass, "verified"},
      {"t=s; ", "joe@amazon.co.jp", AuthResult::kPass, "verified"},
      {"t=s; ", "joe@mail.amazon.co.jp", AuthResult::kPermError, "t=s"},
      {"h=sha1; ", "", AuthResult::kPermError, "h= does not allow sha256"},
      {"s=tlsrpt; ", "", AuthResult::kPermError, "s= does not allow email"},
      {"k=ed25519; ", "", AuthResult::kPermError, "not a usable key"},  // RSA bytes as Ed25519.
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.tags + c.identity);
    dns_ = std::make_unique<FakeResolver>();
    Publish("rsa", rsa_, c.tags);
    SignOptions o = Options("rsa");
    o.identity = c.identity;
    auto r = VerifyOne(Sign(kMessage, o, *rsa_));
    EXPECT_EQ(r.result, c.result) << FormatAuthResults(r);
    EXPECT_NE(r.reason.find(c.reason_part), std::string::npos) << r.reason;
    EXPECT_EQ(r.testing_key, c.tags == "t=y; ");
    EXPECT_EQ(HasFinding(r, "dkim.testing_key"), c.tags == "t=y; ");
  }
}

TEST_F(VerifierTest, RevokedMissingAndBrokenKeys) {
  std::string text = Sign(kMessage, Options("rsa"), *rsa_);
  dns_ = std::make_unique<FakeResolver>();
  dns_->AddTxt("rsa._domainkey.amazon.co.jp", "v=DKIM1; k=rsa; p=");
  EXPECT_EQ(VerifyOne(text).reason, "key revoked (empty p=)");
  dns_ = std::make_unique<FakeResolver>();
  auto missing = VerifyOne(text);
  EXPECT_EQ(missing.result, AuthResult::kPermError);
  EXPECT_EQ(missing.reason, "no key record at rsa._domainkey.amazon.co.jp");
  dns_->AddTxt("rsa._domainkey.amazon.co.jp", "v=DKIM1; p=AAAA");
  EXPECT_EQ(VerifyOne(text).result, AuthResult::kPermError);
  dns_ = std::make_unique<FakeResolver>();
  Publish("rsa", ed_, "k=ed25519; ");  // A good Ed25519 key for an RSA signature.
  EXPECT_EQ(VerifyOne(text).reason, "key type k= does not match a=rsa-sha256");
  dns_ = std::make_unique<FakeResolver>();
  dns_->SetPermFail("rsa._domainkey.amazon.co.jp");
  EXPECT_EQ(VerifyOne(text).result, AuthResult::kPermError);
}

TEST_F(VerifierTest, DnsTemporaryFailureIsTempError) {
  std::string text = Sign(kMessage, Options("rsa"), *rsa_);
  dns_->SetTempFail("rsa._domainkey.amazon.co.jp");
  auto r = VerifyOne(text);
  EXPECT_EQ(r.result, AuthResult::kTempError);
  EXPECT_NE(r.reason.find("temporarily"), std::string::npos);
}

// The key answer's DNSSEC status is carried into the result.
TEST_F(VerifierTest, CarriesDnssecStatus) {
  class SecureResolver : public dns::Resolver {
   public:
    explicit SecureResolver(dns::Resolver& inner) : inner_(inner) {}
    Result<dns::Answer> Lookup(std::string_view name, dns::RrType type) override {
      auto a = inner_.Lookup(name, type);
      if (a) a->dnssec = dns::Dnssec::kSecure;
      return a;
    }

   private:
    dns::Resolver& inner_;
  };
  SecureResolver secure(*dns_);
  auto m = mime::Message::Parse(Sign(kMessage, Options("rsa"), *rsa_));
  ASSERT_TRUE(m);
  VerifyOptions options;
  options.now = kNow;
  auto results = VerifyAll(*m, secure, options);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].result, AuthResult::kPass);
  EXPECT_EQ(results[0].dnssec, dns::Dnssec::kSecure);
  EXPECT_EQ(VerifyOne(Sign(kMessage, Options("rsa"), *rsa_)).dnssec, dns::Dnssec::kUnknown);
}

TEST_F(VerifierTest, ExpiryAgainstNow) {
  SignOptions o = Options("rsa");
  o.expiration = kNow + 100;
  std::string text = Sign(kMessage, o, *rsa_);
  EXPECT_EQ(VerifyOne(text, kNow + 100).result, AuthResult::kPass);
  auto late = VerifyOne(text, kNow + 101);
  EXPECT_EQ(late.result, AuthResult::kPermError);
  EXPECT_EQ(late.reason, "signature expired (x=)");
}

// RFC 8301: rsa-sha1 and RSA keys under 1024 bits never pass, even when the maths checks out.
TEST_F(VerifierTest, Rfc8301Refusals) {
  auto sha1 = VerifyOne(Sign(kMessage, Options("rsa", Algorithm::kRsaSha1), *rsa_));
  EXPECT_EQ(sha1.result, AuthResult::kPolicy);
  EXPECT_NE(sha1.reason.find("rsa-sha1"), std::string::npos);
  auto small = LoadKey("mailauth/fixtures/private-small.pem");
  ASSERT_TRUE(small);
  Publish("small", small, "");
  auto weak = VerifyOne(Sign(kMessage, Options("small"), *small));
  EXPECT_EQ(weak.result, AuthResult::kPolicy);
  EXPECT_LT(weak.key_bits, 1024);
  EXPECT_NE(weak.reason.find("too short"), std::string::npos);
  // A tampered rsa-sha1 message is a plain fail.
  std::string text = Sign(kMessage, Options("rsa", Algorithm::kRsaSha1), *rsa_);
  EXPECT_EQ(VerifyOne(Replace(text, "Your order", "Your 0rder")).result, AuthResult::kFail);
  // And the public Signer refuses to make either.
  SignOptions o = Options("rsa", Algorithm::kRsaSha1);
  EXPECT_FALSE(Signer::Create(*rsa_->ToPem(), o));
  EXPECT_FALSE(Signer::Create(*small->ToPem(), Options("small")));
}

TEST_F(VerifierTest, SeveralSignaturesEachGetTheirOwnResult) {
  std::string text = Sign(kMessage, Options("rsa"), *rsa_);
  text = Sign(text, Options("ed", Algorithm::kEd25519Sha256), *ed_);
  SignOptions gone = Options("nokey");
  text = Sign(text, gone, *rsa_);
  auto results = Verify(text);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].result, AuthResult::kPermError);  // nokey (topmost)
  EXPECT_EQ(results[0].selector, "nokey");
  EXPECT_EQ(results[1].result, AuthResult::kPass);
  EXPECT_EQ(results[1].algorithm, "ed25519-sha256");
  EXPECT_EQ(results[2].result, AuthResult::kPass);
  EXPECT_EQ(results[2].algorithm, "rsa-sha256");
  EXPECT_EQ(dns_->query_count(), 2 * 3u);  // Verify() checks both paths.
}

TEST_F(VerifierTest, BrokenSignatureFieldIsNeutralAndNamed) {
  std::string text = "DKIM-Signature: v=1; a=rsa-sha256; d=amazon.co.jp; s=rsa; h=to; bh=AAAA; b=AAAA\r\n" +
                     std::string(kMessage);
  auto r = VerifyOne(text);
  EXPECT_EQ(r.result, AuthResult::kNeutral);
  EXPECT_EQ(r.domain, "amazon.co.jp");
  EXPECT_EQ(FormatAuthResults(r),
            "dkim=neutral header.d=amazon.co.jp header.s=rsa header.a=rsa-sha256 (From field not signed (h= lacks "
            "from))");
}

TEST_F(VerifierTest, SignatureCountIsBounded) {
  std::string text = kMessage;
  std::string sig = "DKIM-Signature: v=1; a=rsa-sha256; d=amazon.co.jp; s=x; h=from; bh=AAAA; b=AAAA\r\n";
  for (size_t i = 0; i < kMaxSignatures + 2; ++i) text = sig + text;
  auto results = Verify(text);
  ASSERT_EQ(results.size(), kMaxSignatures + 2);
  EXPECT_EQ(results.back().result, AuthResult::kNeutral);
  EXPECT_NE(results.back().reason.find("not evaluated"), std::string::npos);
}

TEST(KeyTxtRecordTest, SplitsInto255ByteStrings) {
  auto key = GenerateKey(KeyType::kRsa, 2048);
  ASSERT_TRUE(key);
  std::string line = KeyTxtRecord("sel", "example.com", KeyType::kRsa, key->public_b64);
  EXPECT_TRUE(line.starts_with("sel._domainkey.example.com. IN TXT \"v=DKIM1; k=rsa; p="));
  size_t strings = 0;
  for (size_t pos = line.find('"'); pos != std::string::npos; pos = line.find('"', pos)) {
    size_t end = line.find('"', pos + 1);
    EXPECT_LE(end - pos - 1, 255u);
    ++strings;
    pos = end + 1;
  }
  EXPECT_EQ(strings, 2u);  // 2048-bit keys need 410 bytes of text.
  auto ed = GenerateKey(KeyType::kEd25519);
  ASSERT_TRUE(ed);
  EXPECT_EQ(internal::Base64Decode(ed->public_b64)->size(), 32u);
  EXPECT_FALSE(GenerateKey(KeyType::kRsa, 512));
  // A generated key signs and verifies through the public API.
  SignOptions o;
  o.domain = "example.com";
  o.selector = "sel";
  o.algorithm = Algorithm::kEd25519Sha256;
  auto signer = Signer::Create(ed->private_pem, o);
  ASSERT_TRUE(signer) << signer.error().message;
  auto m = mime::Message::Parse(kMessage);
  auto field = signer->Sign(*m);
  ASSERT_TRUE(field);
  FakeResolver dns;
  dns.AddTxt("sel._domainkey.example.com", "v=DKIM1; k=ed25519; p=" + ed->public_b64);
  auto results = VerifyAll(*mime::Message::Parse(*field + kMessage), dns);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].result, AuthResult::kPass);
  EXPECT_TRUE(HasFinding(results[0], "dkim.not_aligned"));
}

}  // namespace
}  // namespace kakunin::dkim
