// Black-box: the player's view, submissions (durable, pass, request_id),
// the aliases of the original backend, the turn log, restore and replay,
// prompt logs, stats and turn deadlines.
#include <cctype>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

std::int64_t action_rows(const RunningServer& s, const std::string& game_id) {
  return s.scalar("SELECT count(*) FROM player_actions WHERE game_id = $1",
                  game_id);
}

bool visible(const rapidjson::Value& view, std::int64_t x, std::int64_t y) {
  const auto& row = view["map"]["rows"][static_cast<unsigned>(y)];
  char c = row.GetString()[x];
  return std::isupper(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

TEST_CASE(
    "the state view shows the player's fog-of-war view and what is "
    "legal now") {
  RunningServer s;
  auto spec = small_game("view", 3);
  spec.width = spec.height = 24;
  auto g = s.api().create_game(spec, {});
  auto r = view_of(s.api(), g, "Alice");
  const auto& v = r.json;
  for (const char* f : {"game_id", "turn", "status", "state_hash", "you",
                        "players", "map", "units", "cities", "messages",
                        "submitted", "waiting_for", "legal_actions"})
    CHECK(member(v, f) != nullptr);
  CHECK(get_int(v, "turn") == 1);
  CHECK(get_string(v, "status") == "active");
  CHECK(get_string(v["you"], "name") == "Alice");
  CHECK(v["players"].Size() == 3);
  CHECK(v["legal_actions"].Size() > 0);
  CHECK(member(v, "submitted")->IsFalse());
  CHECK(v["waiting_for"].Size() == 3);

  // Fog of war: unexplored tiles are hidden; other players' units and
  // cities appear only on tiles the player sees now.
  bool hidden = false;
  for (const auto& row : v["map"]["rows"].GetArray())
    hidden =
        hidden || std::string(row.GetString()).find('?') != std::string::npos;
  CHECK(hidden);
  for (const char* kind : {"units", "cities"})
    for (const auto& u : v[kind].GetArray())
      if (get_string(u, "owner") != "Alice")
        CHECK(visible(v, get_int(u, "x"), get_int(u, "y")));

  REQUIRE(s.api().submit("view", g.tokens["Alice"], "Alice", 1, "[]").status ==
          200);
  auto after = view_of(s.api(), g, "Alice");
  CHECK(member(after.json, "submitted")->IsTrue());
  std::vector<std::string> waiting;
  for (const auto& w : after.json["waiting_for"].GetArray())
    waiting.emplace_back(w.GetString());
  CHECK(waiting == std::vector<std::string>{"Bob", "Carol"});
  // The admin sees any player's view; a player names nobody but itself.
  CHECK(s.api().state("view", "Bob", s.admin()).status == 200);
  auto own = s.api().get("/api/v1/games/view/state", g.tokens["Carol"]);
  CHECK(get_string(own.json["you"], "name") == "Carol");
}

TEST_CASE(
    "a submission is durable when answered, an empty list passes, and "
    "a resent request_id returns the first answer and writes nothing") {
  RunningServer s;
  auto g = s.api().create_game(small_game("sub"), {});
  auto& api = s.api();
  auto view = view_of(api, g, "Alice");
  std::mt19937 rng(11);
  auto actions = random_legal_subset(view.json, rng, 1.0);
  auto first =
      api.submit("sub", g.tokens["Alice"], "Alice", 1, actions, "req-1");
  INFO(first.describe());
  REQUIRE(first.status == 200);
  CHECK(get_bool(first.json, "accepted"));
  CHECK(get_int(first.json, "turn") == 1);
  CHECK(get_bool(first.json, "durable"));
  // Committed before the answer.
  CHECK(action_rows(s, "sub") == 1);
  CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = 'sub' "
                 "AND request_id = 'req-1' AND player = 'Alice'") == 1);

  auto resent = api.submit("sub", g.tokens["Alice"], "Alice", 1, "[]", "req-1");
  CHECK(resent.status == 200);
  CHECK(resent.body == first.body);
  CHECK(action_rows(s, "sub") == 1);

  auto pass = api.submit("sub", g.tokens["Bob"], "Bob", 1, "[]", "req-b");
  REQUIRE(pass.status == 200);
  CHECK(action_rows(s, "sub") == 2);
  CHECK(get_int(api.info("sub", {}).json, "turn") == 2);
  CHECK(s.scalar("SELECT action_count FROM player_actions WHERE game_id = "
                 "'sub' AND player = 'Bob'") == 0);

  // Still the first answer once the turn has moved on.
  auto late = api.submit("sub", g.tokens["Bob"], "Bob", 1, "[]", "req-b");
  CHECK(late.status == 200);
  CHECK(late.body == pass.body);
  CHECK(action_rows(s, "sub") == 2);
  CHECK(s.scalar("SELECT submissions FROM player_stats WHERE game_id = 'sub' "
                 "AND player = 'Bob'") == 1);
}

