// The HTTP face of kakunind: JSON routes (docs/api.md, docs/openapi.yaml) over cpp-httplib,
// mapped onto service::Service. It parses and bounds requests, finds the client IP (trusted
// proxies), reads the session from the cookie or a Bearer token and writes JSON answers with
// stable error ids, Retry-After on 429 and secure cookie flags. No flow logic lives here.
//
// Thread-safety: one HttpServer serves many connections on its own thread pool; Stop() may be
// called from any thread.
#ifndef KAKUNIN_APPS_KAKUNIND_HTTP_ADAPTER_H_
#define KAKUNIN_APPS_KAKUNIND_HTTP_ADAPTER_H_

#include <memory>
#include <string>

#include "config.h"
#include "kakunin/service.h"
#include "request_body.h"  // kMaxFieldBytes

namespace httplib {
class Server;
}

namespace kakunin::kakunind {

inline constexpr char kSessionCookie[] = "kakunin_session";

class HttpServer {
 public:
  // `service` must outlive the server.
  HttpServer(service::Service& service, HttpOptions options);
  ~HttpServer();

  // Binds options.host:options.port (port 0: any free port). Returns the bound port, or
  // kIo if the address cannot be bound.
  [[nodiscard]] Result<int> Bind();
  // Serves until Stop(). Returns false if the server could not run.
  bool Serve();
  void Stop();

 private:
  service::Service& service_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace kakunin::kakunind

#endif  // KAKUNIN_APPS_KAKUNIND_HTTP_ADAPTER_H_
