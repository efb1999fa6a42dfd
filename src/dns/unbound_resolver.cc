#include "dns/unbound_resolver.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/stat.h>
#include <unbound.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "dns/answer_cache.h"
#include "dns/name.h"
#include "dns/rdata.h"

namespace kakunin::dns::internal {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kClassIn = 1;
// RFC 1035 4.1.1 RCODEs.
constexpr int kRcodeNoError = 0;
constexpr int kRcodeServFail = 2;
constexpr int kRcodeNxDomain = 3;
constexpr int kRcodeRefused = 5;
constexpr int kTypeDnskey = 48;  // RFC 4034 2.

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

struct ContextDeleter {
  void operator()(ub_ctx* ctx) const { ub_ctx_delete(ctx); }
};
using ContextPtr = std::unique_ptr<ub_ctx, ContextDeleter>;
using ResultPtr = std::unique_ptr<ub_result, decltype(&ub_resolve_free)>;

// How answers are validated.
enum class Validation {
  kOn,       // Trust anchor loaded and usable.
  kProbing,  // Debian's root anchor: not yet known whether the servers deliver DNSSEC data.
  kOff,      // No anchor, or the servers cannot deliver a validated root DNSKEY.
};

// A libunbound context and whether a thread is reading its answers (guarded by the
// resolver's mu_).
struct Context {
  ContextPtr ub;
  bool processing = false;
};

class UnboundResolver : public Resolver {
 public:
  // `validating` is null when no anchor is loaded; `plain` is null when validation is
  // certain (an explicit anchor file).
  UnboundResolver(ContextPtr validating, ContextPtr plain, Validation validation,
                  std::chrono::milliseconds timeout)
      : validating_{std::move(validating)},
        plain_{std::move(plain)},
        validation_(validation),
        timeout_(timeout) {}

  Result<Answer> Lookup(std::string_view name, RrType type) override;

 private:
  // One query in flight. Shared by the waiting thread and the callback; the callback owns a
  // heap-held reference (CallRef) that it releases.
  struct Call {
    UnboundResolver* owner = nullptr;
    bool done = false;  // Guarded by owner->mu_.
    bool abandoned =
        false;  // The waiting thread gave up (deadline); the callback frees the result.
    int err = 0;
    ub_result* result = nullptr;
  };
  using CallRef = std::shared_ptr<Call>;

  static void OnResult(void* arg, int err, ub_result* result);
  // One query through `context`, waiting at most until `deadline`.
  Result<ResultPtr> Resolve(Context& context, const std::string& qname, int type,
                            Clock::time_point deadline);
  // Waits until `call` is done or `deadline` passes; returns whether it is done.
  bool Wait(Context& context, const CallRef& call, Clock::time_point deadline);
  // Decides kProbing: validation stays on only if the root DNSKEY validates through the
  // configured servers. Errors: a timeout or libunbound failure (still undecided).
  Result<Validation> Probe(Clock::time_point deadline);
  Result<Answer> Convert(std::string_view name, RrType type, const ub_result& result,
                         bool validated) const;

