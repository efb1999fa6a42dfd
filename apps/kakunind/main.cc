// kakunind: the verification-code service. `kakunind [--config FILE] [--listen ADDR:PORT]
// [--data-dir DIR]`; with no config it keeps its SQLite database, outbox and keys in
// ./kakunind-data and listens on 127.0.0.1:8080.
#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "config.h"
#include "delivery_setup.h"
#include "dkim_key.h"
#include "http_adapter.h"
#include "kakunin/service.h"
#include "kakunin/store.h"

namespace {

kakunin::kakunind::HttpServer* g_server = nullptr;

void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

int Fatal(const std::string& message) {
  std::cerr << "kakunind: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kakunin;
  CLI::App app{"kakunind: verification codes, sign-up, sign-in and password reset over HTTP"};
  std::string config_path, listen, data_dir;
  app.add_option("--config", config_path, "TOML configuration file (docs/kakunind.md)");
  app.add_option("--listen", listen, "ADDR:PORT to listen on (port 0: any free port), default 127.0.0.1:8080");
  app.add_option("--data-dir", data_dir, "Folder for the database, outbox, keys and audit log");
  CLI11_PARSE(app, argc, argv);

  kakunind::Config config = kakunind::DefaultConfig();
  if (!config_path.empty()) {
    if (auto loaded = kakunind::LoadConfigFile(config_path, config); !loaded) return Fatal(loaded.error().message);
  }
  if (!listen.empty()) {
    if (auto parsed = kakunind::ParseListen(listen, config.http); !parsed) return Fatal(parsed.error().message);
  }
  if (!data_dir.empty()) config.service.data_dir = data_dir;
  if (auto finished = kakunind::FinishConfig(config); !finished) return Fatal(finished.error().message);

  if (::mkdir(config.service.data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fatal("cannot create " + config.service.data_dir);
  }
  if (config.dkim.enabled) {
    auto dkim = kakunind::SetUpDkim(config.dkim, config.service.data_dir);
    if (!dkim) return Fatal("DKIM: " + dkim.error().ToString());
    config.service.signer = dkim->signer;
    std::cout << "kakunind: DKIM key " << dkim->key_path << "; publish:\n" << dkim->txt_record << "\n";
  }
  auto store = kakunind::OpenStore(config);
  if (!store) return Fatal(store.error().ToString());
  auto service = service::Service::Create(config.service, std::shared_ptr<store::Store>(std::move(*store)));
  if (!service) return Fatal(service.error().ToString());
  // Null unless configured.
  auto delivery = kakunind::StartDelivery(config.delivery, config.service.data_dir, &(*service)->metrics());
  if (!delivery) return Fatal(delivery.error().ToString());

  kakunind::HttpServer server(**service, config.http);
  auto port = server.Bind();
  if (!port) return Fatal(port.error().message);
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::cout << "kakunind: listening on " << config.http.host << ":" << *port << ", data in "
            << config.service.data_dir << std::endl;
  const bool served = server.Serve();
  g_server = nullptr;
  return served ? 0 : 1;
}
