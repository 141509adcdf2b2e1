// The race the fence closes, replayed deterministically on a real
// PostgreSQL with two connections: one transaction is left open at the
// point of interest, and the other side's statement is observed waiting in
// pg_locks (a bounded wait) before the first commits. No sleeps.
//
// The old owner (node a, epoch 1) writes a submission while the new owner
// (node b) claims the game; in both orders the submission is either stored
// and seen by the new owner when it loads the game, or refused (the writer
// learns it and answers "game moved"): never acknowledged and unknown. The
// guard test shows that the same join without FOR SHARE loses it.
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "persistence/batch_writer.hpp"
#include "persistence/cluster_store.hpp"
#include "persistence/game_reader.hpp"
#include "persistence/pg_array.hpp"
#include "persistence/statements.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::persistence;
using fourex::game::GameStatus;
using fourex::testing::TestDatabase;

namespace {

constexpr int kTtlMs = 60000;
constexpr auto kLockWaitBound = std::chrono::seconds(20);

// Game "g" created by node a (epoch 1); node b alive.
struct Race {
  Race() {
    store.join("a", "http://a:1", kTtlMs);
    store.join("b", "http://b:2", kTtlMs);
    WriteBatch create;
    GameRow g;
    g.game_id = "g";
    g.status = GameStatus::active;
    g.config_json = "{}";
    g.players_json = "[]";
    g.max_turns = 10;
    create.new_games.push_back(g);
    create.leases = {{"g", Lease{"a", 1}}};
    BatchWriter writer(db.url());
    REQUIRE(writer.write(create).empty());
  }
  TestDatabase db{true};
  std::unique_ptr<pqxx::connection> conn = db.connect();
  ClusterStore store{*conn};
};

// Waits until some backend of this database waits for a lock.
void wait_for_lock_wait(const TestDatabase& db) {
  auto conn = db.connect();
  const auto deadline = std::chrono::steady_clock::now() + kLockWaitBound;
  while (std::chrono::steady_clock::now() < deadline) {
    pqxx::nontransaction tx(*conn);
    auto waiting = tx.exec(
        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a"
        " ON a.pid = l.pid"  // a row lock waits on a transaction id
        " WHERE NOT l.granted AND a.datname = current_database()");
    if (waiting[0][0].as<int>() > 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL("no statement waited for a lock");
}

// a's submission of turn 1 through the fenced player_actions statement
// `text` (the transaction path's form), in tx. Returns the rows inserted.
std::size_t submit_as_a(pqxx::transaction_base& tx, const std::string& text) {
  PgArray lid, lnode, lepoch, id, turn, player, request, json, count;
  lid.add("g");
  lnode.add("a");
  lepoch.add(std::int64_t{1});
  id.add("g");
  turn.add(1);
  player.add("Alice");
  request.add("acked");
  json.add("[]");
  count.add(0);
  return tx
      .exec_params(text, lid.str(), lnode.str(), lepoch.str(), id.str(),
                   turn.str(), player.str(), request.str(), json.str(),
                   count.str())
      .size();
}

void expire(pqxx::connection& conn, const std::string& node_id) {
  pqxx::work tx(conn);
  tx.exec_params(
      "UPDATE fourex_nodes SET expires_at = now() WHERE node_id = $1", node_id);
  tx.commit();
}

// What the new owner loads of the game: the submissions of turn 1.
std::size_t loaded_submissions(const TestDatabase& db) {
  auto conn = db.connect();
  GameReader reader(*conn);
  return reader.actions_from("g", 1, 1).size();
}

std::size_t stored_submissions(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  return tx
      .exec(
          "SELECT count(*) FROM player_actions WHERE game_id = 'g' AND"
          " owner_epoch = 1 AND writer_node = 'a'")[0][0]
      .as<std::size_t>();
}

}  // namespace

TEST_CASE(
    "old owner writes, then the new owner claims: the claim waits and "
    "sees the row",
    "[persistence][fence][race][db]") {
  Race r;
  auto writer_conn = r.db.connect();
  pqxx::work write(*writer_conn);
  REQUIRE(submit_as_a(write, sql::kInsertActions.text) == 1);  // in flight

  expire(*r.conn, "a");  // a dies with its write in flight
  auto claim_conn = r.db.connect();
  auto claim = std::async(std::launch::async, [&] {
    ClusterStore store(*claim_conn);
    return store.claim("g", "b");
  });
  wait_for_lock_wait(r.db);  // the claim waits for the fenced write
  write.commit();            // acknowledged to the client

  Claim c = claim.get();
  REQUIRE(c.kind == Claim::Kind::owned);
  CHECK(c.epoch == 2);
  CHECK(c.took_over);
  CHECK(loaded_submissions(r.db) == 1);  // the new owner knows the orders
  CHECK(stored_submissions(*r.conn) == 1);
}

TEST_CASE(
    "new owner claims, then the old owner writes: the write waits and "
    "is refused",
    "[persistence][fence][race][db]") {
  Race r;
  // b takes the game over in a transaction left open (as claim does: the
  // owner row locked FOR UPDATE, then epoch + 1).
  auto claim_conn = r.db.connect();
  pqxx::work claim(*claim_conn);
  REQUIRE(claim.exec_params(sql::kLockOwner.text, "g").size() == 1);
  REQUIRE(claim.exec_params(sql::kTakeOwner.text, "g", "b")[0][0].as<int>() ==
          2);

  // a is still alive in its own writes' clock: only the lock stops them.
  SECTION("the one-statement write") {
    auto refused = std::async(std::launch::async, [&] {
      BatchWriter writer(r.db.url());
      WriteBatch b;
      b.actions.push_back({.game_id = "g",
                           .turn = 1,
                           .player = "Alice",
                           .request_id = "acked",
                           .actions_json = "[]"});
      b.leases = {{"g", Lease{"a", 1}}};
      return writer.write(b);
    });
    wait_for_lock_wait(r.db);
    claim.commit();
    CHECK(refused.get() == std::set<std::string>{"g"});
  }
  SECTION("the transaction path") {
    auto writer_conn = r.db.connect();
    pqxx::work write(*writer_conn);
    auto inserted = std::async(std::launch::async, [&] {
      return submit_as_a(write, sql::kInsertActions.text);
    });
    wait_for_lock_wait(r.db);
    claim.commit();
    CHECK(inserted.get() == 0);
    write.commit();
  }
  CHECK(stored_submissions(*r.conn) == 0);
  CHECK(loaded_submissions(r.db) == 0);
}

TEST_CASE(
    "guard: without FOR SHARE the claim does not wait and an "
    "acknowledged submission is lost",
    "[persistence][fence][race][db]") {
  Race r;
  // The same statement, minus the lock (production code has no such form).
  std::string naive = sql::kInsertActions.text;
  const std::string lock = "FOR SHARE OF o";
  const auto at = naive.find(lock);
  REQUIRE(at != std::string::npos);
  naive.erase(at, lock.size());

  auto writer_conn = r.db.connect();
  pqxx::work write(*writer_conn);
  REQUIRE(submit_as_a(write, naive) == 1);  // in flight, passed the check

  expire(*r.conn, "a");
  Claim c = r.store.claim("g", "b");  // does not wait
  REQUIRE(c.kind == Claim::Kind::owned);
  CHECK(c.epoch == 2);
  const std::size_t loaded = loaded_submissions(r.db);  // b loads the game
  write.commit();  // acknowledged to the client

  CHECK(loaded == 0);                       // unknown to the new owner...
  CHECK(stored_submissions(*r.conn) == 1);  // ...yet stored under epoch 1
}

TEST_CASE("a claim that changes nothing does not wait for a write in flight",
          "[persistence][fence][race][db]") {
  Race r;
  auto writer_conn = r.db.connect();
  pqxx::work write(*writer_conn);
  REQUIRE(submit_as_a(write, sql::kInsertActions.text) == 1);  // in flight
  {
    pqxx::nontransaction tx(*r.conn);  // a wait fails instead of hanging
    tx.exec("SET statement_timeout = '10s'");
  }
  Claim peer = r.store.claim("g", "b");
  CHECK(peer.kind == Claim::Kind::peer);
  CHECK(peer.owner_address == "http://a:1");
  Claim mine = r.store.claim("g", "a");
  CHECK(mine.kind == Claim::Kind::owned);
  CHECK(mine.epoch == 1);
  write.commit();
}

TEST_CASE(
    "a claim that waited for another node's takeover leaves the game to "
    "that node, alive",
    "[persistence][cluster][race][db]") {
  Race r;
  r.store.join("c", "http://c:3", kTtlMs);
  expire(*r.conn, "a");
  // b takes a's game over, in a transaction left open (as a claim or an
  // adoption does: the owner row locked, then b with epoch + 1).
  auto takeover_conn = r.db.connect();
  pqxx::work takeover(*takeover_conn);
  REQUIRE(takeover.exec_params(sql::kLockOwner.text, "g").size() == 1);
  REQUIRE(
      takeover.exec_params(sql::kTakeOwner.text, "g", "b")[0][0].as<int>() ==
      2);

  // c finds a dead and claims too: it waits for b's lock. Once b commits,
  // c must see b alive (a read of b's node row as it was before the wait
  // showed no live owner, and c took the game from b).
  auto claim_conn = r.db.connect();
  auto claim = std::async(std::launch::async, [&] {
    ClusterStore store(*claim_conn);
    return store.claim("g", "c");
  });
  wait_for_lock_wait(r.db);
  takeover.commit();

  Claim c = claim.get();
  CHECK(c.kind == Claim::Kind::peer);
  CHECK(c.owner_node == "b");
  CHECK(c.owner_address == "http://b:2");
  pqxx::read_transaction tx(*r.conn);
  auto owner =
      tx.exec1("SELECT node_id, epoch FROM game_owners WHERE game_id = 'g'");
  CHECK(owner[0].as<std::string>() == "b");
  CHECK(owner[1].as<int>() == 2);
}
