// token hash -> game id for the games this process has seen, so a token of
// another game is told apart (403) from an unknown one (401).
#pragma once

#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace fourex::actors {

class TokenIndex {
 public:
  void add(const std::string& token_hash, const std::string& game_id) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    games_[token_hash] = game_id;
  }
  std::optional<std::string> game_of(const std::string& token_hash) const {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    auto it = games_.find(token_hash);
    if (it == games_.end()) return std::nullopt;
    return it->second;
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::string> games_;
};

}  // namespace fourex::actors
