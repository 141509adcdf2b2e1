// Result bundles without a database: a game played here with random
// orders round-trips through JSON and verifies; each kind of tampering is
// found at the right place.
#include "results/bundle.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "game/game.hpp"
#include "game/replay.hpp"
#include "game/rng.hpp"
#include "results/verify.hpp"

using namespace fourex;
using fourex::game::GameStatus;

namespace {

// Three players, random orders, until max_turns ends the game.
results::Bundle played_bundle() {
  game::GameConfig config;
  config.players = {
      {"Ann", "aggressive"}, {"Ben", "economic"}, {"Cid", "random"}};
  config.width = 16;
  config.height = 16;
  config.seed = 7;
  config.max_turns = 12;
  results::BundleGame g;
  g.game_id = "local";
  g.settings.config = config;
  auto state = game::new_game(config);
  game::Rng rng(99);
  while (!state.finished) {
    std::map<game::PlayerId, game::Orders> orders;
    results::BundleTurn turn;
    turn.turn = state.turn;
    for (game::PlayerId p = 0; p < 3; ++p) {
      orders[p] = game::random_orders(state, p, rng);
      turn.orders[config.players[p].name] = orders[p];
    }
    turn.state_hash = game::replay_turn(state, orders).state_hash;
    g.turns.push_back(std::move(turn));
  }
  g.status = GameStatus::finished;
  g.completed_turns = game::completed_turns(state);
  g.state_hash = game::state_hash(state);
  if (state.winner) g.winner = state.players[*state.winner].name;
  results::Bundle b;
  b.rules_version = game::kRulesVersion;
  b.games.push_back(std::move(g));
  return b;
}

}  // namespace

TEST_CASE("a bundle round-trips through JSON and verifies", "[bundle]") {
  auto bundle = played_bundle();
  auto json = results::bundle_to_json(bundle);
  auto read = results::bundle_from_json(json);
  CHECK(results::bundle_to_json(read) == json);
  auto result = results::verify_bundle(read);
  REQUIRE(result.verified());
  CHECK(result.games[0].turns_checked == 12);
}

TEST_CASE("tampering is found at its turn", "[bundle]") {
  auto bundle = played_bundle();
  auto& g = bundle.games[0];
  SECTION("an order changed") {
    // Ann disbands her first unit on turn 1 instead of her random orders.
    auto start = game::new_game(g.settings.config);
    auto unit = std::find_if(start.units.begin(), start.units.end(),
                             [](const game::Unit& u) { return u.owner == 0; });
    REQUIRE(unit != start.units.end());
    g.turns[0].orders["Ann"] = {game::Disband{unit->id}};
    auto v = results::verify_game(g);
    CHECK(v.mismatch_turn == 1);
    CHECK(v.turns_checked == 0);
  }
  SECTION("a logged hash changed") {
    g.turns[5].state_hash[0] = g.turns[5].state_hash[0] == 'a' ? 'b' : 'a';
    auto v = results::verify_game(g);
    CHECK(v.mismatch_turn == 6);
    CHECK(v.message == "turn 6 recomputes to a different state hash");
  }
  SECTION("a turn left out") {
    g.turns.erase(g.turns.begin() + 3);
    CHECK(results::verify_game(g).mismatch_turn == 5);
  }
  SECTION("orders of someone who is not a player") {
    g.turns[2].orders["Eve"] = {};
    CHECK(results::verify_game(g).mismatch_turn == 3);
  }
  SECTION("another seed") {
    g.settings.config.seed = 8;
    CHECK(results::verify_game(g).mismatch_turn == 1);
  }
  SECTION("the recorded winner or end") {
    g.winner = "Nobody";
    CHECK(results::verify_game(g).mismatch_turn == 0);
    g.winner.reset();
    g.completed_turns = 11;
    CHECK(results::verify_game(g).mismatch_turn == 0);
  }
  SECTION("another rules version") {
    bundle.rules_version = game::kRulesVersion + 1;
    auto v = results::verify_bundle(bundle);
    CHECK_FALSE(v.verified());
    CHECK(v.rules_mismatch);
  }
}

TEST_CASE("a file that is not a bundle is refused with its path", "[bundle]") {
  auto refuses = [](const std::string& json, const std::string& what) {
    try {
      results::bundle_from_json(json);
      FAIL("accepted " << json);
    } catch (const results::BundleError& e) {
      CHECK_THAT(e.what(), Catch::Contains(what));
    }
  };
  refuses("[", "not JSON");
  refuses(R"({"format":"x"})", "not a fourex-result-bundle");
  refuses(R"({"format":"fourex-result-bundle","format_version":2,)"
          R"("rules_version":1,"games":[]})",
          "format_version 2");
  auto json = results::bundle_to_json(played_bundle());
  auto bad = json;
  bad.replace(bad.find(R"("seed":7)"), 8, R"("seed":-7)");
  refuses(bad, "$.games[0].settings.seed");
  bad = json;
  bad.replace(bad.find(R"("type":")"), 8, R"("type":"x)");
  refuses(bad, "$.games[0].turns[");
}
