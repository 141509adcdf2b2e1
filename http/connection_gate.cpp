#include "http/connection_gate.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "actors/replies.hpp"

namespace fourex::http {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Requests up to this size are never refused for the gate's budget, so that
// small API calls go on while large bodies wait their turn.
constexpr std::size_t small_request = 64 * 1024;
// How long a refused connection's further bytes are read and dropped, so
// that closing it does not reset the connection before the client reads
// the answer (a "lingering close").
constexpr milliseconds linger(2000);
constexpr milliseconds sweep_every(100);
// How long a worker waits on its connection for the next request while at
// most half of the workers are taken, and once more are. A busy keep-alive
// client's next request usually comes within the first: waiting on the
// socket costs one wake-up, a trip through the waiting room four (the
// worker's time-out, the room's wake-up for the hand-back and for the
// request, a worker's for the dispatch). The second is short because idle
// keep-alive connections must not hold the workers that others need.
constexpr int linger_while_free_ms = 50;
constexpr int linger_while_busy_ms = 1;

thread_local int serving_fd = -1;
thread_local Clock::time_point serving_since{};

enum class Phase { receiving, idle, closing };

// One end of a connection.
struct SocketAddress {
  std::string ip;
  int port = 0;
};

// The peer's end (getpeername) or ours (getsockname) of `fd`, or nothing
// when the socket has none (the peer already gone).
std::optional<SocketAddress> address_of(int fd, int (*end)(int, sockaddr*,
                                                           socklen_t*)) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (end(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return std::nullopt;
  char text[INET6_ADDRSTRLEN] = {};
  SocketAddress a;
  if (addr.ss_family == AF_INET6) {
    const auto& a6 = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a6.sin6_addr, text, sizeof text);
    a.port = ntohs(a6.sin6_port);
  } else {
    const auto& a4 = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a4.sin_addr, text, sizeof text);
    a.port = ntohs(a4.sin_port);
  }
  a.ip = text;
  return a;
}

struct Connection {
  Connection(int socket, SocketAddress peer_end, SocketAddress local_end,
             const FramingLimits& limits)
      : fd(socket),
        peer(std::move(peer_end)),
        local(std::move(local_end)),
        framing(limits) {}

  int fd;
  // Both ends, read once: cpp-httplib asks for them on every request.
  SocketAddress peer;
  SocketAddress local;
  std::string buffer;         // bytes read and not yet served
  std::size_t accounted = 0;  // of buffer, counted in the gate's total
  RequestFraming framing;
  Phase phase = Phase::receiving;
  Clock::time_point deadline;  // of the current phase
  Clock::time_point idle_since;
  bool awaiting_body = false;
  bool close_after = false;  // the worker's verdict
};

// True while the client has not shut its end (half-closed counts as gone).
bool peer_open(int fd) {
  pollfd p{fd, POLLRDHUP, 0};
  if (::poll(&p, 1, 0) < 0) return false;
  return (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) == 0;
}

bool wait_writable(int fd, int timeout_ms) {
  pollfd p{fd, POLLOUT, 0};
  int n = 0;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n > 0 && (p.revents & POLLOUT) && !(p.revents & (POLLERR | POLLHUP));
}

// The stream httplib reads a buffered request from and writes its answer to.
// httplib writes a response's head and its body in two writes; each send on
// its own is a TCP segment, a trip through the kernel's loopback or network
// path and a wake-up of the client's reader. So the head is held back and
// leaves with the first write that follows it, in one sendmsg; a response
// without one (no body) sends it from finish(). A streaming response asks
// is_writable() before it waits for its next event, which sends the head
// too: a client sees the head of an event stream before its first event.
class BufferedStream final : public httplib::Stream {
 public:
  BufferedStream(const Connection& c, std::size_t length, int write_timeout_ms)
      : c_(c), length_(length), write_timeout_ms_(write_timeout_ms) {}

