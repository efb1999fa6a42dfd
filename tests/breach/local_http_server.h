// A cpp-httplib server on 127.0.0.1 (a free port) run on its own thread, for the breach clients'
// tests. Derived classes add their routes, then call Start(); their destructor calls Stop() so
// no handler runs while their members are destroyed. A handler can call HoldUntilStopped() to
// act as a server slower than any client timeout; Stop() releases it at once.
#ifndef KAKUNIN_TESTS_BREACH_LOCAL_HTTP_SERVER_H_
#define KAKUNIN_TESTS_BREACH_LOCAL_HTTP_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace kakunin::breach::testing {

class LocalHttpServer {
 public:
  LocalHttpServer() = default;
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;
  virtual ~LocalHttpServer() { Stop(); }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

 protected:
  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    released_.notify_all();
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  // Blocks a handler for up to 10 s, or until Stop().
  void HoldUntilStopped() {
    std::unique_lock<std::mutex> lock(mu_);
    released_.wait_for(lock, std::chrono::seconds(10), [this] { return stopping_; });
  }

  httplib::Server server_;
  std::mutex mu_;  // Guards stopping_ and the derived class's recorded state.

 private:
  std::thread thread_;
  int port_ = 0;
  std::condition_variable released_;
  bool stopping_ = false;
};

}  // namespace kakunin::breach::testing

#endif  // KAKUNIN_TESTS_BREACH_LOCAL_HTTP_SERVER_H_