  AnswerCache cache_;
  Context validating_;
  Context plain_;
  Validation validation_;  // Guarded by mu_.
  const std::chrono::milliseconds timeout_;
  std::mutex mu_;
  std::condition_variable cv_;
};

void UnboundResolver::OnResult(void* arg, int err, ub_result* result) {
  std::unique_ptr<CallRef> ref(static_cast<CallRef*>(arg));
  Call& call = **ref;
  std::lock_guard lock(call.owner->mu_);
  call.done = true;
  if (call.abandoned) {
    if (result != nullptr) ub_resolve_free(result);
    return;
  }
  call.err = err;
  call.result = result;
  call.owner->cv_.notify_all();
}

bool UnboundResolver::Wait(Context& context, const CallRef& call, Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  while (!call->done) {
    auto now = Clock::now();
    if (now >= deadline) return false;
    if (context.processing) {
      // Another thread reads answers and will hand this one over (OnResult notifies).
      cv_.wait_until(lock, deadline);
      continue;
    }
    context.processing = true;
    lock.unlock();
    pollfd pfd{ub_fd(context.ub.get()), POLLIN, 0};
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    int ready = ::poll(&pfd, 1, static_cast<int>(std::clamp<long long>(wait_ms, 1, 1000)));
    if (ready > 0) ub_process(context.ub.get());  // Runs OnResult for every finished query.
    lock.lock();
    context.processing = false;
    cv_.notify_all();  // Let a waiting thread take over reading.
  }
  return true;
}

Result<ResultPtr> UnboundResolver::Resolve(Context& context, const std::string& qname, int type,
                                           Clock::time_point deadline) {
  auto call = std::make_shared<Call>();
  call->owner = this;
  auto* ref = new CallRef(call);
  int async_id = 0;
  int rc = ub_resolve_async(context.ub.get(), qname.c_str(), type, kClassIn, ref,
                            &UnboundResolver::OnResult, &async_id);
  if (rc != 0) {
    delete ref;
    return Fail(ErrorCode::kDnsTempFail, "libunbound: " + std::string(ub_strerror(rc)));
  }
  if (!Wait(context, call, deadline)) {
    bool abandoned = false;
    {
      std::lock_guard lock(mu_);
      if (!call->done) call->abandoned = abandoned = true;
    }
    if (abandoned) {
      // A cancelled query's callback never runs (libunbound drops it), so its reference is
      // released here; if the answer was already on its way, OnResult frees everything.
      if (ub_cancel(context.ub.get(), async_id) == 0) delete ref;
      return Fail(ErrorCode::kDnsTempFail,
                  "timed out after " + std::to_string(timeout_.count()) + " ms: " + qname);
    }
  }
  ResultPtr result(call->result, &ub_resolve_free);
  if (call->err != 0) {
    return Fail(ErrorCode::kDnsTempFail, "libunbound: " + std::string(ub_strerror(call->err)));
  }
  if (!result) return Fail(ErrorCode::kInternal, "libunbound: no result");
  return result;
}

Result<Validation> UnboundResolver::Probe(Clock::time_point deadline) {
  auto root = Resolve(validating_, ".", kTypeDnskey, deadline);
  if (!root) return tl::unexpected(root.error());
  return (*root)->secure && (*root)->havedata ? Validation::kOn : Validation::kOff;
}

Result<Answer> UnboundResolver::Lookup(std::string_view name, RrType type) {
  auto key = NormalizeQueryName(name);
  if (!key) return tl::unexpected(key.error());
  const std::string qname = key->empty() ? "." : *key;
  const auto start = Clock::now();
  if (auto cached = cache_.Get(qname, type, start)) return *std::move(cached);
  const auto deadline = start + timeout_;

  Validation validation;
  {
    std::lock_guard lock(mu_);
    validation = validation_;
  }
  if (validation == Validation::kProbing) {
    auto decided = Probe(deadline);
    if (!decided) {
      return Fail(decided.error().code, decided.error().message + " (DNSSEC root probe for " +
                                            qname + " " + std::string(RrTypeName(type)) + ")");
    }
    std::lock_guard lock(mu_);
    validation = validation_ = *decided;
  }
  const bool validated = validation == Validation::kOn;
  auto result = Resolve(validated ? validating_ : plain_, qname, static_cast<int>(type), deadline);
  if (!result) {
    return Fail(result.error().code, result.error().message + " " + std::string(RrTypeName(type)));
  }
  auto answer = Convert(qname, type, **result, validated);
  if (answer) cache_.Put(qname, type, *answer, Clock::now());
  return answer;
}

Result<Answer> UnboundResolver::Convert(std::string_view name, RrType type, const ub_result& result,
                                        bool validated) const {
  const std::string what = std::string(name) + " " + std::string(RrTypeName(type));
  Answer answer;
  if (validated) {
    answer.dnssec = result.secure  ? Dnssec::kSecure
                    : result.bogus ? Dnssec::kBogus
                                   : Dnssec::kInsecure;
  }
  if (result.bogus) {
    // A validating resolver withholds bogus data (RFC 4035 5.5): it is not authentic.
    std::string why = result.why_bogus != nullptr ? result.why_bogus : "validation failed";
    return Fail(ErrorCode::kDnsTempFail,
                std::string(kDnssecBogusMessage) + " answer for " + what + ": " + why);
  }
  answer.ttl = result.ttl > 0 ? static_cast<uint32_t>(result.ttl) : 0;
  switch (result.rcode) {
    case kRcodeNoError:
      break;
    case kRcodeNxDomain:
      answer.status = Status::kNxDomain;
      return answer;
    case kRcodeServFail:
      return Fail(ErrorCode::kDnsTempFail, "SERVFAIL for " + what);
    case kRcodeRefused:
      return Fail(ErrorCode::kDnsPermFail, "REFUSED for " + what);
    default:
      return Fail(ErrorCode::kDnsTempFail,
                  "DNS error code " + std::to_string(result.rcode) + " for " + what);
  }
  if (!result.havedata || result.data == nullptr) {
    answer.status = Status::kNoData;
    return answer;
  }
  for (int i = 0; result.data[i] != nullptr; ++i) {
    auto record =
        DecodeRdata(type, std::string_view(result.data[i], static_cast<size_t>(result.len[i])));
    if (!record) return Fail(record.error().code, record.error().message + " (" + what + ")");
    answer.records.push_back(std::move(*record));
  }
  answer.status = answer.records.empty() ? Status::kNoData : Status::kOk;
  return answer;
}

tl::unexpected<kakunin::Error> Refused(std::string_view what, int rc) {
  return Fail(ErrorCode::kDnsTempFail,
              "libunbound: " + std::string(what) + ": " + std::string(ub_strerror(rc)));
}

// A context forwarding to `forwarder` ("" = resolv.conf), validating with `anchor` when set.
Result<ContextPtr> NewContext(const std::string& forwarder, const std::string& anchor) {
  ContextPtr ctx(ub_ctx_create());
  if (!ctx) return Fail(ErrorCode::kDnsTempFail, "libunbound: cannot create a context");
  // Threads, not a forked process, answer asynchronous queries: the context is shared.
  if (int rc = ub_ctx_async(ctx.get(), 1); rc != 0) return Refused("async", rc);
  // The servers kakunin is told to use may be on loopback (a local cache, a test server).
  if (int rc = ub_ctx_set_option(ctx.get(), "do-not-query-localhost:", "no"); rc != 0) {
    return Refused("do-not-query-localhost", rc);
  }
  // Private-address reverse zones (RFC 1918, RFC 6303) belong to the servers we forward to,
  // which may know them; libunbound would otherwise answer NXDOMAIN itself.
  for (const char* option : {"unblock-lan-zones:", "insecure-lan-zones:"}) {
    if (int rc = ub_ctx_set_option(ctx.get(), option, "yes"); rc != 0) return Refused(option, rc);
  }
  if (forwarder.empty()) {
    if (int rc = ub_ctx_resolvconf(ctx.get(), nullptr); rc != 0) return Refused("resolv.conf", rc);
  } else if (int rc = ub_ctx_set_fwd(ctx.get(), forwarder.c_str()); rc != 0) {
    return Refused("server " + forwarder, rc);
  }
  if (!anchor.empty()) {
    if (int rc = ub_ctx_add_ta_file(ctx.get(), anchor.c_str()); rc != 0) {
      return Refused("trust anchor " + anchor, rc);
    }
  } else if (int rc = ub_ctx_set_option(ctx.get(), "module-config:", "iterator"); rc != 0) {
    return Refused("module-config", rc);
  }
  return ctx;
}

}  // namespace

