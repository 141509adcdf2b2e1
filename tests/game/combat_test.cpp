// Combat: strength modifiers (fortify, terrain, walls), ranged attacks,
// capture of cities and capitals, determinism of the seeded damage roll.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

namespace {

// Damage a warrior at (4, 5) deals to a warrior at (5, 5) in one attack,
// after `prepare` changed the defender (same seed and turn every time, so
// the random part of the damage is the same too).
template <class F>
int damage_to_defender(F prepare) {
  auto s = flat_state();
  s.set_war(0, 1, true);
  const int a = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  Unit& d = add_unit(s, 1, UnitType::warrior, 5, 5);
  prepare(s, d);
  auto r = turn(s, {{0, {Attack{a, {5, 5}}}}});
  const auto e = first_event(r, "combat");
  REQUIRE(e.IsObject());
  return e["damage_dealt"].GetInt();
}

}  // namespace

TEST_CASE("melee combat damages both sides and is deterministic", "[combat]") {
  auto s = flat_state();
  s.set_war(0, 1, true);
  const int a = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  const int d = add_unit(s, 1, UnitType::warrior, 5, 5).id;
  auto r = turn(s, {{0, {Attack{a, {5, 5}}}}});
  CHECK(outcome(r, "A", 0).first == "applied");
  const auto e = first_event(r, "combat");
  REQUIRE(e.IsObject());
  // Equal strength: 35 base damage plus 0..10 at random, both ways.
  const int dealt = e["damage_dealt"].GetInt();
  const int taken = e["damage_taken"].GetInt();
  CHECK(dealt >= rules::kCombatBaseDamage);
  CHECK(dealt < rules::kCombatBaseDamage + rules::kCombatRandomDamage);
  // The defender did not act, so it healed at the end of the turn.
  CHECK(r.state.find_unit(d)->hp ==
        rules::kUnitMaxHp - dealt + rules::kUnitHeal);
  CHECK(r.state.find_unit(a)->hp == rules::kUnitMaxHp - taken);
  // Same state, same orders: the same bytes.
  auto again = turn(s, {{0, {Attack{a, {5, 5}}}}});
  CHECK(again.events == r.events);
  CHECK(to_json(again.state) == to_json(r.state));
}

TEST_CASE("fortify, terrain and walls make a defender stronger", "[combat]") {
  const int plain = damage_to_defender([](State&, Unit&) {});
  const int fortified =
      damage_to_defender([](State&, Unit& d) { d.fortified = true; });
  const int on_hills = damage_to_defender([](State& s, Unit& d) {
    d.fortified = true;
    set_terrain(s, 5, 5, Terrain::hills);
  });
  const int in_walls = damage_to_defender([](State& s, Unit& d) {
    d.fortified = true;
    set_terrain(s, 5, 5, Terrain::hills);
    add_city(s, 1, 5, 5).buildings |= 1u << static_cast<int>(Building::walls);
  });
  CHECK(plain > fortified);
  CHECK(fortified > on_hills);
  CHECK(on_hills > in_walls);
}

TEST_CASE("attacking a defended city fights its best defender first",
          "[combat]") {
  auto s = flat_state();
  s.set_war(0, 1, true);
  const int a = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  add_city(s, 1, 5, 5);
  add_unit(s, 1, UnitType::scout, 5, 5);
  const int spear = add_unit(s, 1, UnitType::spearman, 5, 5).id;
  auto r = turn(s, {{0, {Attack{a, {5, 5}}}}});
  const auto e = first_event(r, "combat");
  REQUIRE(e.HasMember("defender"));
  CHECK(e["defender"]["id"].GetInt() == spear);
  CHECK(r.state.cities[0].hp == rules::kCityMaxHp);
}

TEST_CASE("ranged units attack from two tiles and never capture", "[combat]") {
  auto s = flat_state();
  s.set_war(0, 1, true);
  const int archer = add_unit(s, 0, UnitType::archer, 3, 5).id;
  add_city(s, 1, 5, 5).hp = 1;
  const int warrior = add_unit(s, 0, UnitType::warrior, 9, 9).id;
  CHECK(rule_of(s, 0, {Attack{warrior, {5, 5}}}) == "out_of_range");
  CHECK(rule_of(s, 0, {Attack{archer, {3, 5}}}) == "out_of_range");
  CHECK(rule_of(s, 0, {Attack{archer, {5, 4}}}) == "no_target");
  auto r = turn(s, {{0, {Attack{archer, {5, 5}}}}});
  const auto e = first_event(r, "combat");
  REQUIRE(e.IsObject());
  CHECK(e["damage_taken"].GetInt() == 0);
  CHECK(r.state.cities[0].owner == 1);
  CHECK(r.state.cities[0].hp >= 1);
  CHECK(r.state.find_unit(archer)->x == 3);
}

