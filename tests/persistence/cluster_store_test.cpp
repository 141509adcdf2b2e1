// ClusterStore against a real PostgreSQL: membership on the database's
// clock, claims, takeovers, adoption without blocking or double adoption.
// A node is made dead by moving its expiry into the past in SQL, never by
// waiting for it.
#include "persistence/cluster_store.hpp"

#include <set>

#include <catch2/catch.hpp>

#include "persistence/batch_writer.hpp"
#include "persistence/pg_array.hpp"
#include "persistence/statements.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::persistence;
using fourex::game::GameStatus;
using fourex::testing::TestDatabase;

namespace {

constexpr int kTtlMs = 60000;  // no node of these tests expires by itself

GameRow game_row(const std::string& id, GameStatus status) {
  GameRow g;
  g.game_id = id;
  g.status = status;
  g.config_json = "{}";
  g.players_json = "[]";
  g.max_turns = 10;
  return g;
}

// Games stored by a process that holds no lease: released, epoch 0.
void store_games(const TestDatabase& db, const std::vector<std::string>& ids,
                 GameStatus status = GameStatus::active) {
  WriteBatch batch;
  for (const auto& id : ids) batch.new_games.push_back(game_row(id, status));
  BatchWriter writer(db.url());
  writer.write(batch);
}

void expire(pqxx::connection& conn, const std::string& node_id) {
  pqxx::work tx(conn);
  tx.exec_params(
      "UPDATE fourex_nodes SET expires_at = now() - interval '1 second'"
      " WHERE node_id = $1",
      node_id);
  tx.commit();
}

// (node or "", epoch) of a game's owner row.
std::pair<std::string, std::int64_t> owner_of(pqxx::connection& conn,
                                              const std::string& game_id) {
  pqxx::read_transaction tx(conn);
  auto r = tx.exec_params(
      "SELECT coalesce(node_id, ''), epoch FROM game_owners WHERE game_id = "
      "$1",
      game_id);
  REQUIRE(r.size() == 1);
  return {r[0][0].as<std::string>(), r[0][1].as<std::int64_t>()};
}

struct Cluster {
  TestDatabase db{true};
  std::unique_ptr<pqxx::connection> conn = db.connect();
  ClusterStore store{*conn};
};

}  // namespace

TEST_CASE("a node renews its lease until it leaves or expires",
          "[persistence][cluster][db]") {
  Cluster c;
  c.store.join("a", "http://127.0.0.1:9001", kTtlMs);
  CHECK(c.store.renew("a", kTtlMs));
  c.store.leave("a");
  CHECK_FALSE(c.store.renew("a", kTtlMs));

  c.store.join("b", "http://127.0.0.1:9002", kTtlMs);
  expire(*c.conn, "b");
  CHECK_FALSE(c.store.renew("b", kTtlMs));  // presumed dead stays dead
  CHECK_FALSE(c.store.renew("nobody", kTtlMs));
}

TEST_CASE(
    "claims: free games are taken, a live peer's are not, a dead "
    "one's move with a new epoch",
    "[persistence][cluster][db]") {
  Cluster c;
  store_games(c.db, {"g"});
  c.store.join("a", "http://a:1", kTtlMs);
  c.store.join("b", "http://b:2", kTtlMs);

  Claim first = c.store.claim("g", "a");
  CHECK(first.kind == Claim::Kind::owned);
  CHECK(first.epoch == 1);
  CHECK_FALSE(first.took_over);  // stored, never owned
  Claim again = c.store.claim("g", "a");
  CHECK(again.kind == Claim::Kind::owned);
  CHECK(again.epoch == 1);

  Claim peer = c.store.claim("g", "b");
  CHECK(peer.kind == Claim::Kind::peer);
  CHECK(peer.owner_node == "a");
  CHECK(peer.owner_address == "http://a:1");
  CHECK(peer.expires_in_ms > 0);
  CHECK(peer.expires_in_ms <= kTtlMs);
  CHECK(owner_of(*c.conn, "g") == std::make_pair(std::string("a"), 1L));

  expire(*c.conn, "a");
  Claim taken = c.store.claim("g", "b");
  CHECK(taken.kind == Claim::Kind::owned);
  CHECK(taken.epoch == 2);
  CHECK(taken.took_over);

  SECTION("release keeps the epoch; the next claim bumps it") {
    c.store.release("g", Lease{"a", 1});  // a lost lease: no effect
    CHECK(owner_of(*c.conn, "g") == std::make_pair(std::string("b"), 2L));
    c.store.release("g", Lease{"b", 2});
    CHECK(owner_of(*c.conn, "g") == std::make_pair(std::string(), 2L));
    Claim back = c.store.claim("g", "b");
    CHECK(back.kind == Claim::Kind::owned);
    CHECK(back.epoch == 3);
    CHECK(back.took_over);
  }
  SECTION("an expired node can neither claim nor keep claiming") {
    CHECK(c.store.claim("g", "a").kind == Claim::Kind::self_expired);
    CHECK(owner_of(*c.conn, "g") == std::make_pair(std::string("b"), 2L));
  }
  SECTION("an unknown game") {
    CHECK(c.store.claim("nope", "b").kind == Claim::Kind::no_game);
  }
}

