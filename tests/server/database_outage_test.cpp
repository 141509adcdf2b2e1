// Database outage: PostgreSQL stops under load and starts again. The server
// answers 503 with Retry-After meanwhile (never 500, never a hang), /readyz
// says not ready, and it resumes by itself with nothing acknowledged lost.
// The test runs its own cluster so that other tests keep theirs. The
// node's lease outlives the outage (NODE_TTL_MS): a node whose lease ran out
// meanwhile is presumed dead when the database is back, and its turns
// resolved in memory during the outage go with it.
#include <catch2/catch.hpp>

#include "tests/server/durability_support.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/server_process.hpp"

using namespace fourex::testing;

TEST_CASE("a database outage answers 503 and the service resumes by itself",
          "[server][outage]") {
  PgCluster pg;
  ServerProcess server(pg.url(), {{"NODE_TTL_MS", "60000"}});
  server.start();
  ApiClient ops(server.port());
  auto games = create_games(ops, server.admin_token(), "outage", 3, 2);

  BotFleet fleet(server.port(), games, 7);
  std::atomic<int> without_retry_after{0};
  fleet.on_answer = [&](const ApiResponse& r) {
    if (r.status == 503 && !r.has_header("Retry-After")) ++without_retry_after;
  };
  fleet.start();
  REQUIRE(eventually([&] { return fleet.acked() >= 10; },
                     std::chrono::seconds(30)));

  pg.run("stop");
  REQUIRE(eventually([&] { return fleet.count(503) > 0; },
                     std::chrono::seconds(30)));
  ApiResponse ready;
  REQUIRE(eventually([&] { return (ready = ops.get("/readyz")).status == 503; },
                     std::chrono::seconds(30)));
  CHECK(ready.has_header("Retry-After"));
  CHECK(error_shape_problem(ready).empty());
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(ops.get("/healthz").status == 200);  // alive all along

  pg.run("start");
  REQUIRE(eventually([&] { return ops.get("/readyz").status == 200; },
                     std::chrono::seconds(30)));
  auto resumed_from = fleet.acked();
  bool resumed = eventually([&] { return fleet.acked() >= resumed_from + 10; },
                            std::chrono::seconds(60));
  fleet.stop();
  INFO(log_tail(server.log()));
  CHECK(resumed);
  for (const auto& p : fleet.problems()) UNSCOPED_INFO(p);
  CHECK(fleet.problems().empty());
  CHECK(fleet.count(500) == 0);
  CHECK(fleet.count(0) == 0);  // no hang past the client's timeout, no reset
  CHECK(without_retry_after == 0);

  auto conn = std::make_unique<pqxx::connection>(pg.url());
  CHECK(missing_acks(*conn, fleet.acks()) == std::string());
  CHECK(server.stop() == 0);
}

TEST_CASE(
    "turns resolved by their deadline during an outage reach game_turns "
    "once the database is back, without a restart",
    "[server][outage]") {
  PgCluster pg;
  ServerProcess server(pg.url(), {{"NODE_TTL_MS", "60000"}});
  server.start();
  ApiClient ops(server.port());
  // Nobody submits: each turn ends at its 200 ms deadline.
  auto game =
      create_games(ops, server.admin_token(), "deadline", 1, 2, 10000, 200)[0];
  auto completed = [&] {
    auto info = ops.get("/api/v1/games/" + game.game_id + "/info",
                        server.admin_token());
    return info.status == 200 ? get_int(info.json, "completed_turns") : -1;
  };
  REQUIRE(
      eventually([&] { return completed() >= 2; }, std::chrono::seconds(30)));

  pg.run("stop");
  const auto at_stop = completed();
  REQUIRE(eventually([&] { return completed() >= at_stop + 5; },
                     std::chrono::seconds(30)));  // turns go on in memory
  const auto in_outage = completed();
  pg.run("start");

  auto conn = std::make_unique<pqxx::connection>(pg.url());
  auto stored = [&] {
    pqxx::read_transaction tx(*conn);
    auto r = tx.exec_params(
        "SELECT count(*), coalesce(max(turn), 0) FROM game_turns "
        "WHERE game_id = $1",
        game.game_id);
    return std::make_pair(r[0][0].as<std::int64_t>(),
                          r[0][1].as<std::int64_t>());
  };
  INFO(log_tail(server.log()));
  CHECK(eventually(
      [&] {
        auto [count, last] = stored();
        return last >= in_outage && count == last;  // no hole
      },
      std::chrono::seconds(30)));
  CHECK(server.stop() == 0);
}
