// `fourex db` against real databases: each subcommand, a database that is
// down, the --yes refusal of the destructive ones and their question on a
// terminal.
#include <filesystem>

#include <catch2/catch.hpp>

#include "persistence/migrator.hpp"
#include "tests/cli/played_game.hpp"
#include "tests/cli/run_fourex.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

bool has_table(const TestDatabase& db, const std::string& table) {
  auto conn = db.connect();
  pqxx::read_transaction tx(*conn);
  return tx.exec_params("SELECT to_regclass($1) IS NOT NULL", table)[0][0]
      .as<bool>();
}

// The newest migration compiled in, as `fourex db` reports it.
std::string latest_version() {
  return std::to_string(fourex::persistence::migrations().back().version);
}

std::int64_t game_count(const TestDatabase& db) {
  auto conn = db.connect();
  pqxx::read_transaction tx(*conn);
  return tx.exec("SELECT count(*) FROM games")[0][0].as<std::int64_t>();
}

}  // namespace

TEST_CASE("db create and migrate make the tables, and are idempotent",
          "[cli][db]") {
  TestDatabase db;
  auto first = run_fourex("db create", db.url());
  CHECK(first.status == 0);
  CHECK_THAT(first.out, Catch::Contains("schema version " + latest_version()));
  CHECK(has_table(db, "games"));
  CHECK(has_table(db, "prompt_logs"));
  auto again = run_fourex("db migrate", db.url());
  CHECK(again.status == 0);
  CHECK_THAT(again.out, Catch::Contains("(0 migrations applied)"));
}

TEST_CASE("db drop and reset refuse without --yes when not on a terminal",
          "[cli][db]") {
  TestDatabase db(true);
  for (const char* sub : {"drop", "reset"}) {
    auto r = run_fourex(std::string("db ") + sub, db.url());
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("without --yes"));
    CHECK(has_table(db, "games"));
  }
}

// On a terminal they ask; only "yes" goes on. tests/cli/on_terminal.py
// gives fourex a pseudo-terminal and types the answer.
TEST_CASE("db drop and reset on a terminal ask, and act only on yes",
          "[cli][db]") {
  TestDatabase db;
  play_small_game(db.url(), "asked", 1);
  auto on_terminal = [&](const std::string& answer, const std::string& sub) {
    return run_shell(
        shell_quote(FOUREX_SOURCE_DIR "/tests/cli/on_terminal.py") + " " +
            shell_quote(answer) + " \"Type 'yes'\" " +
            shell_quote(FOUREX_BINARY) + " db " + sub,
        {{"DATABASE_URL", db.url()}});
  };
  for (const char* sub : {"drop", "reset"}) {
    INFO(sub);
    auto no = on_terminal("no", sub);
    CHECK(no.status == 2);
    CHECK_THAT(no.out, Catch::Contains("This deletes every game in"));
    CHECK_THAT(no.out, Catch::Contains("aborted"));
    CHECK(game_count(db) == 1);
  }
  auto reset = on_terminal("yes", "reset");
  CHECK(reset.status == 0);
  CHECK(game_count(db) == 0);
  auto drop = on_terminal("yes", "drop");
  CHECK(drop.status == 0);
  CHECK_THAT(drop.out, Catch::Contains("dropped every fourex table"));
  CHECK_FALSE(has_table(db, "games"));
}

TEST_CASE("db drop --yes removes the tables, reset --yes recreates them empty",
          "[cli][db]") {
  TestDatabase db;
  play_small_game(db.url(), "reset-me", 1);
  REQUIRE(game_count(db) == 1);
  auto reset = run_fourex("db reset --yes", db.url());
  CHECK(reset.status == 0);
  CHECK(game_count(db) == 0);
  auto drop = run_fourex("db drop --yes", db.url());
  CHECK(drop.status == 0);
  CHECK_FALSE(has_table(db, "games"));
  CHECK_FALSE(has_table(db, "schema_migrations"));
}

TEST_CASE("db check reports server, schema, size and pool settings",
          "[cli][db]") {
  TestDatabase db(true);
  auto r = run_fourex("db check", db.url());
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("PostgreSQL 15"));
  CHECK_THAT(r.out, Catch::Contains("schema version      " + latest_version() +
                                    " (latest " + latest_version() + ")"));
  CHECK_THAT(r.out, Catch::Contains("database size"));
  CHECK_THAT(r.out, Catch::Contains("DB_POOL_SIZE=10"));
  auto json = run_fourex("db check --json", db.url());
  CHECK(json.status == 0);
  auto doc = parse_json(json.out);
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(std::to_string(get_int(doc, "schema_version")) == latest_version());
  CHECK(get_int(doc, "database_bytes") > 0);
  CHECK(get_string(doc, "database") == db.name());
}

TEST_CASE("db check fails with the reason on an unmigrated database",
          "[cli][db]") {
  TestDatabase db;
  auto r = run_fourex("db check", db.url());
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("fourex db migrate"));
}