Result<std::string> ParseServerAddress(std::string_view server) {
  std::string address;
  std::string port;
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                "DNS server \"" + std::string(server) + "\": " + std::string(why));
  };
  if (server.starts_with('[')) {
    size_t close = server.find(']');
    if (close == std::string_view::npos) return bad("missing ']'");
    address = server.substr(1, close - 1);
    std::string_view rest = server.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':' && rest[0] != '@') return bad("expected ':PORT' after ']'");
      port = rest.substr(1);
    }
  } else if (size_t at = server.find('@'); at != std::string_view::npos) {
    address = server.substr(0, at);
    port = server.substr(at + 1);
  } else if (std::count(server.begin(), server.end(), ':') == 1) {
    size_t colon = server.find(':');
    address = server.substr(0, colon);
    port = server.substr(colon + 1);
  } else {
    address = server;  // IPv4 without port, or a bare IPv6 address.
  }
  unsigned char buf[sizeof(in6_addr)];
  if (inet_pton(AF_INET, address.c_str(), buf) != 1 &&
      inet_pton(AF_INET6, address.c_str(), buf) != 1) {
    return bad("not an IP address");
  }
  if (port.empty()) return address;
  if (port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      std::stoi(port) < 1 || std::stoi(port) > 65535) {
    return bad("port must be 1-65535");
  }
  return address + "@" + port;
}

Result<std::unique_ptr<Resolver>> OpenUnboundResolver(const ResolverOptions& options) {
  if (options.timeout_ms <= 0)
    return Fail(ErrorCode::kInvalidArgument, "DNS timeout must be positive");
  std::string forwarder;
  if (!options.server.empty()) {
    auto parsed = ParseServerAddress(options.server);
    if (!parsed) return tl::unexpected(parsed.error());
    forwarder = std::move(*parsed);
  }
  std::string anchor;
  if (options.dnssec) {
    if (!options.trust_anchor_file.empty()) {
      if (!FileExists(options.trust_anchor_file)) {
        return Fail(ErrorCode::kNotFound,
                    options.trust_anchor_file + ": no such trust-anchor file");
      }
      anchor = options.trust_anchor_file;
    } else if (FileExists(std::string(kDebianRootTrustAnchor))) {
      anchor = kDebianRootTrustAnchor;
    }
  }

  Validation validation = Validation::kOff;
  if (!anchor.empty()) {
    validation = options.trust_anchor_file.empty() ? Validation::kProbing : Validation::kOn;
  }
  ContextPtr validating;
  ContextPtr plain;
  if (validation != Validation::kOff) {
    auto ctx = NewContext(forwarder, anchor);
    if (!ctx) return tl::unexpected(ctx.error());
    validating = std::move(*ctx);
  }
  if (validation != Validation::kOn) {
    auto ctx = NewContext(forwarder, "");
    if (!ctx) return tl::unexpected(ctx.error());
    plain = std::move(*ctx);
  }
  return std::make_unique<UnboundResolver>(std::move(validating), std::move(plain), validation,
                                           std::chrono::milliseconds(options.timeout_ms));
}

}  // namespace kakunin::dns::internal
