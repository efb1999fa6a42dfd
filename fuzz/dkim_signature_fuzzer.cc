// Fuzzes the DKIM-Signature value: the RFC 6376 3.2 tag list, the 3.5 signature parser and the
// whole verifier on a message carrying it (keys come from an in-memory resolver).
// Invariants: tag values lie inside the input at their recorded offsets; serialising the tags
// as "name=value;" and parsing again gives the same tags; a parsed signature has a valid d=,
// signs From, keeps i= within d= and locates its b= value inside the input; the verifier gives
// every field a result with a reason, and the raw-bytes and Message paths agree.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dkim/signature.h"
#include "dkim/tag_list.h"
#include "kakunin/dkim.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

// Every key name answers with the RFC 8463 A.2 keys (Ed25519 for "brisbane", RSA otherwise);
// a name starting with "temp" fails temporarily.
class StaticResolver : public kakunin::dns::Resolver {
 public:
  kakunin::Result<kakunin::dns::Answer> Lookup(std::string_view name, kakunin::dns::RrType) override {
    if (name.starts_with("temp")) return kakunin::Fail(kakunin::ErrorCode::kDnsTempFail, "fuzz");
    kakunin::dns::Answer a;
    a.records.push_back({name.starts_with("brisbane")
                             ? "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                             : "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5"
                               "bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9Pz"
                               "oxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
                         0});
    return a;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Real signature fields are under 2 KiB; 16 KiB leaves room for long h= lists and folding.
  if (size > (16u << 10)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  using namespace kakunin::dkim::internal;

  auto tags = ParseTagList(in);
  if (tags) {
    std::string again_text;
    for (const Tag& t : tags->tags()) {
      Check(t.value_begin + t.value.size() <= in.size());
      Check(in.substr(t.value_begin, t.value.size()) == t.value);
      again_text += std::string(t.name) + "=" + std::string(t.value) + ";";
    }
    auto again = ParseTagList(again_text);
    Check(again.has_value());
    Check(again->tags().size() == tags->tags().size());
    for (size_t i = 0; i < tags->tags().size(); ++i) {
      Check(again->tags()[i].name == tags->tags()[i].name);
      Check(again->tags()[i].value == tags->tags()[i].value);
    }
  }

  Signature sig;
  auto parsed = ParseSignature(in, sig);
  if (parsed) {
    Check(tags.has_value());
    Check(IsDomainName(sig.domain));
    Check(IsWithinDomain(sig.identity_domain, sig.domain));
    bool from = false;
    for (const auto& h : sig.signed_headers) from = from || h == "from";
    Check(from);
    Check(sig.b_value_begin + sig.b_value_size <= in.size());
    Check(!sig.signature.empty() && !sig.body_hash.empty());
  }

  // The field inside a small message, through both verifier paths.
  std::string message = "DKIM-Signature:" + std::string(in) +
                        "\r\nFrom: Joe <joe@football.example.com>\r\nSubject: hi\r\n\r\nHi.\r\n";
  StaticResolver resolver;
  kakunin::dkim::VerifyOptions options;
  options.now = 1528637909;
  kakunin::dkim::Verifier verifier(resolver, options);
  auto raw = verifier.VerifyBytes(message);
  auto m = kakunin::mime::Message::Parse(message, {}, kakunin::mime::Decode::kWireOnly);
  if (raw && m) {
    auto via_message = verifier.Verify(*m);
    Check(via_message.size() == raw->size());
    for (size_t i = 0; i < raw->size(); ++i) {
      Check(!(*raw)[i].reason.empty());
      Check((*raw)[i].result == via_message[i].result);
    }
  }
  return 0;
}