TEST_CASE("db check exits 1 with the reason when the database is down",
          "[cli][db]") {
  auto url = "postgresql://fourex:secret@127.0.0.1:" +
             std::to_string(free_loopback_port()) + "/nothing";
  auto r = run_fourex("db check", url);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot connect to PostgreSQL"));
  CHECK_THAT(r.err, Catch::Contains("127.0.0.1"));
  CHECK_THAT(r.err, !Catch::Contains("secret"));
}

TEST_CASE("db check exits 1 with the reason when its cluster is stopped",
          "[cli][db]") {
  PgCluster pg;
  REQUIRE(run_fourex("db create", pg.url()).status == 0);
  REQUIRE(run_fourex("db check", pg.url()).status == 0);
  pg.run("stop");
  auto r = run_fourex("db check", pg.url());
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot connect to PostgreSQL"));
  CHECK_THAT(r.err, Catch::Contains("127.0.0.1"));
}

TEST_CASE("db list and info report a played game, as text and JSON",
          "[cli][db]") {
  TestDatabase db;
  play_small_game(db.url(), "listed-game", 2);

  auto list = run_fourex("db list", db.url());
  CHECK(list.status == 0);
  CHECK_THAT(list.out, Catch::Contains("GAME_ID"));
  CHECK_THAT(list.out, Catch::Contains("listed-game"));
  CHECK_THAT(list.out, Catch::Contains("1 game"));
  auto list_json = run_fourex("db list --json", db.url());
  auto games = parse_json(list_json.out);
  REQUIRE(games.IsArray());
  REQUIRE(games.Size() == 1);
  CHECK(get_string(games[0u], "game_id") == "listed-game");
  CHECK(get_int(games[0u], "turn") == 3);
  CHECK(get_int(games[0u], "players") == 2);

  auto info = run_fourex("db info listed-game", db.url());
  CHECK(info.status == 0);
  CHECK_THAT(info.out, Catch::Contains("Alice"));
  CHECK_THAT(info.out, Catch::Contains("Bob"));
  CHECK_THAT(info.out, Catch::Contains("last hash"));
  auto json = run_fourex("db info listed-game --json", db.url());
  CHECK(json.status == 0);
  auto d = parse_json(json.out);
  REQUIRE_FALSE(d.HasParseError());
  CHECK(get_int(d, "completed_turns") == 2);
  CHECK(get_int(d, "turns_stored") == 2);
  CHECK(get_int(d, "actions_stored") == 4);
  CHECK(get_string(d, "state_hash").size() == 64);
  const auto* snapshots = member(d, "snapshots");
  REQUIRE(snapshots);
  CHECK(get_int(*snapshots, "count") >= 1);
  CHECK(get_int(*snapshots, "bytes") > 0);
  const auto* logs = member(d, "prompt_logs");
  REQUIRE(logs);
  CHECK(get_int(*logs, "count") == 1);
  CHECK(get_int(*logs, "prompt_tokens") == 100);
  CHECK(get_int(*logs, "thinking_tokens") == 5);
  const auto* players = member(d, "players");
  REQUIRE(players);
  REQUIRE(players->Size() == 2);
  CHECK(get_string((*players)[0u], "name") == "Alice");

  auto missing = run_fourex("db info no-such-game", db.url());
  CHECK(missing.status == 1);
  CHECK_THAT(missing.err, Catch::Contains("no game 'no-such-game'"));
  CHECK(run_fourex("db info", db.url()).status == 2);
}

TEST_CASE("db size lists every table with rows and bytes", "[cli][db]") {
  TestDatabase db;
  play_small_game(db.url(), "sized", 1);
  auto r = run_fourex("db size --json", db.url());
  CHECK(r.status == 0);
  auto doc = parse_json(r.out);
  REQUIRE_FALSE(doc.HasParseError());
  std::map<std::string, std::int64_t> rows;
  for (const auto& t : member(doc, "tables")->GetArray())
    rows[get_string(t, "table")] = get_int(t, "rows");
  CHECK(rows["games"] == 1);
  CHECK(rows["player_actions"] == 2);
  CHECK(rows.count("schema_migrations") == 1);
  auto text = run_fourex("db size", db.url());
  CHECK_THAT(text.out, Catch::Contains("game_snapshots"));
}

TEST_CASE("db backup then restore brings back a dropped game", "[cli][db]") {
  TestDatabase db;
  play_small_game(db.url(), "kept", 2);
  auto file = std::filesystem::temp_directory_path() /
              ("fourex-backup-" + db.name() + ".dump");
  auto backup = run_fourex("db backup " + file.string(), db.url());
  REQUIRE(backup.status == 0);
  REQUIRE(std::filesystem::file_size(file) > 0);
  REQUIRE(run_fourex("db reset --yes", db.url()).status == 0);
  REQUIRE(game_count(db) == 0);
  auto restore = run_fourex("db restore " + file.string(), db.url());
  std::filesystem::remove(file);
  CHECK(restore.status == 0);
  CHECK(game_count(db) == 1);
  auto info = run_fourex("db info kept --json", db.url());
  CHECK(get_int(parse_json(info.out), "turns_stored") == 2);
}

TEST_CASE("db without a known subcommand prints the usage and exits 2",
          "[cli][db]") {
  auto r = run_fourex("db frobnicate", "postgresql://127.0.0.1:1/x");
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("usage: fourex db"));
}
