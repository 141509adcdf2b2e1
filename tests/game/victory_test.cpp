// Elimination, conquest and the score victory at max_turns.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

namespace {

void remove_units_of(State& s, PlayerId p) {
  std::erase_if(s.units, [&](const Unit& u) { return u.owner == p; });
}

}  // namespace

TEST_CASE("a player without city and settler is eliminated", "[victory]") {
  auto s = flat_state(3);
  remove_units_of(s, 1);
  const int w = add_unit(s, 1, UnitType::warrior, 5, 5).id;
  s.set_war(1, 2, true);
  auto r = turn(s, {{1, {Fortify{w}}}});
  CHECK_FALSE(r.state.players[1].alive);
  CHECK(r.state.find_unit(w) == nullptr);
  CHECK_FALSE(r.state.at_war(1, 2));
  CHECK(count_events(r, "player_eliminated") == 1);
  CHECK(r.critical);
  CHECK_FALSE(r.state.finished);  // A and C remain
  CHECK(rule_of(r.state, 1, {SendMessage{"all", "still here?"}}) ==
        "player_eliminated");
  CHECK(suggested_actions(r.state, 1).empty());
  CHECK(summarize(r.state, 1).units == 0);
}

TEST_CASE("capturing the last city eliminates and the last player wins",
          "[victory]") {
  auto s = flat_state(2);
  remove_units_of(s, 1);
  s.set_war(0, 1, true);
  const int w = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  add_city(s, 1, 5, 5).hp = 1;
  auto r = turn(s, {{0, {Attack{w, {5, 5}}}}});
  CHECK(r.state.cities[0].owner == 0);
  CHECK_FALSE(r.state.players[1].alive);
  CHECK(r.state.finished);
  REQUIRE(r.state.winner);
  CHECK(*r.state.winner == 0);
  const auto over = first_event(r, "game_over");
  REQUIRE(over.IsObject());
  CHECK(std::string(over["reason"].GetString()) == "conquest");
  CHECK(std::string(over["winner"].GetString()) == "A");
  // A finished game takes no orders and no longer changes.
  CHECK(rule_of(r.state, 0, {Fortify{w}}) == "game_finished");
  CHECK(suggested_actions(r.state, 0).empty());
  const auto same = turn(r.state, {{0, {Fortify{w}}}});
  CHECK(to_json(same.state) == to_json(r.state));
  CHECK(same.events.empty());
}

TEST_CASE("at max_turns the highest score wins", "[victory]") {
  auto s = flat_state(3);
  s.max_turns = 10;
  s.turn = 9;
  add_city(s, 1, 5, 5, 3);
  add_city(s, 2, 10, 5, 2);
  auto r = turn(s, {});
  CHECK_FALSE(r.state.finished);  // 9 turns completed
  r = turn(r.state, {});
  CHECK(r.state.finished);
  REQUIRE(r.state.winner);
  CHECK(*r.state.winner == 1);
  const auto over = first_event(r, "game_over");
  CHECK(std::string(over["reason"].GetString()) == "max_turns");
  CHECK(over["scores"]["B"].GetInt() == score(r.state, 1));
  CHECK(score(r.state, 1) > score(r.state, 2));
}

TEST_CASE("score ties go to more cities, then the lower player id",
          "[victory]") {
  auto s = flat_state(3);
  s.max_turns = 1;
  auto r = turn(s, {});  // nobody has anything: all score 0
  REQUIRE(r.state.winner);
  CHECK(*r.state.winner == 0);
  CHECK(score(r.state, 0) == score(r.state, 2));
}

TEST_CASE("score counts cities, population, techs and buildings", "[victory]") {
  auto s = flat_state();
  add_city(s, 0, 5, 5, 2).buildings =
      (1u << static_cast<int>(Building::temple)) |
      (1u << static_cast<int>(Building::granary));
  s.players[0].techs = 1u << static_cast<int>(Tech::pottery);
  CHECK(score(s, 0) == rules::kScorePerCity + 2 * rules::kScorePerPop +
                           rules::kScorePerTech + 2 * rules::kScorePerBuilding +
                           rules::kScorePerTemple);
}
