// A player's view of the game (fog of war) and the actions legal for it now.
#pragma once

#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::game {

// Writes keys and values into an object the caller has opened: "turn",
// "you", "players", "map", "units", "cities", "messages", "legal_actions".
// map: one string per row; uppercase = visible now, lowercase = explored
// before (terrain remembered), '?' = never seen.
void write_view_fields(const State& s, PlayerId p, JsonWriter& w);

// Ready-to-send orders: any subset that uses each unit and each city at
// most once (and holds at most one set_research) passes validate. Bounded:
// per unit at most 3 moves (explore, toward the enemy or a city site,
// toward unexplored land or home), its attacks, fortify, found_city,
// disband (not a cityless player's settler); diplomacy per other player;
// a message to at most 5 other players (rotating with the turn).
Orders legal_actions(const State& s, PlayerId p);

}  // namespace fourex::game
