#include "results/verify.hpp"

#include <algorithm>

#include "game/hash.hpp"
#include "game/map_gen.hpp"
#include "game/replay.hpp"

namespace fourex::results {
namespace {

GameVerification mismatch(GameVerification v, int turn, std::string message) {
  v.mismatch_turn = turn;
  v.message = std::move(message);
  return v;
}

std::optional<std::string> winner_name(const game::State& state) {
  if (!state.winner) return std::nullopt;
  return state.players[static_cast<std::size_t>(*state.winner)].name;
}

}  // namespace

bool BundleVerification::verified() const {
  return !rules_mismatch &&
         std::all_of(games.begin(), games.end(),
                     [](const GameVerification& g) { return g.verified(); });
}

GameVerification verify_game(const BundleGame& bundled) {
  GameVerification v;
  v.game_id = bundled.game_id;
  game::State state;
  try {
    game::check_config(bundled.config);
    state = game::new_game(bundled.config);
  } catch (const game::ConfigError& e) {
    return mismatch(v, 0, std::string("settings: ") + e.what());
  }
  for (const auto& logged : bundled.turns) {
    const int t = logged.turn;
    if (state.finished || t != state.turn)
      return mismatch(v, t,
                      "turn " + std::to_string(t) + " follows turn " +
                          std::to_string(game::completed_turns(state)) +
                          (state.finished ? " that ended the game" : ""));
    std::map<game::PlayerId, game::Orders> orders;
    for (const auto& [name, list] : logged.orders) {
      auto player = game::find_player(state, name);
      if (!player)
        return mismatch(v, t,
                        "turn " + std::to_string(t) + " has orders of '" +
                            name + "', not a player");
      orders[*player] = list;
    }
    auto replayed = game::replay_turn(state, orders);
    if (replayed.state_hash != logged.state_hash)
      return mismatch(v, t, game::hash_mismatch_message(t));
    ++v.turns_checked;
  }
  // The record of the game's end must be what the turns lead to (a
  // deleted game keeps its status whatever the replay says).
  if (game::completed_turns(state) != bundled.completed_turns ||
      game::state_hash(state) != bundled.state_hash)
    return mismatch(v, 0,
                    "the game records " +
                        std::to_string(bundled.completed_turns) +
                        " completed turns and a final state hash that its "
                        "turns do not lead to");
  const bool says_finished = bundled.status == "finished";
  if ((bundled.status != "deleted" && says_finished != state.finished) ||
      winner_name(state) != bundled.winner)
    return mismatch(v, 0, "the recorded status or winner is not the replay's");
  return v;
}

BundleVerification verify_bundle(const Bundle& bundle) {
  BundleVerification out;
  if (bundle.rules_version != game::kRulesVersion) {
    out.rules_mismatch = "made with rules version " +
                         std::to_string(bundle.rules_version) +
                         ", this fourex plays rules version " +
                         std::to_string(game::kRulesVersion);
    return out;
  }
  for (const auto& g : bundle.games) out.games.push_back(verify_game(g));
  return out;
}

}  // namespace fourex::results
