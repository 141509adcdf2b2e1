// A game's events for one SSE subscriber: the game actor pushes, an HTTP
// thread pops. Bounded: a subscriber too slow to keep up is closed rather
// than allowed to grow the server's memory.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace fourex::actors {

struct ServerEvent {
  std::string name;  // turn_resolved | game_finished | ...
  std::string data;  // JSON
};

class EventChannel {
 public:
  static constexpr std::size_t max_backlog = 256;

  // Returns false once the channel is closed (by either side).
  bool push(ServerEvent event) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return false;
    if (queue_.size() >= max_backlog) {
      closed_ = true;
      ready_.notify_all();
      return false;
    }
    queue_.push_back(std::move(event));
    ready_.notify_one();
    return true;
  }

  // Waits up to `timeout` for an event; nullopt on timeout or when closed
  // with nothing left (check closed()).
  std::optional<ServerEvent> pop(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait_for(lock, timeout, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return std::nullopt;
    auto event = std::move(queue_.front());
    queue_.pop_front();
    return event;
  }

  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }

  bool closed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_ && queue_.empty();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<ServerEvent> queue_;
  bool closed_ = false;
};

}  // namespace fourex::actors
