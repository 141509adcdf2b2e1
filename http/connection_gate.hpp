// The connection gate in front of cpp-httplib's workers. httplib 0.11 holds
// a worker thread per connection and its read timeout is per read, so slow,
// idle or flooding clients could hold every worker. GatedServer reads all
// connections in one epoll thread (the waiting room) until a whole request is
// buffered — total deadlines for the headers and for the body, limits on
// header count and size (431) and body size (413), caps on connections — and
// only then runs it on a worker. A kept-alive connection goes back to the
// waiting room between requests: idle connections hold no worker.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include <httplib.h>

#include "http/request_framing.hpp"

namespace fourex::http {

struct GateLimits {
  int workers = 256;
  int max_connections = 4096;
  int max_connections_per_address = 64;  // 0: no cap
  int header_timeout_ms = 10000;         // request line + headers, in all
  int body_timeout_ms = 30000;           // the body, after the headers
  int keep_alive_timeout_ms = 5000;      // idle between requests
  int write_timeout_ms = 30000;          // each wait for the client to read
  // Unfinished requests in the waiting room in all; a request may grow past
  // 64 KiB only while the total stays under this (503 beyond).
  std::size_t buffer_budget_bytes = std::size_t{64} << 20;
  FramingLimits framing;
};

class ConnectionGate;

class GatedServer : public httplib::Server {
 public:
  explicit GatedServer(const GateLimits& limits);
  ~GatedServer() override;

 private:
  // httplib's accept loop calls this for every accepted socket (on the
  // accept thread: our task queue runs it inline); the gate takes it.
  bool process_and_close_socket(socket_t sock) override;

  std::unique_ptr<ConnectionGate> gate_;
};

// In a handler run by the gate: false once the client has closed its end of
// the connection (a long-poll's or stream's client gone). True elsewhere.
bool client_connected();

// In a handler or the logger run by the gate: when the worker began the
// request it is answering, whether or not cpp-httplib could parse it.
std::chrono::steady_clock::time_point request_started();

}  // namespace fourex::http
