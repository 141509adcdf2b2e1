// A small game played through a real server, so that the database holds
// turns, actions, a snapshot and a prompt log for `fourex db` to report.
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"

namespace fourex::testing {

struct PlayedGame {
  std::string game_id;
  int completed_turns = 0;
};

// Creates game `game_id` (Alice, Bob), passes `turns` turns, logs one
// prompt of Alice (100 + 20 + 5 tokens), snapshots, stops the server.
inline PlayedGame play_small_game(const std::string& database_url,
                                  const std::string& game_id, int turns = 2) {
  ServerProcess server(database_url);
  server.start();
  ApiClient api(server.port());
  GameSpec spec;
  spec.game_id = game_id;
  spec.players = {"Alice", "Bob"};
  auto game = api.create_game(spec, server.admin_token());
  for (int turn = 1; turn <= turns; ++turn)
    for (const auto& player : game.players)
      REQUIRE(
          api.submit(game_id, game.tokens[player], player, turn, "[]").status ==
          200);
  auto log = api.post(
      ApiClient::game_path(game_id) + "/prompt-logs", game.tokens["Alice"],
      R"({"player":"Alice","turn":1,"provider":"test","model":"m",)"
      R"("prompt":"p","response":"r","thinking":"t","prompt_tokens":100,)"
      R"("completion_tokens":20,"thinking_tokens":5,"latency_ms":10})");
  REQUIRE(log.status / 100 == 2);
  REQUIRE(
      api.admin_post("/games/" + game_id + "/snapshot", server.admin_token())
          .status == 200);
  REQUIRE(server.stop() == 0);
  return {game_id, turns};
}

}  // namespace fourex::testing
