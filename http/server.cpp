#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <sys/socket.h>

#include <httplib.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include "actors/metrics.hpp"
#include "actors/tokens.hpp"
#include "http/access_log.hpp"
#include "http/connection_gate.hpp"
#include "http/console.hpp"
#include "http/context.hpp"
#include "http/mcp_route.hpp"
#include "http/metrics.hpp"
#include "http/peer_auth.hpp"
#include "http/rate_limiter.hpp"

namespace fourex::http {
namespace {

// Keyed by the token's hash: the limiter's table holds no secrets. A token
// this node does not know counts against its client's address, like no
// token: made-up tokens, each with a bucket of its own, would pass any
// limit.
std::string rate_key(const actors::Runtime& runtime,
                     const httplib::Request& req) {
  auto token = bearer_token(req);
  return token.empty() || !runtime.knows_token(token)
             ? "addr:" + req.remote_addr
             : "token:" + actors::hash_token(token);
}

// A request with neither Content-Length nor Transfer-Encoding has no body
// (RFC 9112 6.3), but cpp-httplib 0.11 reads a POST or DELETE body until the
// connection closes: `curl -XPOST .../restore` waited for the read timeout
// and got 400. Saying "Content-Length: 0" before the body is read restores
// the standard meaning. The request is ours to change: httplib passes its
// own non-const object as const here.
void declare_empty_body(const httplib::Request& req) {
  if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))
    const_cast<httplib::Request&>(req).set_header("Content-Length", "0");
}

GateLimits gate_limits(const config::Config& c) {
  GateLimits g;
  g.workers = c.http_threads;
  g.max_connections = c.http_max_connections;
  g.max_connections_per_address = c.http_connections_per_ip;
  g.header_timeout_ms = c.http_header_timeout_ms;
  g.body_timeout_ms = c.http_body_timeout_ms;
  g.keep_alive_timeout_ms = c.http_keep_alive_timeout_s * 1000;
  g.write_timeout_ms = c.http_write_timeout_ms;
  g.buffer_budget_bytes = static_cast<std::size_t>(c.http_buffer_budget_bytes);
  g.framing.max_header_bytes =
      static_cast<std::size_t>(c.http_max_header_bytes);
  g.framing.max_headers = c.http_max_headers;
  g.framing.max_body_bytes = static_cast<std::uint64_t>(c.max_body_bytes);
  return g;
}

ForwardLimits forward_limits(const config::Config& c) {
  ForwardLimits f;
  // Under the peer's cap on connections from one address, with room left
  // for clients on the same host (a test's, or a proxy's).
  int cap = c.http_connections_per_ip > 0 ? c.http_connections_per_ip
                                          : c.http_threads;
  f.connections_per_peer = std::max(1, std::min(cap, c.http_threads) / 2);
  f.reuse_idle_ms = std::max(0, c.http_keep_alive_timeout_s * 1000 - 1000);
  return f;
}

// An id a peer gave a request it forwarded: kept when it looks like ours.
std::string given_request_id(const httplib::Request& req) {
  auto id = req.get_header_value("X-Request-Id");
  if (id.empty() || id.size() > 64) return {};
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return {};
  return id;
}

}  // namespace

struct Server::Impl {
  Impl(const config::Config& cfg, actors::Runtime& runtime)
      : config(cfg),
        held(std::max(1, cfg.http_threads * cfg.http_held_share_percent / 100),
             cfg.http_held_per_ip),
        forwarder(forward_limits(cfg), runtime.metrics().registry()),
        ctx{runtime,
            config,
            held,
            RateLimiter(cfg.game_creations_per_min / 60.0,
                        cfg.game_creations_per_min),
            forwarder,
            RateLimiter(cfg.token_lookups_per_s,
                        cfg.token_lookups_per_s * 10.0)},
        limiter(cfg.rate_limit_per_s, cfg.rate_limit_per_s),
        metrics(runtime.metrics().registry()),
        server(gate_limits(cfg)) {}

  config::Config config;
  HeldRequests held;
  Forwarder forwarder;
  Context ctx;
  RateLimiter limiter;
  HttpMetrics metrics;
  GatedServer server;
  std::thread thread;
  std::atomic<int> listen_fd{-1};
  // cpp-httplib's stop() may run once only (a second call asserts).
  std::atomic<bool> accepting{true};
};

