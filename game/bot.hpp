// A random bot that plays only from legal_actions (benchmarks, property
// tests, `fourex play`): deterministic for a given Rng.
#pragma once

#include "game/orders.hpp"
#include "game/rng.hpp"
#include "game/state.hpp"

namespace fourex::game {

// Picks a random valid subset of legal_actions(s, p): each unit and city at
// most once, at most one set_research; declares war, messages and
// disbands rarely.
Orders random_orders(const State& s, PlayerId p, Rng& rng);

}  // namespace fourex::game
