#include "game/replay.hpp"

#include "game/hash.hpp"
#include "game/resolve.hpp"

namespace fourex::game {

ReplayedTurn replay_turn(State& state,
                         const std::map<PlayerId, Orders>& orders) {
  ReplayedTurn out;
  out.turn = state.turn;
  auto result = resolve_turn(state, orders);
  state = std::move(result.state);
  out.state_hash = state_hash(state);
  out.events = std::move(result.events);
  return out;
}

std::string hash_mismatch_message(int turn) {
  return "turn " + std::to_string(turn) +
         " recomputes to a different state hash";
}

}  // namespace fourex::game
