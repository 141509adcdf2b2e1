// A new game from its config: the map from the seed and fair, spaced starts.
#pragma once

#include "game/state.hpp"

namespace fourex::game {

// Throws ConfigError naming the bad field.
State new_game(const GameConfig& config);

}  // namespace fourex::game
