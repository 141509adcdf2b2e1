// GET /readyz: ready as soon as the database answers, also while the stored
// games are rebuilt in the background, whose progress it reports.
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

TEST_CASE(
    "readyz is ready at once after a restart and reports the "
    "background recovery until every stored game is rebuilt",
    "[server][readyz]") {
  RunningServer s;
  const int games = 6;
  for (int i = 0; i < games; ++i) {
    auto g = s.api().create_game(
        small_game("ready-" + std::to_string(i), 2, 100), s.admin());
    for (const auto& player : g.players)
      REQUIRE(s.api()
                  .submit(g.game_id, g.tokens.at(player), player, 1, "[]")
                  .status == 200);
  }
  {
    auto r = s.api().get("/readyz");
    REQUIRE(r.status == 200);  // nothing was stored at start: ready at once
  }

  s.client.reset();
  REQUIRE(s.server.stop() == 0);
  s.server.start();
  s.client = std::make_unique<ApiClient>(s.server.port());

  ApiResponse ready;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < give_up) {
    ready = s.api().get("/readyz");
    INFO(ready.describe());
    REQUIRE(ready.status == 200);
    CHECK(get_string(ready.json, "status") == "ready");
    if (get_string(ready.json, "recovery") == "done") break;
    CHECK(get_string(ready.json, "recovery") == "running");
    CHECK(get_int(ready.json, "recovered") + get_int(ready.json, "failed") +
              get_int(ready.json, "remaining") ==
          games);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(get_string(ready.json, "recovery") == "done");
  CHECK(get_int(ready.json, "recovered") == games);
  CHECK(get_int(ready.json, "failed") == 0);
  CHECK(get_int(ready.json, "remaining") == 0);
}