TEST_CASE("a peer that missed heartbeats for half its TTL is not forwarded to",
          "[persistence][cluster][db]") {
  Cluster c;
  store_games(c.db, {"g"});
  c.store.join("a", "http://a:1", 5000);
  c.store.join("b", "http://b:2", kTtlMs);
  REQUIRE(c.store.claim("g", "a").kind == Claim::Kind::owned);
  {
    pqxx::work tx(*c.conn);
    tx.exec(
        "UPDATE fourex_nodes SET renewed_at = now() - interval '4 seconds',"
        " expires_at = now() + interval '1 second' WHERE node_id = 'a'");
    tx.commit();
  }
  Claim claim = c.store.claim("g", "b");
  CHECK(claim.kind == Claim::Kind::peer_expired);
  CHECK(claim.owner_node == "a");
  CHECK(claim.expires_in_ms > 0);
  CHECK(claim.expires_in_ms <= 1000);
  CHECK(owner_of(*c.conn, "g").first == "a");
}

TEST_CASE("join retires earlier incarnations advertising the same address",
          "[persistence][cluster][db]") {
  Cluster c;
  store_games(c.db, {"g"});
  c.store.join("old", "http://127.0.0.1:8000", kTtlMs);
  c.store.join("other", "http://127.0.0.1:8001", kTtlMs);
  REQUIRE(c.store.claim("g", "old").kind == Claim::Kind::owned);

  c.store.join("new", "http://127.0.0.1:8000", kTtlMs);
  CHECK_FALSE(c.store.renew("old", kTtlMs));
  CHECK(c.store.renew("other", kTtlMs));
  Claim back = c.store.claim("g", "new");
  CHECK(back.kind == Claim::Kind::owned);
  CHECK(back.epoch == 2);
  CHECK(back.took_over);
}

TEST_CASE("orphans are adopted in bounded batches, only by a live node",
          "[persistence][cluster][db]") {
  Cluster c;
  store_games(c.db, {"g1", "g2", "g3"});
  store_games(c.db, {"p"}, GameStatus::paused);
  store_games(c.db, {"f"}, GameStatus::finished);
  store_games(c.db, {"idle"});
  c.store.join("dead", "http://d:1", kTtlMs);
  c.store.join("b", "http://b:2", kTtlMs);
  for (const char* id : {"g1", "g2", "g3", "p", "f"})
    REQUIRE(c.store.claim(id, "dead").kind == Claim::Kind::owned);
  expire(*c.conn, "dead");
  // Released (passivated) games wait for a request, not for adoption.
  REQUIRE(c.store.claim("idle", "b").kind == Claim::Kind::owned);
  c.store.release("idle", {"b", 1});

  c.store.join("late", "http://l:3", kTtlMs);
  expire(*c.conn, "late");
  CHECK(c.store.adopt_orphans("late", 10).empty());

  auto first = c.store.adopt_orphans("b", 2);
  REQUIRE(first.size() == 2);
  CHECK(first[0] == std::make_pair(std::string("g1"), 2L));
  CHECK(first[1] == std::make_pair(std::string("g2"), 2L));
  auto rest = c.store.adopt_orphans("b", 10);
  REQUIRE(rest.size() == 2);  // g3 and the paused game, not the finished one
  CHECK(rest[0].first == "g3");
  CHECK(rest[1].first == "p");
  CHECK(c.store.adopt_orphans("b", 10).empty());
  CHECK(owner_of(*c.conn, "f").first == "dead");
  CHECK(owner_of(*c.conn, "idle") == std::make_pair(std::string(), 1L));
}