  bool is_readable() const override { return read_ < length_; }
  bool is_writable() const override {
    return send_held() && wait_writable(c_.fd, write_timeout_ms_) &&
           peer_open(c_.fd);
  }
  ssize_t read(char* ptr, size_t size) override {
    size = std::min(size, length_ - read_);
    std::memcpy(ptr, c_.buffer.data() + read_, size);
    read_ += size;
    return static_cast<ssize_t>(size);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!head_written_) {
      head_written_ = true;
      held_.assign(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!send_all(ptr, size)) return -1;
    return static_cast<ssize_t>(size);
  }
  // After the response: sends a head nothing followed. False when the
  // client is gone.
  bool finish() { return send_held(); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.peer.ip;
    port = c_.peer.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local.ip;
    port = c_.local.port;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  bool send_held() const { return held_.empty() || send_all(nullptr, 0); }

  // The held head (if any) and then `size` bytes at `ptr`, blocking up to
  // the write timeout whenever the socket's buffer is full.
  bool send_all(const char* ptr, std::size_t size) const {
    iovec parts[2] = {{held_.data(), held_.size()},
                      {const_cast<char*>(ptr), size}};
    iovec* next = held_.empty() ? parts + 1 : parts;
    const iovec* end = parts + 2;
    while (next != end) {
      msghdr msg{};
      msg.msg_iov = next;
      msg.msg_iovlen = static_cast<std::size_t>(end - next);
      auto n = ::sendmsg(c_.fd, &msg, MSG_NOSIGNAL);
      if (n < 0) {
        bool again =
            errno == EINTR || ((errno == EAGAIN || errno == EWOULDBLOCK) &&
                               wait_writable(c_.fd, write_timeout_ms_));
        if (!again) return false;
        continue;
      }
      auto sent = static_cast<std::size_t>(n);
      while (next != end && sent >= next->iov_len) sent -= (next++)->iov_len;
      if (next != end) {
        next->iov_base = static_cast<char*>(next->iov_base) + sent;
        next->iov_len -= sent;
      }
    }
    held_.clear();
    return true;
  }

  const Connection& c_;
  std::size_t length_;
  std::size_t read_ = 0;
  int write_timeout_ms_;
  bool head_written_ = false;
  // The response's head, until what follows it; is_writable(), const in
  // httplib's interface, may send it.
  mutable std::string held_;
};

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Service Unavailable";
  }
}

const char* error_code(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 429:
      return "rate_limited";
    case 431:
      return "headers_too_large";
    default:
      return "unavailable";
  }
}

// The answer the gate gives itself, in the API's error body; it closes the
// connection.
std::string gate_answer(int status, const std::string& message) {
  auto body = std::string(R"({"error":{"code":")") + error_code(status) +
              R"(","message":)" + actors::replies::quoted(message) +
              R"(,"details":{}}})";
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " +
                     reason_phrase(status) +
                     "\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\nConnection: close\r\n";
  if (status == 429 || status == 503) head += "Retry-After: 1\r\n";
  return head + "\r\n" + body;
}

}  // namespace

class ConnectionGate {
 public:
  // Runs httplib's handling of one request on `stream`.
  using Serve = std::function<bool(httplib::Stream& stream, bool close,
                                   bool& connection_closed)>;

