// Replaying a logged game: the step that recovery (actors/recovery) and
// bundle verification (results/verify) share, so that both recompute a
// turn, and word a mismatch, the same way.
#pragma once

#include <map>
#include <string>

#include "game/events.hpp"
#include "game/orders.hpp"
#include "game/state.hpp"

namespace fourex::game {

// The version of these rules. A result bundle records it; raise it with any
// change that makes a logged game replay to different states.
inline constexpr int kRulesVersion = 1;

struct ReplayedTurn {
  int turn = 0;            // the turn that was resolved
  std::string state_hash;  // of the state after it
  Events events;
};

// Resolves `state`'s current turn with the logged orders and replaces
// `state` by the next one.
ReplayedTurn replay_turn(State& state,
                         const std::map<PlayerId, Orders>& orders);

// "turn N recomputes to a different state hash": one wording for every
// replay that finds a logged hash it cannot reproduce.
std::string hash_mismatch_message(int turn);

}  // namespace fourex::game
