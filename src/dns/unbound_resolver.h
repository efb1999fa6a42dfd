// The live resolver: libunbound, forwarding to the system's resolv.conf servers or to one
// server given as ResolverOptions::server, validating DNSSEC when a trust anchor is present.
//
// Timeouts: libunbound has no per-query timeout, so each Lookup starts an asynchronous query
// (ub_resolve_async), waits for the context's file descriptor with poll() until its own
// deadline, and cancels the query (ub_cancel) when the deadline passes: kDnsTempFail "timed out".
// Cache: decoded answers in an AnswerCache until their TTL runs out, then the libunbound
// context's own message and RRset caches (negative answers for the SOA minimum, RFC 2308),
// shared by all threads.
// DNSSEC: with an explicit trust-anchor file, every answer is validated. With Debian's root
// anchor, the first lookup asks for the root DNSKEY: when it does not validate through the
// configured servers (they strip DNSSEC records, or refuse the root zone), validation is
// turned off for this resolver and answers say Dnssec::kUnknown (docs/dns.md).
// Thread-safety: Lookup may run on several threads at once. One thread at a time reads the
// context's answers (ub_process) and hands every finished query to its waiting thread.
#ifndef KAKUNIN_DNS_UNBOUND_RESOLVER_H_
#define KAKUNIN_DNS_UNBOUND_RESOLVER_H_

#include <memory>
#include <string>
#include <string_view>

#include "kakunin/dns.h"
#include "kakunin/result.h"

namespace kakunin::dns::internal {

// Debian's dns-root-data trust anchor (the root KSKs as DNSKEY records).
inline constexpr std::string_view kDebianRootTrustAnchor = "/usr/share/dns/root.key";

// "ADDR[:PORT]" (IPv6 as "[ADDR]:PORT" or a bare ADDR; "ADDR@PORT" is accepted too) ->
// libunbound's "ADDR@PORT" / "ADDR". Errors: kInvalidArgument naming what is wrong.
[[nodiscard]] Result<std::string> ParseServerAddress(std::string_view server);

// Creates the libunbound context. Errors: kInvalidArgument (server address, timeout <= 0),
// kNotFound (an explicit trust_anchor_file that does not exist), kDnsTempFail (libunbound
// refused the configuration, e.g. no readable resolv.conf).
[[nodiscard]] Result<std::unique_ptr<Resolver>> OpenUnboundResolver(const ResolverOptions& options);

}  // namespace kakunin::dns::internal

#endif  // KAKUNIN_DNS_UNBOUND_RESOLVER_H_
