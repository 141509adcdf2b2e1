// Hostile clients for the attack battery: many loopback connections, driven
// by one thread with poll(), each trickling, idling, flooding or holding as
// an attacker would. Sources are 127.0.0.2-127.0.0.5 (loopback answers the
// whole 127/8), so the legitimate player on 127.0.0.1 is another address.
// Bounded: the attack stops at its deadline or when destroyed.
#pragma once

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <functional>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace fourex::testing {

// What one attacking connection sends: `first` at once, then `chunk` bytes
// of `then` (repeated without end) every `every`; on any answer it may
// reconnect and start over.
struct AttackScript {
  std::string first;
  std::string then;
  std::size_t chunk = 1;
  std::chrono::milliseconds every{200};
  bool reconnect_on_answer = false;
  std::uint64_t max_bytes = UINT64_MAX;  // sent per connection slot, in all
};

class Attack {
 public:
  Attack(int port, int connections, AttackScript script,
         std::chrono::milliseconds duration)
      : port_(port), script_(std::move(script)) {
    thread_ = std::thread(
        [this, connections, duration] { run(connections, duration); });
  }
  ~Attack() { stop(); }
  Attack(const Attack&) = delete;
  Attack& operator=(const Attack&) = delete;

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::uint64_t bytes_sent() const { return sent_; }
  int connects() const { return connects_; }

 private:
  using Clock = std::chrono::steady_clock;

  struct Slot {
    int fd = -1;
    std::size_t offset = 0;  // into `then`
    bool first_sent = false;
    std::uint64_t sent = 0;
    Clock::time_point next;
  };

  int connect_from(int index) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in src{};
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = htonl(0x7f000002u + static_cast<unsigned>(index % 4));
    ::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    dst.sin_port = htons(static_cast<std::uint16_t>(port_));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
      ::close(fd);
      return -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ++connects_;
    return fd;
  }

  bool send_some(Slot& s, const char* data, std::size_t n) {
    auto r = ::send(s.fd, data, n, MSG_NOSIGNAL);
    if (r < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    s.sent += static_cast<std::uint64_t>(r);
    sent_ += static_cast<std::uint64_t>(r);
    if (!s.first_sent) {
      s.first_sent = true;  // `first` is small: one send takes it
    } else {
      s.offset = (s.offset + static_cast<std::size_t>(r)) % script_.then.size();
    }
    return true;
  }

  static void reset(Slot& s) {
    if (s.fd >= 0) ::close(s.fd);
    s = Slot{};
    s.next = Clock::now() + std::chrono::milliseconds(50);
  }

  void run(int connections, std::chrono::milliseconds duration) {
    auto end = Clock::now() + duration;
    std::vector<Slot> slots(static_cast<std::size_t>(connections));
    std::vector<std::uint64_t> totals(slots.size(), 0);
    char sink[65536];
    while (!stopping_ && Clock::now() < end) {
      auto now = Clock::now();
      for (std::size_t i = 0; i < slots.size(); ++i) {
        auto& s = slots[i];
        if (totals[i] + s.sent >= script_.max_bytes) continue;
        if (s.fd < 0) {
          if (now < s.next) continue;
          s.fd = connect_from(static_cast<int>(i));
          if (s.fd < 0) {
            s.next = now + std::chrono::milliseconds(100);
            continue;
          }
          s.next = now;
        }
        // Drain answers; a closed or answered connection starts over.
        bool gone = false;
        for (;;) {
          auto r = ::recv(s.fd, sink, sizeof sink, 0);
          if (r > 0 && script_.reconnect_on_answer) gone = true;
          if (r > 0) continue;
          if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) gone = true;
          break;
        }
        bool ok = true;
        if (!gone && now >= s.next) {
          if (!s.first_sent) {
            ok = send_some(s, script_.first.data(), script_.first.size());
          } else if (!script_.then.empty()) {
            auto n = std::min(script_.chunk, script_.then.size() - s.offset);
            ok = send_some(s, script_.then.data() + s.offset, n);
          }
          s.next = now + script_.every;
        }
        if (gone || !ok) {
          totals[i] += s.sent;
          reset(s);
        }
      }
      std::this_thread::sleep_for(
          std::chrono::milliseconds(script_.every.count() == 0 ? 1 : 20));
    }
    for (auto& s : slots)
      if (s.fd >= 0) ::close(s.fd);
  }

  int port_;
  AttackScript script_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<int> connects_{0};
};

}  // namespace fourex::testing
