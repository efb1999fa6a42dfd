// kakunin dkim: verify DKIM signatures (many files per run is the fast path), sign a message,
// generate a key and its DNS TXT record. The work is in the dkim library (kakunin/dkim.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "base/file.h"
#include "base/strings.h"
#include "base/time.h"
#include "cli.h"
#include "dns_flags.h"
#include "kakunin/dkim.h"
#include "kakunin/dns.h"

namespace kakunin::cli {
namespace {

// The same cap as inspect's default: a bigger file is cut and reported, never read whole.
constexpr size_t kMaxMessageBytes = 50u << 20;
constexpr size_t kMaxKeyFileBytes = 64u << 10;

struct VerifyFlags {
  std::vector<std::string> files;
  DnsFlags dns;
  std::string now;
  std::string format = "text";
  int jobs = 1;
};

struct SignFlags {
  std::string key;
  std::string domain;
  std::string selector;
  std::string algorithm;  // Empty: from the key's type.
  std::string canon = "relaxed/relaxed";
  std::string headers;
  std::string identity;
  std::string now;
  int64_t expire_after = 0;
  int64_t body_length = -1;
  bool no_oversign = false;
  std::string file = "-";
};

struct KeygenFlags {
  std::string type = "rsa";
  int bits = 2048;
  std::string selector;
  std::string domain;
  std::string out;
};

std::optional<int64_t> ParseNow(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto t = base::ParseTime(text);
  if (!t) throw Fatal("--now: " + t.error().message);
  return *t;
}

nlohmann::json ResultJson(const dkim::SignatureResult& r) {
  nlohmann::json j;
  j["result"] = std::string(dkim::AuthResultName(r.result));
  j["reason"] = r.reason;
  j["domain"] = r.domain;
  j["selector"] = r.selector;
  j["algorithm"] = r.algorithm;
  if (!r.identity.empty()) j["identity"] = r.identity;
  if (!r.canonicalization.empty()) j["canonicalization"] = r.canonicalization;
  if (!r.b_prefix.empty()) j["b"] = r.b_prefix;
  j["key_bits"] = r.key_bits;
  j["testing_key"] = r.testing_key;
  j["dnssec"] = std::string(dns::DnssecName(r.dnssec));
  if (r.timestamp) j["timestamp"] = *r.timestamp;
  if (r.expiration) j["expiration"] = *r.expiration;
  if (r.body_length) j["body_length"] = *r.body_length;
  j["authentication_results"] = dkim::FormatAuthResults(r);
  j["findings"] = nlohmann::json::array();
  for (const Finding& f : r.findings) {
    j["findings"].push_back({{"id", f.id}, {"severity", std::string(SeverityName(f.severity))}, {"message", f.message_en}});
  }
  return j;
}

// Reads `path` into `buffer`, reusing its capacity: bulk verification reads thousands of files
// and a fresh allocation each time costs page faults. At most kMaxMessageBytes are kept.
// Returns whether the file was longer (truncated), or an error line.
Result<bool> ReadInto(const std::string& path, std::string& buffer) {
  if (path == "-") {
    auto in = base::ReadInput(path, kMaxMessageBytes);
    if (!in) return tl::unexpected(in.error());
    buffer = std::move(in->bytes);
    return in->truncated;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kIo, path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    // Not a regular file (a FIFO, a directory): the bounded generic reader handles it.
    auto in = base::ReadInput(path, kMaxMessageBytes);
    if (!in) return tl::unexpected(in.error());
    buffer = std::move(in->bytes);
    return in->truncated;
  }
  size_t want = std::min(static_cast<size_t>(st.st_size), kMaxMessageBytes);
  buffer.resize(want);
  size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, buffer.data() + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return Fail(ErrorCode::kIo, path + ": " + std::strerror(e));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  buffer.resize(got);
  return static_cast<size_t>(st.st_size) > kMaxMessageBytes;
}

// What one file produced: printed lines, or an error.
struct FileOutcome {
  std::string text;
  std::string error;
};

FileOutcome VerifyFile(const std::string& path, dkim::Verifier& verifier, const VerifyFlags& f, bool prefix,
                       std::string& buffer) {
  FileOutcome out;
  auto truncated = ReadInto(path, buffer);
  if (!truncated) {
    out.error = truncated.error().message;
    return out;
  }
  auto results = verifier.VerifyBytes(buffer);
  std::string name = path == "-" ? "stdin" : path;
  if (!results) {
    out.error = name + ": " + results.error().message;
    return out;
  }
  if (f.format == "json") {
    nlohmann::json j;
    j["file"] = name;
    j["signatures"] = nlohmann::json::array();
    for (const auto& r : *results) j["signatures"].push_back(ResultJson(r));
    if (*truncated) j["truncated"] = true;
    out.text = (f.files.size() > 1 ? j.dump() : j.dump(2)) + "\n";
    return out;
  }
  std::string lead = prefix ? name + ": " : "";
  if (results->empty()) out.text = lead + "dkim=none\n";
  for (const auto& r : *results) {
    out.text += lead + dkim::FormatAuthResults(r) + "\n";
    for (const Finding& finding : r.findings) {
      out.text += lead + "  finding " + finding.id + " (" + std::string(SeverityName(finding.severity)) + "): " +
                  finding.message_en + "\n";
    }
  }
  return out;
}

int RunVerify(const VerifyFlags& f) {
  dkim::VerifyOptions options;
  options.now = ParseNow(f.now);
  if (!options.now) options.now = base::UnixNow();  // One clock reading for the whole run.
  auto resolver = OpenResolverOrFail(f.dns);
  const bool prefix = f.files.size() > 1;
  const size_t n = f.files.size();
  std::vector<FileOutcome> outcomes(n);
  const int jobs = std::clamp(f.jobs, 1, 256);
  bool failed = false;
  if (jobs == 1) {
    // Print as we go: a long run shows progress and keeps no results in memory.
    dkim::Verifier verifier(*resolver, options);
    std::string buffer;
    for (size_t i = 0; i < n; ++i) {
      FileOutcome o = VerifyFile(f.files[i], verifier, f, prefix, buffer);
      if (n == 1 && !o.error.empty()) throw Fatal(o.error);
      std::cout << o.text;
      if (!o.error.empty()) {
        std::cerr << "kakunin: " << o.error << "\n";
        failed = true;
      }
    }
  } else {
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    workers.reserve(static_cast<size_t>(jobs));
    for (int w = 0; w < jobs; ++w) {
      workers.emplace_back([&] {
        dkim::Verifier verifier(*resolver, options);  // One per thread; the resolver is shared.
        std::string buffer;
        for (size_t i = next++; i < n; i = next++) outcomes[i] = VerifyFile(f.files[i], verifier, f, prefix, buffer);
      });
    }
    for (auto& t : workers) t.join();
    for (const FileOutcome& o : outcomes) {
      std::cout << o.text;
      if (!o.error.empty()) {
        std::cerr << "kakunin: " << o.error << "\n";
        failed = true;
      }
    }
  }
  std::cout.flush();
  return failed ? kExitError : kExitOk;
}

std::string ReadSmallFile(const std::string& path, const char* what) {
  auto in = base::ReadInput(path, kMaxKeyFileBytes);
  if (!in) throw Fatal(std::string(what) + ": " + in.error().message);
  if (in->truncated) throw Fatal(std::string(what) + ": " + path + " is too large to be a key");
  return std::move(in->bytes);
}

int RunSign(const SignFlags& f) {
  dkim::SignOptions o;
  o.domain = f.domain;
  o.selector = f.selector;
  std::string key_text = ReadSmallFile(f.key, "--key");
  std::string algorithm = f.algorithm;
  if (algorithm.empty()) {
    auto type = dkim::Signer::KeyTypeOf(key_text);
    if (!type) throw Fatal("--key: " + type.error().message);
    algorithm = *type == dkim::KeyType::kEd25519 ? "ed25519-sha256" : "rsa-sha256";
  }
  o.algorithm = algorithm == "ed25519-sha256" ? dkim::Algorithm::kEd25519Sha256 : dkim::Algorithm::kRsaSha256;
  size_t slash = f.canon.find('/');
  std::string hc = f.canon.substr(0, slash);
  std::string bc = slash == std::string::npos ? "simple" : f.canon.substr(slash + 1);
  auto canon = [](const std::string& s) {
    if (s == "relaxed") return dkim::Canonicalization::kRelaxed;
    if (s == "simple") return dkim::Canonicalization::kSimple;
    throw Fatal("--canon: '" + s + "' is neither simple nor relaxed");
  };
  o.header_canon = canon(hc);
  o.body_canon = canon(bc);
  for (std::string_view h : base::Split(f.headers, f.headers.find(':') != std::string::npos ? ':' : ',')) {
    if (!base::Trim(h).empty()) o.headers.emplace_back(base::Trim(h));
  }
  o.oversign_from = !f.no_oversign;
  o.now = ParseNow(f.now);
  if (!o.now) o.now = base::UnixNow();
  if (f.expire_after > 0) o.expiration = *o.now + f.expire_after;
  if (f.body_length >= 0) o.body_length = static_cast<uint64_t>(f.body_length);
  o.identity = f.identity;
  auto signer = dkim::Signer::Create(key_text, o);
  if (!signer) throw Fatal(signer.error().message);

  auto input = base::ReadInput(f.file, kMaxMessageBytes + 1);
  if (!input) throw Fatal(input.error().message);
  if (input->truncated) throw Fatal("the message is larger than 50 MiB");
  auto message = mime::Message::Parse(input->bytes, {}, mime::Decode::kWireOnly);
  if (!message) throw Fatal((f.file == "-" ? "stdin" : f.file) + ": " + message.error().message);
  auto field = signer->Sign(*message);
  if (!field) throw Fatal(field.error().message);
  // Keep the file's own line ends: a bare-LF file gets a bare-LF signature field.
  std::string out = *field;
  std::string_view rest = input->bytes;
  if (message->was_mbox()) {
    rest = message->wire();
  } else if (message->had_bare_lf()) {
    out.erase(std::remove(out.begin(), out.end(), '\r'), out.end());
  }
  std::cout << out << rest;
  std::cout.flush();
  return kExitOk;
}

int RunKeygen(const KeygenFlags& f) {
  dkim::KeyType type = f.type == "ed25519" ? dkim::KeyType::kEd25519 : dkim::KeyType::kRsa;
  auto key = dkim::GenerateKey(type, f.bits);
  if (!key) throw Fatal(key.error().message);
  std::string path = f.out.empty() ? f.selector + ".private" : f.out;
  // O_EXCL: never overwrite an existing key; 0600: a private key is readable by its owner only.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw Fatal(path + ": " + std::strerror(errno));
  const std::string& pem = key->private_pem;
  bool ok = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) throw Fatal(path + ": write failed");
  std::cerr << "kakunin: private key written to " << path << "\n";
  std::cout << dkim::KeyTxtRecord(f.selector, base::ToLower(f.domain), type, key->public_b64) << "\n";
  return kExitOk;
}

}  // namespace

