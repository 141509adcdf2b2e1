// Movement: terrain costs, water, occupied tiles, the always-one-step rule.
#include <algorithm>

#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

TEST_CASE("a unit moves within its movement points", "[movement]") {
  auto s = flat_state();
  const int id = add_unit(s, 0, UnitType::warrior, 5, 5).id;  // 2 moves
  CHECK(rule_of(s, 0, {MoveUnit{id, {7, 7}}}) == "");
  CHECK(rule_of(s, 0, {MoveUnit{id, {8, 5}}}) == "insufficient_moves");
  auto r = turn(s, {{0, {MoveUnit{id, {7, 7}}}}});
  CHECK(outcome(r, "A", 0).first == "applied");
  CHECK(r.state.find_unit(id)->x == 7);
  CHECK(r.state.find_unit(id)->y == 7);
}

TEST_CASE("forest and hills cost two, the first step is always allowed",
          "[movement]") {
  auto s = flat_state();
  const int id = add_unit(s, 0, UnitType::warrior, 5, 5).id;
  set_terrain(s, 6, 5, Terrain::forest);
  set_terrain(s, 4, 5, Terrain::mountains);
  // Forest costs 2: can enter, cannot go on.
  CHECK(rule_of(s, 0, {MoveUnit{id, {6, 5}}}) == "");
  // Mountains cost 3 > 2 moves, but a first step is always allowed.
  CHECK(rule_of(s, 0, {MoveUnit{id, {4, 5}}}) == "");
  // Through the forest to (7, 5) costs 3 — but (6,4)/(6,6) are grass: 2.
  CHECK(rule_of(s, 0, {MoveUnit{id, {7, 5}}}) == "");
  set_terrain(s, 6, 4, Terrain::forest);
  set_terrain(s, 6, 6, Terrain::forest);
  CHECK(rule_of(s, 0, {MoveUnit{id, {7, 5}}}) == "insufficient_moves");
}

TEST_CASE("water, the map's edge and foreign units block moves", "[movement]") {
  auto s = flat_state();
  const int id = add_unit(s, 0, UnitType::scout, 0, 0).id;
  set_terrain(s, 1, 0, Terrain::coast);
  add_unit(s, 1, UnitType::warrior, 0, 1);
  CHECK(rule_of(s, 0, {MoveUnit{id, {1, 0}}}) == "impassable_terrain");
  CHECK(rule_of(s, 0, {MoveUnit{id, {-1, 0}}}) == "tile_out_of_map");
  CHECK(rule_of(s, 0, {MoveUnit{id, {0, 1}}}) == "tile_occupied");
  CHECK(rule_of(s, 0, {MoveUnit{id, {0, 0}}}) == "already_there");
  CHECK(rule_of(s, 1, {MoveUnit{id, {1, 1}}}) == "unit_not_owned");
  CHECK(rule_of(s, 0, {MoveUnit{999, {1, 1}}}) == "unit_not_found");
}

TEST_CASE("a unit gets one order a turn", "[movement]") {
  auto s = flat_state();
  const int id = add_unit(s, 0, UnitType::warrior, 5, 5).id;
  CHECK(rule_of(s, 0, {MoveUnit{id, {6, 5}}, Fortify{id}}) ==
        "unit_already_ordered");
  auto r = turn(s, {{0, {MoveUnit{id, {6, 5}}, MoveUnit{id, {7, 5}}}}});
  CHECK(outcome(r, "A", 1) ==
        std::pair<std::string, std::string>("skipped", "unit_already_ordered"));
}

TEST_CASE("the first mover takes a contested tile, the other is skipped",
          "[movement]") {
  auto s = flat_state();
  const int a = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  const int b = add_unit(s, 1, UnitType::warrior, 6, 5).id;
  // Turn 1: player 0 moves first.
  auto r = turn(s, {{0, {MoveUnit{a, {5, 5}}}}, {1, {MoveUnit{b, {5, 5}}}}});
  CHECK(outcome(r, "A", 0).first == "applied");
  CHECK(outcome(r, "B", 0) ==
        std::pair<std::string, std::string>("skipped", "tile_occupied"));
  // Turn 2: player 1 goes first.
  s.turn = 2;
  r = turn(s, {{0, {MoveUnit{a, {5, 5}}}}, {1, {MoveUnit{b, {5, 5}}}}});
  CHECK(outcome(r, "B", 0).first == "applied");
  CHECK(outcome(r, "A", 0).second == "tile_occupied");
}

TEST_CASE("fortify and disband", "[movement]") {
  auto s = flat_state();
  const int w = add_unit(s, 0, UnitType::warrior, 5, 5).id;
  const int st = add_unit(s, 0, UnitType::settler, 6, 6).id;
  const int sc = add_unit(s, 0, UnitType::scout, 2, 2).id;
  CHECK(rule_of(s, 0, {Fortify{st}}) == "unit_cannot_fortify");
  auto r = turn(s, {{0, {Fortify{w}, Disband{sc}}}});
  CHECK(r.state.find_unit(w)->fortified);
  CHECK(r.state.find_unit(sc) == nullptr);
  CHECK(rule_of(r.state, 0, {Fortify{w}}) == "already_fortified");
  // Moving ends fortification.
  r = turn(r.state, {{0, {MoveUnit{w, {6, 5}}}}});
  CHECK_FALSE(r.state.find_unit(w)->fortified);
}

TEST_CASE("suggested_actions offers disband, but not a cityless last settler",
          "[movement][suggested]") {
  auto s = flat_state();  // each player owns one settler and no city
  const int w = add_unit(s, 0, UnitType::warrior, 5, 5).id;
  const int settler = s.units[0].id;
  auto offered = [&](const Order& o) {
    const Orders legal = suggested_actions(s, 0);
    return std::find(legal.begin(), legal.end(), o) != legal.end();
  };
  CHECK(offered(Disband{w}));
  CHECK_FALSE(offered(Disband{settler}));
  add_city(s, 0, 2, 2);
  CHECK(offered(Disband{settler}));
}
