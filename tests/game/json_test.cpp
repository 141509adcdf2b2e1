// The canonical state JSON: byte-exact round trips, a strict parser that
// names the bad field, and the SHA-256 state hash.
#include <bit>
#include <functional>

#include <catch2/catch.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tests/game/game_test_helpers.hpp"

using namespace fourex::game;
using namespace fourex::game::testing;

namespace {

GameConfig config(int players, int size, std::uint64_t seed) {
  GameConfig c;
  for (int p = 0; p < players; ++p)
    c.players.push_back({cat("P", std::to_string(p)), "random"});
  c.width = c.height = size;
  c.seed = seed;
  c.max_turns = 30;
  return c;
}

// A state with something in every field: a game played by bots for a while,
// plus messages, proposals, buildings and research.
State rich_state() {
  State s = new_game(config(4, 16, 3));
  Rng rng(3, 1);
  for (int t = 0; t < 12; ++t) {
    std::map<PlayerId, Orders> orders;
    for (int p = 0; p < 4; ++p) orders[p] = random_orders(s, p, rng);
    orders[0].push_back(SendMessage{"P1", "caf\xC3\xA9 \"\\\n"});
    s = resolve_turn(s, orders).state;
  }
  s.set_war(0, 1, true);
  s.proposals.push_back({1, 0, s.turn - 1});
  s.players[2].research = Tech::pottery;
  if (!s.cities.empty())
    s.cities[0].buildings = 1u << static_cast<int>(Building::market);
  return s;
}

// to_json(s), edited through a DOM by `edit`.
std::string edited(const State& s,
                   const std::function<void(rapidjson::Document&)>& edit) {
  rapidjson::Document d;
  const std::string json = to_json(s);
  d.Parse(json.c_str());
  edit(d);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

TEST_CASE("state JSON round-trips byte for byte", "[json]") {
  for (const State& s :
       {new_game(config(2, 8, 1)), new_game(config(8, 64, 9)), rich_state()}) {
    const std::string json = to_json(s);
    const State back = state_from_json(json);
    CHECK(back == s);
    CHECK(to_json(back) == json);
    CHECK(state_hash(back) == state_hash(s));
  }
}

TEST_CASE("a finished game round-trips with its winner", "[json]") {
  auto s = flat_state();
  s.max_turns = 1;
  const auto r = turn(s, {});
  REQUIRE(r.state.finished);
  CHECK(to_json(state_from_json(to_json(r.state))) == to_json(r.state));
}

TEST_CASE("the state hash is SHA-256 of the canonical bytes", "[json]") {
  CHECK(sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const State s = new_game(config(3, 12, 5));
  CHECK(state_hash(s) == sha256_hex(to_json(s)));
  State other = s;
  other.players[0].gold += 1;
  CHECK(state_hash(other) != state_hash(s));
}

TEST_CASE("the state parser names what is wrong", "[json]") {
  const State s = rich_state();
  using D = rapidjson::Document;
  CHECK(error_field(state_from_json, "not json") == "");
  CHECK(error_field(state_from_json, "[]") == "");
  CHECK(error_field(state_from_json,
                    edited(s, [](D& d) { d.RemoveMember("turn"); })) == "");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["turn"].SetString("3");
                    })) == "turn");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["width"].SetInt(300);
                    })) == "width");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["format"].SetInt(2);
                    })) == "format");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["terrain"].SetString("GGG");
                    })) == "terrain");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      std::string t = d["terrain"].GetString();
                      t[0] = 'Z';
                      d["terrain"].SetString(t.c_str(), d.GetAllocator());
                    })) == "terrain");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["winner"].SetInt(0);
                    })) == "winner");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["players"][0]["explored"].SetString("0");
                    })) == "players[0].explored");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["players"][1]["name"].SetString("P0");
                    })) == "players[1].name");
  CHECK(error_field(state_from_json, edited(s,
                                            [](D& d) {
                                              d["players"][0]["techs"].PushBack(
                                                  "alchemy", d.GetAllocator());
                                            })) ==
        cat("players[0].techs[",
            std::to_string(std::popcount(s.players[0].techs)), "]"));
  CHECK(error_field(
            state_from_json,
            edited(s, [](D& d) { d["wars"].PushBack(3, d.GetAllocator()); }))
            .rfind("wars[", 0) == 0);
  REQUIRE(s.units.size() >= 2);
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["units"][0]["x"].SetInt(-1);
                    })) == "units[0].x");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["units"][1]["id"].SetInt(d["units"][0]["id"].GetInt());
                    })) == "units[1].id");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["units"][0]["hp"].SetInt(0);
                    })) == "units[0].hp");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["units"][0]["type"].SetString("dragon");
                    })) == "units[0].type");
  CHECK(error_field(state_from_json, edited(s, [](D& d) {
                      d["units"][0].AddMember("extra", 1, d.GetAllocator());
                    })) == "units[0]");
  // Something is owned by a dead player.
  CHECK_THROWS_AS(
      state_from_json(
          edited(s, [](D& d) { d["players"][0]["alive"].SetBool(false); })),
      ParseError);
}

TEST_CASE("a unit on water does not parse", "[json]") {
  auto s = flat_state();
  add_unit(s, 0, UnitType::warrior, 3, 3);
  const std::string ok = to_json(s);
  set_terrain(s, 3, 3, Terrain::ocean);
  CHECK(error_field(state_from_json, to_json(s)) == "units[2]");
  CHECK(error_field(state_from_json, ok) == "(parsed)");
}
