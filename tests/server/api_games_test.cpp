// Black-box: creating, listing and describing games, the /start alias and
// the admin commands (overview, snapshot, pause, resume, archive).
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

TEST_CASE(
    "creating a game answers 201 with one token per player and "
    "refuses a duplicate id with 409") {
  RunningServer s;
  auto spec = small_game("g-create", 3);
  spec.personalities = {{"Alice", "aggressive"}, {"Bob", "defensive"}};
  auto r = s.api().create_game_raw(spec, {});
  INFO(r.describe());
  REQUIRE(r.status == 201);
  auto g = ApiClient::parse_created(r);
  CHECK(g.game_id == "g-create");
  CHECK(g.turn == 1);
  CHECK(g.players == std::vector<std::string>{"Alice", "Bob", "Carol"});
  std::set<std::string> distinct;
  for (const auto& [name, token] : g.tokens) {
    CHECK(token.size() >= 22);  // >= 128 bits in any text encoding
    distinct.insert(token);
  }
  CHECK(distinct.size() == 3);
  // Tokens are stored only as hashes.
  for (const auto& [name, token] : g.tokens)
    CHECK(s.scalar("SELECT count(*) FROM games WHERE players::text LIKE $1",
                   "%" + token + "%") == 0);

  auto again = s.api().create_game_raw(spec, {});
  CHECK(again.status == 409);
  CHECK(error_shape_problem(again).empty());

  SECTION("the server chooses an id when none is given") {
    auto unnamed = small_game("");
    auto made = s.api().create_game(unnamed, {});
    CHECK(!made.game_id.empty());
    CHECK(s.api().info(made.game_id, {}).status == 200);
  }
  SECTION("POST /games/{id}/start creates a game with that id") {
    auto alias = small_game("");
    auto a = s.api().post("/api/v1/games/by-start/start", {}, game_body(alias));
    INFO(a.describe());
    REQUIRE(a.status == 201);
    CHECK(get_string(a.json, "game_id") == "by-start");
    CHECK(s.api()
              .post("/api/v1/games/by-start/start", {}, game_body(alias))
              .status == 409);
  }
}

TEST_CASE("creating a game validates every field with 400 naming it") {
  RunningServer s;
  auto check_400 = [&](const std::string& body, const std::string& field) {
    auto r = s.api().invalid().post("/api/v1/games", {}, body);
    INFO(body << " -> " << r.describe());
    CHECK(r.status == 400);
    CHECK(error_shape_problem(r).empty());
    CHECK(r.error_code() == "bad_request");
    // The field named, or a part of it ("players[1].name").
    if (!field.empty() && r.json_ok)
      CHECK(get_string(r.json["error"]["details"], "field").rfind(field, 0) ==
            0);
  };
  check_400("not json", "");
  check_400(R"({"players": "Alice"})", "players");
  check_400(R"({})", "players");
  check_400(R"({"players": ["Solo"]})", "players");
  check_400(R"({"players": ["A", "A"]})", "players");
  check_400(R"({"players": ["A", "B"], "game_id": "bad id!"})", "game_id");
  check_400(R"({"players": ["A", "B"], "max_turns": "ten"})", "max_turns");
  check_400(R"({"players": ["A", "B"], "map": {"width": 2}})", "width");
  check_400(R"({"players": ["A", "B"], "turn_timeout_ms": -1})",
            "turn_timeout_ms");
  check_400(R"({"players": ["A", "B"], "max_turns": 0})", "max_turns");
  check_400(R"({"players": ["A", "B"], "personalities": {"Z": "calm"}})",
            "personalities");
}

TEST_CASE("an unknown personality is refused with the valid names") {
  RunningServer s;
  auto r = s.api().invalid().post(
      "/api/v1/games", {},
      R"({"players": ["A", "B"], "personalities": {"A": "nope"}})");
  INFO(r.describe());
  CHECK(r.status == 400);
  CHECK(r.error_code() == "bad_request");
  const auto& details = r.json["error"]["details"];
  CHECK(get_string(details, "field") == "personalities.A");
  REQUIRE(member(details, "valid") != nullptr);
  CHECK(details["valid"].Size() == 9);
  CHECK_THAT(r.body, Catch::Contains("aggressive"));
  CHECK(s.scalar("SELECT count(*) FROM games") == 0);
}

