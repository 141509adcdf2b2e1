// Forwarding a request about a game to the node that owns it (issue 13):
// one hop over HTTP, on a bounded keep-alive pool of connections per peer.
// The peer's answer reaches the client as the peer gave it (status, body,
// headers); long-polls and event streams are relayed as they arrive and
// abandoned as soon as their client goes, so that the owner frees its
// waiter too. A peer that cannot be reached is a 503 with Retry-After,
// never a 500 or a hang.
#pragma once

#include <memory>
#include <string>

#include <httplib.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

namespace fourex::http {

struct ForwardLimits {
  int connections_per_peer = 32;  // open to one peer at once, idle or busy
  int connect_timeout_ms = 2000;
  // How long a request waits for one of a busy peer's connections.
  int wait_for_connection_ms = 2000;
  // A pooled connection idle longer than this is not reused: the peer
  // closes its idle keep-alive connections (HTTP_KEEP_ALIVE_TIMEOUT_S),
  // and a request written into one it is closing would be lost.
  int reuse_idle_ms = 4000;
};

// What one forward needs besides the request.
struct ForwardTarget {
  std::string owner_address;  // the peer's base URL, http://host:port
  std::string key;            // the cluster's shared ADMIN_TOKEN
  std::string client_address;
  std::string request_id;  // this node's id of the request, passed on
  // Longest wait between two bytes of the answer (a long-poll's timeout
  // plus a margin, an event stream's keep-alive period plus one).
  int read_timeout_s = 35;
  // A long-poll or event stream: relayed as it arrives, dropped with its
  // client.
  bool held = false;
  // Kept until the exchange ends (a held request's slot in HeldRequests).
  std::shared_ptr<const void> keep;
};

class Forwarder {
 public:
  // Counts fourex_requests_forwarded_total{outcome="answered"|"unreachable"}
  // in `registry`.
  Forwarder(ForwardLimits limits, prometheus::Registry& registry);
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  // Sends `req` to the owner (method, target, body, Authorization and the
  // other end-to-end headers, X-Forwarded-For and the peer signature of
  // http/peer_auth.hpp) and writes its answer into `res`.
  void forward(const ForwardTarget& target, const httplib::Request& req,
               httplib::Response& res);

 private:
  class Pool;
  std::unique_ptr<Pool> pool_;
  prometheus::Counter& answered_;
  prometheus::Counter& unreachable_;
};

}  // namespace fourex::http
