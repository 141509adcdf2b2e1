// The HTTP front end: cpp-httplib behind the connection gate (whole
// requests only reach the bounded worker pool), configured for load
// (TCP_NODELAY, a large listen backlog, long keep-alive), the routes of
// API.md, request logging and rate limiting.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "actors/runtime.hpp"
#include "config/config.hpp"

namespace httplib {
class Server;
}

namespace fourex::http {

class Server {
 public:
  Server(const config::Config& config, actors::Runtime& runtime);
  ~Server();

  // Binds HOST:PORT and serves on a background thread. Returns the bound
  // port; throws std::runtime_error when it cannot bind. `bound(port)` runs
  // between the bind and the first request served (the runtime joins the
  // cluster there: its address is known and nobody else can hold it).
  int start(const std::function<void(int)>& bound = {});
  // Closes the listening socket: new connections are refused, and a
  // keep-alive connection closes after the request it is serving. Returns
  // at once; the requests in flight go on.
  void stop_accepting();
  // stop_accepting(), then waits for the requests in flight to end.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fourex::http
