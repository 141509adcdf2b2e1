// A new game from its config: the map from the seed and fair, spaced starts.
#pragma once

#include "game/state.hpp"

namespace fourex::game {

// Throws ConfigError naming the bad field.
State new_game(const GameConfig& config);

// What a start is worth: the tile values (3 x food + 2 x production +
// science + gold) of the 5x5 square around (x, y). Starts are evened out
// by this measure.
int start_value(const State& s, int x, int y);

}  // namespace fourex::game
