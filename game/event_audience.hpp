// Which events of a turn a player took part in: what its share of a game's
// history holds while the game is on (API.md, information policy).
#pragma once

#include <string_view>

#include "game/events.hpp"

namespace fourex::game {

// The events `player` was party to: its own orders' outcomes, messages to
// or from it (or to all), diplomacy it is party to, events of its units and
// cities, fights one of its units or cities was in; plus the public ones
// (eliminations, the game's end). Each of them happened in front of the
// player's own units or cities, so none shows a tile its fog of war hides.
// An empty name: the public events only.
Events events_seen_by(const Events& events, std::string_view player);

}  // namespace fourex::game
