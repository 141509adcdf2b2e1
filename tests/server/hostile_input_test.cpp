// Black-box: what an attacker found at the application level (issue 11) —
// identifiers and text checked at the edge, no database text in a body,
// tokens checked before names, and the game-creation bound. One server for
// the whole file.
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.hpp"

namespace fourex::testing {
namespace {

RunningServer& server() {
  static RunningServer s({{"GAME_CREATIONS_PER_MIN", "4"}});
  return s;
}

// Created once: Catch2 runs the test case again for every section.
const CreatedGame& game(const std::string& id) {
  static std::map<std::string, CreatedGame> games;
  auto it = games.find(id);
  if (it == games.end())
    it = games
             .emplace(id, server().api().create_game(small_game(id),
                                                     server().admin()))
             .first;
  return it->second;
}

// No body may carry the database's words (nor a 500).
void check_clean(const ApiResponse& r) {
  INFO(r.describe());
  CHECK(r.status != 500);
  for (const char* leak : {"ERROR", "invalid byte sequence", "UTF8", "pqxx",
                           "unsupported Unicode", "SQL"})
    CHECK(r.body.find(leak) == std::string::npos);
}

std::int64_t actors_in_memory() {
  auto o = server().api().get("/admin/v1/overview", server().admin());
  REQUIRE(o.status == 200);
  return get_int(o.json, "actors_in_memory");
}

}  // namespace
}  // namespace fourex::testing

using namespace fourex::testing;

TEST_CASE("hostile input: ids, texts, tokens and creations", "[hostile]") {
  SECTION("a game id ending in %00 on an alias cannot take the game's tokens") {
    const auto& g = game("poison");
    auto& api = server().api();
    const auto alice = g.tokens.at("Alice");
    for (const auto& r :
         {api.invalid().get("/api/v1/state?game_id=poison%00&player=Alice"),
          api.invalid().get("/api/v1/state?game_id=poison%00&player=Alice",
                            "nope"),
          api.invalid().post("/api/v1/actions?game_id=poison%00", "nope", "[]"),
          api.invalid().post("/api/v1/prompts?game_id=poison%00", "nope",
                             R"({"player":"Alice","turn":1})")}) {
      check_clean(r);
      CHECK(r.status == 400);
      CHECK(r.error_code() == "bad_request");
    }
    auto own = api.state("poison", "Alice", alice);
    INFO(own.describe());
    CHECK(own.status == 200);
    CHECK(api.get("/api/v1/state?game_id=poison&player=Alice", alice).status ==
          200);
  }

  SECTION("invalid UTF-8 and NUL in ids, names and texts are 400, never SQL") {
    const auto& g = game("texts");
    auto& api = server().api();
    const auto alice = g.tokens.at("Alice");
    SECTION("game ids and player names in the query") {
      for (const auto& r :
           {api.invalid().get("/api/v1/state?game_id=%FF&player=Alice", alice),
            api.invalid().get("/api/v1/games?after=%FF"),
            api.invalid().get("/api/v1/games?after=a%00b"),
            api.invalid().get("/api/v1/games/texts/state?player=%FF", alice),
            api.invalid().get("/api/v1/games/texts/state?player=Al%00ice",
                              alice),
            api.invalid().post("/api/v1/actions?game_id=%C3%28", alice,
                               "[]")}) {
        check_clean(r);
        CHECK(r.status == 400);
      }
      check_clean(api.get("/api/v1/games/%FF/info"));
      CHECK(api.get("/api/v1/games/%FF/info").status == 404);
    }
    SECTION("a NUL in a message's text, a player's name or a prompt log") {
      auto r = api.invalid().submit(
          "texts", alice, "Alice", 1,
          R"([{"type":"send_message","to":"Bob","text":"hi\u0000there"}])");
      check_clean(r);
      CHECK(r.status == 400);
      CHECK(get_string(r.json["error"]["details"], "field") ==
            "actions[0].text");

      auto named = api.invalid().post("/api/v1/games", server().admin(),
                                      R"({"players":["Al\u0000ice","Bob"]})");
      check_clean(named);
      CHECK(named.status == 400);
      auto control = api.invalid().post("/api/v1/games", server().admin(),
                                        R"({"players":["Al\u0007ice","Bob"]})");
      CHECK(control.status == 400);

      auto log = api.invalid().post(
          "/api/v1/games/texts/prompt-logs", alice,
          R"({"player":"Alice","turn":1,"prompt":"a\u0000"})");
      check_clean(log);
      CHECK(log.status == 400);
      auto rid = api.invalid().post(
          "/api/v1/games/texts/actions", alice,
          R"({"player":"Alice","turn":1,"request_id":"\u0000","actions":[]})");
      CHECK(rid.status == 400);
      // Nothing was stored: Alice can still submit turn 1.
      CHECK(api.submit("texts", alice, "Alice", 1, "[]").status == 200);
    }
  }

  SECTION("requests for games that do not exist leave no actor behind") {
    auto before = actors_in_memory();
    auto& api = server().api();
    for (int i = 0; i < 20; ++i) {
      auto id = "ghost-" + std::to_string(i);
      CHECK(api.info(id, {}).status == 404);
      CHECK(api.state(id, "Alice", "t").status == 404);
      CHECK(api.turns(id, {}, 1, 2).status == 404);
      CHECK(api.get("/api/v1/games/" + id + "/events").status == 404);
      CHECK(api.get("/api/v1/games/" + id + "/stats").status == 404);
    }
    CHECK(actors_in_memory() == before);
  }

  SECTION("tokens: checked before names, any scheme case, admin not a player") {
    const auto& g = game("tokens");
    auto& api = server().api();
    SECTION("a made-up name with a random token is 401, not unknown_player") {
      auto r = api.submit("tokens", "random-token", "Zed", 1, "[]");
      CHECK(r.status == 401);
      CHECK(api.state("tokens", "Zed", "random-token").status == 401);
    }
    SECTION("Authorization: bearer <token> in lower case") {
      httplib::Headers h{{"Authorization", "bearer " + g.tokens.at("Alice")}};
      // Past ApiClient, which always spells the scheme "Bearer".
      httplib::Client raw("127.0.0.1", server().server.port());
      auto r = raw.Get("/api/v1/games/tokens/state?player=Alice", h);
      REQUIRE(r);
      CHECK(r->status == 200);
    }
    SECTION("the admin token does not submit or log as a player") {
      auto r = api.submit("tokens", server().admin(), "Alice", 1, "[]");
      CHECK(r.status == 403);
      CHECK(api.post("/api/v1/games/tokens/prompt-logs", server().admin(),
                     R"({"player":"Alice","turn":1})")
                .status == 403);
      CHECK(
          api.submit("tokens", g.tokens.at("Alice"), "Alice", 1, "[]").status ==
          200);
    }
  }

  SECTION(
      "errors carry a request id, in the body and the X-Request-Id header") {
    auto r = server().api().info("no-such-game", {});
    REQUIRE(r.status == 404);
    auto id = get_string(r.json["error"], "request_id");
    CHECK(!id.empty());
    CHECK(r.header("X-Request-Id") == id);
    auto again = server().api().info("no-such-game", {});
    CHECK(get_string(again.json["error"], "request_id") != id);
  }

  SECTION("games created without the admin token are bounded per address") {
    auto& api = server().api();
    int created = 0;
    int refused = 0;
    bool retry_after = false;
    for (int i = 0; i < 10 && refused == 0; ++i) {
      auto r = api.create_game_raw(small_game("free-" + std::to_string(i)), {});
      if (r.status == 201) {
        ++created;
      } else {
        refused = r.status;
        retry_after = r.has_header("Retry-After");
      }
    }
    CHECK(created <= 4);
    CHECK(refused == 429);
    CHECK(retry_after);
    // The admin is not counted.
    CHECK(
        api.create_game_raw(small_game("by-admin"), server().admin()).status ==
        201);
  }
}

