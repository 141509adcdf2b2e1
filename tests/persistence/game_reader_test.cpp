// GameReader: listing, snapshots by turn, recovery ids, latency figures.
#include "persistence/game_reader.hpp"

#include <catch2/catch.hpp>

#include "persistence/batch_writer.hpp"
#include "persistence/statements.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::persistence;
using fourex::game::GameStatus;
using fourex::testing::TestDatabase;

namespace {

GameRow game(const std::string& id, GameStatus status) {
  GameRow g;
  g.game_id = id;
  g.status = status;
  g.config_json = "{}";
  g.players_json = "[]";
  g.max_turns = 10;
  return g;
}

std::vector<std::string> ids(const std::vector<GameRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.game_id);
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("GameReader lists games by status with limit and after",
          "[persistence][reader][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  WriteBatch b;
  b.new_games = {
      game("e", GameStatus::finished), game("a", GameStatus::active),
      game("c", GameStatus::paused),   game("b", GameStatus::active),
      game("d", GameStatus::archived), game("f", GameStatus::active)};
  writer.write(b);
  auto conn = db.connect();
  GameReader reader(*conn);

  CHECK(ids(reader.games(std::nullopt, 0, "")) == V{"a", "b", "c", "e", "f"});
  CHECK(ids(reader.games(std::nullopt, 2, "")) == V{"a", "b"});
  CHECK(ids(reader.games(std::nullopt, 2, "b")) == V{"c", "e"});
  CHECK(ids(reader.games(GameStatus::active, 0, "")) == V{"a", "b", "f"});
  CHECK(ids(reader.games(GameStatus::active, 1, "a")) == V{"b"});
  CHECK(ids(reader.games(GameStatus::active, 5, "f")).empty());
  CHECK(ids(reader.games(GameStatus::archived, 5, "")) == V{"d"});
  CHECK(reader.recoverable_game_ids() == V{"a", "b", "c", "f"});
  auto counts = reader.games_by_status();
  CHECK(counts == std::map<GameStatus, std::int64_t>{{GameStatus::active, 3},
                                                     {GameStatus::archived, 1},
                                                     {GameStatus::finished, 1},
                                                     {GameStatus::paused, 1}});

  SECTION("an unknown status is rejected by the CHECK constraint") {
    WriteBatch bad;
    // Not a GameStatus: written as "", which the constraint refuses.
    bad.new_games = {game("x", static_cast<GameStatus>(9))};
    CHECK_THROWS_AS(writer.write(bad), pqxx::check_violation);
  }
}

TEST_CASE("GameReader finds the latest snapshot at or before a turn",
          "[persistence][reader][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  WriteBatch b;
  b.new_games = {game("g", GameStatus::active),
                 game("other", GameStatus::active)};
  for (int t : {0, 10, 20}) {
    b.snapshots.push_back({.game_id = "g",
                           .turn = t,
                           .state_json = "{\"t\":" + std::to_string(t) + "}",
                           .state_hash = "h" + std::to_string(t),
                           .reason = t ? "interval" : "initial"});
  }
  b.snapshots.push_back({.game_id = "other",
                         .turn = 30,
                         .state_json = "{}",
                         .state_hash = "x",
                         .reason = "interval"});
  for (int t = 1; t <= 5; ++t) {
    b.turns.push_back({.game_id = "g",
                       .turn = t,
                       .state_hash = "h" + std::to_string(t),
                       .events_json = "[]",
                       .duration_us = t});
  }
  writer.write(b);
  auto conn = db.connect();
  GameReader reader(*conn);

  CHECK(reader.latest_snapshot("g")->turn == 20);
  CHECK(reader.latest_snapshot("g", -1)->turn == 20);
  CHECK(reader.latest_snapshot("g", 25)->turn == 20);
  CHECK(reader.latest_snapshot("g", 19)->turn == 10);
  CHECK(reader.latest_snapshot("g", 10)->state_json == "{\"t\":10}");
  CHECK(reader.latest_snapshot("g", 0)->reason == "initial");
  CHECK_FALSE(reader.latest_snapshot("none"));
  CHECK(reader.snapshot_turns("g") == std::vector<int>{0, 10, 20});

  auto t = reader.turns("g", 2, 4);
  REQUIRE(t.size() == 3);
  CHECK(t.front().turn == 2);
  CHECK(t.back().turn == 4);
  CHECK(reader.turns("g", 6, 9).empty());

  pqxx::read_transaction tx(*conn);
  CHECK(tx.exec("SELECT bytes FROM game_snapshots WHERE game_id = 'g' AND "
                "turn = 10")[0][0]
            .as<int>() == 8);
}

TEST_CASE("GameReader stats: mean and p95 latency from prompt_logs",
          "[persistence][reader][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  WriteBatch b;
  b.new_games = {game("g", GameStatus::active)};
  for (int i = 1; i <= 20; ++i) {
    PromptLogRow p;
    p.game_id = "g";
    p.player = "Alice";
    p.turn = i;
    p.latency_ms = i * 100;  // 100..2000
    b.prompt_logs.push_back(p);
  }
  PromptLogRow only;
  only.game_id = "g";
  only.player = "Carol";  // prompt logs but no stats row
  only.turn = 1;
  only.latency_ms = 40;
  b.prompt_logs.push_back(only);
  b.stats.push_back({.game_id = "g",
                     .player = "Alice",
                     .submissions = 20,
                     .llm_calls = 20,
                     .latency_ms_total = 21000,
                     .cities = 1,
                     .units = 1,
                     .techs = 1,
                     .score = 1});
  writer.write(b);
  auto conn = db.connect();
  GameReader reader(*conn);

  auto s = reader.stats("g");
  REQUIRE(s.size() == 2);
  CHECK(s[0].player == "Alice");
  CHECK(s[0].latency_ms_mean == Approx(1050));
  // percentile_cont: 0.95 * (20 - 1) = 18.05 → 1900 + 0.05 * 100.
  CHECK(s[0].latency_ms_p95 == Approx(1905));
  CHECK(s[0].submissions == 20);
  CHECK(s[1].player == "Carol");
  CHECK(s[1].submissions == 0);
  CHECK(s[1].latency_ms_p95 == Approx(40));
  CHECK(reader.stats("none").empty());
}

TEST_CASE("a token's game is found by its hash, through the players index",
          "[persistence][reader][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  WriteBatch b;
  for (const char* id : {"x", "y", "z"}) {
    auto g = game(id, GameStatus::active);
    g.players_json = std::string(R"([{"name":"Alice","token_hash":"h-)") + id +
                     R"("},{"name":"Bob","token_hash":"k-)" + id + R"("}])";
    b.new_games.push_back(g);
  }
  b.new_games.back().status = GameStatus::archived;
  writer.write(b);
  auto conn = db.connect();
  GameReader reader(*conn);
  CHECK(reader.game_of_token_hash("k-y") == std::optional<std::string>("y"));
  CHECK_FALSE(reader.game_of_token_hash("h-z"));  // archived
  CHECK_FALSE(reader.game_of_token_hash("nobody"));

  // A client picks the tokens it sends: an unknown one must not cost a scan
  // of every game. (Seq scans off: with three rows the planner would scan.)
  pqxx::work tx(*conn);
  tx.exec("SET LOCAL enable_seqscan = off");
  std::string plan;
  for (const auto& row : tx.exec_params(
           std::string("EXPLAIN ") + sql::kSelectGameOfToken.text, "nobody"))
    plan += row[0].as<std::string>() + "\n";
  INFO(plan);
  CHECK(plan.find("games_players_idx") != std::string::npos);
}
