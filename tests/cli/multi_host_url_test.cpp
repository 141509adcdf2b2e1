// DATABASE_URL in libpq's multi-host form: fourex connects to the first
// host that serves (target_session_attrs=read-write: the primary), and with
// no host reachable it stops at start with one line and exit status 2.
#include <algorithm>

#include <catch2/catch.hpp>

#include "tests/cli/run_fourex.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

// `url` (postgresql://user@host:port/db) with a host that refuses
// connections put first, and target_session_attrs=read-write.
std::string behind_a_dead_host(const std::string& url) {
  auto at = url.find('@') + 1;
  return url.substr(0, at) +
         "127.0.0.1:" + std::to_string(free_loopback_port()) + "," +
         url.substr(at) + "?target_session_attrs=read-write";
}

}  // namespace

TEST_CASE("a URL whose first host is unreachable connects to the second",
          "[cli][multihost]") {
  TestDatabase db(true);
  const auto url = behind_a_dead_host(db.url());
  auto check = run_fourex("db check", url);
  INFO(url << "\n" << check.err);
  CHECK(check.status == 0);
  CHECK_THAT(check.out, Catch::Contains("PostgreSQL 15"));

  ServerProcess server(url);
  server.start();
  ApiClient api(server.port());
  CHECK(api.get("/readyz").status == 200);
  GameSpec spec;
  spec.game_id = "multi-host";
  spec.players = {"A", "B"};
  auto game = api.create_game(spec, server.admin_token());
  CHECK(game.game_id == "multi-host");
  CHECK(server.stop() == 0);
}

TEST_CASE("a URL with no reachable host stops serve with one line, exit 2",
          "[cli][multihost]") {
  const auto first = std::to_string(free_loopback_port());
  const auto second = std::to_string(free_loopback_port());
  auto r = run_shell(shell_quote(FOUREX_BINARY) + " serve --port 0",
                     {{"DATABASE_URL", "postgresql://fourex:secret@127.0.0.1:" +
                                           first + ",127.0.0.1:" + second +
                                           "/fourex?target_session_attrs="
                                           "read-write&sslmode=disable"}});
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot connect to PostgreSQL"));
  CHECK_THAT(r.err, Catch::Contains("port " + first));
  CHECK_THAT(r.err, Catch::Contains("port " + second));
  CHECK_THAT(r.err, !Catch::Contains("secret"));
}
