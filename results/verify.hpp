// Offline verification of a result bundle: each game is started anew from
// its settings and every logged turn replayed (game::replay_turn), each
// recomputed state hash compared with the logged one.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "results/bundle.hpp"
#include "results/standings.hpp"

namespace fourex::results {

struct GameVerification {
  std::string game_id;
  int turns_checked = 0;
  // The first turn that does not reproduce (0 = the game's settings or
  // final record, not a turn); empty when the game verified.
  std::optional<int> mismatch_turn;
  std::string message;  // what differed, when mismatch_turn is set
  // (player, final score) in seat order, of the replayed state.
  std::vector<std::pair<std::string, int>> final_scores;
  bool verified() const { return !mismatch_turn; }
};

struct BundleVerification {
  std::vector<GameVerification> games;
  std::optional<std::string> rules_mismatch;  // made by other rules
  // A tournament's schedule that its games do not match.
  std::optional<std::string> tournament_mismatch;
  // A tournament's standings recomputed from the replayed final scores of
  // its finished games, when every game verified.
  std::optional<Standings> standings;
  bool verified() const;
};

BundleVerification verify_bundle(const Bundle& bundle);
GameVerification verify_game(const BundleGame& game);

}  // namespace fourex::results
