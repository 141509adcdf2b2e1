// LOG_FORMAT=json: every line the server writes (the generated admin token
// on stdout included) is one JSON object, every request is logged with
// method, route, status and duration, and an error answer names the game.
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

TEST_CASE("json logs: one object per line, requests with their fields",
          "[cli][logs]") {
  TestDatabase db;
  // No ADMIN_TOKEN: the server prints the one it generated on stdout.
  ServerProcess server(db.url(), {{"LOG_FORMAT", "json"}, {"ADMIN_TOKEN", ""}});
  server.start();
  std::string admin;
  {
    std::istringstream lines(server.log());
    for (std::string line; std::getline(lines, line) && admin.empty();)
      if (auto doc = parse_json(line); !doc.HasParseError() && doc.IsObject())
        admin = get_string(doc, "admin_token");
  }
  REQUIRE_FALSE(admin.empty());
  ApiClient api(server.port());
  GameSpec spec;
  spec.game_id = "logged";
  spec.players = {"Alice", "Bob"};
  auto game = api.create_game(spec, admin);
  REQUIRE_FALSE(game.game_id.empty());  // the printed token is the admin's
  // Turn 2 is not open yet: a 409 about game "logged".
  CHECK(api.submit("logged", game.tokens["Alice"], "Alice", 2, "[]").status ==
        409);
  REQUIRE(server.stop() == 0);

  std::istringstream lines(server.log());
  std::string line;
  int requests = 0;
  bool error_named_game = false;
  while (std::getline(lines, line)) {
    INFO(line);
    auto doc = parse_json(line);
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    if (!get_string(doc, "admin_token").empty()) continue;  // stdout's line
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
