// Recovery after a restart: a game whose stored history no longer rebuilds
// is stopped with a clear error and its rows are left untouched while other
// games play on; turn deadlines come back from the stored deadline_at.
#include <catch2/catch.hpp>

#include "tests/server/durability_support.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

// A digest of every row the game owns, table by table.
std::string fingerprint(pqxx::connection& conn, const std::string& game_id) {
  std::string out;
  pqxx::read_transaction tx(conn);
  for (const char* table : {"games", "player_actions", "game_turns",
                            "game_snapshots", "player_stats", "prompt_logs"}) {
    // Table names are the constants above, never input.
    out += tx.exec_params1(std::string("SELECT coalesce(md5(string_agg("
                                       "t::text, '|' ORDER BY t::text)), '') "
                                       "FROM ") +
                               table + " t WHERE game_id = $1",
                           game_id)[0]
               .as<std::string>();
    out += ' ';
  }
  return out;
}

int completed_turns(ApiClient& client, const std::string& admin_token,
                    const std::string& game_id) {
  auto info = client.info(game_id, admin_token);
  return info.status == 200
             ? static_cast<int>(get_int(info.json, "completed_turns"))
             : -1;
}

}  // namespace

TEST_CASE(
    "a game whose history no longer rebuilds stops alone and keeps its rows",
    "[server][recovery]") {
  TestDatabase db(true);
  ServerProcess server(db.url(), {{"SNAPSHOT_INTERVAL", "100"}});
  server.start();
  ApiClient client(server.port());
  const auto& admin = server.admin_token();
  auto games = create_games(client, admin, "tamper", 3, 2);
  {
    BotFleet fleet(server.port(), games, 11);
    fleet.start();
    REQUIRE(eventually(
        [&] {
          for (const auto& g : games)
            if (completed_turns(client, admin, g.game_id) < 3) return false;
          return true;
        },
        std::chrono::seconds(60)));
    fleet.stop();
    CHECK(fleet.problems().empty());
  }
  for (const auto& g : games)  // waits for the turn rows to be committed
    REQUIRE(client.turns(g.game_id, admin, 1, 3).status == 200);
  server.kill();  // no shutdown snapshot: recovery has to replay the turns

  auto conn = db.connect();
  {
    pqxx::work tx(*conn);
    tx.exec(
        "UPDATE game_turns SET state_hash = repeat('0', 64) "
        "WHERE game_id = 'tamper0' AND turn = 2");
    auto row = tx.exec1(
        "SELECT turn, player, action_count FROM player_actions "
        "WHERE game_id = 'tamper1' AND turn <= 2 "
        "ORDER BY action_count DESC, turn, player LIMIT 1");
    REQUIRE(row[2].as<int>() > 0);
    tx.exec_params(
        "UPDATE player_actions SET actions = '[]', action_count = 0"
        " WHERE game_id = 'tamper1' AND turn = $1 AND player = $2",
        row[0].as<int>(), row[1].as<std::string>());
    tx.commit();
  }
  auto before0 = fingerprint(*conn, "tamper0");
  auto before1 = fingerprint(*conn, "tamper1");

  server.start();
  auto broken = client.info("tamper0", admin);
  INFO(broken.describe());
  CHECK(broken.status == 409);
  CHECK(broken.error_code() == "hash_mismatch");
  CHECK(error_shape_problem(broken).empty());
  if (const auto* e = member(broken.json, "error"))
    CHECK(get_int((*e)["details"], "turn") == 2);
  auto tampered = client.info("tamper1", admin);
  CHECK(tampered.status == 409);
  CHECK(tampered.error_code() == "hash_mismatch");
  auto refused = client.submit("tamper0", games[0].tokens.at("P0"), "P0", 4,
                               "[]", "after-tamper");
  CHECK(refused.status == 409);

  // The healthy game plays on and still replays.
  int start = completed_turns(client, admin, "tamper2");
  CHECK(start >= 3);
  {
    BotFleet fleet(server.port(), {games[2]}, 12);
    fleet.start();
    CHECK(eventually(
        [&] { return completed_turns(client, admin, "tamper2") >= start + 2; },
        std::chrono::seconds(60)));
    fleet.stop();
    CHECK(fleet.problems().empty());
  }
  CHECK(replay_mismatch(*conn, client, admin, "tamper2") == std::string());

  // The background recovery has tried every game by now or soon.
  CHECK(eventually(
      [&] {
        auto o = client.get("/admin/v1/overview", admin);
        return o.status == 200 && get_int(o.json, "recovering") == 0;
      },
      std::chrono::seconds(30)));
  CHECK(fingerprint(*conn, "tamper0") == before0);
  CHECK(fingerprint(*conn, "tamper1") == before1);
  CHECK(server.stop() == 0);
  CHECK(fingerprint(*conn, "tamper0") == before0);
}

TEST_CASE("a turn deadline is re-armed from the stored deadline_at",
          "[server][recovery]") {
  TestDatabase db(true);
  ServerProcess server(db.url());
  server.start();
  ApiClient client(server.port());
  const auto& admin = server.admin_token();
  // Ten minutes per turn: only the stored deadline set below can end turn 1
  // within the test's wait.
  auto games = create_games(client, admin, "deadline", 1, 2, 50, 600000);
  const auto& g = games[0];
  auto r = client.submit(g.game_id, g.tokens.at("P0"), "P0", 1, "[]", "d1");
  REQUIRE(r.status == 200);
  server.kill();

  auto conn = db.connect();
  {
    pqxx::work tx(*conn);
    auto stored = tx.exec1(
        "SELECT deadline_at IS NOT NULL FROM games WHERE game_id = "
        "'deadline0'");
    CHECK(stored[0].as<bool>());
    tx.exec(
        "UPDATE games SET deadline_at = now() + interval '1 second' "
        "WHERE game_id = 'deadline0'");
    tx.commit();
  }
  server.start();
  CHECK(
      eventually([&] { return completed_turns(client, admin, g.game_id) == 1; },
                 std::chrono::seconds(30)));
  auto turns = client.turns(g.game_id, admin, 1, 1);
  REQUIRE(turns.status == 200);
  INFO(turns.body);
  const auto& actions = turns.json["turns"][0]["actions"];
  CHECK(actions.HasMember("P0"));
  CHECK_FALSE(actions.HasMember("P1"));
  CHECK(server.stop() == 0);
}