TEST_CASE("two adopters at once: no waiting, no game adopted twice",
          "[persistence][cluster][db]") {
  Cluster c;
  store_games(c.db, {"g1", "g2", "g3", "g4", "g5"});
  c.store.join("a", "http://a:1", kTtlMs);
  c.store.join("b", "http://b:2", kTtlMs);

  // a adopts two in a transaction left open: their rows stay locked.
  auto conn_a = c.db.connect();
  pqxx::work open_tx(*conn_a);
  PgArray locked;
  for (const auto& r : open_tx.exec_params(sql::kLockOrphans.text, "a", 2))
    locked.add(r[0].as<std::string>());
  auto by_a = open_tx.exec_params(sql::kAdoptLocked.text, "a", locked.str());
  REQUIRE(by_a.size() == 2);

  // b passes over them instead of waiting (a wait would hit the timeout).
  {
    pqxx::nontransaction tx(*c.conn);
    tx.exec("SET statement_timeout = '10s'");
  }
  auto by_b = c.store.adopt_orphans("b", 10);
  CHECK(by_b.size() == 3);
  open_tx.commit();
  CHECK(c.store.adopt_orphans("b", 10).empty());

  std::set<std::string> adopted;
  for (const auto& r : by_a) adopted.insert(r[0].as<std::string>());
  for (const auto& [id, epoch] : by_b) {
    CHECK(epoch == 1);
    adopted.insert(id);
  }
  CHECK(adopted.size() == 5);
  for (const auto& r : by_a)
    CHECK(owner_of(*c.conn, r[0].as<std::string>()).first == "a");
}

TEST_CASE("the cluster view lists nodes with games owned, and owners",
          "[persistence][cluster][db]") {
  Cluster c;
  store_games(c.db, {"g1", "g2", "g3"});
  c.store.join("a", "http://a:1", kTtlMs);
  c.store.join("b", "http://b:2", kTtlMs);
  REQUIRE(c.store.claim("g1", "a").kind == Claim::Kind::owned);
  REQUIRE(c.store.claim("g2", "a").kind == Claim::Kind::owned);
  expire(*c.conn, "b");

  ClusterView v = c.store.view(2);
  REQUIRE(v.nodes.size() == 2);
  CHECK(v.nodes[0].node_id == "a");
  CHECK(v.nodes[0].address == "http://a:1");
  CHECK(v.nodes[0].alive);
  CHECK(v.nodes[0].games_owned == 2);
  CHECK(v.nodes[0].started_at.size() == 24);  // 2026-12-02T05:39:39.123Z
  CHECK(v.nodes[0].expires_at.back() == 'Z');
  CHECK(v.nodes[1].node_id == "b");
  CHECK_FALSE(v.nodes[1].alive);
  CHECK(v.nodes[1].games_owned == 0);
  REQUIRE(v.games.size() == 2);  // bounded, by game_id
  CHECK(v.games[0].game_id == "g1");
  CHECK(v.games[0].node_id == std::optional<std::string>("a"));
  CHECK(v.games[0].epoch == 1);
  CHECK(v.games[1].game_id == "g2");
  CHECK(c.store.view().games.size() == 3);
  CHECK_FALSE(c.store.view().games[2].node_id.has_value());
}

TEST_CASE(
    "a join deletes nodes dead for an hour; their games stay theirs "
    "until taken",
    "[persistence][cluster][db]") {
  Cluster c;
  store_games(c.db, {"g"});
  c.store.join("old", "http://o:1", kTtlMs);
  REQUIRE(c.store.claim("g", "old").kind == Claim::Kind::owned);
  {
    pqxx::work tx(*c.conn);
    tx.exec(
        "UPDATE fourex_nodes SET expires_at = now() - interval '2 hours'"
        " WHERE node_id = 'old'");
    tx.commit();
  }
  c.store.join("new", "http://n:2", kTtlMs);
  ClusterView v = c.store.view();
  REQUIRE(v.nodes.size() == 1);
  CHECK(v.nodes[0].node_id == "new");
  CHECK(v.games[0].node_id == std::optional<std::string>("old"));
  CHECK(c.store.adopt_orphans("new", 10) ==
        std::vector<std::pair<std::string, std::int64_t>>{{"g", 2}});
}
