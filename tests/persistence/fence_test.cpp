// The epoch fence of BatchWriter: a game's rows are stored only under the
// lease its owner row holds, on every write path (one statement, the
// transaction path, COPY, resends), and carry the epoch and node they were
// written under; a refused game costs the other games of the batch nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <catch2/catch.hpp>

#include "persistence/batch_writer.hpp"
#include "persistence/cluster_store.hpp"
#include "persistence/game_reader.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::persistence;
using fourex::game::GameStatus;
using fourex::testing::TestDatabase;

namespace {

constexpr int kTtlMs = 60000;

GameRow game_row(const std::string& id) {
  GameRow g;
  g.game_id = id;
  g.status = GameStatus::active;
  g.config_json = "{}";
  g.players_json = "[]";
  g.max_turns = 10;
  return g;
}

// Every row type of one game (turn 1 resolved), as an actor would queue it.
void add_turn(WriteBatch& b, const std::string& id, const std::string& req) {
  b.game_updates.push_back({.game_id = id,
                            .status = GameStatus::active,
                            .turn = 2,
                            .completed_turns = 1,
                            .state_hash = "h1"});
  b.actions.push_back({.game_id = id,
                       .turn = 1,
                       .player = "Alice",
                       .request_id = req,
                       .actions_json = "[]"});
  b.turns.push_back({.game_id = id,
                     .turn = 1,
                     .state_hash = "h1",
                     .events_json = "[]",
                     .duration_us = 5});
  b.snapshots.push_back({.game_id = id,
                         .turn = 1,
                         .state_json = "{}",
                         .state_hash = "h1",
                         .reason = "interval"});
  PromptLogRow log;
  log.game_id = id;
  log.player = "Alice";
  log.turn = 1;
  b.prompt_logs.push_back(log);
  StatsDelta d;
  d.game_id = id;
  d.player = "Alice";
  d.submissions = 1;
  b.stats.push_back(d);
}

// (owner_epoch, writer_node) of every row of a game, as "epoch/node"
// strings ("-/-" for NULL), one per table that has rows.
std::vector<std::string> row_owners(pqxx::connection& conn,
                                    const std::string& game_id) {
  pqxx::read_transaction tx(conn);
  std::vector<std::string> out;
  for (const char* table : {"games", "player_actions", "game_turns",
                            "game_snapshots", "prompt_logs", "player_stats"}) {
    auto r = tx.exec_params(
        std::string("SELECT coalesce(owner_epoch::text, '-') || '/' ||"
                    " coalesce(writer_node, '-') FROM ") +
            table + " WHERE game_id = $1",
        game_id);
    for (const auto& row : r) out.push_back(row[0].as<std::string>());
  }
  return out;
}

int count_rows(pqxx::connection& conn, const std::string& game_id) {
  pqxx::read_transaction tx(conn);
  return tx
      .exec_params(
          "SELECT (SELECT count(*) FROM player_actions WHERE game_id = $1) +"
          " (SELECT count(*) FROM game_turns WHERE game_id = $1) +"
          " (SELECT count(*) FROM game_snapshots WHERE game_id = $1) +"
          " (SELECT count(*) FROM prompt_logs WHERE game_id = $1) +"
          " (SELECT count(*) FROM player_stats WHERE game_id = $1)",
          game_id)[0][0]
      .as<int>();
}

void expire(pqxx::connection& conn, const std::string& node_id) {
  pqxx::work tx(conn);
  tx.exec_params(
      "UPDATE fourex_nodes SET expires_at = now() - interval '1 second'"
      " WHERE node_id = $1",
      node_id);
  tx.commit();
}

// Node "a" owns games "g" and "h" (created by it: epoch 1), node "b" is
// alive too.
struct TwoNodes {
  TwoNodes() {
    store.join("a", "http://a:1", kTtlMs);
    store.join("b", "http://b:2", kTtlMs);
    WriteBatch create;
    create.new_games = {game_row("g"), game_row("h")};
    create.leases = {{"g", a1}, {"h", a1}};
    REQUIRE(writer.write(create).empty());
  }
  TestDatabase db{true};
  std::unique_ptr<pqxx::connection> conn = db.connect();
  ClusterStore store{*conn};
  BatchWriter writer{db.url()};
  Lease a1{"a", 1};
};

}  // namespace

TEST_CASE("a new game's owner row goes in with it",
          "[persistence][fence][db]") {
  TwoNodes c;
  ClusterView v = c.store.view();
  REQUIRE(v.games.size() == 2);
  CHECK(v.games[0].node_id == std::optional<std::string>("a"));
  CHECK(v.games[0].epoch == 1);
  CHECK(row_owners(*c.conn, "g") == std::vector<std::string>{"1/a"});
  CHECK(c.store.claim("g", "a").epoch == 1);
}

