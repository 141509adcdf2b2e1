// new_game: a config is checked field by field, starts are fair and spaced,
// and the largest map is generated like any other.
#include <catch2/catch.hpp>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using fourex::game::testing::cat;

namespace {

GameConfig config(int players, int width, int height, std::uint64_t seed) {
  GameConfig c;
  for (int p = 0; p < players; ++p)
    c.players.push_back({cat("P", std::to_string(p)), "random"});
  c.width = width;
  c.height = height;
  c.seed = seed;
  return c;
}

// The field a bad config is refused for, "" when it is accepted.
std::string refused(const GameConfig& c) {
  try {
    new_game(c);
  } catch (const ConfigError& e) {
    return e.field();
  }
  return "";
}

struct Start {
  int x, y;
};

std::vector<Start> starts(const State& s) {
  std::vector<Start> out;
  for (const auto& u : s.units)
    if (u.type == UnitType::settler) out.push_back({u.x, u.y});
  return out;
}

}  // namespace

TEST_CASE("new_game refuses a bad config and names the field",
          "[new_game][config]") {
  auto with = [](auto edit) {
    GameConfig c = config(2, 16, 16, 1);
    edit(c);
    return refused(c);
  };
  CHECK(with([](GameConfig&) {}) == "");
  CHECK(with([](GameConfig& c) { c.width = 7; }) == "width");
  CHECK(with([](GameConfig& c) { c.width = 8; }) == "");
  CHECK(with([](GameConfig& c) { c.width = 129; }) == "width");
  CHECK(with([](GameConfig& c) { c.height = 7; }) == "height");
  CHECK(with([](GameConfig& c) { c.height = 129; }) == "height");
  CHECK(with([](GameConfig& c) { c.max_turns = 0; }) == "max_turns");
  CHECK(with([](GameConfig& c) { c.max_turns = 10001; }) == "max_turns");
  CHECK(with([](GameConfig& c) { c.players.pop_back(); }) == "players");
  CHECK(refused(config(16, 16, 16, 1)) == "");
  CHECK(refused(config(17, 16, 16, 1)) == "players");
  CHECK(with([](GameConfig& c) { c.players[1].name = ""; }) ==
        "players[1].name");
  CHECK(with([](GameConfig& c) { c.players[1].name = "P0"; }) ==
        "players[1].name");
  CHECK(with([](GameConfig& c) { c.players[0].name = "all"; }) ==
        "players[0].name");
  CHECK(with([](GameConfig& c) { c.players[0].name = std::string(65, 'x'); }) ==
        "players[0].name");
  CHECK(with([](GameConfig& c) { c.players[0].name = "\xC3"; }) ==
        "players[0].name");
  CHECK(with([](GameConfig& c) {
          c.players[1].personality = std::string(257, 'x');
        }) == "players[1].personality");
  CHECK(with([](GameConfig& c) { c.players[1].personality = "\xFF"; }) ==
        "players[1].personality");
}

TEST_CASE(
    "each player starts with a settler, a warrior and a scout on land "
    "it may found a city on",
    "[new_game]") {
  for (int seed = 1; seed <= 20; ++seed) {
    const State s = new_game(config(2 + seed % 7, 24, 20, seed));
    REQUIRE(s.units.size() == 3 * s.players.size());
    for (std::size_t p = 0; p < s.players.size(); ++p) {
      const Unit& settler = s.units[3 * p];
      CHECK(settler.type == UnitType::settler);
      CHECK(s.units[3 * p + 1].type == UnitType::warrior);
      CHECK(s.units[3 * p + 2].type == UnitType::scout);
      for (int k = 1; k < 3; ++k) {
        CHECK(s.units[3 * p + k].x == settler.x);
        CHECK(s.units[3 * p + k].y == settler.y);
      }
      CHECK_FALSE(check_city_site(s, settler.x, settler.y));
      CHECK(s.players[p].explored[s.index(settler.x, settler.y)]);
    }
  }
}

// Over 40 seeds per shape, with at least 64 tiles per player: starts are
// far enough apart for every settler to found its capital where it stands,
// and none is worth less than 80% of the best start.
TEST_CASE("starts are fair and spaced", "[new_game]") {
  struct Shape {
    int players, size;
  };
  for (const Shape shape : {Shape{2, 12}, Shape{4, 16}, Shape{8, 24},
                            Shape{16, 32}, Shape{8, 64}, Shape{16, 128}}) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      const State s =
          new_game(config(shape.players, shape.size, shape.size, seed));
      INFO(shape.players << " players, " << shape.size << "x" << shape.size
                         << ", seed " << seed);
      const auto st = starts(s);
      int best = 0, worst = 1 << 30, closest = 1 << 30;
      for (std::size_t i = 0; i < st.size(); ++i) {
        const int v = start_value(s, st[i].x, st[i].y);
        best = std::max(best, v);
        worst = std::min(worst, v);
        for (std::size_t j = i + 1; j < st.size(); ++j)
          closest =
              std::min(closest, distance(st[i].x, st[i].y, st[j].x, st[j].y));
      }
      CHECK(closest >= rules::kCityMinDistance);
      CHECK(worst * 100LL >= best * 80LL);
    }
  }
}

TEST_CASE("a 128x128 map is generated, varied and reproducible", "[new_game]") {
  const GameConfig c = config(8, 128, 128, 99);
  const State s = new_game(c);
  CHECK(s.width == 128);
  CHECK(s.height == 128);
  CHECK(s.tiles.size() == std::size_t{128} * 128);
  int land = 0;
  std::array<int, kTerrainCount> seen{};
  for (const auto& t : s.tiles) {
    ++seen[static_cast<int>(t.terrain)];
    land += info(t.terrain).move_cost > 0 ? 1 : 0;
  }
  for (int t = 0; t < kTerrainCount; ++t) CHECK(seen[t] > 0);
  CHECK(land > 128 * 128 / 3);
  CHECK(starts(s).size() == 8);
  CHECK(to_json(new_game(c)) == to_json(s));
  CHECK(to_json(state_from_json(to_json(s))) == to_json(s));
}
