#include "http/forwarding.hpp"

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pthread.h>
#include <strings.h>

#include "http/connection_gate.hpp"
#include "http/errors.hpp"
#include "http/peer_auth.hpp"

namespace fourex::http {
namespace {

using Clock = std::chrono::steady_clock;

// Headers that are about the request, not about one connection: passed on.
constexpr const char* kPassedOn[] = {"Authorization",  "Content-Type",
                                     "Accept",         "Last-Event-ID",
                                     "Mcp-Session-Id", "MCP-Protocol-Version"};

// Of the peer's answer: about its connection, or set by this node already.
bool hop_by_hop(const std::string& name) {
  static const char* const names[] = {
      "Connection",   "Keep-Alive",   "Transfer-Encoding", "Content-Length",
      "Content-Type", "X-Request-Id", "Upgrade",           "Trailer"};
  for (const char* n : names)
    if (::strcasecmp(name.c_str(), n) == 0) return true;
  return false;
}

void copy_answer(int status, const httplib::Headers& headers,
                 const std::string& body, httplib::Response& res) {
  res.status = status;
  for (const auto& [name, value] : headers)
    if (!hop_by_hop(name)) res.set_header(name, value);
  auto type = headers.find("Content-Type");
  res.set_content(body, type == headers.end() ? "application/octet-stream"
                                              : type->second.c_str());
}

httplib::Request upstream_request(const ForwardTarget& t,
                                  const httplib::Request& req) {
  httplib::Request up;
  up.method = req.method;
  up.path = req.target;  // as the client sent it: still encoded
  up.body = req.body;
  for (const char* name : kPassedOn)
    if (req.has_header(name)) up.set_header(name, req.get_header_value(name));
  up.set_header("X-Request-Id", t.request_id);
  up.set_header("X-Forwarded-For", t.client_address);
  up.set_header(
      kForwardHeader,
      sign_forward(t.key, static_cast<std::int64_t>(std::time(nullptr)),
                   t.client_address, req.method, req.target));
  return up;
}

}  // namespace

// Keep-alive connections per peer: at most connections_per_peer open (idle
// or busy) to one peer; a request waits a bounded time for one.
class Forwarder::Pool {
 public:
  explicit Pool(const ForwardLimits& limits) : limits_(limits) {}

  struct Lease {
    std::string address;
    std::unique_ptr<httplib::Client> client;
  };

  // A connection to `address`, or none when the peer's are all busy.
  std::optional<Lease> acquire(const std::string& address) {
    std::unique_lock<std::mutex> lock(mutex_);
    auto& peer = peers_[address];
    auto free = [&] {
      return !peer.idle.empty() || peer.busy < limits_.connections_per_peer;
    };
    if (!cv_.wait_for(lock,
                      std::chrono::milliseconds(limits_.wait_for_connection_ms),
                      free))
      return std::nullopt;
    ++peer.busy;
    auto now = Clock::now();
    std::vector<std::unique_ptr<httplib::Client>> stale;
    while (!peer.idle.empty()) {
      auto idle = std::move(peer.idle.back());
      peer.idle.pop_back();
      if (now - idle.since < std::chrono::milliseconds(limits_.reuse_idle_ms))
        return Lease{address, std::move(idle.client)};
      stale.push_back(std::move(idle.client));
    }
    lock.unlock();
    return Lease{address, connect(address)};
  }

  // `reusable`: the exchange ended cleanly; the connection may serve again.
  void give_back(Lease lease, bool reusable) {
    std::unique_ptr<httplib::Client> dropped;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto& peer = peers_[lease.address];
      --peer.busy;
      if (reusable)
        peer.idle.push_back({std::move(lease.client), Clock::now()});
      else
        dropped = std::move(lease.client);
    }
    cv_.notify_all();
  }

 private:
  std::unique_ptr<httplib::Client> connect(const std::string& address) const {
    auto c = std::make_unique<httplib::Client>(address);
    c->set_tcp_nodelay(true);
    c->set_keep_alive(true);
    c->set_url_encode(false);  // the target is forwarded as it came
    c->set_connection_timeout(0, limits_.connect_timeout_ms * 1000);
    c->set_write_timeout(10, 0);
    return c;
  }

  struct Idle {
    std::unique_ptr<httplib::Client> client;
    Clock::time_point since;
  };
  struct Peer {
    std::vector<Idle> idle;
    int busy = 0;
  };

  ForwardLimits limits_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Peer> peers_;
};

