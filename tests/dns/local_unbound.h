// LocalUnbound: a real unbound (Debian's /usr/sbin/unbound) on 127.0.0.1 at a free port,
// serving only the local-data records a test gives it. No recursion, no root hints: every
// other name is REFUSED (`local-zone: "." refuse`), so nothing ever leaves the machine.
// The server runs in the foreground (`do-daemonize: no`) as a child of the test and is stopped
// (SIGTERM, then waited for) by Stop() or the destructor.
// Thread-safety: none; one test thread owns it.
#ifndef KAKUNIN_TESTS_DNS_LOCAL_UNBOUND_H_
#define KAKUNIN_TESTS_DNS_LOCAL_UNBOUND_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace kakunin::testing {

inline constexpr char kUnboundBinary[] = "/usr/sbin/unbound";

struct LocalUnboundConfig {
  std::vector<std::string> local_zones;  // "example.test. static"
  std::vector<std::string> local_data;   // 'www.example.test. 300 IN A 192.0.2.1' (unquoted)
  // Zones served authoritatively from a master file (unbound's auth-zone, answering clients
  // directly: RRSIGs and NSEC proofs included when the file is signed). Each also needs a
  // "NAME transparent" local zone so that the refusing root zone does not shadow it.
  struct AuthZone {
    std::string name;      // "secure.example.com."
    std::string zonefile;  // Absolute path.
  };
  std::vector<AuthZone> auth_zones;
};

class LocalUnbound {
 public:
  LocalUnbound() = default;
  LocalUnbound(const LocalUnbound&) = delete;
  LocalUnbound& operator=(const LocalUnbound&) = delete;
  ~LocalUnbound() { Stop(); }

  // Writes the configuration to a fresh temporary folder, starts unbound and waits (up to 10 s)
  // until it answers; if unbound exits at once (its port was taken meanwhile), tries another
  // port, three times in all. Returns "" on success, else what went wrong (with the end of
  // unbound's log, which names configuration errors).
  std::string Start(const LocalUnboundConfig& config);
  void Stop();

  int port() const { return port_; }
  // "127.0.0.1:PORT", for ResolverOptions::server.
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  std::string StartOnce(const LocalUnboundConfig& config);
  bool Answers() const;

  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;
};

// A 127.0.0.1 port that was free a moment ago (bound to port 0 for UDP and TCP, then closed).
int FreeLoopbackPort();

}  // namespace kakunin::testing

#endif  // KAKUNIN_TESTS_DNS_LOCAL_UNBOUND_H_