TEST_CASE("rows are stored under the lease the owner row holds",
          "[persistence][fence][db]") {
  TwoNodes c;
  const std::size_t copy_threshold = GENERATE(0, 1);  // one statement; COPY
  c.writer.set_copy_threshold(copy_threshold);
  WriteBatch b;
  add_turn(b, "g", "r1");
  b.leases = {{"g", c.a1}};
  CHECK(c.writer.write(b).empty());
  CHECK(count_rows(*c.conn, "g") == 5);
  CHECK(row_owners(*c.conn, "g") ==
        std::vector<std::string>(6, std::string("1/a")));

  expire(*c.conn, "a");
  REQUIRE(c.store.claim("g", "b").epoch == 2);

  SECTION("the old owner's next batch is refused, the others' rows stored") {
    WriteBatch stale;
    add_turn(stale, "g", "r2");
    stale.actions[0].turn = 2;
    add_turn(stale, "h", "r3");  // a's too, but a is dead: refused as well
    add_turn(stale, "free", "r4");
    stale.leases = {{"g", c.a1}, {"h", c.a1}};
    WriteBatch create;
    create.new_games.push_back(game_row("free"));
    REQUIRE(c.writer.write(create).empty());  // no lease: unfenced

    CHECK(c.writer.write(stale) == std::set<std::string>{"g", "h"});
    CHECK(count_rows(*c.conn, "g") == 5);
    CHECK(count_rows(*c.conn, "h") == 0);
    CHECK(count_rows(*c.conn, "free") == 5);
    CHECK(row_owners(*c.conn, "free") ==
          std::vector<std::string>(6, std::string("-/-")));
    GameReader reader(*c.conn);
    CHECK(reader.game("g")->turn == 2);  // a's first update only
    CHECK(reader.game("h")->turn == 1);
  }
  SECTION("the new owner writes with its epoch") {
    WriteBatch next;
    add_turn(next, "g", "r1");  // a resend of a's submission: skipped
    next.turns[0].turn = 2;
    next.snapshots[0].turn = 2;
    next.leases = {{"g", Lease{"b", 2}}};
    CHECK(c.writer.write(next).empty());
    CHECK(count_rows(*c.conn, "g") == 8);  // + turn, snapshot, prompt log
    auto owners = row_owners(*c.conn, "g");
    CHECK(std::count(owners.begin(), owners.end(), "2/b") == 5);
    CHECK(std::count(owners.begin(), owners.end(), "1/a") == 4);
  }
}

TEST_CASE("the transaction path is fenced too", "[persistence][fence][db]") {
  TwoNodes c;
  c.store.release("g", c.a1);  // released: a's lease no longer holds
  WriteBatch b;
  b.new_games.push_back(game_row("n"));  // a new game: the transaction path
  add_turn(b, "g", "r1");
  add_turn(b, "n", "r2");
  b.leases = {{"g", c.a1}, {"n", c.a1}};
  CHECK(c.writer.write(b) == std::set<std::string>{"g"});
  CHECK(count_rows(*c.conn, "g") == 0);
  CHECK(count_rows(*c.conn, "n") == 5);
  CHECK(c.store.claim("n", "b").kind == Claim::Kind::peer);
}

TEST_CASE(
    "a node whose lease expired writes nothing, though nobody took "
    "its games",
    "[persistence][fence][db]") {
  TwoNodes c;
  expire(*c.conn, "a");
  WriteBatch b;
  add_turn(b, "g", "r1");
  b.leases = {{"g", c.a1}};
  CHECK(c.writer.write(b) == std::set<std::string>{"g"});
  CHECK(count_rows(*c.conn, "g") == 0);
}

TEST_CASE("a dead node's new game is refused whole",
          "[persistence][fence][db]") {
  TwoNodes c;
  expire(*c.conn, "a");
  WriteBatch b;
  b.new_games = {game_row("n"), game_row("m")};
  add_turn(b, "n", "r1");
  b.leases = {{"n", c.a1}, {"m", Lease{"b", 1}}};
  CHECK(c.writer.write(b) == std::set<std::string>{"n"});
  CHECK_FALSE(GameReader(*c.conn).game("n"));
  CHECK(count_rows(*c.conn, "n") == 0);
  CHECK(c.store.claim("m", "b").epoch == 1);
}

// Not run by default: `persistence_tests "[.bench][fence]"`. The fence's
// cost on the one-statement write, in batches shaped like the server's
// (a submission and its stats delta for each of 16 games, every fourth
// game's turn resolving), alternating fenced and unfenced rounds.
TEST_CASE("bench: the epoch fence on the one-statement write",
          "[.bench][fence]") {
  TestDatabase db{true};
  auto conn = db.connect();
  ClusterStore store(*conn);
  store.join("a", "http://a:1", 3600 * 1000);
  BatchWriter writer(db.url());
  constexpr int kGames = 64, kPerBatch = 16, kBatches = 400;
  WriteBatch create;
  for (int g = 0; g < kGames; ++g) {
    std::string id = "g";
    id.append(std::to_string(g));
    create.new_games.push_back(game_row(id));
    create.leases[id] = Lease{"a", 1};
  }
  REQUIRE(writer.write(create).empty());
  int turn = 1;
  double seconds[2] = {0, 0};
  for (int round = 0; round < 6; ++round) {
    const bool fenced = round % 2 == 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kBatches; ++i, ++turn) {
      WriteBatch b;
      for (int k = 0; k < kPerBatch; ++k) {
        std::string id = "g";
        id.append(std::to_string((i * kPerBatch + k) % kGames));
        b.actions.push_back({.game_id = id,
                             .turn = turn,
                             .player = "Alice",
                             .request_id = "r",
                             .actions_json = "[]"});
        StatsDelta d;
        d.game_id = id;
        d.player = "Alice";
        d.submissions = 1;
        b.stats.push_back(d);
        if (k % 4 == 0)
          b.game_updates.push_back({.game_id = id,
                                    .status = GameStatus::active,
                                    .turn = turn + 1,
                                    .completed_turns = turn,
                                    .state_hash = "h"});
        if (fenced) b.leases[id] = Lease{"a", 1};
      }
      REQUIRE(writer.write(b).empty());
    }
    seconds[fenced ? 1 : 0] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  }
  std::printf(
      "unfenced %.3f ms/batch, fenced %.3f ms/batch: fenced/unfenced %.3f\n",
      1000 * seconds[0] / (3 * kBatches), 1000 * seconds[1] / (3 * kBatches),
      seconds[1] / seconds[0]);
}