TEST_CASE("GAME_CREATION=admin and PUBLIC_HISTORY=false", "[hostile]") {
  RunningServer s({{"GAME_CREATION", "admin"}, {"PUBLIC_HISTORY", "false"}});
  auto& api = s.api();
  auto spec = small_game("closed");
  spec.max_turns = 1;
  CHECK(api.create_game_raw(spec, {}).status == 401);
  auto g = api.create_game(spec, s.admin());
  auto as_player =
      api.create_game_raw(small_game("by-player"), g.tokens["Alice"]);
  CHECK(as_player.status == 403);
  CHECK(api.post("/api/v1/games/by-start/start", {}, R"({"players":["A","B"]})")
            .status == 401);

  for (const auto& [player, token] : g.tokens)
    REQUIRE(api.submit("closed", token, player, 1, "[]").status == 200);
  REQUIRE(get_string(api.info("closed", {}).json, "status") == "finished");
  // Finished, but its history stays as private as during the game.
  auto anyone = api.turns("closed", {}, 1, 1);
  REQUIRE(anyone.status == 200);
  CHECK(anyone.json["turns"][0]["actions"].ObjectEmpty());
  auto alice = api.turns("closed", g.tokens["Alice"], 1, 1);
  CHECK(!alice.json["turns"][0]["actions"].HasMember("Bob"));
  CHECK(api.replay("closed", {}, 1).status == 401);
  CHECK(api.replay("closed", s.admin(), 1).status == 200);
}
