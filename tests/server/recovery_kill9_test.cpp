// Crash durability: bots play several games while the server is killed with
// SIGKILL at random moments; after each restart every acknowledged
// submission is in PostgreSQL, resends get their first answer, the games go
// on, and every game's hash equals an in-process replay of its logged orders.
#include <cstdlib>
#include <random>

#include <catch2/catch.hpp>

#include "tests/server/durability_support.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

std::uint32_t test_seed() {
  const char* env = std::getenv("FOUREX_TEST_SEED");
  return env ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
             : 20240611u;
}

// Resends the newest acknowledged submission of each game with its
// request_id: the answer must be the first one (200, same turn).
void resend_latest(ApiClient& client, const std::vector<Ack>& acks) {
  std::map<std::string, Ack> latest;
  for (const auto& a : acks) latest[a.game_id] = a;
  for (const auto& [game_id, a] : latest) {
    auto r = client.submit(a.game_id, a.token, a.player, a.turn, a.actions_json,
                           a.request_id);
    INFO(a.request_id << " " << r.describe());
    CHECK(r.status == 200);
    CHECK(get_int(r.json, "turn") == a.turn);
  }
}

}  // namespace

TEST_CASE("every acknowledged submission survives SIGKILL and replays",
          "[server][recovery]") {
  const auto seed = test_seed();
  INFO("FOUREX_TEST_SEED=" << seed);
  std::mt19937 rng(seed);
  TestDatabase db(true);
  ServerProcess server(db.url(), {{"SNAPSHOT_INTERVAL", "4"},
                                  {"ENABLE_GAME_SNAPSHOTS", "true"}});
  server.start();
  ApiClient admin(server.port());
  auto games = create_games(admin, server.admin_token(), "crash", 4, 3);

  BotFleet fleet(server.port(), games, seed);
  fleet.start();
  const int cycles = 10;
  std::uniform_int_distribution<int> run_ms(50, 700);
  for (int cycle = 0; cycle < cycles; ++cycle) {
    // The games must go on after every restart before the next crash.
    auto before = fleet.acked();
    bool moved = eventually([&] { return fleet.acked() >= before + 3; },
                            std::chrono::seconds(30));
    INFO("cycle " << cycle << "\n" << log_tail(server.log()));
    REQUIRE(moved);
    std::this_thread::sleep_for(std::chrono::milliseconds(run_ms(rng)));
    server.kill();
    std::this_thread::sleep_for(std::chrono::milliseconds(run_ms(rng) / 4));
    server.start();
    auto acks = fleet.acks();
    auto conn = db.connect();
    auto missing = missing_acks(*conn, acks);
    INFO("cycle " << cycle << ": " << missing);
    REQUIRE(missing.empty());
    ApiClient checker(server.port());
    resend_latest(checker, acks);
  }
  fleet.stop();
  for (const auto& p : fleet.problems()) UNSCOPED_INFO(p);
  CHECK(fleet.problems().empty());

  auto acks = fleet.acks();
  auto conn = db.connect();
  CHECK(missing_acks(*conn, acks).empty());
  CHECK(static_cast<std::size_t>(count_rows(*conn, "player_actions")) >=
        acks.size());
  ApiClient client(server.port());
  for (const auto& g : games) {
    auto mismatch =
        replay_mismatch(*conn, client, server.admin_token(), g.game_id);
    CHECK(mismatch == std::string());
  }
  CHECK(server.stop() == 0);
}
