// Long-polls and event streams hold a worker each for as long as they wait.
// HeldRequests bounds them: together at most a share of the workers, and
// per client address; beyond, a long-poll answers at once with the current
// state and an event stream gets 503 + Retry-After.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fourex::http {

class HeldRequests {
 public:
  // max_per_address 0: no cap per address.
  HeldRequests(int max_total, int max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  // A slot for one held request from `address`, freed when the last copy
  // of the pointer goes; nullptr when no slot is free.
  std::shared_ptr<const void> acquire(const std::string& address) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& mine = per_address_[address];
    if (total_ >= max_total_ ||
        (max_per_address_ > 0 && mine >= max_per_address_)) {
      if (mine == 0) per_address_.erase(address);
      return nullptr;
    }
    ++total_;
    ++mine;
    return std::shared_ptr<const void>(this, [this, address](const void*) {
      std::lock_guard<std::mutex> lock(mutex_);
      --total_;
      if (--per_address_[address] <= 0) per_address_.erase(address);
    });
  }

 private:
  const int max_total_;
  const int max_per_address_;
  std::mutex mutex_;
  int total_ = 0;
  std::unordered_map<std::string, int> per_address_;
};

}  // namespace fourex::http
