// One turn: every player's orders in, the next state and its events out.
#pragma once

#include <map>

#include "game/events.hpp"
#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::game {

struct TurnResult {
  State state;
  Events events;          // in the order they happened; events_to_json for JSON
  bool critical = false;  // a capital captured, a player eliminated, or the
                          // game ended: worth a snapshot
};

// Phases: diplomacy, movement, combat, cities, research, then elimination
// and the end check. Within a phase, orders go in rounds: round k takes the
// k-th order of that phase of each player, players in id order rotated by
// the turn (turn t starts with player (t - 1) mod n). An order that is
// illegal when its turn comes is skipped and reported, never an error.
// Players missing from the map submitted nothing. A finished game is
// returned unchanged.
TurnResult resolve_turn(const State& state,
                        const std::map<PlayerId, Orders>& orders);

}  // namespace fourex::game
