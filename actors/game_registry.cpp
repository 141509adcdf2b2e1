#include "actors/game_registry.hpp"

#include <functional>

namespace fourex::actors {

GameRegistry::Shard& GameRegistry::shard(const std::string& game_id) {
  return shards_[std::hash<std::string>{}(game_id) % shard_count];
}

const GameRegistry::Shard& GameRegistry::shard(
    const std::string& game_id) const {
  return shards_[std::hash<std::string>{}(game_id) % shard_count];
}

caf::actor GameRegistry::find(const std::string& game_id) const {
  const auto& s = shard(game_id);
  std::shared_lock<std::shared_mutex> lock(s.mutex);
  auto it = s.games.find(game_id);
  return it == s.games.end() ? caf::actor{} : it->second;
}

bool GameRegistry::insert(const std::string& game_id, caf::actor actor) {
  auto& s = shard(game_id);
  std::unique_lock<std::shared_mutex> lock(s.mutex);
  return s.games.emplace(game_id, std::move(actor)).second;
}

void GameRegistry::remove(const std::string& game_id,
                          const caf::actor_addr& actor) {
  auto& s = shard(game_id);
  std::unique_lock<std::shared_mutex> lock(s.mutex);
  auto it = s.games.find(game_id);
  if (it != s.games.end() && it->second.address() == actor) s.games.erase(it);
}

std::size_t GameRegistry::size() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::shared_lock<std::shared_mutex> lock(s.mutex);
    n += s.games.size();
  }
  return n;
}

std::vector<caf::actor> GameRegistry::all() const {
  std::vector<caf::actor> out;
  for (const auto& s : shards_) {
    std::shared_lock<std::shared_mutex> lock(s.mutex);
    for (const auto& [id, a] : s.games) out.push_back(a);
  }
  return out;
}

std::mutex& GameRegistry::activation_lock(const std::string& game_id) {
  return shard(game_id).activation;
}

}  // namespace fourex::actors