TEST_CASE("civilians cannot attack and are destroyed when attacked",
          "[combat]") {
  auto s = flat_state();
  s.set_war(0, 1, true);
  const int settler = add_unit(s, 0, UnitType::settler, 4, 4).id;
  const int w = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  const int victim = add_unit(s, 1, UnitType::settler, 5, 5).id;
  CHECK(rule_of(s, 0, {Attack{settler, {5, 5}}}) == "unit_cannot_attack");
  auto r = turn(s, {{0, {Attack{w, {5, 5}}}}});
  CHECK(r.state.find_unit(victim) == nullptr);
  CHECK(count_events(r, "unit_removed") == 1);
  CHECK(r.state.find_unit(w)->hp == rules::kUnitMaxHp);
}

TEST_CASE("a melee unit captures an undefended city at zero hp",
          "[combat][capture]") {
  auto s = flat_state(3);
  s.set_war(0, 1, true);
  const int w = add_unit(s, 0, UnitType::warrior, 4, 5).id;
  add_city(s, 1, 5, 5, 3).hp = 1;  // B's capital
  add_city(s, 1, 12, 5);
  auto r = turn(s, {{0, {Attack{w, {5, 5}}}}});
  const auto e = first_event(r, "city_captured");
  REQUIRE(e.IsObject());
  CHECK(e["capital"].GetBool());
  CHECK(r.critical);
  const City& c = r.state.cities[0];
  CHECK(c.owner == 0);
  CHECK_FALSE(c.capital);
  CHECK(c.population == 2);
  CHECK(c.item.kind == Item::Kind::none);
  CHECK(r.state.find_unit(w)->x == 5);
  CHECK(r.state.find_unit(w)->y == 5);
  CHECK(r.state.players[1].alive);  // B still has a city
  // Losing a non-capital city is not critical by itself.
  auto s2 = flat_state(3);
  s2.set_war(0, 1, true);
  const int w2 = add_unit(s2, 0, UnitType::warrior, 11, 5).id;
  add_city(s2, 1, 5, 5);
  add_city(s2, 1, 12, 5).hp = 1;
  auto r2 = turn(s2, {{0, {Attack{w2, {12, 5}}}}});
  CHECK_FALSE(first_event(r2, "city_captured")["capital"].GetBool());
  CHECK_FALSE(r2.critical);
}

TEST_CASE("siege units get their bonus against cities", "[combat]") {
  auto s = flat_state();
  s.set_war(0, 1, true);
  const int cat = add_unit(s, 0, UnitType::catapult, 3, 5).id;
  const int arch = add_unit(s, 0, UnitType::archer, 3, 6).id;
  add_city(s, 1, 5, 5);
  auto by_catapult = turn(s, {{0, {Attack{cat, {5, 5}}}}});
  auto by_archer = turn(s, {{0, {Attack{arch, {5, 5}}}}});
  CHECK(first_event(by_catapult, "combat")["damage_dealt"].GetInt() >
        first_event(by_archer, "combat")["damage_dealt"].GetInt());
}

TEST_CASE("walls double an undefended city's strength", "[combat][walls]") {
  // A full-hp warrior attacks B's full-hp city of population 1, with and
  // without walls; same seed and turn, so the random rolls are the same.
  auto fight = [](bool walls) {
    auto s = flat_state();
    s.set_war(0, 1, true);
    const int w = add_unit(s, 0, UnitType::warrior, 4, 5).id;
    City& c = add_city(s, 1, 5, 5);
    if (walls) c.buildings |= 1u << static_cast<int>(Building::walls);
    const auto e = first_event(turn(s, {{0, {Attack{w, {5, 5}}}}}), "combat");
    REQUIRE(e.IsObject());
    REQUIRE(e.HasMember("city"));
    return std::pair(e["damage_dealt"].GetInt(), e["damage_taken"].GetInt());
  };
  const auto base = [](int a, int d) {
    return rules::kCombatBaseDamage * 2 * a / (a + d);
  };
  const int attack = info(UnitType::warrior).strength;
  const int city = rules::kCityBaseStrength + rules::kCityStrengthPerPop;
  const int walled = city * (100 + rules::kWallsPercent) / 100;
  REQUIRE(walled == 2 * city);
  const auto [dealt, taken] = fight(false);
  const auto [dealt_walls, taken_walls] = fight(true);
  CHECK(dealt - dealt_walls == base(attack, city) - base(attack, walled));
  CHECK(taken_walls - taken == base(walled, attack) - base(city, attack));
  CHECK(dealt_walls < dealt);
  CHECK(taken_walls > taken);
}
