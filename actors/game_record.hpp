// What the server keeps of a game beside its rules state: identity, status,
// settings and the players' token hashes; and its JSON forms in `games`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "game/game.hpp"
#include "game/game_status.hpp"
#include "persistence/rows.hpp"
#include "results/bundle.hpp"

namespace fourex::actors {

struct PlayerAuth {
  std::string name;
  std::string personality;
  std::string token_hash;
};

struct GameRecord {
  std::string game_id;
  // Whether the game is finished is read here only: settle() keeps it in
  // step with the rules' state.
  game::GameStatus status = game::GameStatus::active;
  // The rules' config and the turn deadline: games.config.
  results::GameSettings settings;
  std::vector<PlayerAuth> players;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> deadline_at_ms;

  bool finished() const { return status == game::GameStatus::finished; }
  // The status once the rules' state moved on (a turn resolved, a game
  // rebuilt): finished when the state is, unless archived.
  void settle(const game::State& state) {
    status = game::settled_status(status, state.finished);
  }

  // The player whose token hashes to `token_hash`, if any.
  std::optional<game::PlayerId> player_by_token(
      const std::string& token_hash) const;
};

// games.players: [{"name","personality","token_hash"}].
std::string players_to_json(const std::vector<PlayerAuth>& players);

// A stored game the API serves: an archived game is no game to every route
// but its info (404 game_not_found).
inline bool is_served(const std::optional<persistence::GameRow>& row) {
  return row && row->status != game::GameStatus::archived;
}

// Rebuilds the record from its row. Throws std::runtime_error when the row's
// JSON is not ours.
GameRecord record_from_row(const persistence::GameRow& row);
persistence::GameRow row_from_record(const GameRecord& record,
                                     const game::State& state,
                                     const std::string& state_hash);
// player_stats' gauges (cities, units, techs, score) of every player in
// `state`: written with each resolved turn, and again with turns recovery
// recomputed, so the stored scores are always the state's.
std::vector<persistence::StatsDelta> gauges_of(const std::string& game_id,
                                               const game::State& state);

std::int64_t now_ms();

}  // namespace fourex::actors
