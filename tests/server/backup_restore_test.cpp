// Continuous backups (scripts/backup, pgBackRest): bots play, a full backup
// is taken, they play on, a moment is noted, they play on; a point-in-time
// restore to that moment into a fresh cluster, served by a new fourex, has
// every game at the turn it had then, and every game restores verified.
#include <catch2/catch.hpp>

#include "tests/cli/run_fourex.hpp"
#include "tests/server/durability_support.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/server_process.hpp"

using namespace fourex::testing;

namespace {

// Bots play the games until `n` more submissions are acknowledged.
void play(int port, const std::vector<CreatedGame>& games, std::size_t n,
          std::uint32_t seed) {
  BotFleet fleet(port, games, seed);
  fleet.start();
  bool moved =
      eventually([&] { return fleet.acked() >= n; }, std::chrono::seconds(60));
  fleet.stop();
  for (const auto& p : fleet.problems()) UNSCOPED_INFO(p);
  REQUIRE(moved);
  REQUIRE(fleet.problems().empty());
}

// Each game's completed turns as stored, and the database's time.
std::pair<std::map<std::string, std::int64_t>, std::string> stored_turns(
    const std::string& url) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  std::map<std::string, std::int64_t> turns;
  for (const auto& row : tx.exec("SELECT game_id, completed_turns FROM games"))
    turns[row[0].as<std::string>()] = row[1].as<std::int64_t>();
  auto now = tx.exec1(
                   "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                   "'YYYY-MM-DD HH24:MI:SS.US') || '+00'")[0]
                 .as<std::string>();
  return {turns, now};
}

}  // namespace

TEST_CASE(
    "a point-in-time restore brings back every game as it stood at that "
    "moment",
    "[server][backup]") {
  PgCluster pg;
  const std::string env = "FOUREX_PG_DIR='" + pg.dir() +
                          "' FOUREX_PG_PORT=" + std::to_string(pg.port()) +
                          " FOUREX_PG_DB=fourex_cluster FOUREX_BACKUP_DIR='" +
                          pg.dir() + "/backup' ";
  auto backup = [&](const std::string& args) {
    auto r = run_shell(
        env + shell_quote(FOUREX_SOURCE_DIR "/scripts/backup") + " " + args,
        {});
    INFO("scripts/backup " << args << "\n" << r.out << r.err);
    REQUIRE(r.status == 0);
    return r.out;
  };
  backup("setup");

  ServerProcess server(pg.url(), {{"SNAPSHOT_INTERVAL", "3"}});
  server.start();
  ApiClient ops(server.port());
  auto games = create_games(ops, server.admin_token(), "pitr", 3, 2);
  play(server.port(), games, 12, 1);
  backup("full");
  play(server.port(), games, 12, 2);
  // All written, and the moment well past the full backup's stop time,
  // which pgBackRest records in whole seconds when it has finished (a
  // moment in the same second finds no backup that ended before it).
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto [then, moment] = stored_turns(pg.url());
  play(server.port(), games, 12, 3);
  backup("incr");
  auto [later, unused] = stored_turns(pg.url());
  CHECK(server.stop() == 0);
  CHECK(backup("list").find("incr backup") != std::string::npos);
  CHECK(!backup("age").empty());
  auto check = run_fourex("db check --json", pg.url());
  auto report = parse_json(check.out);
  const auto* replication = member(report, "replication");
  REQUIRE(replication);
  const auto* backup_age = member(*replication, "backup_age_s");
  REQUIRE(backup_age);
  CHECK(backup_age->IsNumber());  // the incremental backup's history file

  // The restored cluster is scripts/pg's layout: scripts/pg stops it.
  const auto restored_dir = pg.dir() + "/restored";
  const auto restored_port = free_loopback_port();
  auto out = backup("restore --target-time '" + moment + "' --to '" +
                    restored_dir + "' --port " + std::to_string(restored_port));
  struct StopRestored {
    std::string command;
    ~StopRestored() {
      if (std::system(command.c_str()) != 0) return;  // nothing left to do
    }
  } stop_restored{"FOUREX_PG_DIR='" + restored_dir +
                  "' FOUREX_PG_PORT=" + std::to_string(restored_port) + " '" +
                  FOUREX_SOURCE_DIR "/scripts/pg' stop >/dev/null 2>&1"};
  const auto restored_url = out.substr(0, out.find('\n'));

  ServerProcess again(restored_url);
  again.start();
  ApiClient api(again.port());
  for (const auto& g : games) {
    INFO(g.game_id << " at " << moment << ": " << then[g.game_id]
                   << " turns, later " << later[g.game_id]);
    CHECK(later[g.game_id] > then[g.game_id]);
    ApiResponse info;
    REQUIRE(eventually(
        [&] {
          return (info = api.info(g.game_id, again.admin_token())).status ==
                 200;
        },
        std::chrono::seconds(30)));
    CHECK(get_int(info.json, "completed_turns") == then[g.game_id]);
    auto restored = api.restore(g.game_id, again.admin_token());
    INFO(restored.describe());
    CHECK(restored.status == 200);
    CHECK(get_bool(restored.json, "verified"));
  }
  CHECK(again.stop() == 0);
}
