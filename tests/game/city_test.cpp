// Cities: founding, minimum distance, growth, production, buildings.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

TEST_CASE("a settler founds a city and the first is the capital", "[cities]") {
  auto s = flat_state();
  const int id = add_unit(s, 0, UnitType::settler, 5, 5).id;
  auto r = turn(s, {{0, {FoundCity{id, std::string("Rome")}}}});
  REQUIRE(r.state.cities.size() == 1);
  const auto& c = r.state.cities[0];
  CHECK(c.name == "Rome");
  CHECK(c.capital);
  CHECK(c.owner == 0);
  CHECK(r.state.find_unit(id) == nullptr);
  CHECK(count_events(r, "city_founded") == 1);
  const int id2 = add_unit(r.state, 0, UnitType::settler, 12, 12).id;
  auto r2 = turn(r.state, {{0, {FoundCity{id2, std::nullopt}}}});
  REQUIRE(r2.state.cities.size() == 2);
  CHECK_FALSE(r2.state.cities[1].capital);
  CHECK(r2.state.cities[1].name == "A 2");
}

TEST_CASE("cities keep a minimum distance", "[cities]") {
  auto s = flat_state();
  add_city(s, 1, 5, 5);
  const int near = add_unit(s, 0, UnitType::settler, 8, 5).id;
  const int far = add_unit(s, 0, UnitType::settler, 9, 9).id;
  const int warrior = add_unit(s, 0, UnitType::warrior, 12, 12).id;
  CHECK(rule_of(s, 0, {FoundCity{near, {}}}) == "city_too_close");
  CHECK(rule_of(s, 0, {FoundCity{far, {}}}) == "");
  CHECK(rule_of(s, 0, {FoundCity{warrior, {}}}) == "not_a_settler");
  // Two settlers of one list too close to each other: the second is skipped.
  const int s2 = add_unit(s, 0, UnitType::settler, 10, 10).id;
  CHECK(rule_of(s, 0, {FoundCity{far, {}}, FoundCity{s2, {}}}) == "");
  auto r = turn(s, {{0, {FoundCity{far, {}}, FoundCity{s2, {}}}}});
  CHECK(outcome(r, "A", 1).second == "city_too_close");
}

TEST_CASE("cities grow with food and starve without", "[cities]") {
  auto s = flat_state();
  add_city(s, 0, 5, 5);
  auto& c = s.cities[0];
  c.food = rules::kGrowthBase + rules::kGrowthPerPop - 1;
  auto r = turn(s, {});
  CHECK(r.state.cities[0].population == 2);
  CHECK(count_events(r, "city_grew") == 1);
  // A city on desert surrounded by desert starves back to 1.
  auto d = flat_state();
  for (auto& t : d.tiles) t.terrain = Terrain::desert;
  add_city(d, 0, 5, 5, 3);
  r = turn(d, {});
  CHECK(r.state.cities[0].population == 2);
  CHECK(count_events(r, "city_starved") == 1);
}

TEST_CASE("production completes units and buildings", "[cities]") {
  auto s = flat_state();
  add_city(s, 0, 5, 5);
  auto& c = s.cities[0];
  c.item = Item::unit(UnitType::warrior);
  c.production = kUnits[static_cast<int>(UnitType::warrior)].cost - 1;
  auto r = turn(s, {});
  REQUIRE(r.state.units.size() == s.units.size() + 1);
  CHECK(r.state.units.back().type == UnitType::warrior);
  CHECK(r.state.units.back().x == 5);
  CHECK(count_events(r, "production_completed") == 1);
  CHECK(r.state.cities[0].item == Item::unit(UnitType::warrior));  // repeats
  // Walls need masonry.
  const int cid = c.id;
  CHECK(rule_of(s, 0, {SetProduction{cid, "walls"}}) == "tech_not_researched");
  CHECK(rule_of(s, 0, {SetProduction{cid, "palace"}}) == "unknown_item");
  CHECK(rule_of(s, 1, {SetProduction{cid, "warrior"}}) == "city_not_owned");
  s.players[0].techs |= 1u << static_cast<int>(Tech::masonry);
  s.cities[0].production = 0;
  r = turn(s, {{0, {SetProduction{cid, "walls"}}}});
  CHECK(outcome(r, "A", 0).first == "applied");
  CHECK(r.state.cities[0].item == Item::building(Building::walls));
  r.state.cities[0].production = 49;
  r = turn(r.state, {});
  CHECK(r.state.cities[0].has(Building::walls));
  CHECK(r.state.cities[0].item.kind == Item::Kind::none);
  CHECK(rule_of(r.state, 0, {SetProduction{cid, "walls"}}) == "already_built");
}

TEST_CASE("research follows prerequisites and unlocks items", "[research]") {
  auto s = flat_state();
  add_city(s, 0, 5, 5);
  CHECK(rule_of(s, 0, {SetResearch{"writing"}}) ==
        "tech_prerequisites_missing");
  CHECK(rule_of(s, 0, {SetResearch{"alchemy"}}) == "unknown_tech");
  CHECK(rule_of(s, 0, {SetResearch{"pottery"}, SetResearch{"archery"}}) ==
        "research_already_set");
  s.players[0].science = info(Tech::pottery).cost - 1;
  auto r = turn(s, {{0, {SetResearch{"pottery"}}}});
  CHECK(r.state.players[0].knows(Tech::pottery));
  CHECK_FALSE(r.state.players[0].research.has_value());
  CHECK(count_events(r, "tech_researched") == 1);
  CHECK(rule_of(r.state, 0, {SetResearch{"pottery"}}) ==
        "tech_already_researched");
  CHECK(rule_of(r.state, 0, {SetResearch{"writing"}}) == "");
  CHECK(rule_of(r.state, 0, {SetProduction{s.cities[0].id, "granary"}}) == "");
}

TEST_CASE("a library raises science", "[cities]") {
  auto s = flat_state();
  add_city(s, 0, 5, 5, 4);
  const int before = city_yield(s, s.cities[0]).science;
  s.cities[0].buildings |= 1u << static_cast<int>(Building::library);
  CHECK(city_yield(s, s.cities[0]).science ==
        before + before * rules::kLibraryPercent / 100);
}

TEST_CASE("units beyond the free ones cost gold and debt disbands one",
          "[cities]") {
  auto s = flat_state();
  s.players[0].gold = 0;
  int newest = 0;
  for (int k = 0; k < 4; ++k)
    newest = add_unit(s, 0, UnitType::warrior, 3 + k, 3).id;
  auto r = turn(s, {});
  CHECK(r.state.units.size() == s.units.size() - 1);  // the newest went
  CHECK(r.state.find_unit(newest) == nullptr);
}