  ConnectionGate(const GateLimits& limits, Serve serve)
      : limits_(limits),
        serve_(std::move(serve)),
        pool_(static_cast<std::size_t>(limits.workers)),
        epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)),
        wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
    room_thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "http-gate");
      run();
    });
  }
  ~ConnectionGate() { stop(); }
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // From the accept thread: the gate owns `fd` from here on.
  void admit(int fd) {
    {
      std::lock_guard<std::mutex> lock(handoff_mutex_);
      admitted_.push_back(fd);
    }
    wake();
  }

  // Closes the waiting connections and waits for the requests on workers;
  // their connections close after the answer.
  void stop() {
    if (stopped_.exchange(true)) return;
    wake();
    room_thread_.join();
    pool_.shutdown();
    for (int fd : admitted_) ::close(fd);
    for (auto* c : returned_) {
      ::close(c->fd);
      delete c;
    }
    ::close(epoll_fd_);
    ::close(wake_fd_);
  }

 private:
  void wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }

  void run() {
    std::vector<epoll_event> events(256);
    auto next_sweep = Clock::now();
    auto next_trim = next_sweep;
    while (!stopped_) {
      int n = ::epoll_wait(epoll_fd_, events.data(),
                           static_cast<int>(events.size()),
                           static_cast<int>(sweep_every.count()));
      for (int i = 0; i < n; ++i) {
        if (events[static_cast<std::size_t>(i)].data.fd == wake_fd_) {
          std::uint64_t count = 0;
          [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
        } else {
          on_readable(events[static_cast<std::size_t>(i)].data.fd);
        }
      }
      take_handoffs();
      auto now = Clock::now();
      if (now >= next_sweep) {
        sweep(now);
        next_sweep = now + sweep_every;
      }
      if (trim_due_ && now >= next_trim) {
        ::malloc_trim(0);
        trim_due_ = false;
        next_trim = now + std::chrono::seconds(1);
      }
    }
    for (auto& entry : room_) ::close(entry.first);
    room_.clear();
  }

  void take_handoffs() {
    std::vector<int> fds;
    std::vector<Connection*> back;
    {
      std::lock_guard<std::mutex> lock(handoff_mutex_);
      fds.swap(admitted_);
      back.swap(returned_);
    }
    for (int fd : fds) enter(fd);
    for (auto* c : back) resume(std::unique_ptr<Connection>(c));
  }

  // A new connection: within the caps, it waits for its first request.
  void enter(int fd) {
    auto peer = address_of(fd, ::getpeername);
    auto local = address_of(fd, ::getsockname);
    if (!peer || !local) {
      ::close(fd);
      return;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (open_ >= limits_.max_connections && !close_oldest_idle())
      return refuse(fd, 503, "the server has too many connections; retry");
    auto& from_address = per_address_[peer->ip];
    if (limits_.max_connections_per_address > 0 &&
        from_address >= limits_.max_connections_per_address) {
      if (from_address == 0) per_address_.erase(peer->ip);
      return refuse(fd, 429, "too many connections from this address");
    }
    ++from_address;
    ++open_;
    auto c = std::make_unique<Connection>(fd, std::move(*peer),
                                          std::move(*local), limits_.framing);
    c->deadline = Clock::now() + milliseconds(limits_.header_timeout_ms);
    watch(std::move(c));
  }

  static void refuse(int fd, int status, const std::string& message) {
    auto answer = gate_answer(status, message);
    [[maybe_unused]] auto n =
        ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::close(fd);
  }

  Connection& watch(std::unique_ptr<Connection> c) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = c->fd;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c->fd, &ev);
    auto& slot = room_[c->fd];
    slot = std::move(c);
    return *slot;
  }

  std::unique_ptr<Connection> unwatch(int fd) {
    auto it = room_.find(fd);
    auto c = std::move(it->second);
    room_.erase(it);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    return c;
  }

  void close(std::unique_ptr<Connection> c) {
    ::close(c->fd);
    --open_;
    auto it = per_address_.find(c->peer.ip);
    if (it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
    release_buffer(*c);
  }

  // Keeps the gate's total of buffered bytes true. A freed large buffer
  // asks for malloc_trim (glibc keeps freed heap otherwise), which the
  // room's loop runs at most once a second.
  void account(Connection& c) {
    buffered_ = buffered_ + c.buffer.size() - c.accounted;
    c.accounted = c.buffer.size();
  }
  void release_buffer(Connection& c) {
    bool large = c.buffer.capacity() > small_request;
    c.buffer.clear();
    c.buffer.shrink_to_fit();
    account(c);
    trim_due_ = trim_due_ || large;
  }

  bool close_oldest_idle() {
    auto oldest = room_.end();
    for (auto it = room_.begin(); it != room_.end(); ++it)
      if (it->second->phase == Phase::idle &&
          (oldest == room_.end() ||
           it->second->idle_since < oldest->second->idle_since))
        oldest = it;
    if (oldest == room_.end()) return false;
    close(unwatch(oldest->first));
    return true;
  }

  // Answers (408, 413, 431...) and closes after a short drain.
  void answer_and_linger(Connection& c, int status, const std::string& why) {
    auto answer = gate_answer(status, why);
    [[maybe_unused]] auto n =
        ::send(c.fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::shutdown(c.fd, SHUT_WR);
    release_buffer(c);
    c.phase = Phase::closing;
    c.deadline = Clock::now() + linger;
  }

  void on_readable(int fd) {
    auto it = room_.find(fd);
    if (it == room_.end()) return;
    auto& c = *it->second;
    char chunk[16384];
    // A bounded share per wake-up: one fast sender cannot hold the room.
    for (int reads = 0; reads < 16; ++reads) {
      auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n <= 0) return close(unwatch(fd));
      if (c.phase == Phase::closing) continue;
      if (c.phase == Phase::idle) {
        c.phase = Phase::receiving;
        c.deadline = Clock::now() + milliseconds(limits_.header_timeout_ms);
      }
      auto size = static_cast<std::size_t>(n);
      if (c.buffer.size() + size > small_request &&
          buffered_ + size > limits_.buffer_budget_bytes)
        return answer_and_linger(c, 503, "the server is busy; retry");
      c.buffer.append(chunk, size);
      account(c);
      if (!frame(c)) return;
    }
  }

  // Acts on the buffered request's state; false when the connection left
  // the reading phase (answered, dispatched or closed).
  bool frame(Connection& c) {
    switch (c.framing.update(c.buffer)) {
      case RequestFraming::State::rejected:
        answer_and_linger(c, c.framing.status(), c.framing.reason());
        return false;
      case RequestFraming::State::complete:
        dispatch(unwatch(c.fd));
        return false;
      case RequestFraming::State::incomplete:
        break;
    }
    if (c.framing.headers_done() && !c.awaiting_body) {
      c.awaiting_body = true;
      c.deadline = Clock::now() + milliseconds(limits_.body_timeout_ms);
      if (c.framing.expects_continue()) {
        static const std::string go_on = "HTTP/1.1 100 Continue\r\n\r\n";
        [[maybe_unused]] auto n =
            ::send(c.fd, go_on.data(), go_on.size(), MSG_NOSIGNAL);
      }
    }
    return true;
  }

  void dispatch(std::unique_ptr<Connection> c) {
    auto* raw = c.release();
    pool_.enqueue([this, raw] {
      // httplib's pool starts its threads; they are named on their first
      // request, for top -H and perf.
      thread_local bool named = false;
      if (!named)
        named = pthread_setname_np(pthread_self(), "http-worker") == 0;
      serve(raw);
    });
  }

  // On a worker: answers the buffered request, and the next ones of the
  // connection while each arrives whole at once (a busy keep-alive client
  // skips the trips through the waiting room).
  void serve(Connection* c) {
    ++serving_;
    do {
      auto length = c->framing.request_bytes();
      bool closed = false;
      bool ok = false;
      {
        BufferedStream stream(*c, length, limits_.write_timeout_ms);
        serving_fd = c->fd;
        serving_since = Clock::now();
        ok = serve_(stream, stopped_.load(), closed);
        ok = stream.finish() && ok;  // a head may wait for this
        serving_fd = -1;
      }
      c->buffer.erase(0, length);
      c->framing.reset();
      c->awaiting_body = false;
      c->close_after = !ok || closed;
    } while (!c->close_after && !stopped_ && next_request_at_once(*c));
    --serving_;
    {
      std::lock_guard<std::mutex> lock(handoff_mutex_);
      returned_.push_back(c);
    }
    wake();
  }

  // True when the next request is whole in the buffer, pipelined or read
  // within the linger; anything else goes back to the waiting room.
  bool next_request_at_once(Connection& c) const {
    if (c.buffer.empty()) {
      const int linger_ms = 2 * serving_.load() <= limits_.workers
                                ? linger_while_free_ms
                                : linger_while_busy_ms;
      pollfd p{c.fd, POLLIN, 0};
      if (::poll(&p, 1, linger_ms) <= 0 || !(p.revents & POLLIN)) return false;
      char chunk[16384];
      auto n = ::recv(c.fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      c.buffer.append(chunk, static_cast<std::size_t>(n));
    }
    return c.framing.update(c.buffer) == RequestFraming::State::complete;
  }

  // Back from a worker: waits for the next request, or closes.
  void resume(std::unique_ptr<Connection> c) {
    if (c->close_after || stopped_) return close(std::move(c));
    if (c->buffer.capacity() > small_request) {
      c->buffer.shrink_to_fit();
      trim_due_ = true;
    }
    account(*c);
    auto now = Clock::now();
    auto& ref = watch(std::move(c));
    if (ref.buffer.empty()) {
      ref.phase = Phase::idle;
      ref.idle_since = now;
      ref.deadline = now + milliseconds(limits_.keep_alive_timeout_ms);
    } else {  // pipelined: the next request is (partly) here already
      ref.phase = Phase::receiving;
      ref.deadline = now + milliseconds(limits_.header_timeout_ms);
      frame(ref);
    }
  }

  void sweep(Clock::time_point now) {
    std::vector<int> expired;
    for (const auto& entry : room_)
      if (entry.second->deadline <= now) expired.push_back(entry.first);
    for (int fd : expired) {
      auto& c = *room_.at(fd);
      if (c.phase == Phase::receiving)
        answer_and_linger(c, 408, "the request did not arrive in time");
      else
        close(unwatch(fd));
    }
  }

  GateLimits limits_;
  Serve serve_;
  httplib::ThreadPool pool_;
  int epoll_fd_;
  int wake_fd_;
  std::thread room_thread_;
  std::atomic<bool> stopped_{false};
  std::atomic<int> serving_{0};  // workers running serve()

  std::mutex handoff_mutex_;
  std::vector<int> admitted_;
  std::vector<Connection*> returned_;

  // The waiting room's own (its thread only).
  std::unordered_map<int, std::unique_ptr<Connection>> room_;
  std::unordered_map<std::string, int> per_address_;
  int open_ = 0;
  std::size_t buffered_ = 0;
  bool trim_due_ = false;  // a large buffer was freed
};

namespace {

// httplib's accept loop hands each socket to its task queue: this one runs
// the hand-off inline, on the accept thread, so that accepting never waits
// for a worker; shutting it down stops the gate.
class InlineQueue final : public httplib::TaskQueue {
 public:
  explicit InlineQueue(ConnectionGate& gate) : gate_(gate) {}
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { gate_.stop(); }

 private:
  ConnectionGate& gate_;
};

}  // namespace

namespace {

// Each connection is a file descriptor: the soft limit (1024 under systemd's
// default) would stall accepting long before max_connections. Raised as far
// as the hard limit allows.
void allow_open_files(int connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  auto wanted = static_cast<rlim_t>(connections) + 1024;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

GatedServer::GatedServer(const GateLimits& limits)
    : gate_(std::make_unique<ConnectionGate>(
          limits, [this](httplib::Stream& stream, bool close, bool& closed) {
            return process_request(stream, close, closed,
                                   [](httplib::Request& req) {
                                     // The gate has answered the expectation
                                     // already.
                                     req.headers.erase("Expect");
                                   });
          })) {
  new_task_queue = [this] { return new InlineQueue(*gate_); };
  allow_open_files(limits.max_connections);
}

GatedServer::~GatedServer() = default;

bool GatedServer::process_and_close_socket(socket_t sock) {
  gate_->admit(sock);
  return true;
}

bool client_connected() { return serving_fd < 0 || peer_open(serving_fd); }

std::chrono::steady_clock::time_point request_started() {
  return serving_since;
}

}  // namespace fourex::http
