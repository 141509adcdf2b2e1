// The agents' analyses (game/analysis) read a view only: what the fog of
// war hides cannot change their answers. And what they answer is right.
#include <catch2/catch.hpp>

#include "game/visibility.hpp"
#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

namespace {

// Two players, nothing explored; A's warrior at (2, 2) sees radius 2,
// B's warrior at (4, 4) is in sight, B's city and horseman far away.
State fogged() {
  auto s = flat_state(2, 16, 16);
  s.units.clear();  // the parked settlers
  for (auto& p : s.players) std::fill(p.explored.begin(), p.explored.end(), 0);
  add_unit(s, 0, UnitType::warrior, 2, 2);
  add_unit(s, 1, UnitType::warrior, 4, 4);
  add_unit(s, 1, UnitType::horseman, 12, 12);
  add_city(s, 1, 12, 4);
  s.tiles[s.index(3, 2)].resource = Resource::wheat;
  s.tiles[s.index(10, 10)].resource = Resource::horses;
  update_explored(s);
  return s;
}

struct Answers {
  Territory near, far;
  std::vector<Threat> threats_found;
  std::vector<ResourceSite> resources;
  Path to_seen, to_fog;
  bool operator==(const Answers&) const = default;
};

Answers analyse(const State& s) {
  const auto v = make_view(s, 0);
  return {territory(v, 2, 2, 3),    territory(v, 12, 12, 4),
          threats(v, 20),           unclaimed_resources(v, 2, 2, 50),
          find_path(v, 2, 2, 0, 4), find_path(v, 2, 2, 12, 12)};
}

}  // namespace

TEST_CASE("analyses change with nothing the fog of war hides",
          "[fog][analysis]") {
  const auto s = fogged();
  const auto before = analyse(s);
  auto changed = s;
  // Everything out of A's sight moves, grows or appears.
  for (auto& u : changed.units)
    if (u.owner == 1 && u.x > 8) u.x = 9;
  add_unit(changed, 1, UnitType::catapult, 14, 14);
  add_city(changed, 1, 13, 13, 5);
  changed.tiles[changed.index(11, 11)].resource = Resource::iron;
  set_terrain(changed, 12, 12, Terrain::mountains);
  set_terrain(changed, 15, 0, Terrain::ocean);
  CHECK(analyse(changed) == before);
  // What A does see changes them.
  auto seen = s;
  for (auto& u : seen.units)
    if (u.owner == 1 && u.x == 4) u.x = 3;
  CHECK_FALSE(analyse(seen) == before);
}

TEST_CASE("the analyses answer from the view", "[analysis]") {
  const auto a = analyse(fogged());
  // The square of radius 3 around (2, 2) is clipped at the map's edge:
  // 6 x 6 tiles, the outer ring unexplored.
  CHECK(a.near.visible + a.near.remembered + a.near.unexplored == 36);
  CHECK(a.near.visible == 25);
  REQUIRE(a.near.units.size() == 2);
  REQUIRE(a.near.terrain.size() == 1);
  CHECK(a.near.terrain[0].terrain == "grassland");
  CHECK(a.near.terrain[0].tiles == 25);
  // Far away nothing is known.
  CHECK(a.far.unexplored == 64);  // 8 x 8 after clipping
  CHECK(a.far.units.empty());
  CHECK(a.far.cities.empty());
  // B's warrior is the one threat, 2 tiles from A's warrior.
  REQUIRE(a.threats_found.size() == 1);
  CHECK(a.threats_found[0].unit.owner == "B");
  CHECK(a.threats_found[0].nearest_kind == "unit");
  CHECK(a.threats_found[0].distance == 2);
  CHECK(a.threats_found[0].relation == "peace");
  // Only the explored resource.
  REQUIRE(a.resources.size() == 1);
  CHECK(a.resources[0].resource.x == 3);
  CHECK(a.resources[0].distance == 1);
  // A path over explored land, none into the fog.
  REQUIRE(a.to_seen.found);
  CHECK(a.to_seen.tiles.front() == std::pair{2, 2});
  CHECK(a.to_seen.tiles.back() == std::pair{0, 4});
  CHECK(a.to_seen.tiles.size() == 3);  // two diagonal steps
  CHECK(a.to_seen.cost == 2);
  CHECK_FALSE(a.to_fog.found);
}

TEST_CASE("a city claims the resources within its work radius", "[analysis]") {
  auto s = flat_state(2, 16, 16);
  add_city(s, 0, 8, 8);
  add_city(s, 1, 2, 12);  // out of A's sight: A does not know it claims
  s.tiles[s.index(9, 9)].resource = Resource::wheat;  // A's city works it
  s.tiles[s.index(3, 12)].resource = Resource::deer;
  s.tiles[s.index(12, 8)].resource = Resource::horses;  // free
  const auto v = make_view(s, 0);
  auto free = unclaimed_resources(v, 0, 0, 10);
  REQUIRE(free.size() == 2);
  CHECK(free[0].resource.type == "horses");
  CHECK(free[0].distance == 12);
  CHECK(free[1].resource.type == "deer");
  CHECK(unclaimed_resources(v, 0, 0, 0).empty());
}

TEST_CASE("paths go around foreign units and over cheap land", "[analysis]") {
  auto s = flat_state(2, 16, 16);
  add_unit(s, 0, UnitType::warrior, 2, 5);
  // A wall of B's units from (4, 3) to (4, 7) and hills beside it.
  for (int y = 3; y <= 7; ++y) add_unit(s, 1, UnitType::warrior, 4, y);
  const auto v = make_view(s, 0);
  auto p = find_path(v, 2, 5, 6, 5);
  REQUIRE(p.found);
  for (const auto& [x, y] : p.tiles) CHECK_FALSE((x == 4 && y >= 3 && y <= 7));
  CHECK(p.cost == static_cast<int>(p.tiles.size()) - 1);  // all grassland
  auto blocked = find_path(v, 2, 5, 4, 5);
  CHECK_FALSE(blocked.found);
  CHECK_FALSE(find_path(v, 2, 5, 99, 5).found);
}

TEST_CASE("a dry run finds every illegal order; validate the first",
          "[analysis]") {
  auto s = flat_state(2, 16, 16);
  const int w = add_unit(s, 0, UnitType::warrior, 2, 2).id;
  const int theirs = add_unit(s, 1, UnitType::warrior, 9, 9).id;
  Orders orders = {
      Fortify{w},   Fortify{theirs},        Fortify{w},
      Fortify{999}, SetResearch{"pottery"}, SetResearch{"archery"}};
  auto all = dry_run(s, 0, orders);
  REQUIRE(all.size() == 4);
  CHECK(all[0].index == 1);
  CHECK(all[0].rule == "unit_not_owned");
  CHECK(all[1].rule == "unit_already_ordered");
  CHECK(all[2].rule == "unit_not_found");
  CHECK(all[3].index == 5);
  CHECK(all[3].rule == "research_already_set");
  auto first = validate(s, 0, orders);
  REQUIRE(first);
  CHECK(first->index == all[0].index);
  CHECK(first->rule == all[0].rule);
  CHECK(dry_run(s, 0, {Fortify{w}}).empty());
}
