// `fourex export` and `fourex verify` on a game played through a real
// server: the round trip verifies with no database, a changed order or a
// changed hash fails at its turn, a file that is no bundle is refused.
#include <algorithm>
#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

#include "game/game.hpp"
#include "results/bundle.hpp"
#include "tests/cli/run_fourex.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;
using fourex::game::GameStatus;

namespace {

constexpr int kTurns = 4;

// A 4-turn game of Alice and Bob that ends by max_turns; on turn 1 Alice
// fortifies her first military unit (so that one order can be changed), a
// snapshot is taken after turn 2 and one prompt is logged.
std::string play_finished_game(const std::string& database_url) {
  ServerProcess server(database_url);
  server.start();
  ApiClient api(server.port());
  GameSpec spec;
  spec.game_id = "bundled";
  spec.players = {"Alice", "Bob"};
  spec.max_turns = kTurns;
  auto game = api.create_game(spec, server.admin_token());

  fourex::game::GameConfig config;
  config.players = {{"Alice", ""}, {"Bob", ""}};
  config.width = spec.width;
  config.height = spec.height;
  config.seed = static_cast<std::uint64_t>(spec.seed);
  config.max_turns = spec.max_turns;
  auto start = fourex::game::new_game(config);
  auto unit = std::find_if(
      start.units.begin(), start.units.end(), [](const fourex::game::Unit& u) {
        return u.owner == 0 && !fourex::game::info(u.type).civilian;
      });
  REQUIRE(unit != start.units.end());
  const auto fortify =
      R"([{"type":"fortify","unit_id":)" + std::to_string(unit->id) + "}]";

  for (int turn = 1; turn <= kTurns; ++turn) {
    for (const auto& player : game.players) {
      auto orders = player == "Alice" && turn == 1 ? fortify : "[]";
      REQUIRE(api.submit("bundled", game.tokens[player], player, turn, orders)
                  .status == 200);
    }
    if (turn == 2)
      REQUIRE(api.admin_post("/games/bundled/snapshot", server.admin_token())
                  .status == 200);
  }
  REQUIRE(api.post(ApiClient::game_path("bundled") + "/prompt-logs",
                   game.tokens["Alice"],
                   R"({"player":"Alice","turn":1,"provider":"test",)"
                   R"("model":"m","prompt":"p","response":"r","thinking":"t",)"
                   R"("prompt_tokens":1,"completion_tokens":1,)"
                   R"("thinking_tokens":0,"latency_ms":1})")
                  .status /
              100 ==
          2);
  REQUIRE(server.stop() == 0);
  return R"({"type":"fortify","unit_id":)" + std::to_string(unit->id) + "}";
}

void write_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

CommandResult verify(const std::string& path) {
  return run_fourex("verify " + shell_quote(path), "");
}

}  // namespace

TEST_CASE("export then verify: a played game reproduces; tampering fails",
          "[cli][bundle]") {
  TestDatabase db(true);
  const auto order = play_finished_game(db.url());
  const auto path = "/tmp/fourex-bundle-" + std::to_string(::getpid());

  auto exported = run_fourex(
      "export bundled --prompt-logs --out " + shell_quote(path), db.url());
  REQUIRE(exported.status == 0);
  const auto text = slurp(path);
  auto bundle = fourex::results::bundle_from_json(text);
  REQUIRE(bundle.games.size() == 1);
  const auto& game = bundle.games[0];
  CHECK(game.status == GameStatus::finished);
  CHECK(game.completed_turns == kTurns);
  CHECK(game.turns.size() == kTurns);
  CHECK(std::find(game.snapshot_turns.begin(), game.snapshot_turns.end(), 2) !=
        game.snapshot_turns.end());
  REQUIRE(game.prompt_logs_json);
  CHECK_THAT(*game.prompt_logs_json, Catch::Contains(R"("model":"m")"));

  // One game, several checks in sequence: playing it is the slow part.
  {
    INFO("the bundle verifies offline");
    auto r = verify(path);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Catch::EndsWith("verified\n"));
  }
  {
    INFO("an order changed fails at its turn");
    auto at = text.find(order);
    REQUIRE(at != std::string::npos);
    auto tampered = text;
    tampered.replace(at, order.size(),
                     std::string(order).replace(9, 7, "disband"));
    write_file(path, tampered);
    auto r = verify(path);
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("not verified: game bundled turn 1: "
                                      "turn 1 recomputes to a different "
                                      "state hash"));
  }
  {
    INFO("a hash changed fails at its turn");
    auto tampered = bundle;
    auto& hash = tampered.games[0].turns[2].state_hash;
    hash[0] = hash[0] == '0' ? '1' : '0';
    write_file(path, fourex::results::bundle_to_json(tampered));
    auto r = verify(path);
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("game bundled turn 3:"));
  }
  {
    INFO("a changed winner fails");
    auto tampered = bundle;
    tampered.games[0].winner = "Carol";
    write_file(path, fourex::results::bundle_to_json(tampered));
    CHECK(verify(path).status == 1);
  }
  std::remove(path.c_str());
}

TEST_CASE("export of an unknown game and verify of a non-bundle",
          "[cli][bundle]") {
  TestDatabase db(true);
  auto missing = run_fourex("export nope", db.url());
  CHECK(missing.status == 1);
  CHECK_THAT(missing.err, Catch::Contains("no game or tournament 'nope'"));

  const auto path = "/tmp/fourex-not-bundle-" + std::to_string(::getpid());
  for (const char* text : {"not json", R"({"format":"other"})",
                           R"({"format":"fourex-result-bundle",)"
                           R"("format_version":1,"rules_version":1,)"
                           R"("games":[{"game_id":"g"}]})"}) {
    write_file(path, text);
    auto r = verify(path);
    CHECK(r.status == 2);
    CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
  }
  std::remove(path.c_str());
  auto absent = verify(path);
  CHECK(absent.status == 2);
  CHECK_THAT(absent.err, Catch::Contains("cannot read"));
}