namespace {

// A held exchange with the owner, run on a thread of its own so that the
// worker can watch its client meanwhile and relay the answer as it comes.
class Relay {
 public:
  Relay(httplib::Request up, std::function<void(bool)> done)
      : up_(std::move(up)), done_(std::move(done)) {}
  ~Relay() {
    cancel();
    finish();
  }
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void start(httplib::Client& client) {
    client_ = &client;
    up_.response_handler = [this](const httplib::Response& head) {
      std::lock_guard<std::mutex> lock(mutex_);
      status_ = head.status;
      headers_ = head.headers;
      has_head_ = true;
      cv_.notify_all();
      return !cancelled_;
    };
    up_.content_receiver = [this](const char* data, std::size_t n,
                                  std::uint64_t, std::uint64_t) {
      std::lock_guard<std::mutex> lock(mutex_);
      chunks_.emplace_back(data, n);
      cv_.notify_all();
      return !cancelled_;
    };
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "http-forward");
      httplib::Response res;
      httplib::Error error = httplib::Error::Success;
      bool ok = client_->send(up_, res, error);
      std::lock_guard<std::mutex> lock(mutex_);
      ok_ = ok;
      finished_ = true;
      cv_.notify_all();
    });
  }

  // Waits, watching the client, for the answer's head; false when the
  // client went first or the owner answered nothing.
  bool wait_head() {
    return wait([this] { return has_head_ || finished_; }) && has_head_;
  }
  // Waits, watching the client, for the whole answer.
  bool wait_end() {
    return wait([this] { return finished_; }) && ok_;
  }

  bool streaming() const {
    auto type = headers_.find("Content-Type");
    return status_ == 200 && type != headers_.end() &&
           type->second.rfind("text/event-stream", 0) == 0;
  }
  int status() const { return status_; }
  const httplib::Headers& headers() const { return headers_; }
  std::string body() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string all;
    for (auto& c : chunks_) all += c;
    chunks_.clear();
    return all;
  }

  // The next piece of an event stream: a chunk, "" when none came within
  // the slice, nullopt at the end.
  std::optional<std::string> next() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(500),
                 [this] { return !chunks_.empty() || finished_; });
    if (!chunks_.empty()) {
      auto c = std::move(chunks_.front());
      chunks_.pop_front();
      return c;
    }
    if (finished_) return std::nullopt;
    return std::string();
  }

  // The client left: the owner's side is closed so that it stops waiting.
  void cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (finished_ || cancelled_ || !client_) return;
    cancelled_ = true;
    client_->stop();
  }

  // Joins the exchange's thread; tells whether the connection may serve
  // again.
  void finish() {
    if (!thread_.joinable()) return;
    thread_.join();
    done_(ok_ && !cancelled_);
  }

 private:
  template <class Ready>
  bool wait(Ready ready) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!ready()) {
      cv_.wait_for(lock, std::chrono::milliseconds(500));
      if (!ready() && !client_connected()) {
        lock.unlock();
        cancel();
        return false;
      }
    }
    return true;
  }

  httplib::Request up_;
  std::function<void(bool)> done_;
  httplib::Client* client_ = nullptr;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool has_head_ = false, finished_ = false, ok_ = false, cancelled_ = false;
  int status_ = 0;
  httplib::Headers headers_;
  std::deque<std::string> chunks_;
};

// False when the owner gave no (whole) answer.
bool relay_held(std::shared_ptr<Relay> relay, httplib::Response& res) {
  if (!relay->wait_head()) {
    respond_owner_unreachable(res, "no answer to a held request");
    return false;
  }
  if (!relay->streaming()) {
    if (!relay->wait_end()) {
      respond_owner_unreachable(res, "the answer broke off");
      return false;
    }
    copy_answer(relay->status(), relay->headers(), relay->body(), res);
    return true;
  }
  res.status = 200;
  for (const auto& [name, value] : relay->headers())
    if (!hop_by_hop(name)) res.set_header(name, value);
  res.set_chunked_content_provider(
      relay->headers().find("Content-Type")->second,
      [relay](std::size_t, httplib::DataSink& sink) {
        if (!sink.is_writable()) {
          relay->cancel();
          return false;
        }
        auto chunk = relay->next();
        if (!chunk) {
          sink.done();
          return true;
        }
        if (!chunk->empty() && !sink.write(chunk->data(), chunk->size())) {
          relay->cancel();
          return false;
        }
        return true;
      },
      [relay](bool) {
        relay->cancel();
        relay->finish();
      });
  return true;
}

}  // namespace

namespace {

prometheus::Family<prometheus::Counter>& forwarded_family(
    prometheus::Registry& registry) {
  return prometheus::BuildCounter()
      .Name("fourex_requests_forwarded_total")
      .Help(
          "Requests forwarded to the node that owns their game, by "
          "whether the owner answered")
      .Register(registry);
}

}  // namespace

Forwarder::Forwarder(ForwardLimits limits, prometheus::Registry& registry)
    : pool_(std::make_unique<Pool>(limits)),
      answered_(forwarded_family(registry).Add({{"outcome", "answered"}})),
      unreachable_(
          forwarded_family(registry).Add({{"outcome", "unreachable"}})) {}

Forwarder::~Forwarder() = default;

void Forwarder::forward(const ForwardTarget& target,
                        const httplib::Request& req, httplib::Response& res) {
  auto lease = pool_->acquire(target.owner_address);
  if (!lease) {
    unreachable_.Increment();
    return respond_owner_unreachable(
        res, "every connection to " + target.owner_address + " is busy");
  }
  lease->client->set_read_timeout(target.read_timeout_s, 0);
  auto up = upstream_request(target, req);
  if (target.held) {
    auto* client = lease->client.get();
    auto shared = std::make_shared<Pool::Lease>(std::move(*lease));
    auto relay = std::make_shared<Relay>(
        std::move(up),
        [pool = pool_.get(), shared, keep = target.keep](bool reusable) {
          pool->give_back(std::move(*shared), reusable);
        });
    relay->start(*client);
    if (relay_held(std::move(relay), res))
      answered_.Increment();
    else
      unreachable_.Increment();
    return;
  }
  httplib::Response answer;
  httplib::Error error = httplib::Error::Success;
  bool ok = lease->client->send(up, answer, error);
  pool_->give_back(std::move(*lease), ok);
  if (!ok) {
    unreachable_.Increment();
    return respond_owner_unreachable(
        res, target.owner_address + ": " + httplib::to_string(error));
  }
  answered_.Increment();
  copy_answer(answer.status, answer.headers, answer.body, res);
}

}  // namespace fourex::http
