// Typed events: every kind round-trips through its canonical JSON byte for
// byte, and the strict reader names what is wrong.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using fourex::game::testing::error_field;

namespace {

// One event of every kind, with the optional parts both present and absent.
Events every_kind() {
  const EventUnit warrior{3, "A", "warrior", 55, 4, 5};
  const CityRef rome{2, "Rome", "A"};
  return {OrderOutcome{"A", 0, "move_unit", true, "", ""},
          OrderOutcome{"B", 3, "attack", false, "not_at_war", "at peace"},
          MessageSent{"A", "all", 12},
          WarDeclared{{"A", "B"}},
          PeaceProposed{{"B", "A"}},
          PeaceMade{{"A", "B"}},
          UnitRemoved{warrior, "killed"},
          Combat{warrior, EventUnit{4, "B", "archer", 0, 5, 5}, 60, 12},
          Combat{warrior, EventCity{2, "Rome", "B", 40}, 30, 0},
          CityCaptured{2, "Rome", "B", "A", true},
          CityFounded{rome, 6, 7},
          CityGrew{rome, 3},
          CityStarved{rome, 2},
          ProductionCompleted{rome, "archer", 9},
          ProductionCompleted{rome, "walls", std::nullopt},
          TechResearched{"A", "pottery"},
          PlayerEliminated{"B"},
          GameOver{"conquest", "A", {{"A", 40}, {"B", 0}}},
          GameOver{"max_turns", std::nullopt, {{"B", 7}, {"A", 7}}}};
}

}  // namespace

TEST_CASE("every event kind round-trips through its canonical JSON",
          "[events][json]") {
  const Events events = every_kind();
  const std::string json = events_to_json(events);
  CHECK(events_from_json(json) == events);
  CHECK(events_to_json(events_from_json(json)) == json);
  CHECK(events_to_json({}) == "[]");
}

TEST_CASE("events keep the JSON the server and agents read", "[events][json]") {
  CHECK(events_to_json({OrderOutcome{"A", 1, "fortify", false, "r", "m"}}) ==
        R"([{"type":"order","player":"A","index":1,"action":"fortify",)"
        R"("outcome":"skipped","reason":"r","message":"m"}])");
  CHECK(events_to_json({Combat{EventUnit{1, "A", "warrior", 90, 1, 2},
                               EventCity{5, "Y", "B", 70}, 30, 10}}) ==
        R"([{"type":"combat","attacker":{"id":1,"owner":"A","type":"warrior",)"
        R"("hp":90,"x":1,"y":2},"city":{"id":5,"name":"Y","owner":"B",)"
        R"("hp":70},"damage_dealt":30,"damage_taken":10}])");
  CHECK(events_to_json({GameOver{"max_turns", std::nullopt, {{"A", 3}}}}) ==
        R"([{"type":"game_over","reason":"max_turns","winner":null,)"
        R"("scores":{"A":3}}])");
}

TEST_CASE("a resolved turn's events are typed", "[events]") {
  using namespace fourex::game::testing;
  State s = flat_state();
  add_unit(s, 0, UnitType::warrior, 3, 3);
  const int id = s.units.back().id;
  const auto r = turn(s, {{0, {MoveUnit{id, {4, 4}}, SendMessage{"B", "hi"}}}});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0] ==
        Event{OrderOutcome{"A", 1, "send_message", true, "", ""}});
  CHECK(r.events[1] == Event{MessageSent{"A", "B", 2}});
  CHECK(r.events[2] == Event{OrderOutcome{"A", 0, "move_unit", true, "", ""}});
}

TEST_CASE("the event reader names what is wrong", "[events][json]") {
  CHECK(error_field(events_from_json, "{}") == "");
  CHECK(error_field(events_from_json, "[1]") == "");
  CHECK(error_field(events_from_json, R"([{"type":"teleport"}])") == "type");
  CHECK(error_field(events_from_json, R"([{"type":"player_eliminated"}])") ==
        "player");
  CHECK(error_field(events_from_json,
                    R"([{"type":"player_eliminated","player":7}])") ==
        "player");
  CHECK(error_field(events_from_json,
                    R"([{"type":"player_eliminated","player":"A","x":1}])") ==
        "");
  CHECK(error_field(events_from_json,
                    R"([{"type":"order","player":"A","index":0,)"
                    R"("action":"fortify","outcome":"maybe"}])") == "outcome");
  CHECK(error_field(events_from_json,
                    R"([{"type":"unit_removed","reason":"killed","unit":)"
                    R"({"id":1,"owner":"A","type":"scout","hp":0,"x":1}}])") ==
        "unit.y");
  CHECK(error_field(events_from_json,
                    R"([{"type":"game_over","reason":"conquest",)"
                    R"("winner":null,"scores":{"A":"1"}}])") == "scores");
}
