// A token bucket per bearer token (or per client address without one):
// RATE_LIMIT_PER_S requests per second, bursts of the same size.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fourex::http {

class RateLimiter {
 public:
  explicit RateLimiter(int per_second) : rate_(per_second) {}

  bool enabled() const { return rate_ > 0; }

  // True when the key may make one more request now.
  bool allow(const std::string& key) {
    using clock = std::chrono::steady_clock;
    auto now = clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    auto& b = buckets_[key];
    if (b.last == clock::time_point{}) b = {double(rate_), now};
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(double(rate_), b.tokens + elapsed * rate_);
    b.last = now;
    if (buckets_.size() > 100000) buckets_.clear();  // bound the memory
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
  }

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last{};
  };
  int rate_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace fourex::http