TEST_CASE("listing games filters by status and pages with limit and after") {
  RunningServer s;
  for (int i = 0; i < 5; ++i)
    s.api().create_game(small_game("list-" + std::to_string(i)), {});
  REQUIRE(s.api().admin_post("/games/list-3/pause", s.admin()).status == 200);

  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto r = s.api().get("/api/v1/games?status=active&limit=2" +
                         (after.empty() ? "" : "&after=" + after));
    INFO(r.describe());
    REQUIRE(r.status == 200);
    const auto& games = r.json["games"];
    REQUIRE(games.IsArray());
    CHECK(games.Size() <= 2);
    for (const auto& g : games.GetArray()) {
      seen.push_back(get_string(g, "game_id"));
      CHECK(get_string(g, "status") == "active");
      CHECK(get_int(g, "turn") == 1);
      CHECK(get_int(g, "completed_turns") == 0);
      CHECK(!get_string(g, "state_hash").empty());
    }
    if (r.json["next"].IsNull()) break;
    after = get_string(r.json, "next");
  }
  CHECK(seen ==
        std::vector<std::string>{"list-0", "list-1", "list-2", "list-4"});

  auto paused = s.api().get("/api/v1/games?status=paused");
  REQUIRE(paused.status == 200);
  REQUIRE(paused.json["games"].Size() == 1);
  CHECK(get_string(paused.json["games"][0], "game_id") == "list-3");
  CHECK(paused.json["next"].IsNull());

  auto all = s.api().get("/api/v1/games");
  CHECK(all.json["games"].Size() == 5);
  CHECK(s.api().invalid().get("/api/v1/games?status=bogus").status == 400);
  CHECK(s.api().invalid().get("/api/v1/games?limit=0").status == 400);
}

TEST_CASE("a listed game is its info object (API.md: games: [info...])") {
  RunningServer s;
  auto spec = small_game("listed-info");
  spec.personalities = {{"Alice", "aggressive"}};
  auto g = s.api().create_game(spec, {});
  const auto& alice = g.players[0];
  REQUIRE(
      s.api().submit(g.game_id, g.tokens.at(alice), alice, 1, "[]").status ==
      200);

  auto info = s.api().info(g.game_id, {});
  auto list = s.api().get("/api/v1/games");
  INFO(info.describe() << "\n" << list.describe());
  REQUIRE(info.status == 200);
  REQUIRE(list.status == 200);
  REQUIRE(list.json["games"].Size() == 1);
  const auto& listed = list.json["games"][0];
  for (const char* key : {"game_id", "status", "state_hash", "created_at"})
    CHECK(get_string(listed, key) == get_string(info.json, key));
  for (const char* key :
       {"turn", "completed_turns", "max_turns", "last_snapshot_turn"})
    CHECK(get_int(listed, key) == get_int(info.json, key));
  CHECK(listed["winner"].IsNull());
  const auto& players = listed["players"];
  REQUIRE(players.Size() == info.json["players"].Size());
  for (rapidjson::SizeType i = 0; i < players.Size(); ++i) {
    const auto& want = info.json["players"][i];
    CHECK(get_string(players[i], "name") == get_string(want, "name"));
    CHECK(get_string(players[i], "personality") ==
          get_string(want, "personality"));
    CHECK(get_bool(players[i], "alive") == get_bool(want, "alive"));
    CHECK(get_int(players[i], "score") == get_int(want, "score"));
    CHECK(get_bool(players[i], "submitted") == get_bool(want, "submitted"));
  }
  CHECK(get_bool(players[0], "submitted"));
}

