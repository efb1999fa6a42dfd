// kakunin web: the inspect report as a local web page (src/web, docs/web.md).
#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <string>
#include <thread>

#include "analysis_flags.h"
#include "cli.h"
#include "kakunin/web.h"

namespace kakunin::cli {
namespace {

struct WebFlags {
  std::string listen = "127.0.0.1:" + std::to_string(web::kDefaultPort);
  AnalysisFlags analysis;
};

// "127.0.0.1:8931", "[::1]:8931", "localhost:0" -> host and port.
std::pair<std::string, int> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) throw Fatal("--listen: expected HOST:PORT, got " + listen);
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) throw Fatal("--listen: bad port in " + listen);
  return {host, port};
}

int RunWeb(const WebFlags& f) {
  auto analysis = OpenAnalysisOrFail(f.analysis, /*open_aliases=*/true);
  web::ServerOptions options;
  std::tie(options.host, options.port) = ParseListen(f.listen);
  options.lang = f.analysis.lang == "auto" ? "" : f.analysis.lang;
  options.max_message_bytes = f.analysis.max_size;
  options.inspect = analysis->options;

  // Ctrl-C / SIGTERM stop the server from a thread that waits for them (httplib's stop is not
  // async-signal-safe); the server's threads inherit the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  web::Server server(std::move(options));
  if (auto bound = server.Bind(); !bound) throw Fatal("--listen: " + bound.error().message);
  std::thread waiter([&server, &signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.Stop();
  });
  std::cout << "kakunin web: " << server.url() << " (Ctrl-C to stop)" << std::endl;
  server.Run();
  // Run also ends without a signal (a socket error): wake the waiter so it can be joined. SIGTERM
  // is blocked and taken by the waiter's sigwait, so this wakes the thread and kills nothing.
  pthread_kill(waiter.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
  return kExitOk;
}

}  // namespace

void RegisterWeb(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<WebFlags>();
  CLI::App* cmd = app.add_subcommand("web", "Check mails in a local web page (paste or drop an .eml file)");
  cmd->add_option("--listen", flags->listen, "Loopback address and port to serve on (port 0: any free port)")
      ->capture_default_str();
  // A page takes one mail at a time: a smaller default than inspect's (the page holds the mail
  // twice, once as the language switch's hidden copy).
  flags->analysis.max_size = web::kDefaultMaxMessageBytes;
  AddAnalysisFlags(cmd, flags->analysis);
  cmd->get_option("--lang")->description("Page language (auto: the browser's Accept-Language)");
  cmd->get_option("--max-size")->description("Refuse mails larger than this many bytes");
  cmd->callback([flags, exit_code] { *exit_code = RunWeb(*flags); });
}

}  // namespace kakunin::cli
