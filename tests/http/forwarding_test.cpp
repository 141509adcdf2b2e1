// The forwarder against real loopback servers: a stand-in owner (plain
// httplib) behind an entry node's gated server whose handler forwards every
// request. What the client gets is what the owner answered; the owner sees
// the client's address, token and request id, signed; an event stream is
// relayed chunk by chunk and dropped at the owner when the client goes; an
// owner that does not listen is a prompt 503. Plus the signature's checks.
#include "http/forwarding.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>

#include <catch2/catch.hpp>
#include <prometheus/registry.h>
#include <unistd.h>

#include "http/connection_gate.hpp"
#include "http/errors.hpp"
#include "http/peer_auth.hpp"

using namespace fourex::http;
using namespace std::chrono_literals;

namespace {

const std::string kKey = "the-cluster-admin-token";

// Serves `server` on a loopback port until destroyed.
class Serving {
 public:
  explicit Serving(httplib::Server& s) : server_(s) {
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Serving() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

 private:
  httplib::Server& server_;
  int port_ = 0;
  std::thread thread_;
};

std::int64_t now_s() { return static_cast<std::int64_t>(std::time(nullptr)); }

struct StandInOwner {
  StandInOwner() {
    server.Get(
        "/echo", [](const httplib::Request& req, httplib::Response& res) {
          auto forward = check_forward(kKey, req, now_s());
          res.set_header("Retry-After", "7");
          res.status = 409;
          res.set_content(req.method + " " + req.target + "|" +
                              req.get_header_value("Authorization") + "|" +
                              req.get_header_value("X-Request-Id") + "|" +
                              (forward.kind == InboundForward::Kind::valid
                                   ? forward.client_address
                                   : "unsigned"),
                          "application/json");
        });
    server.Post("/echo",
                [](const httplib::Request& req, httplib::Response& res) {
                  res.status = 201;
                  res.set_content("posted:" + req.body, "text/plain");
                });
    server.Get("/stream", [this](const httplib::Request&,
                                 httplib::Response& res) {
      res.set_chunked_content_provider(
          "text/event-stream",
          [this](std::size_t, httplib::DataSink& sink) {
            std::this_thread::sleep_for(50ms);
            auto n = ++events_sent;
            std::string e = "event: tick\ndata: " + std::to_string(n) + "\n\n";
            if (!sink.write(e.data(), e.size())) return false;
            if (n == 3 && finite) sink.done();
            return true;
          },
          [this](bool) { stream_ended = true; });
    });
  }
  httplib::Server server;
  std::atomic<int> events_sent{0};
  std::atomic<bool> stream_ended{false};
  bool finite = true;
};

// The entry node: every request goes to `owner`.
struct Entry {
  Entry(std::string owner, bool held)
      : forwarder(ForwardLimits{}, registry), server(GateLimits{}) {
    auto handler = [this, owner, held](const httplib::Request& req,
                                       httplib::Response& res) {
      begin_request(res);
      ForwardTarget t;
      t.owner_address = owner;
      t.key = kKey;
      t.client_address = req.remote_addr;
      t.request_id = request_id();
      t.held = held;
      t.read_timeout_s = 5;
      forwarder.forward(t, req, res);
    };
    server.Get(".*", handler);
    server.Post(".*", handler);
  }
  prometheus::Registry registry;
  Forwarder forwarder;
  GatedServer server;
};

}  // namespace

TEST_CASE("a forwarded request gets the owner's answer, signed for its client",
          "[forwarding]") {
  StandInOwner owner;
  Serving o(owner.server);
  Entry entry(o.url(), false);
  Serving e(entry.server);
  httplib::Client client("127.0.0.1", e.port());

  auto r =
      client.Get("/echo?x=%20y&game_id=g1", {{"Authorization", "Bearer tok"}});
  REQUIRE(r);
  CHECK(r->status == 409);
  CHECK(r->get_header_value("Retry-After") == "7");
  CHECK(r->get_header_value("Content-Type") == "application/json");
  auto id = r->get_header_value("X-Request-Id");
  REQUIRE(!id.empty());
  CHECK(r->body ==
        "GET /echo?x=%20y&game_id=g1|Bearer tok|" + id + "|127.0.0.1");
  CHECK(r->get_header_value_count("X-Request-Id") == 1);

  auto p = client.Post("/echo", "{\"a\":1}", "application/json");
  REQUIRE(p);
  CHECK(p->status == 201);
  CHECK(p->body == "posted:{\"a\":1}");
}

TEST_CASE("an event stream is relayed as it comes and ends with the owner's",
          "[forwarding]") {
  StandInOwner owner;
  Serving o(owner.server);
  Entry entry(o.url(), true);
  Serving e(entry.server);
  httplib::Client client("127.0.0.1", e.port());
  std::vector<std::string> pieces;
  auto r = client.Get("/stream", [&](const char* data, std::size_t n) {
    pieces.emplace_back(data, n);
    return true;
  });
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/event-stream");
  std::string all;
  for (const auto& p : pieces) all += p;
  CHECK(all ==
        "event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\nevent: tick\ndata: "
        "3\n\n");
  CHECK(pieces.size() >= 2);  // chunk by chunk, not one body at the end
}

TEST_CASE("a client leaving a relayed stream ends it at the owner",
          "[forwarding]") {
  StandInOwner owner;
  owner.finite = false;
  Serving o(owner.server);
  Entry entry(o.url(), true);
  Serving e(entry.server);
  {
    httplib::Client client("127.0.0.1", e.port());
    int seen = 0;
    client.Get("/stream", [&](const char*, std::size_t) { return ++seen < 2; });
  }
  // Generous: the entry notices within a slice, the owner at its next write.
  for (int i = 0; i < 100 && !owner.stream_ended; ++i)
    std::this_thread::sleep_for(100ms);
  CHECK(owner.stream_ended);
}

TEST_CASE("an owner that does not answer is a prompt 503 with Retry-After",
          "[forwarding]") {
  // Bound and never listening: connecting is refused, and no server of
  // this test can be given the port meanwhile.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int dead_port = ntohs(addr.sin_port);
  for (bool held : {false, true}) {
    Entry entry("http://127.0.0.1:" + std::to_string(dead_port), held);
    Serving e(entry.server);
    httplib::Client client("127.0.0.1", e.port());
    auto started = std::chrono::steady_clock::now();
    auto r = client.Get("/echo");
    REQUIRE(r);
    CHECK(r->status == 503);
    CHECK(r->get_header_value("Retry-After") == "1");
    CHECK(r->body.find("\"owner_unreachable\"") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < 20s);
  }
  ::close(fd);
}

TEST_CASE("the forward signature binds key, time, client and request",
          "[forwarding]") {
  httplib::Request req;
  req.method = "POST";
  req.target = "/api/v1/games/g1/actions";
  auto now = now_s();
  req.set_header("X-Forwarded-For", "203.0.113.7");
  req.set_header(kForwardHeader, sign_forward(kKey, now, "203.0.113.7",
                                              req.method, req.target));
  auto good = check_forward(kKey, req, now);
  CHECK(good.kind == InboundForward::Kind::valid);
  CHECK(good.client_address == "203.0.113.7");

  CHECK(check_forward("another-token", req, now).kind ==
        InboundForward::Kind::invalid);
  CHECK(check_forward(kKey, req, now + kForwardWindowS + 1).kind ==
        InboundForward::Kind::invalid);
  auto other = req;
  other.target = "/api/v1/games/g2/actions";
  CHECK(check_forward(kKey, other, now).kind == InboundForward::Kind::invalid);
  auto spoofed = req;
  spoofed.headers.erase("X-Forwarded-For");
  spoofed.set_header("X-Forwarded-For", "198.51.100.1");
  CHECK(check_forward(kKey, spoofed, now).kind ==
        InboundForward::Kind::invalid);
  auto forged = req;
  forged.headers.erase(kForwardHeader);
  forged.set_header(kForwardHeader, std::to_string(now) + ":00");
  CHECK(check_forward(kKey, forged, now).kind == InboundForward::Kind::invalid);

  httplib::Request plain;
  plain.set_header("X-Forwarded-For", "198.51.100.1");
  CHECK(check_forward(kKey, plain, now).kind == InboundForward::Kind::none);
}
