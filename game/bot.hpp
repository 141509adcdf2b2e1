// A random bot that plays only from suggested_actions (benchmarks, property
// tests, `fourex play`): deterministic for a given Rng.
#pragma once

#include <string_view>

#include "game/orders.hpp"
#include "game/rng.hpp"
#include "game/state.hpp"

namespace fourex::game {

// Picks a random valid subset of suggested_actions(s, p): each unit and
// city at most once, at most one set_research; each suggestion taken with
// the odds of random_pick_percent.
Orders random_orders(const State& s, PlayerId p, Rng& rng);

// The random bots' odds of taking a suggested action of this type, in
// percent: founding a city almost always, most orders often, declaring war,
// messages and disbanding rarely. One table for this bot and agents/'s
// `random` personality; an unknown type gets the usual odds.
int random_pick_percent(std::string_view action_type);

}  // namespace fourex::game
