// The user-facing ways to play besides `fourex play` itself, run against a
// real server: scripts/example_agent.py for a short game, Locust headless
// on scripts/locustfile.py for a few seconds, and `make agents-quick`.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/agents/run_command.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex;

namespace {

const std::string kSource = FOUREX_SOURCE_DIR;

std::int64_t count_rows(testing::TestDatabase& db, const std::string& sql,
                        const std::string& game_id) {
  auto conn = db.connect();
  pqxx::read_transaction tx(*conn);
  return tx.exec_params(sql, game_id)[0][0].as<std::int64_t>();
}

}  // namespace

TEST_CASE("scripts/example_agent.py plays a short game to the end",
          "[scripts]") {
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  auto run = testing::run_command(
      "python3 " + kSource + "/scripts/example_agent.py --server " +
      server.base_url() + " --max-turns 6 --seed 3 2>&1");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(run.output.find("finished after 6 turns") != std::string::npos);
  const auto at = run.output.find("created game ");
  REQUIRE(at != std::string::npos);
  std::istringstream line(run.output.substr(at + 13));
  std::string game_id;
  line >> game_id;
  testing::ApiClient http(server.port());
  auto info = http.info(game_id, {});
  REQUIRE(info.status == 200);
  CHECK(testing::get_string(info.json, "status") == "finished");
  // Alice's orders and Bob's passes: one submission each per turn.
  CHECK(count_rows(db, "SELECT count(*) FROM player_actions WHERE game_id = $1",
                   game_id) == 12);
}

TEST_CASE("Locust runs scripts/locustfile.py headless against the server",
          "[scripts]") {
  // scripts/bootstrap --dev installs python3-locust: missing is a failure.
  REQUIRE(testing::run_command("command -v locust").exit_code == 0);
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  const std::string csv = testing::scratch_dir() + "/locust";
  auto run = testing::run_command(
      "cd " + kSource + " && ADMIN_TOKEN=" + server.admin_token() +
      " FOUREX_MAX_TURNS=3 locust -f scripts/locustfile.py --headless"
      " -u 4 -r 4 -t 4s --only-summary --host " +
      server.base_url() + " --csv " + csv + " 2>&1");
  INFO(run.output);
  // Locust exits 1 when any request failed. ADMIN_TOKEN spares the
  // creations the per-address bound (GAME_CREATIONS_PER_MIN).
  CHECK(run.exit_code == 0);
  std::ifstream stats(csv + "_stats.csv");
  REQUIRE(stats);
  std::map<std::string, long> requests;  // by Locust's request name
  std::string row;
  while (std::getline(stats, row)) {
    std::vector<std::string> cells;
    std::istringstream in(row);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    if (cells.size() > 3 && cells[2] != "Request Count")
      requests[cells[1]] = std::atol(cells[2].c_str());
  }
  CHECK(requests["create game"] >= 4);
  CHECK(requests["view"] > 0);
  CHECK(requests["act"] > 0);
  // Short games: some users finished one and started another.
  testing::ApiClient http(server.port());
  auto finished = http.get("/api/v1/games?status=finished");
  REQUIRE(finished.status == 200);
  CHECK(finished.json["games"].Size() > 0);
}

TEST_CASE("make agents-quick plays 2 bots for 20 turns", "[scripts][make]") {
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  const std::string build =
      std::filesystem::path(FOUREX_BINARY).parent_path().string();
  auto run = testing::run_command(
      "make -s --no-print-directory -C " + kSource + " BUILD=" + build +
      " SERVER=" + server.base_url() + " PLAY_FLAGS='--json --token-dir " +
      testing::scratch_dir() + "' agents-quick");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  REQUIRE_FALSE(run.last_line.HasParseError());
  const auto& g = run.last_line["games"][0];
  CHECK(testing::get_string(g, "status") == "finished");
  CHECK(testing::get_int(g, "completed_turns") == 20);
  REQUIRE(g["players"].Size() == 2);
  CHECK(testing::get_string(g["players"][0], "agent") == "bot:aggressive");
  CHECK(testing::get_string(g["players"][1], "agent") == "bot:defensive");
}
