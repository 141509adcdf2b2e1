// Suggested actions: a short list of ready-to-send orders for a player, so
// that a bot can play by picking from it. Not every legal order: validate
// accepts more (any reachable tile, any message text, a last settler's
// disband); these are the ones worth offering.
#pragma once

#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::game {

// Any subset that uses each unit and each city at most once (and holds at
// most one set_research) passes validate. Bounded: per unit at most
// kMaxSuggestedMoves moves (toward a city site or the enemy, the most
// revealing step, toward unexplored land or home), its attacks, fortify,
// found_city, disband (not a cityless player's settler); diplomacy per
// other player; a message to at most kMaxMessagesPerTurn other players
// (rotating with the turn). Empty for a finished game or a player out.
Orders suggested_actions(const State& s, PlayerId p);

inline constexpr std::size_t kMaxSuggestedMoves = 3;  // per unit

}  // namespace fourex::game