TEST_CASE("game info has every documented field") {
  RunningServer s;
  auto spec = small_game("info-game");
  spec.personalities = {{"Alice", "aggressive"}};
  auto g = s.api().create_game(spec, {});
  auto r = s.api().info(g.game_id, {});
  INFO(r.describe());
  REQUIRE(r.status == 200);
  const auto& j = r.json;
  CHECK(get_string(j, "game_id") == "info-game");
  CHECK(get_string(j, "status") == "active");
  CHECK(get_int(j, "turn") == 1);
  CHECK(get_int(j, "completed_turns") == 0);
  CHECK(get_int(j, "max_turns") == 20);
  CHECK(get_string(j, "state_hash").size() == 64);
  CHECK(get_int(j, "last_snapshot_turn") == 0);
  CHECK(j["winner"].IsNull());
  CHECK(!get_string(j, "created_at").empty());
  CHECK(!get_string(j, "updated_at").empty());
  REQUIRE(j["players"].Size() == 2);
  const auto& alice = j["players"][0];
  CHECK(get_string(alice, "name") == "Alice");
  CHECK(get_string(alice, "personality") == "aggressive");
  CHECK(get_bool(alice, "alive"));
  CHECK(get_int(alice, "score") >= 0);
  CHECK(member(alice, "submitted")->IsFalse());

  REQUIRE(
      s.api().submit(g.game_id, g.tokens["Alice"], "Alice", 1, "[]").status ==
      200);
  auto after = s.api().info(g.game_id, {});
  CHECK(get_bool(after.json["players"][0], "submitted"));
  CHECK(!get_bool(after.json["players"][1], "submitted"));
}

TEST_CASE(
    "the admin overview counts games, and snapshot, pause, resume and "
    "archive act on one game") {
  RunningServer s;
  auto g = s.api().create_game(small_game("adm"), {});
  s.api().create_game(small_game("other"), {});

  auto ov = s.api().get("/admin/v1/overview", s.admin());
  INFO(ov.describe());
  REQUIRE(ov.status == 200);
  CHECK(get_int(ov.json["games_by_status"], "active") == 2);
  CHECK(get_int(ov.json, "actors_in_memory") >= 2);
  for (const char* f :
       {"writer_queue_depth", "writer_batch_mean", "commit_ms_p50"})
    CHECK(member(ov.json, f) != nullptr);

  std::mt19937 rng(7);
  play_turn(s.api(), g, rng);
  play_turn(s.api(), g, rng);
  auto snap = s.api().admin_post("/games/adm/snapshot", s.admin());
  INFO(snap.describe());
  REQUIRE(snap.status == 200);
  CHECK(get_int(snap.json, "snapshot_turn") == 2);
  CHECK(s.scalar("SELECT count(*) FROM game_snapshots WHERE game_id = 'adm' "
                 "AND turn = 2 AND reason = 'admin'") == 1);
  CHECK(get_int(s.api().info("adm", {}).json, "last_snapshot_turn") == 2);

  auto pause = s.api().admin_post("/games/adm/pause", s.admin());
  REQUIRE(pause.status == 200);
  CHECK(get_string(pause.json, "status") == "paused");
  CHECK(s.scalar("SELECT count(*) FROM games WHERE game_id = 'adm' AND "
                 "status = 'paused'") == 1);
  CHECK(s.api().admin_post("/games/adm/pause", s.admin()).status == 409);
  auto resume = s.api().admin_post("/games/adm/resume", s.admin());
  REQUIRE(resume.status == 200);
  CHECK(get_string(resume.json, "status") == "active");
  CHECK(s.api().admin_post("/games/adm/resume", s.admin()).status == 409);

  auto archive = s.api().admin_post("/games/adm/archive", s.admin());
  INFO(archive.describe());
  REQUIRE(archive.status == 200);
  CHECK(get_string(archive.json, "status") == "deleted");
  // Archived: its info says so; to every other route it is no game.
  auto archived = s.api().info("adm", {});
  INFO(archived.describe());
  CHECK(archived.status == 200);
  CHECK(get_string(archived.json, "status") == "deleted");
  CHECK(s.api().state("adm", "Alice", s.admin()).error_code() ==
        "game_not_found");
  CHECK(s.api().admin_post("/games/adm/resume", s.admin()).status == 404);
  CHECK(s.api().replay("adm", s.admin(), 1).error_code() == "game_not_found");
  CHECK(s.scalar("SELECT count(*) FROM games WHERE game_id = 'adm' AND "
                 "status = 'deleted'") == 1);
  // Archived, not deleted: its history stays.
  CHECK(s.scalar("SELECT count(*) FROM game_turns WHERE game_id = 'adm'") == 2);
  auto listed = s.api().get("/api/v1/games");
  CHECK(listed.json["games"].Size() == 1);
  CHECK(s.api().invalid().get("/api/v1/games?status=deleted").status == 400);

  SECTION("DELETE, the first spelling of archiving, still archives") {
    auto del = s.api().del("/admin/v1/games/other", s.admin());
    INFO(del.describe());
    REQUIRE(del.status == 200);
    CHECK(get_string(del.json, "status") == "deleted");
    CHECK(get_string(s.api().info("other", {}).json, "status") == "deleted");
  }
}