TEST_CASE(
    "the aliases of the original backend act like the routes they "
    "stand for") {
  RunningServer s;
  auto& api = s.api();
  auto g = api.create_game(small_game("alias"), {});
  const auto& alice = g.tokens["Alice"];

  auto view = api.get("/api/v1/state?game_id=alias&player=Alice", alice);
  INFO(view.describe());
  REQUIRE(view.status == 200);
  CHECK(get_string(view.json["you"], "name") == "Alice");
  CHECK(api.invalid().get("/api/v1/state?player=Alice", alice).status == 400);

  // A bare list of actions is for the caller's player and the current turn.
  auto bare = api.post("/api/v1/actions?game_id=alias", alice, "[]");
  INFO(bare.describe());
  REQUIRE(bare.status == 200);
  CHECK(get_int(bare.json, "turn") == 1);
  CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = "
                 "'alias' AND player = 'Alice' AND turn = 1") == 1);
  auto full = api.post("/api/v1/actions?game_id=alias", g.tokens["Bob"],
                       submission_body("Bob", 1, "[]"));
  REQUIRE(full.status == 200);
  CHECK(get_int(api.info("alias", {}).json, "turn") == 2);

  auto prompt = api.post("/api/v1/prompts?game_id=alias", alice,
                         R"({"player":"Alice","turn":1,"model":"m",)"
                         R"("prompt":"p","response":"r"})");
  INFO(prompt.describe());
  CHECK(prompt.status / 100 == 2);
  CHECK(s.scalar("SELECT count(*) FROM prompt_logs WHERE game_id = "
                 "'alias'") == 1);
}

TEST_CASE(
    "the turn log holds each turn's actions per player, every order's "
    "outcome, the time and the duration") {
  RunningServer s;
  auto& api = s.api();
  auto g = api.create_game(small_game("log"), {});
  std::mt19937 rng(5);
  std::map<int, std::map<std::string, int>> sent;  // turn -> player -> n
  for (int turn = 1; turn <= 3; ++turn)
    for (const auto& p : g.players) {
      auto view = view_of(api, g, p);
      auto actions = random_legal_subset(view.json, rng, 1.0);
      sent[turn][p] = static_cast<int>(parse_json(actions).Size());
      REQUIRE(api.submit("log", g.tokens[p], p, turn, actions).status == 200);
    }
  auto r = api.turns("log", s.admin(), 1, 3);
  INFO(r.describe());
  REQUIRE(r.status == 200);
  const auto& turns = r.json["turns"];
  REQUIRE(turns.Size() == 3);
  for (unsigned i = 0; i < 3; ++i) {
    const auto& t = turns[i];
    int turn = static_cast<int>(i + 1);
    CHECK(get_int(t, "turn") == turn);
    CHECK(get_string(t, "state_hash").size() == 64);
    CHECK(!get_string(t, "processed_at").empty());
    CHECK(get_int(t, "duration_us") >= 0);
    std::map<std::string, int> outcomes;
    for (const auto& e : t["events"].GetArray()) {
      if (get_string(e, "type") != "order") continue;
      auto outcome = get_string(e, "outcome");
      CHECK((outcome == "applied" || outcome == "skipped"));
      if (outcome == "skipped") CHECK(!get_string(e, "reason").empty());
      ++outcomes[get_string(e, "player")];
    }
    for (const auto& p : g.players) {
      REQUIRE(member(t["actions"], p.c_str()));
      CHECK(static_cast<int>(t["actions"][p.c_str()].Size()) == sent[turn][p]);
      CHECK(outcomes[p] == sent[turn][p]);
    }
  }
  CHECK(get_string(turns[2], "state_hash") ==
        get_string(api.info("log", {}).json, "state_hash"));
  auto middle = api.turns("log", s.admin(), 2, 2);
  REQUIRE(middle.json["turns"].Size() == 1);
  CHECK(get_int(middle.json["turns"][0], "turn") == 2);
}

