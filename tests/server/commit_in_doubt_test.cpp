// The connection to PostgreSQL breaks right after a submission's COMMIT
// succeeded, before the writer hears so. The server must not answer 503
// ("nothing was accepted") nor forget the orders: it writes the same row
// again (recognised as a resend), answers 200 once, and memory, database
// and a later recovery agree.
#include "tests/server/server_fixture.hpp"
#include "tests/support/commit_dropping_proxy.hpp"

using namespace fourex::testing;

namespace {

// postgresql://user@host:PORT/name: where PORT starts and ends.
std::pair<std::size_t, std::size_t> port_span(const std::string& url) {
  auto colon = url.find(':', url.find('@'));
  return {colon + 1, url.find('/', colon)};
}

int port_of(const std::string& url) {
  auto [from, to] = port_span(url);
  return std::stoi(url.substr(from, to - from));
}

// The URL on another port, in plain protocol for the proxy to read.
std::string through(const std::string& url, int port) {
  auto [from, to] = port_span(url);
  return url.substr(0, from) + std::to_string(port) + url.substr(to) +
         "?sslmode=disable&gssencmode=disable";
}

}  // namespace

TEST_CASE(
    "a submission whose COMMIT answer is lost is answered 200 once and "
    "stored once",
    "[server][durability]") {
  TestDatabase db{true};
  CommitDroppingProxy proxy(port_of(db.url()));
  // No heartbeat during the test: its renewal (an UPDATE, then COMMIT)
  // must not be the transaction whose answer the proxy drops.
  ServerProcess server(through(db.url(), proxy.port()),
                       {{"WRITER_COUNT", "1"},
                        {"NODE_HEARTBEAT_MS", "300000"},
                        {"NODE_TTL_MS", "600000"}});
  server.start();
  ApiClient api(server.port());
  auto g = api.create_game(small_game("doubt"), server.admin_token());

  proxy.arm();
  auto first = api.submit("doubt", g.tokens["Alice"], "Alice", 1, "[]", "a-1");
  INFO(first.describe() << "\n" << server.log());
  CHECK(proxy.dropped() == 1);
  CHECK(first.status == 200);
  auto conn = db.connect();
  auto alice_rows = [&] {
    pqxx::nontransaction tx(*conn);
    return tx
        .exec_params1(
            "SELECT count(*) FROM player_actions WHERE game_id = "
            "'doubt' AND player = 'Alice'")[0]
        .as<int>();
  };
  CHECK(alice_rows() == 1);
  // Memory agrees with the database: the orders stand.
  auto other = api.submit("doubt", g.tokens["Alice"], "Alice", 1, "[]", "a-2");
  CHECK(other.status == 409);
  CHECK(other.error_code() == "already_submitted");
  CHECK(
      api.submit("doubt", g.tokens["Alice"], "Alice", 1, "[]", "a-1").status ==
      200);

  REQUIRE(api.submit("doubt", g.tokens["Bob"], "Bob", 1, "[]", "b-1").status ==
          200);
  auto info = api.info("doubt", server.admin_token());
  CHECK(get_int(info.json, "completed_turns") == 1);
  CHECK(alice_rows() == 1);

  // A restart rebuilds the game from the stored orders, hash checked.
  REQUIRE(server.stop() == 0);
  server.start();
  ApiClient after(server.port());
  auto rebuilt = after.info("doubt", server.admin_token());
  INFO(rebuilt.describe());
  REQUIRE(rebuilt.status == 200);
  CHECK(get_string(rebuilt.json, "state_hash") ==
        get_string(info.json, "state_hash"));
  CHECK(server.stop() == 0);
}
