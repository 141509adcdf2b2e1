// Fog of war: what a player sees now, and its memory of explored tiles.
#pragma once

#include <cstdint>
#include <vector>

#include "game/state.hpp"

namespace fourex::game {

// 1 per tile seen now by the player's units (their vision) and cities.
std::vector<std::uint8_t> visible_tiles(const State& s, PlayerId p);

// Adds every alive player's visible tiles to its explored memory.
void update_explored(State& s);

}  // namespace fourex::game
