// Database outage: PostgreSQL stops under load and starts again. The server
// answers 503 with Retry-After meanwhile (never 500, never a hang), /readyz
// says not ready, and it resumes by itself with nothing acknowledged lost.
// The test runs its own cluster so that other tests keep theirs.
#include <catch2/catch.hpp>

#include "tests/server/durability_support.hpp"
#include "tests/support/pg_cluster.hpp"
#include "tests/support/server_process.hpp"

using namespace fourex::testing;

TEST_CASE("a database outage answers 503 and the service resumes by itself",
          "[server][outage]") {
  PgCluster pg;
  ServerProcess server(pg.url());
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
