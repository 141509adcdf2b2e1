// Fog of war: a view shows what the player's units and cities see now and
// remembers (lowercase, without units) what it explored before.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

namespace {

char map_at(const rapidjson::Document& v, int x, int y) {
  return v["map"]["rows"][y].GetString()[x];
}

bool shows_unit(const rapidjson::Document& v, int id) {
  for (const auto& u : v["units"].GetArray())
    if (u["id"].GetInt() == id) return true;
  return false;
}

// Two players with nothing explored; A's warrior at (2, 2) sees radius 2.
State fogged() {
  auto s = flat_state(2, 16, 16);
  for (auto& p : s.players) std::fill(p.explored.begin(), p.explored.end(), 0);
  return s;
}

}  // namespace

TEST_CASE("a view shows only what the player sees", "[fog]") {
  auto s = fogged();
  const int w = add_unit(s, 0, UnitType::warrior, 2, 2).id;
  const int near = add_unit(s, 1, UnitType::warrior, 4, 4).id;
  const int far = add_unit(s, 1, UnitType::warrior, 10, 10).id;
  add_city(s, 1, 10, 4);
  s.tiles[s.index(3, 3)].resource = Resource::wheat;
  s.tiles[s.index(9, 9)].resource = Resource::horses;
  const auto v = view_of(s, 0);
  CHECK(map_at(v, 0, 0) == 'G');
  CHECK(map_at(v, 4, 4) == 'G');
  CHECK(map_at(v, 5, 5) == '?');
  CHECK(shows_unit(v, w));
  CHECK(shows_unit(v, near));
  CHECK_FALSE(shows_unit(v, far));
  CHECK(v["cities"].Size() == 0);
  // Resources only on explored tiles: none yet (the turn has not ended).
  CHECK(v["map"]["resources"].Size() == 0);
  auto r = turn(s, {});
  const auto after = view_of(r.state, 0);
  REQUIRE(after["map"]["resources"].Size() == 1);
  CHECK(after["map"]["resources"][0]["x"].GetInt() == 3);
}

TEST_CASE("explored tiles are remembered in lowercase", "[fog]") {
  auto s = fogged();
  const int w = add_unit(s, 0, UnitType::scout, 2, 2).id;  // vision 3
  auto r = turn(s, {});
  CHECK(r.state.players[0].explored[r.state.index(0, 0)] == 1);
  CHECK(r.state.players[0].explored[r.state.index(9, 9)] == 0);
  r = turn(r.state, {{0, {MoveUnit{w, {5, 2}}}}});
  auto v = view_of(r.state, 0);
  CHECK(map_at(v, 8, 5) == 'G');  // seen from (5, 2)
  CHECK(map_at(v, 1, 1) == 'g');  // explored from (2, 2), out of sight
  r = turn(r.state, {{0, {MoveUnit{w, {8, 2}}}}});
  v = view_of(r.state, 0);
  CHECK(map_at(v, 4, 4) == 'g');
  CHECK(map_at(v, 11, 5) == 'G');
  CHECK(map_at(v, 1, 12) == '?');
  // B explored nothing near there.
  CHECK(map_at(view_of(r.state, 1), 1, 1) == '?');
}

TEST_CASE("foreign cities are seen by units and cities nearby", "[fog]") {
  auto s = fogged();
  add_city(s, 0, 2, 2);  // city vision 3
  add_city(s, 1, 5, 5);
  add_city(s, 1, 12, 12);
  const auto v = view_of(s, 0);
  REQUIRE(v["cities"].Size() == 2);
  CHECK(std::string(v["cities"][1]["owner"].GetString()) == "B");
  // Foreign cities do not reveal their stocks.
  CHECK(v["cities"][0].HasMember("food"));
  CHECK_FALSE(v["cities"][1].HasMember("food"));
}
