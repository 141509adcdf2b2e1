// The order parser never trusts its input: every malformed action is a
// ParseError naming the action and the field, never undefined behaviour.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

namespace {

// The ParseError of `json`, or index -2 when it parsed.
ParseError parse_error(const std::string& json) {
  try {
    parse_orders(json);
  } catch (const ParseError& e) {
    return e;
  }
  return ParseError(-2, "", "parsed");
}

}  // namespace

TEST_CASE("every action round-trips through its canonical JSON", "[parse]") {
  const Orders all{MoveUnit{1, {2, 3}},
                   Attack{4, {5, 6}},
                   FoundCity{7, std::string("Ur")},
                   FoundCity{8, std::nullopt},
                   SetProduction{9, "walls"},
                   SetResearch{"pottery"},
                   Fortify{10},
                   Disband{11},
                   DeclareWar{"B"},
                   ProposePeace{"B"},
                   AcceptPeace{"B"},
                   SendMessage{"all", "h\xC3\xA9llo \"quoted\"\n"}};
  const std::string json = orders_to_json(all);
  CHECK(parse_orders(json) == all);
  CHECK(orders_to_json(parse_orders(json)) == json);
  CHECK(action_name(all[4]) == "set_production");
}

TEST_CASE("the list itself must be a JSON array of at most 1000 actions",
          "[parse]") {
  auto e = parse_error("{\"type\":\"fortify\"}");
  CHECK(e.index == -1);
  CHECK(e.field == "actions");
  e = parse_error("[{\"type\":");
  CHECK(e.index == -1);
  CHECK(e.field.empty());
  CHECK(std::string(e.what()).find("invalid JSON") != std::string::npos);
  CHECK(parse_error("").index == -1);
  CHECK(parse_orders("[]").empty());
  std::string many = "[";
  for (int k = 0; k <= rules::kMaxOrders; ++k)
    many += std::string(k ? "," : "") + R"({"type":"fortify","unit_id":1})";
  CHECK(parse_error(many + "]").field == "actions");
}

TEST_CASE("wrong types name the action and the field", "[parse]") {
  struct Case {
    const char* json;
    long index;
    const char* field;
  };
  const Case cases[] = {
      {R"(["fortify"])", 0, ""},
      {R"([{"unit_id":1}])", 0, "type"},
      {R"([{"type":7}])", 0, "type"},
      {R"([{"type":"teleport","unit_id":1}])", 0, "type"},
      {R"([{"type":"fortify"}])", 0, "unit_id"},
      {R"([{"type":"fortify","unit_id":"1"}])", 0, "unit_id"},
      {R"([{"type":"fortify","unit_id":1.5}])", 0, "unit_id"},
      {R"([{"type":"fortify","unit_id":-1}])", 0, "unit_id"},
      {R"([{"type":"fortify","unit_id":2147483648}])", 0, "unit_id"},
      {R"([{"type":"fortify","unit_id":1e400}])", -1, ""},
      {R"([{"type":"move_unit","unit_id":1,"to":[1]}])", 0, "to"},
      {R"([{"type":"move_unit","unit_id":1,"to":[1,2,3]}])", 0, "to"},
      {R"([{"type":"move_unit","unit_id":1,"to":{"x":1,"y":2}}])", 0, "to"},
      {R"([{"type":"move_unit","unit_id":1,"to":[1,"2"]}])", 0, "to"},
      {R"([{"type":"attack","unit_id":1,"target":[9999999999,0]}])", 0,
       "target"},
      {R"([{"type":"found_city","unit_id":1,"name":""}])", 0, "name"},
      {R"([{"type":"found_city","unit_id":1,"name":5}])", 0, "name"},
      {R"([{"type":"set_production","city_id":1,"item":null}])", 0, "item"},
      {R"([{"type":"set_research"}])", 0, "tech"},
      {R"([{"type":"declare_war","player":["B"]}])", 0, "player"},
      {R"([{"type":"send_message","to":"B"}])", 0, "text"},
      {R"([{"type":"send_message","to":"","text":"x"}])", 0, "to"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    const auto e = parse_error(c.json);
    CHECK(e.index == c.index);
    CHECK(e.field == c.field);
  }
  // The index is the failing action's position.
  const auto e = parse_error(
      R"([{"type":"fortify","unit_id":1},{"type":"disband","unit_id":true}])");
  CHECK(e.index == 1);
  CHECK(e.field == "unit_id");
  CHECK(std::string(e.what()).find("action 1") != std::string::npos);
}

TEST_CASE("names longer than 64 bytes are refused", "[parse]") {
  const std::string name(rules::kMaxNameBytes + 1, 'n');
  CHECK(parse_error(cat(R"([{"type":"declare_war","player":")", name, "\"}]"))
            .field == "player");
  CHECK(parse_error(
            cat(R"([{"type":"found_city","unit_id":1,"name":")", name, "\"}]"))
            .field == "name");
}

TEST_CASE("unknown keys are ignored, a null city name means the default",
          "[parse]") {
  const auto o = parse_orders(
      R"([{"type":"found_city","unit_id":3,"name":null,"why":"good site"}])");
  REQUIRE(o.size() == 1);
  CHECK(std::get<FoundCity>(o[0].action) == FoundCity{3, std::nullopt});
}

TEST_CASE("unknown ids and off-map coordinates parse and fail validation",
          "[parse]") {
  auto s = flat_state();
  const int w = add_unit(s, 0, UnitType::warrior, 0, 0).id;
  s.set_war(0, 1, true);
  const auto orders = parse_orders(R"([{"type":"fortify","unit_id":4242}])");
  CHECK(rule_of(s, 0, orders) == "unit_not_found");
  CHECK(rule_of(s, 0, {SetProduction{77, "warrior"}}) == "city_not_found");
  CHECK(rule_of(s, 0, {MoveUnit{w, {-1, -1}}}) == "tile_out_of_map");
  CHECK(rule_of(s, 0, {MoveUnit{w, {2147483647, 0}}}) == "tile_out_of_map");
  CHECK(rule_of(s, 0, {Attack{w, {-2147483647 - 1, 0}}}) == "tile_out_of_map");
  CHECK(rule_of(s, 0, {Attack{w, {0, 16}}}) == "tile_out_of_map");
  // The resolver skips them the same way.
  auto r = turn(s, {{0, {MoveUnit{w, {0, 99}}, Fortify{4242}}}});
  CHECK(outcome(r, "A", 0).second == "tile_out_of_map");
  CHECK(outcome(r, "A", 1).second == "unit_not_found");
  // Orders for a player id that does not exist are ignored.
  CHECK(rule_of(s, 9, {Fortify{w}}) == "unknown_player");
  CHECK(to_json(turn(s, {{9, {Fortify{w}}}}).state) ==
        to_json(turn(s, {}).state));
}
