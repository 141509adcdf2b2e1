// A token bucket per key (a bearer token's hash, a client address):
// `per_second` on average, bursts of `burst`. RATE_LIMIT_PER_S requests per
// second per token, GAME_CREATIONS_PER_MIN creations per address.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fourex::http {

class RateLimiter {
 public:
  RateLimiter(double per_second, double burst)
      : rate_(per_second), burst_(burst) {}

  bool enabled() const { return rate_ > 0; }

  // True when the key may make one more request now.
  bool allow(const std::string& key) {
    using clock = std::chrono::steady_clock;
    auto now = clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    auto& b = buckets_[key];
    if (b.last == clock::time_point{}) b = {burst_, now};
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
    if (buckets_.size() > kMaxKeys) forget_full(now);
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
  }

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last{};
  };
  static constexpr std::size_t kMaxKeys = 100000;

  // Bounds the memory: a bucket that has refilled is the same as none, so
  // dropping those never lets a limited key through early.
  void forget_full(std::chrono::steady_clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double idle =
          std::chrono::duration<double>(now - it->second.last).count();
      if (it->second.tokens + idle * rate_ >= burst_)
        it = buckets_.erase(it);
      else
        ++it;
    }
  }
  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace fourex::http