Server::Server(const config::Config& config, actors::Runtime& runtime)
    : impl_(std::make_unique<Impl>(config, runtime)) {
  auto& s = impl_->server;
  // Off by default in cpp-httplib: Nagle's delay costs 25x in throughput.
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(100000);
  // What the Keep-Alive answer header says; the gate enforces it.
  s.set_keep_alive_timeout(config.http_keep_alive_timeout_s);
  s.set_payload_max_length(static_cast<std::size_t>(config.max_body_bytes));
  s.set_socket_options([this](socket_t fd) {
    httplib::default_socket_options(fd);
    impl_->listen_fd = fd;
  });

  s.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        auto forward = check_forward(impl_->ctx.runtime.admin_token(), req,
                                     std::time(nullptr));
        bool from_peer = forward.kind == InboundForward::Kind::valid;
        begin_request(res, from_peer ? given_request_id(req) : std::string());
        if (forward.kind == InboundForward::Kind::invalid) {
          respond_forward_refused(res);
          return httplib::Server::HandlerResponse::Handled;
        }
        // A peer's forward, or a trusted proxy's request: limits, held slots
        // and the log apply to the client it names. The request is ours to
        // change, as below.
        auto client = from_peer
                          ? forward.client_address
                          : proxied_client(req, impl_->config.trusted_proxies);
        if (!client.empty())
          const_cast<httplib::Request&>(req).remote_addr = client;
        declare_empty_body(req);
        if (impl_->limiter.enabled() &&
            !impl_->limiter.allow(rate_key(impl_->ctx.runtime, req))) {
          respond_error(res, actors::ErrorCode::rate_limited,
                        "too many requests for this token; slow down");
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  // Errors cpp-httplib decides itself (no route, body too large) get the
  // API's error body too.
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
        // A request cpp-httplib could not parse never reached the
        // pre-routing handler: its id is given here (the thread's last one
        // belongs to another request).
        if (!res.has_header("X-Request-Id")) begin_request(res, {});
        if (!res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404)
          respond_error(res, actors::ErrorCode::not_found,
                        "no route " + req.method + " " + req.path);
        else if (res.status == 413)
          respond_error(res, actors::ErrorCode::payload_too_large,
                        "the body is over MAX_BODY_BYTES");
        else if (res.status == 400)
          respond_error(res, actors::ErrorCode::bad_request,
                        "malformed request");
        else
          return httplib::Server::HandlerResponse::Unhandled;
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_logger([this](const httplib::Request& req,
                      const httplib::Response& res) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - request_started())
                  .count();
    auto route = route_of(req);
    impl_->metrics.observe(method_of(req), route, res.status, double(us) / 1e6);
    log_request(req, res, route, us);
  });

  add_ops_routes(s, impl_->ctx);
  add_game_routes(s, impl_->ctx);
  add_history_routes(s, impl_->ctx);
  add_agent_routes(s, impl_->ctx);
  add_admin_routes(s, impl_->ctx);
  add_tournament_routes(s, impl_->ctx);
  add_console_routes(s);
  add_mcp_routes(s, impl_->ctx);
}

Server::~Server() { stop(); }

int Server::start(const std::function<void(int)>& bound_hook) {
  auto& s = impl_->server;
  const auto& host = impl_->config.host;
  int port = impl_->config.port;
  bool bound = port == 0 ? (port = s.bind_to_any_port(host)) > 0
                         : s.bind_to_port(host, port);
  if (!bound)
    throw std::runtime_error("cannot listen on " + host + ":" +
                             std::to_string(impl_->config.port));
  // cpp-httplib listens with a backlog of 5; reconnect bursts overflow it
  // and clients stall for a 1 s SYN retransmit. Linux lets a second listen()
  // raise the backlog of the listening socket.
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, 4096);
  if (bound_hook) bound_hook(port);
  impl_->thread = std::thread([&s] {
    pthread_setname_np(pthread_self(), "http-accept");
    s.listen_after_bind();
  });
  return port;
}

void Server::stop_accepting() {
  if (impl_->accepting.exchange(false)) impl_->server.stop();
}

void Server::stop() {
  if (!impl_->thread.joinable()) return;
  stop_accepting();
  impl_->thread.join();
}

}  // namespace fourex::http
