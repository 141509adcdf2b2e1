// The typed view: its canonical JSON round-trips byte for byte, it is what
// write_view_fields writes, and the strict reader names what is wrong.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using fourex::game::testing::cat;
using fourex::game::testing::error_field;

namespace {

// A view with research, own and foreign cities, units and messages.
std::string rich_view() {
  auto s = fourex::game::testing::flat_state(2);
  fourex::game::testing::add_city(s, 0, 3, 3);
  fourex::game::testing::add_city(s, 1, 5, 5);
  fourex::game::testing::add_unit(s, 1, UnitType::archer, 4, 4);
  s.players[0].research = Tech::pottery;
  s.messages.push_back({1, 1, std::nullopt, "hello \"A\""});
  return view_to_json(make_view(s, 0));
}

}  // namespace

TEST_CASE("every view of played games round-trips byte for byte",
          "[view][json]") {
  for (int k = 0; k < 12; ++k) {
    GameConfig c;
    for (int p = 0; p < 2 + k % 4; ++p)
      c.players.push_back({cat("P", std::to_string(p)), ""});
    c.width = c.height = 10 + k;
    c.seed = 40 + k;
    c.max_turns = 40;
    State s = new_game(c);
    Rng rng(c.seed, 2);
    while (!s.finished) {
      std::map<PlayerId, Orders> orders;
      for (int p = 0; p < static_cast<int>(s.players.size()); ++p) {
        const View v = make_view(s, p);
        const std::string json = view_to_json(v);
        REQUIRE(view_from_json(json) == v);
        REQUIRE(view_to_json(view_from_json(json)) == json);
        if (s.players[p].alive) orders[p] = random_orders(s, p, rng);
      }
      s = resolve_turn(s, orders).state;
    }
  }
}

TEST_CASE("the view JSON holds what only the owner sees", "[view][json]") {
  const View v = view_from_json(rich_view());
  REQUIRE(v.cities.size() == 2);
  CHECK(v.cities[0].stocks);
  CHECK_FALSE(v.cities[1].stocks);
  REQUIRE(v.you.research);
  CHECK(v.you.research->tech == "pottery");
  REQUIRE(v.messages.size() == 1);
  CHECK(v.messages[0].to == "all");
  CHECK(view_to_json(v) == rich_view());
}

TEST_CASE("the view reader names what is wrong", "[view][json]") {
  const std::string json = rich_view();
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string out = json;
    const auto at = out.find(from);
    REQUIRE(at != std::string::npos);
    return out.replace(at, from.size(), to);
  };
  CHECK(error_field(view_from_json, "[]") == "");
  CHECK(error_field(view_from_json, replaced("\"turn\":1", "\"turn\":\"1\"")) ==
        "turn");
  CHECK(error_field(view_from_json, replaced("\"gold\":10", "\"gold\":null")) ==
        "you.gold");
  CHECK(error_field(view_from_json, replaced("\"rows\":[", "\"rows\":[1,")) ==
        "map.rows");
  CHECK(error_field(view_from_json,
                    replaced("\"suggested_actions\":[",
                             "\"suggested_actions\":[{\"type\":\"fly\"},")) ==
        "suggested_actions");
  CHECK(error_field(view_from_json,
                    replaced("\"turn\":1", "\"turn\":1,\"extra\":0")) == "");
}

TEST_CASE(
    "legal_actions, the old name of suggested_actions, holds the same list "
    "and is read in its place",
    "[view][json][suggested]") {
  const std::string json = rich_view();
  const View v = view_from_json(json);
  REQUIRE_FALSE(v.suggested_actions.empty());
  const std::string list = orders_to_json(v.suggested_actions);
  CHECK(json.find(cat("\"suggested_actions\":", list,
                      ",\"legal_actions\":", list, "}")) != std::string::npos);

  // A client that kept only the old key (an MCP tool picks view keys).
  std::string old_only = json;
  const std::string new_key = cat("\"suggested_actions\":", list, ",");
  old_only.erase(old_only.find(new_key), new_key.size());
  CHECK(view_from_json(old_only) == v);

  std::string differing = json;
  const std::string old_key = cat("\"legal_actions\":", list);
  differing.replace(differing.find(old_key), old_key.size(),
                    "\"legal_actions\":[]");
  CHECK(error_field(view_from_json, differing) == "legal_actions");

  std::string neither = old_only;
  const std::string old_last = cat(",", old_key);
  neither.erase(neither.find(old_last), old_last.size());
  CHECK(error_field(view_from_json, neither) == "suggested_actions");
}
