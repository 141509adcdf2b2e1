// Offline verification of a result bundle: each game is started anew from
// its settings and every logged turn replayed (game::replay_turn), each
// recomputed state hash compared with the logged one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/bundle.hpp"

namespace fourex::results {

struct GameVerification {
  std::string game_id;
  int turns_checked = 0;
  // The first turn that does not reproduce (0 = the game's settings or
  // final record, not a turn); empty when the game verified.
  std::optional<int> mismatch_turn;
  std::string message;  // what differed, when mismatch_turn is set
  bool verified() const { return !mismatch_turn; }
};

struct BundleVerification {
  std::vector<GameVerification> games;
  std::optional<std::string> rules_mismatch;  // made by other rules
  bool verified() const;
};

BundleVerification verify_bundle(const Bundle& bundle);
GameVerification verify_game(const BundleGame& game);

}  // namespace fourex::results
