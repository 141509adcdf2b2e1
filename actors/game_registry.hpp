// game_id -> game actor, sharded so concurrent lookups do not serialize
// through one lock (or one actor) on the hot path.
#pragma once

#include <array>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

namespace fourex::actors {

class GameRegistry {
 public:
  caf::actor find(const std::string& game_id) const;
  // False when the id is already taken by a running actor.
  bool insert(const std::string& game_id, caf::actor actor);
  // Removes the entry only while it still names `actor`.
  void remove(const std::string& game_id, const caf::actor_addr& actor);
  std::size_t size() const;
  std::vector<caf::actor> all() const;
  // Serializes activations of one game (striped: unrelated games may share).
  std::mutex& activation_lock(const std::string& game_id);

 private:
  static constexpr std::size_t shard_count = 64;
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, caf::actor> games;
    std::mutex activation;
  };
  Shard& shard(const std::string& game_id);
  const Shard& shard(const std::string& game_id) const;
  std::array<Shard, shard_count> shards_;
};

}  // namespace fourex::actors
