// Black-box: whole games played to the end through HTTP by the random
// legal-actions bot leave consistent rows in all six tables, with snapshots
// exactly at turn 0, every SNAPSHOT_INTERVAL turns, the critical turns and
// the turns before them.
#include <map>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

constexpr int interval = 5;

// A turn whose events make game_actor.cpp snapshot it: a capital captured,
// a player eliminated, the game over.
bool critical(const rapidjson::Value& events) {
  for (const auto& e : events.GetArray()) {
    auto type = get_string(e, "type");
    if (type == "player_eliminated" || type == "game_over" ||
        (type == "city_captured" && get_bool(e, "capital")))
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE(
    "full games through HTTP leave consistent rows in all six tables "
    "and snapshots exactly where the rules put them") {
  RunningServer s({{"SNAPSHOT_INTERVAL", std::to_string(interval)}});
  auto& api = s.api();
  std::mt19937 rng(2024);
  struct Played {
    CreatedGame game;
    int acked;
  };
  std::vector<Played> played;
  for (int players : {2, 3, 4}) {
    auto spec = small_game("full-" + std::to_string(players), players,
                           10 + 5 * players);
    spec.seed = 100 + players;
    auto g = api.create_game(spec, {});
    for (const auto& p : g.players)
      REQUIRE(api.post("/api/v1/games/" + g.game_id + "/prompt-logs",
                       g.tokens[p],
                       R"({"player":")" + p +
                           R"(","turn":1,"prompt":"x","latency_ms":5})")
                      .status /
                  100 ==
              2);
    int acked = play_to_end(api, g, rng);
    played.push_back({g, acked});
  }

  for (const auto& [g, acked] : played) {
    const auto& id = g.game_id;
    INFO("game " << id);
    auto info = api.info(id, {});
    REQUIRE(get_string(info.json, "status") == "finished");
    auto completed = get_int(info.json, "completed_turns");
    CHECK(completed >= 1);
    CHECK(completed <= get_int(info.json, "max_turns"));
    // Read through the server first: it waits for the game's last rows.
    auto turns = api.turns(id, {}, 1, static_cast<int>(completed));
    REQUIRE(turns.json["turns"].Size() == completed);

    CHECK(s.scalar("SELECT count(*) FROM games WHERE game_id = $1 AND status "
                   "= 'finished' AND completed_turns = $2 AND state_hash = $3",
                   id, completed, get_string(info.json, "state_hash")) == 1);
    CHECK(s.scalar("SELECT count(*) FROM game_turns WHERE game_id = $1", id) ==
          completed);
    CHECK(s.scalar("SELECT max(turn) FROM game_turns WHERE game_id = $1", id) ==
          completed);
    CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = $1",
                   id) == acked);
    CHECK(s.scalar("SELECT sum(submissions) FROM player_stats WHERE game_id "
                   "= $1",
                   id) == acked);
    CHECK(s.scalar("SELECT count(*) FROM player_stats WHERE game_id = $1 AND "
                   "score IS NOT NULL",
                   id) == static_cast<std::int64_t>(g.players.size()));
    CHECK(s.scalar("SELECT count(*) FROM prompt_logs WHERE game_id = $1", id) ==
          static_cast<std::int64_t>(g.players.size()));

    // turn -> reason, in turn order as the game takes them.
    std::map<std::int64_t, std::string> expected = {{0, "initial"}};
    for (const auto& t : turns.json["turns"].GetArray()) {
      auto turn = get_int(t, "turn");
      if (turn % interval == 0) expected[turn] = "interval";
      if (!critical(t["events"])) continue;
      expected.emplace(turn - 1, "before_critical");
      expected.emplace(turn, "critical");
    }
    CHECK(expected.count(completed) == 1);  // the game-over turn
    std::map<std::int64_t, std::string> stored;
    for (const auto& row : s.rows("SELECT turn, reason FROM game_snapshots "
                                  "WHERE game_id = $1",
                                  id))
      stored[std::stoll(row[0])] = row[1];
    CHECK(stored == expected);
    CHECK(get_int(info.json, "last_snapshot_turn") == stored.rbegin()->first);
  }
  CHECK(s.scalar("SELECT count(*) FROM games") == 3);
}
