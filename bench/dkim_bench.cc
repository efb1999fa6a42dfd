// DKIM verification throughput on one core: whole messages (2 KB text, 20 KB HTML, 200 KB with
// an attachment; RSA-2048 and Ed25519; relaxed and simple) through Verifier::VerifyBytes, and
// the pieces: body canonicalization + SHA-256, tag-list parsing, the signature check alone.
// Keys come from an in-memory resolver, so this measures kakunin, not DNS.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "dkim/base64.h"
#include "dkim/canonicalize.h"
#include "dkim/crypto.h"
#include "dkim/sign.h"
#include "dkim/tag_list.h"
#include "kakunin/dkim.h"

namespace kakunin::dkim {
namespace {

class MapResolver : public dns::Resolver {
 public:
  void Add(const std::string& name, std::string txt) { txt_[name] = std::move(txt); }
  Result<dns::Answer> Lookup(std::string_view name, dns::RrType) override {
    dns::Answer a;
    auto it = txt_.find(std::string(name));
    if (it == txt_.end()) {
      a.status = dns::Status::kNxDomain;
    } else {
      a.records.push_back({it->second, 0});
    }
    return a;
  }

 private:
  std::map<std::string, std::string> txt_;
};

// Deterministic message bodies of roughly the corpus's three sizes.
std::string MakeMessage(size_t body_bytes, bool html) {
  std::string m =
      "Received: from relay.example.net by mx.example.org; Tue, 14 Nov 2023 22:13:20 +0000\r\n"
      "From: =?utf-8?B?44Ki44Oe44K+44Oz?= <account@example.com>\r\n"
      "To: Someone <someone@example.org>,\r\n  other@example.org\r\n"
      "Subject: Your order has shipped\r\n"
      "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
      "Message-ID: <bench@example.com>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/" +
      std::string(html ? "html" : "plain") + "; charset=utf-8\r\n\r\n";
  std::string line = html ? "<p>Thank  you for your order, it will arrive   soon.</p> <a href=x>link</a>\r\n"
                          : "Thank you for your order; it will arrive soon. Track it on the website.  \r\n";
  while (m.size() < body_bytes) m += line;
  return m;
}

struct Setup {
  MapResolver dns;
  std::shared_ptr<const internal::PrivateKey> rsa;
  std::shared_ptr<const internal::PrivateKey> ed;
  Setup() {
    rsa = *internal::PrivateKey::Generate(KeyType::kRsa, 2048);
    ed = *internal::PrivateKey::Generate(KeyType::kEd25519, 0);
    dns.Add("rsa._domainkey.example.com", "v=DKIM1; k=rsa; p=" + internal::Base64Encode(*rsa->PublicKeyRecordBytes()));
    dns.Add("ed._domainkey.example.com",
            "v=DKIM1; k=ed25519; p=" + internal::Base64Encode(*ed->PublicKeyRecordBytes()));
  }
  std::string Signed(const std::string& text, bool ed25519, Canonicalization c) {
    SignOptions o;
    o.domain = "example.com";
    o.selector = ed25519 ? "ed" : "rsa";
    o.algorithm = ed25519 ? Algorithm::kEd25519Sha256 : Algorithm::kRsaSha256;
    o.header_canon = o.body_canon = c;
    auto m = mime::Message::Parse(text, {}, mime::Decode::kWireOnly);
    return *internal::SignMessage(ed25519 ? *ed : *rsa, o, *m) + text;
  }
};

Setup& Shared() {
  static Setup* s = new Setup();
  return *s;
}

// args: body bytes, 1 = ed25519, 1 = relaxed
void BM_VerifyMessage(benchmark::State& state) {
  Setup& s = Shared();
  size_t size = static_cast<size_t>(state.range(0));
  std::string text = s.Signed(MakeMessage(size, size > 10000), state.range(1) == 1,
                              state.range(2) == 1 ? Canonicalization::kRelaxed : Canonicalization::kSimple);
  VerifyOptions options;
  options.now = 1700000000;
  Verifier verifier(s.dns, options);
  for (auto _ : state) {
    auto r = verifier.VerifyBytes(text);
    if (!r || r->size() != 1 || (*r)[0].result != AuthResult::kPass) state.SkipWithError("did not pass");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyMessage)
    ->ArgNames({"bytes", "ed25519", "relaxed"})
    ->ArgsProduct({{2400, 20600, 200000}, {0, 1}, {0, 1}});

void BM_BodyHash(benchmark::State& state) {
  std::string text = MakeMessage(200000, true);
  std::string_view body = std::string_view(text).substr(text.find("\r\n\r\n") + 4);
  internal::Hasher hasher;
  auto canon = state.range(0) == 1 ? Canonicalization::kRelaxed : Canonicalization::kSimple;
  for (auto _ : state) {
    hasher.Init(internal::HashAlgorithm::kSha256);
    internal::CanonicalizeBody(canon, body, std::nullopt, hasher);
    benchmark::DoNotOptimize(hasher.Final());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_BodyHash)->ArgName("relaxed")->Arg(0)->Arg(1);

void BM_ParseSignatureTags(benchmark::State& state) {
  std::string value =
      " v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=rsa;\r\n t=1700000000; "
      "h=from:from:subject:date:to:message-id:mime-version:content-type;\r\n bh=LYejN+2S0SuUUIERUVJ1BFP3qkDbhSFB1GfCb/JmeHM=;"
      " b=oy3eUDYPF0Ohm5vWrqQpujwFrhk1M7M0svmJ7tayHTh7PwDqRs9npJqrXhHkuplqkc195F3XeQNzb2ucdylsT23VQKebX7cbBUnE/g6vec07"
      "jyD3lK25JMhcgRg9RDIEhgFdWZjU1fQGmb4vHQqE/S9GatlBO0r4znDOLmFRU+m4g8BnYRN03/dQ8NBDH21g3Syx5lVPaCeHXPUEjCmRuUtv"
      "DIuIO2rMedzLmv7qxktMLUsrpFUlyoQ3pyxbKpcegHDx+YaSD5W/UDwwBO4QVRem7CwBhTsBMfIb99EZbtxMicu0B+jtfbO9otSxrn9Chpm6j0"
      "81yc9o4edUUCX3Gw==";
  for (auto _ : state) benchmark::DoNotOptimize(internal::ParseTagList(value));
}
BENCHMARK(BM_ParseSignatureTags);

}  // namespace
}  // namespace kakunin::dkim