TEST_CASE(
    "restore rebuilds and verifies the game, replay gives the state "
    "after any turn, and a tampered hash is a 409 that changes "
    "nothing") {
  RunningServer s({{"SNAPSHOT_INTERVAL", "4"}});
  auto& api = s.api();
  auto g = api.create_game(small_game("hist", 2, 30), {});
  std::mt19937 rng(9);
  // No war, no losses: no critical snapshot between the interval ones.
  for (int i = 0; i < 6; ++i)
    play_turn(api, g, rng, {"disband", "declare_war", "attack"});
  auto info = api.info("hist", {});
  const auto hash = get_string(info.json, "state_hash");
  REQUIRE(get_int(info.json, "completed_turns") == 6);

  auto restored = api.restore("hist", s.admin());
  INFO(restored.describe());
  REQUIRE(restored.status == 200);
  CHECK(get_bool(restored.json, "verified"));
  REQUIRE(s.scalar("SELECT max(turn) FROM game_snapshots WHERE game_id = "
                   "'hist'") == 4);
  CHECK(get_int(restored.json, "restored_from_snapshot_turn") == 4);
  CHECK(get_int(restored.json, "replayed_turns") == 2);
  CHECK(get_int(restored.json, "completed_turns") == 6);
  CHECK(get_string(restored.json, "state_hash") == hash);

  auto from_start = api.restore("hist", s.admin(), 3);
  REQUIRE(from_start.status == 200);
  CHECK(get_int(from_start.json, "restored_from_snapshot_turn") == 0);
  CHECK(get_int(from_start.json, "replayed_turns") == 6);

  // As curl -XPOST sends it: no body and no Content-Length.
  auto raw = raw_http(s.server.port(),
                      "POST /api/v1/games/hist/restore HTTP/1.1\r\n"
                      "Host: 127.0.0.1\r\nAuthorization: Bearer " +
                          s.admin() + "\r\nConnection: close\r\n\r\n");
  INFO(raw);
  CHECK(raw.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(raw.find("\"verified\":true") != std::string::npos);

  auto turns = api.turns("hist", s.admin(), 1, 6);
  for (int n : {0, 3, 6}) {
    auto replay = api.replay("hist", s.admin(), n);
    INFO(replay.describe());
    REQUIRE(replay.status == 200);
    CHECK(get_int(replay.json, "turn") == n);
    CHECK(member(replay.json, "state") != nullptr);
    if (n > 0)
      CHECK(get_string(replay.json, "state_hash") ==
            get_string(turns.json["turns"][static_cast<unsigned>(n - 1)],
                       "state_hash"));
  }

  {
    auto conn = s.db.connect();
    pqxx::work tx(*conn);
    tx.exec(
        "UPDATE game_turns SET state_hash = repeat('0', 64) "
        "WHERE game_id = 'hist' AND turn = 5");
    tx.commit();
  }
  auto bad = api.restore("hist", s.admin());
  INFO(bad.describe());
  CHECK(bad.status == 409);
  CHECK(error_shape_problem(bad) == "");
  CHECK(bad.error_code() == "hash_mismatch");
  const auto& details = bad.json["error"]["details"];
  CHECK(get_string(details, "expected") == std::string(64, '0'));
  CHECK(get_string(details, "actual").size() == 64);
  CHECK(get_string(details, "actual") != std::string(64, '0'));
  // The game is as it was and still plays.
  auto still = api.info("hist", {});
  CHECK(get_string(still.json, "state_hash") == hash);
  CHECK(get_string(still.json, "status") == "active");
  CHECK(play_turn(api, g, rng) == 2);
  CHECK(get_int(api.info("hist", {}).json, "completed_turns") == 7);
}

TEST_CASE(
    "prompt logs are written with the player's token and read with "
    "the admin's, and stats sum them per player") {
  RunningServer s;
  auto& api = s.api();
  auto g = api.create_game(small_game("pl"), {});
  auto log = [&](const std::string& player, int turn, int latency) {
    return api.post(
        "/api/v1/games/pl/prompt-logs", g.tokens[player],
        R"({"player":")" + player + R"(","turn":)" + std::to_string(turn) +
            R"(,"provider":"openai-compatible","model":"tiny","prompt":"p",)"
            R"("response":"r","thinking":"t","prompt_tokens":100,)"
            R"("completion_tokens":10,"thinking_tokens":5,"latency_ms":)" +
            std::to_string(latency) + R"(,"error":null})");
  };
  for (int i = 1; i <= 3; ++i) {
    auto r = log("Alice", i, 100 * i);
    INFO(r.describe());
    CHECK(r.status / 100 == 2);
  }
  CHECK(log("Bob", 1, 50).status / 100 == 2);
  CHECK(log("Bob", 1, 50).status / 100 == 2);
  CHECK(api.post("/api/v1/games/pl/prompt-logs", g.tokens["Alice"],
                 R"({"player":"Bob","turn":1})")
            .status == 403);

  auto all = api.get("/api/v1/games/pl/prompt-logs", s.admin());
  INFO(all.describe());
  REQUIRE(all.status == 200);
  CHECK(all.json["prompt_logs"].Size() == 5);
  auto some =
      api.get("/api/v1/games/pl/prompt-logs?player=Alice&turn=2", s.admin());
  REQUIRE(some.json["prompt_logs"].Size() == 1);
  const auto& one = some.json["prompt_logs"][0];
  CHECK(get_string(one, "model") == "tiny");
  CHECK(get_int(one, "latency_ms") == 200);
  CHECK(get_string(one, "thinking") == "t");

  REQUIRE(api.submit("pl", g.tokens["Alice"], "Alice", 1, "[]").status == 200);
  auto stats = api.get("/api/v1/games/pl/stats", s.admin());
  INFO(stats.describe());
  REQUIRE(stats.status == 200);
  std::map<std::string, const rapidjson::Value*> by_player;
  for (const auto& p : stats.json["players"].GetArray())
    by_player[get_string(p, "player")] = &p;
  REQUIRE(by_player.count("Alice"));
  const auto& alice = *by_player["Alice"];
  CHECK(get_int(alice, "submissions") == 1);
  CHECK(get_int(alice, "actions") == 0);
  CHECK(get_int(alice["tokens"], "prompt") == 300);
  CHECK(get_int(alice["tokens"], "completion") == 30);
  CHECK(get_int(alice["tokens"], "thinking") == 15);
  CHECK(alice["latency_ms_mean"].GetDouble() == Approx(200));
  for (const char* f : {"rejected_actions", "latency_ms_p95", "cities", "units",
                        "techs", "score"})
    CHECK(member(alice, f) != nullptr);
}

TEST_CASE("a player that does not submit before turn_timeout_ms is skipped") {
  RunningServer s;
  auto& api = s.api();
  auto spec = small_game("late");
  spec.turn_timeout_ms = 300;
  auto g = api.create_game(spec, {});
  REQUIRE(api.submit("late", g.tokens["Alice"], "Alice", 1, "[]").status ==
          200);
  auto woke = api.state("late", "Alice", g.tokens["Alice"], 2, 30000);
  INFO(woke.describe());
  REQUIRE(woke.status == 200);
  CHECK(get_int(woke.json, "turn") == 2);
  auto log = api.turns("late", s.admin(), 1, 1);
  REQUIRE(log.json["turns"].Size() == 1);
  const auto& actions = log.json["turns"][0]["actions"];
  CHECK(member(actions, "Alice") != nullptr);
  CHECK(member(actions, "Bob") == nullptr);
  // The deadline runs again for each turn, with nobody submitting.
  auto next = api.state("late", "Bob", g.tokens["Bob"], 3, 30000);
  CHECK(get_int(next.json, "turn") == 3);
  CHECK(get_int(api.info("late", {}).json, "turn_timeout_ms") == 300);
}

TEST_CASE(
    "ENABLE_GAME_SNAPSHOTS=false: only the initial snapshot, and a restore "
    "replays every turn from it") {
  RunningServer s(
      {{"ENABLE_GAME_SNAPSHOTS", "false"}, {"SNAPSHOT_INTERVAL", "2"}});
  auto& api = s.api();
  auto g = api.create_game(small_game("nosnap", 2, 30), {});
  std::mt19937 rng(11);
  for (int i = 0; i < 5; ++i)
    play_turn(api, g, rng, {"disband", "declare_war", "attack"});
  CHECK(s.scalar("SELECT count(*) FROM game_snapshots WHERE game_id = "
                 "'nosnap'") == 1);
  auto restored = api.restore("nosnap", s.admin());
  INFO(restored.describe());
  REQUIRE(restored.status == 200);
  CHECK(get_bool(restored.json, "verified"));
  CHECK(get_int(restored.json, "restored_from_snapshot_turn") == 0);
  CHECK(get_int(restored.json, "replayed_turns") == 5);
}
