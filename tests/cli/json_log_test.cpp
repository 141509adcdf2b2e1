// LOG_FORMAT=json: every line the server writes is one JSON object, every
// request is logged with method, route, status and duration, and an error
// answer names the game.
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

TEST_CASE("json logs: one object per line, requests with their fields",
          "[cli][logs]") {
  TestDatabase db;
  ServerProcess server(db.url(), {{"LOG_FORMAT", "json"}});
  server.start();
  ApiClient api(server.port());
  GameSpec spec;
  spec.game_id = "logged";
  spec.players = {"Alice", "Bob"};
  auto game = api.create_game(spec, server.admin_token());
  // Turn 2 is not open yet: a 409 about game "logged".
  CHECK(api.submit("logged", game.tokens["Alice"], "Alice", 2, "[]").status ==
        409);
  REQUIRE(server.stop() == 0);

  std::istringstream lines(server.log());
  std::string line;
  int requests = 0;
  bool error_named_game = false;
  while (std::getline(lines, line)) {
    if (line.rfind("admin token", 0) == 0) continue;  // stdout, not a log
    INFO(line);
    auto doc = parse_json(line);
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    CHECK_FALSE(get_string(doc, "ts").empty());
    CHECK_FALSE(get_string(doc, "level").empty());
    if (get_string(doc, "method").empty()) continue;
    ++requests;
    CHECK_FALSE(get_string(doc, "route").empty());
    CHECK(get_int(doc, "status") >= 200);
    CHECK(member(doc, "duration_ms") != nullptr);
    if (get_int(doc, "status") == 409) {
      CHECK(get_string(doc, "route") == "/api/v1/games/{game_id}/actions");
      error_named_game = get_string(doc, "game_id") == "logged" &&
                         !get_string(doc, "error").empty();
    }
  }
  CHECK(requests >= 3);  // healthz polls, create, the refused submission
  CHECK(error_named_game);
}