TEST_CASE(
    "an archived game is no game to every read but its info, whoever asks",
    "[server][games]") {
  RunningServer s;
  auto g = s.api().create_game(small_game("arch"), {});
  std::mt19937 rng(11);
  play_turn(s.api(), g, rng);
  REQUIRE(s.api().admin_post("/games/arch/archive", s.admin()).status == 200);

  const std::string path = "/api/v1/games/arch";
  const std::vector<std::string> reads = {
      path + "/state?player=Alice", path + "/turns",       path + "/events",
      path + "/replay?turn=1",      path + "/prompt-logs", path + "/stats"};
  for (const auto& token : {s.admin(), g.tokens["Alice"], std::string()})
    for (const auto& read : reads) {
      // The state is a player's: without a token it is 401 for any game.
      if (token.empty() && read == reads.front()) continue;
      auto r = s.api().get(read, token);
      INFO(read << (token.empty() ? " without a token" : ""));
      INFO(r.describe());
      CHECK(r.status == 404);
      CHECK(r.error_code() == "game_not_found");
    }
  CHECK(s.api().info("arch", {}).status == 200);
}

TEST_CASE(
    "a game left alone for GAME_IDLE_S leaves memory and comes back "
    "unchanged on its next request",
    "[server][games]") {
  RunningServer s({{"GAME_IDLE_S", "1"}, {"NODE_HEARTBEAT_MS", "100"}});
  auto g = s.api().create_game(small_game("idle"), s.admin());
  std::mt19937 rng(3);
  play_turn(s.api(), g, rng);
  auto before = s.api().info("idle", s.admin());
  REQUIRE(before.status == 200);
  auto in_memory = [&] {
    return get_int(s.api().get("/admin/v1/overview", s.admin()).json,
                   "actors_in_memory");
  };
  CHECK(in_memory() == 1);
  REQUIRE(
      eventually([&] { return in_memory() == 0; }, std::chrono::seconds(10)));
  // Its lease is given up (the epoch stays), and nobody adopts an idle game
  // in the background: it stays out of memory until it is asked for.
  const std::string owner_sql =
      "SELECT count(*) FROM game_owners WHERE game_id = 'idle' AND "
      "node_id IS NULL AND epoch = 1";
  CHECK(eventually([&] { return s.scalar(owner_sql) == 1; },
                   std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(in_memory() == 0);

  auto after = s.api().info("idle", s.admin());
  INFO(after.describe());
  REQUIRE(after.status == 200);
  CHECK(get_string(after.json, "state_hash") ==
        get_string(before.json, "state_hash"));
  CHECK(get_int(after.json, "completed_turns") == 1);
  CHECK(in_memory() == 1);
  CHECK(s.scalar("SELECT epoch FROM game_owners WHERE game_id = 'idle'") == 2);
}

TEST_CASE("a game in use stays in memory past GAME_IDLE_S", "[server][games]") {
  RunningServer s{{{"GAME_IDLE_S", "2"}}};
  s.api().create_game(small_game("busy"), s.admin());
  auto overview = [&] {
    return get_int(s.api().get("/admin/v1/overview", s.admin()).json,
                   "actors_in_memory");
  };
  // A request every 200 ms for 5 s: never 2 s without one.
  for (int i = 0; i < 25; ++i) {
    REQUIRE(s.api().info("busy", s.admin()).status == 200);
    CHECK(overview() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}