void RegisterDkim(CLI::App& app, int* exit_code) {
  CLI::App* dkim_cmd = app.add_subcommand("dkim", "DKIM signatures: verify, sign, generate keys (RFC 6376, 8463)");
  dkim_cmd->require_subcommand(1);

  auto v = std::make_shared<VerifyFlags>();
  CLI::App* verify = dkim_cmd->add_subcommand("verify", "Verify every DKIM-Signature of each message");
  verify->add_option("files", v->files, "Message files (.eml, CRLF or LF), or - for stdin")->required();
  AddDnsFlags(verify, v->dns);
  verify->add_option("--now", v->now, "Judge t=/x= at TIME (RFC 3339 or Unix seconds); default: now");
  verify->add_option("--format", v->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  verify->add_option("--jobs,-j", v->jobs, "Verify with this many threads (output order is kept)")
      ->check(CLI::Range(1, 256));
  verify->callback([v, exit_code] { *exit_code = RunVerify(*v); });

  auto s = std::make_shared<SignFlags>();
  CLI::App* sign = dkim_cmd->add_subcommand("sign", "Sign a message and print it with its DKIM-Signature");
  sign->add_option("--key", s->key, "Private key: PEM (RSA or Ed25519) or a base64 Ed25519 seed")->required();
  sign->add_option("--domain,-d", s->domain, "Signing domain (d=)")->required();
  sign->add_option("--selector,-s", s->selector, "Selector (s=)")->required();
  sign->add_option("--algorithm,-a", s->algorithm, "Signature algorithm (default: from the key type)")
      ->check(CLI::IsMember({"rsa-sha256", "ed25519-sha256"}));
  sign->add_option("--canon,-c", s->canon, "Header/body canonicalization (c=)")->capture_default_str();
  sign->add_option("--headers", s->headers, "Fields to sign (h=), comma- or colon-separated; default: RFC 6376 5.4.1's set");
  sign->add_option("--identity,-i", s->identity, "Agent or user identifier (i=), within the domain");
  sign->add_option("--now", s->now, "Signature time t= (RFC 3339 or Unix seconds); default: now");
  sign->add_option("--expire-after", s->expire_after, "Add x= this many seconds after t=");
  sign->add_option("--body-length", s->body_length, "Sign only this many canonical body bytes (l=; risky)");
  sign->add_flag("--no-oversign", s->no_oversign, "Do not list From once more than it appears in h=");
  sign->add_option("file", s->file, "The message, or - for stdin")->capture_default_str();
  sign->callback([s, exit_code] { *exit_code = RunSign(*s); });

  auto k = std::make_shared<KeygenFlags>();
  CLI::App* keygen = dkim_cmd->add_subcommand("keygen", "Generate a signing key and print its DNS TXT record");
  keygen->add_option("--type", k->type, "Key type")->check(CLI::IsMember({"rsa", "ed25519"}))->capture_default_str();
  keygen->add_option("--bits", k->bits, "RSA modulus size")->check(CLI::Range(1024, 8192))->capture_default_str();
  keygen->add_option("--selector,-s", k->selector, "Selector")->required();
  keygen->add_option("--domain,-d", k->domain, "Domain")->required();
  keygen->add_option("--out,-o", k->out, "Where to write the PEM private key (default: SELECTOR.private; never overwritten)");
  keygen->callback([k, exit_code] { *exit_code = RunKeygen(*k); });
}

}  // namespace kakunin::cli
