// BatchWriter: every row type round trips through GameReader; a batch is
// all or nothing; failures are classified.
#include "persistence/batch_writer.hpp"

#include <chrono>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "persistence/database.hpp"
#include "persistence/game_reader.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::persistence;
using fourex::game::GameStatus;
using fourex::testing::TestDatabase;

namespace {

// Text that stresses every layer of quoting: SQL, array literals, COPY, JSON.
const std::string kNasty =
    "it's \"quoted\" \\back\\slash {a,b} NULL\nline\ttab \xc3\xa9\xe2\x82\xac"
    "\xf0\x9f\x8e\xb2";
// The same inside a JSON string (what jsonb accepts and returns).
const std::string kNastyJson =
    R"({"text": "it's \"quoted\" \\back\\slash {a,b} NULL\nline\ttab é€🎲"})";

GameRow make_game(const std::string& id,
                  GameStatus status = GameStatus::active) {
  GameRow g;
  g.game_id = id;
  g.status = status;
  g.config_json = R"({"map": {"width": 32, "height": 32}})";
  g.players_json = R"([{"name": "Alice"}, {"name": "Bob"}])";
  g.seed = 42;
  g.max_turns = 100;
  g.turn_timeout_ms = 0;
  g.state_hash = "h0";
  return g;
}

// A fresh database holding game "g", with a writer and a reader on it.
struct OneGame {
  OneGame() {
    WriteBatch setup;
    setup.new_games.push_back(make_game("g"));
    writer.write(setup);
  }
  TestDatabase db{true};
  BatchWriter writer{db.url()};
  std::unique_ptr<pqxx::connection> conn = db.connect();
  GameReader reader{*conn};
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("BatchWriter round trips every row type",
          "[persistence][writer][db]") {
  TestDatabase db{/*migrate=*/true};
  BatchWriter writer(db.url());
  auto conn = db.connect();
  GameReader reader(*conn);

  WriteBatch batch;
  GameRow g = make_game("g-1");
  g.config_json = kNastyJson;
  g.seed = -9000000000LL;
  g.turn_timeout_ms = 30000;
  g.deadline_at_ms = 1700000000123;
  batch.new_games.push_back(g);
  batch.actions.push_back({.game_id = "g-1",
                           .turn = 1,
                           .player = "Alice",
                           .request_id = "req-'1'",
                           .actions_json = R"([{"type": "pass"}])",
                           .action_count = 1});
  batch.actions.push_back({.game_id = "g-1",
                           .turn = 1,
                           .player = kNasty,
                           .actions_json = kNastyJson});
  batch.turns.push_back({.game_id = "g-1",
                         .turn = 1,
                         .state_hash = "h1",
                         .events_json = R"([{"e": 1}])",
                         .duration_us = 180});
  // The snapshot keeps its exact bytes: key order and spacing included.
  const std::string state = R"({"z":1, "a": [2,  3], "s": "é\"\\"})";
  batch.snapshots.push_back({.game_id = "g-1",
                             .turn = 1,
                             .state_json = state,
                             .state_hash = "h1",
                             .reason = "interval"});
  PromptLogRow log;
  log.game_id = "g-1";
  log.player = "Alice";
  log.turn = 1;
  log.provider = "openai-compatible";
  log.model = "m";
  log.prompt = kNasty;
  log.response = "{}";
  log.thinking = "";
  log.prompt_tokens = 812;
  log.completion_tokens = 96;
  log.thinking_tokens = 240;
  log.latency_ms = 1830;
  batch.prompt_logs.push_back(log);
  log.error = "timeout \"x\"";
  batch.prompt_logs.push_back(log);
  batch.stats.push_back({.game_id = "g-1",
                         .player = "Alice",
                         .submissions = 1,
                         .actions = 1,
                         .prompt_tokens = 812,
                         .completion_tokens = 96,
                         .thinking_tokens = 240,
                         .llm_calls = 1,
                         .latency_ms_total = 1830,
                         .cities = 3,
                         .units = 4,
                         .techs = 5,
                         .score = 6});
  const std::int64_t before = now_ms();
  SECTION("with its new game: one transaction") {}
  SECTION("for a stored game: one statement") {
    WriteBatch game;
    game.new_games = std::move(batch.new_games);
    batch.new_games.clear();
    writer.write(game);
  }
  writer.write(batch);

  auto game = reader.game("g-1");
  REQUIRE(game);
  CHECK(game->status == GameStatus::active);
  CHECK(game->config_json == kNastyJson);
  CHECK(game->players_json == R"([{"name": "Alice"}, {"name": "Bob"}])");
  CHECK(game->seed == -9000000000LL);
  CHECK(game->max_turns == 100);
  CHECK(game->turn_timeout_ms == 30000);
  CHECK(game->turn == 1);
  CHECK(game->completed_turns == 0);
  CHECK(game->state_hash == "h0");
  CHECK_FALSE(game->winner);
  REQUIRE(game->deadline_at_ms);
  CHECK(*game->deadline_at_ms == 1700000000123);
  CHECK(game->created_at_ms >= before - 5000);
  CHECK(game->updated_at_ms >= game->created_at_ms);
  CHECK_FALSE(reader.game("nope"));

  auto actions = reader.actions_from("g-1", 1);
  REQUIRE(actions.size() == 2);
  CHECK(actions[0].player == "Alice");  // ordered by turn, then player
  CHECK(actions[0].request_id == "req-'1'");
  CHECK(actions[0].actions_json == R"([{"type": "pass"}])");
  CHECK(actions[0].action_count == 1);
  CHECK(actions[0].submitted_at_ms >= before - 5000);
  CHECK(actions[1].player == kNasty);
  CHECK(actions[1].actions_json == kNastyJson);
  CHECK(reader.actions_from("g-1", 2).empty());

  auto turns = reader.turns("g-1", 1, 10);
  REQUIRE(turns.size() == 1);
  CHECK(turns[0].state_hash == "h1");
  CHECK(turns[0].events_json == R"([{"e": 1}])");
  CHECK(turns[0].duration_us == 180);

  auto snap = reader.latest_snapshot("g-1");
  REQUIRE(snap);
  CHECK(snap->state_json == state);
  CHECK(snap->state_hash == "h1");
  CHECK(snap->reason == "interval");
  CHECK(snap->turn == 1);

  auto logs = reader.prompt_logs("g-1", "", 0);
  REQUIRE(logs.size() == 2);
  CHECK(logs[0].id < logs[1].id);
  CHECK(logs[0].prompt == kNasty);
  CHECK(logs[0].thinking.empty());
  CHECK(logs[0].prompt_tokens == 812);
  CHECK(logs[0].latency_ms == 1830);
  CHECK_FALSE(logs[0].error);
  REQUIRE(logs[1].error);
  CHECK(*logs[1].error == "timeout \"x\"");
  CHECK(reader.prompt_logs("g-1", "Bob", 0).empty());
  CHECK(reader.prompt_logs("g-1", "Alice", 1).size() == 2);
  CHECK(reader.prompt_logs("g-1", "Alice", 2).empty());

  auto stats = reader.stats("g-1");
  REQUIRE(stats.size() == 1);
  CHECK(stats[0].player == "Alice");
  CHECK(stats[0].submissions == 1);
  CHECK(stats[0].prompt_tokens == 812);
  CHECK(stats[0].cities == 3);
  CHECK(stats[0].score == 6);
  CHECK(stats[0].latency_ms_mean == Approx(1830));

  SECTION("game updates replace progress, the last of a batch wins") {
    WriteBatch b;
    b.game_updates.push_back({.game_id = "g-1",
                              .status = GameStatus::active,
                              .turn = 2,
                              .completed_turns = 1,
                              .state_hash = "h1",
                              .deadline_at_ms = 1700000001000});
    b.game_updates.push_back({.game_id = "g-1",
                              .status = GameStatus::finished,
                              .turn = 3,
                              .completed_turns = 2,
                              .state_hash = "h2",
                              .winner = kNasty});
    writer.write(b);
    auto after = reader.game("g-1");
    REQUIRE(after);
    CHECK(after->status == GameStatus::finished);
    CHECK(after->turn == 3);
    CHECK(after->completed_turns == 2);
    CHECK(after->state_hash == "h2");
    REQUIRE(after->winner);
    CHECK(*after->winner == kNasty);
    CHECK_FALSE(after->deadline_at_ms);
    CHECK(after->updated_at_ms >= game->updated_at_ms);
  }

  SECTION("turns and snapshots written again keep the first row") {
    WriteBatch b;
    b.turns.push_back({.game_id = "g-1",
                       .turn = 1,
                       .state_hash = "other",
                       .events_json = "[]",
                       .duration_us = 1});
    b.turns.push_back({.game_id = "g-1",
                       .turn = 2,
                       .state_hash = "h2",
                       .events_json = "[]",
                       .duration_us = 1});
    b.snapshots.push_back({.game_id = "g-1",
                           .turn = 1,
                           .state_json = "{}",
                           .state_hash = "other",
                           .reason = "admin"});
    writer.write(b);
    auto t = reader.turns("g-1", 1, 2);
    REQUIRE(t.size() == 2);
    CHECK(t[0].state_hash == "h1");
    CHECK(t[1].state_hash == "h2");
    CHECK(reader.latest_snapshot("g-1")->state_hash == "h1");
  }

  SECTION("the COPY path stores the same bytes") {
    writer.set_copy_threshold(1);
    WriteBatch b;
    b.actions.push_back({.game_id = "g-1",
                         .turn = 2,
                         .player = kNasty,
                         .request_id = "r\\1",
                         .actions_json = kNastyJson,
                         .action_count = 7});
    b.actions.push_back(
        {.game_id = "g-1", .turn = 2, .player = "Bob", .actions_json = "[]"});
    writer.write(b);
    auto a = reader.actions_from("g-1", 2);
    REQUIRE(a.size() == 2);
    CHECK(a[0].player == "Bob");
    CHECK(a[1].player == kNasty);
    CHECK(a[1].request_id == "r\\1");
    CHECK(a[1].actions_json == kNastyJson);
    CHECK(a[1].action_count == 7);
  }
}

TEST_CASE("BatchWriter: duplicate game → GameExists, nothing written",
          "[persistence][writer][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  auto conn = db.connect();
  GameReader reader(*conn);
  WriteBatch first;
  first.new_games.push_back(make_game("dup"));
  writer.write(first);

  WriteBatch second;
  second.new_games.push_back(make_game("fresh"));
  second.new_games.push_back(make_game("dup", GameStatus::paused));
  try {
    writer.write(second);
    FAIL("no GameExists");
  } catch (const GameExists& e) {
    CHECK(e.game_id() == "dup");
  }
  CHECK_FALSE(reader.game("fresh"));
  CHECK(reader.game("dup")->status == GameStatus::active);

  SECTION("the same id twice in one batch") {
    WriteBatch b;
    b.new_games.push_back(make_game("twin"));
    b.new_games.push_back(make_game("twin"));
    CHECK_THROWS_AS(writer.write(b), GameExists);
    CHECK_FALSE(reader.game("twin"));
  }
  // The writer's connection is still usable.
  WriteBatch third;
  third.new_games.push_back(make_game("fresh"));
  writer.write(third);
  CHECK(reader.game("fresh"));
}

TEST_CASE_METHOD(OneGame, "BatchWriter: a batch failing midway writes nothing",
                 "[persistence][writer][db]") {
  WriteBatch bad;
  bad.game_updates.push_back({.game_id = "g",
                              .status = GameStatus::paused,
                              .turn = 1,
                              .state_hash = "h0"});
  bad.actions.push_back(
      {.game_id = "g", .turn = 1, .player = "Alice", .actions_json = "[]"});
  bad.actions.push_back({.game_id = "missing-game",
                         .turn = 1,
                         .player = "Bob",
                         .actions_json = "[]"});
  bad.stats.push_back({.game_id = "g", .player = "Alice", .submissions = 1});
  CHECK_THROWS_AS(writer.write(bad), pqxx::foreign_key_violation);
  CHECK(reader.actions_from("g", 0).empty());
  CHECK(reader.game("g")->status == GameStatus::active);
  CHECK(reader.stats("g").empty());

  SECTION("the COPY path fails the same way") {
    writer.set_copy_threshold(1);
    CHECK_THROWS_AS(writer.write(bad), pqxx::foreign_key_violation);
    CHECK(reader.actions_from("g", 0).empty());
  }
  SECTION("malformed JSON is rejected the same way") {
    WriteBatch b;
    b.actions.push_back({.game_id = "g",
                         .turn = 1,
                         .player = "Alice",
                         .actions_json = "[not json"});
    CHECK_THROWS_AS(writer.write(b), pqxx::data_exception);
  }
  SECTION("a NUL byte is rejected before anything is sent") {
    WriteBatch b;
    b.actions.push_back({.game_id = "g",
                         .turn = 1,
                         .player = std::string("A\0B", 3),
                         .actions_json = "[]"});
    CHECK_THROWS_AS(writer.write(b), std::invalid_argument);
    writer.set_copy_threshold(1);
    CHECK_THROWS_AS(writer.write(b), std::invalid_argument);
    b.actions[0].player = "A";
    b.actions[0].actions_json = std::string("[\"\0\"]", 5);
    CHECK_THROWS_AS(writer.write(b), std::invalid_argument);
  }
  SECTION("other orders for a stored submission are a unique violation") {
    WriteBatch b;
    b.actions.push_back(
        {.game_id = "g", .turn = 1, .player = "Alice", .actions_json = "[]"});
    writer.write(b);
    b.actions[0].actions_json = R"([{"type":"pass"}])";
    CHECK_THROWS_AS(writer.write(b), pqxx::unique_violation);
  }
  // Still usable afterwards.
  WriteBatch good;
  good.actions.push_back(
      {.game_id = "g", .turn = 5, .player = "Alice", .actions_json = "[]"});
  writer.write(good);
  CHECK(reader.actions_from("g", 5).size() == 1);
}

TEST_CASE_METHOD(OneGame,
                 "BatchWriter: a resend with the stored request_id is skipped, "
                 "another request_id is a unique violation",
                 "[persistence][writer][db]") {
  // A submission and its stats delta, as the game actor sends them.
  auto submission = [](const std::string& player, int turn,
                       const std::string& request_id) {
    WriteBatch b;
    b.actions.push_back({.game_id = "g",
                         .turn = turn,
                         .player = player,
                         .request_id = request_id,
                         .actions_json = "[]",
                         .action_count = 2});
    b.stats.push_back(
        {.game_id = "g", .player = player, .submissions = 1, .actions = 2});
    return b;
  };
  auto first = submission("Alice", 1, "r-1");
  writer.write(first);  // committed; say the client never heard so

  SECTION("through the multi-row INSERT") {}
  SECTION("through COPY") { writer.set_copy_threshold(1); }

  // The resend, batched with another player's new submission.
  auto resend = submission("Alice", 1, "r-1");
  auto other = submission("Bob", 1, "r-2");
  resend.actions.push_back(other.actions[0]);
  resend.stats.push_back(other.stats[0]);
  writer.write(resend);

  auto rows = reader.actions_from("g", 1);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].player == "Alice");
  CHECK(rows[0].request_id == "r-1");
  CHECK(rows[1].player == "Bob");
  auto stats = reader.stats("g");
  REQUIRE(stats.size() == 2);
  CHECK(stats[0].player == "Alice");
  CHECK(stats[0].submissions == 1);  // counted once
  CHECK(stats[0].actions == 2);
  CHECK(stats[1].submissions == 1);

  // Other orders for a stored turn are still refused, and nothing of
  // their batch is written.
  auto conflict = submission("Alice", 1, "r-other");
  conflict.actions.push_back({.game_id = "g",
                              .turn = 2,
                              .player = "Bob",
                              .request_id = "r-3",
                              .actions_json = "[]"});
  CHECK_THROWS_AS(writer.write(conflict), pqxx::unique_violation);
  CHECK_THROWS_AS(writer.write(submission("Alice", 1, "")),
                  pqxx::unique_violation);
  CHECK(reader.actions_from("g", 2).empty());
  CHECK(reader.stats("g")[0].submissions == 1);
}

TEST_CASE_METHOD(
    OneGame,
    "BatchWriter: without a request_id, the same orders again are a resend "
    "(a commit in doubt rewritten), other orders a unique violation",
    "[persistence][writer][db]") {
  WriteBatch b;
  // jsonb compares by value: the stored text may be spaced differently.
  b.actions.push_back({.game_id = "g",
                       .turn = 1,
                       .player = "Alice",
                       .actions_json = R"([{"type":"pass"}])",
                       .action_count = 1});
  b.stats.push_back(
      {.game_id = "g", .player = "Alice", .submissions = 1, .actions = 1});
  writer.write(b);
  writer.write(b);
  CHECK(reader.actions_from("g", 1).size() == 1);
  CHECK(reader.stats("g")[0].submissions == 1);

  b.actions[0].actions_json = "[]";
  CHECK_THROWS_AS(writer.write(b), pqxx::unique_violation);
  b.actions[0].actions_json = R"([{"type":"pass"}])";
  b.actions[0].request_id = "late-id";
  CHECK_THROWS_AS(writer.write(b), pqxx::unique_violation);
}

TEST_CASE(
    "BatchWriter: a connection killed between writes → "
    "DatabaseUnavailable, then reconnects",
    "[persistence][writer][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  WriteBatch setup;
  setup.new_games.push_back(make_game("g"));
  writer.write(setup);

  auto admin = db.connect();
  {
    pqxx::nontransaction tx(*admin);
    auto r = tx.exec_params(
        "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
        "WHERE datname = $1 AND pid <> pg_backend_pid()",
        db.name());
    REQUIRE(r[0][0].as<int>() >= 1);  // and gone: the timeout waits for it
  }
  WriteBatch b;
  b.actions.push_back(
      {.game_id = "g", .turn = 1, .player = "Alice", .actions_json = "[]"});
  // The server closed the idle connection: nothing was sent, so the
  // failure is not in doubt.
  try {
    writer.write(b);
    FAIL("the write succeeded on a terminated connection");
  } catch (const CommitInDoubt& e) {
    FAIL("reported in doubt: " << e.what());
  } catch (const DatabaseUnavailable&) {
  }
  writer.write(b);  // a fresh connection
  GameReader reader(*admin);
  CHECK(reader.actions_from("g", 1).size() == 1);
}

TEST_CASE_METHOD(OneGame,
                 "BatchWriter: a progress update behind the stored turn "
                 "changes nothing; one at the same turn applies",
                 "[persistence][writer][db]") {
  auto update = [](int turn, GameStatus status) {
    WriteBatch b;
    b.game_updates.push_back({.game_id = "g",
                              .status = status,
                              .turn = turn,
                              .completed_turns = turn - 1,
                              .state_hash = "h" + std::to_string(turn - 1)});
    return b;
  };
  bool in_one_statement = true;
  SECTION("in one statement") {}
  SECTION("in the transaction path (a batch creating a game)") {
    in_one_statement = false;
  }
  auto write = [&](WriteBatch b) {
    if (!in_one_statement) {
      static int n = 0;
      b.new_games.push_back(make_game("other-" + std::to_string(++n)));
    }
    writer.write(b);
  };
  write(update(7, GameStatus::active));
  write(update(5, GameStatus::active));  // a writer that fell behind
  auto g = reader.game("g");
  REQUIRE(g);
  CHECK(g->turn == 7);
  CHECK(g->completed_turns == 6);
  CHECK(g->state_hash == "h6");
  write(update(7, GameStatus::paused));
  CHECK(reader.game("g")->status == GameStatus::paused);
  write(update(8, GameStatus::active));
  CHECK(reader.game("g")->turn == 8);
}

TEST_CASE("BatchWriter: stats upsert adds counters, keeps absent gauges",
          "[persistence][writer][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  auto conn = db.connect();
  GameReader reader(*conn);
  WriteBatch b;
  b.new_games.push_back(make_game("g"));
  b.stats.push_back({.game_id = "g",
                     .player = "Bob",
                     .submissions = 1,
                     .actions = 2,
                     .rejected_actions = 1,
                     .prompt_tokens = 10,
                     .completion_tokens = 20,
                     .thinking_tokens = 30,
                     .llm_calls = 1,
                     .latency_ms_total = 100,
                     .cities = 1,
                     .units = 2,
                     .techs = 3,
                     .score = 4});
  // Two deltas of one player in one batch are merged.
  b.stats.push_back({.game_id = "g",
                     .player = "Bob",
                     .submissions = 1,
                     .actions = 3,
                     .units = 5});
  b.stats.push_back({.game_id = "g", .player = "Alice", .submissions = 1});
  writer.write(b);
  WriteBatch c;
  c.stats.push_back({.game_id = "g",
                     .player = "Bob",
                     .submissions = 1,
                     .actions = 1,
                     .rejected_actions = 1,
                     .prompt_tokens = 1,
                     .completion_tokens = 1,
                     .thinking_tokens = 1,
                     .llm_calls = 1,
                     .latency_ms_total = 50,
                     .techs = 9});
  writer.write(c);

  auto s = reader.stats("g");
  REQUIRE(s.size() == 2);
  CHECK(s[0].player == "Alice");
  CHECK(s[0].submissions == 1);
  CHECK(s[0].cities == 0);  // never reported
  CHECK(s[1].player == "Bob");
  CHECK(s[1].submissions == 3);
  CHECK(s[1].actions == 6);
  CHECK(s[1].rejected_actions == 2);
  CHECK(s[1].prompt_tokens == 11);
  CHECK(s[1].completion_tokens == 21);
  CHECK(s[1].thinking_tokens == 31);
  CHECK(s[1].llm_calls == 2);
  CHECK(s[1].cities == 1);
  CHECK(s[1].units == 5);
  CHECK(s[1].techs == 9);
  CHECK(s[1].score == 4);
  // No prompt logs: the mean falls back to latency_ms_total / llm_calls.
  CHECK(s[1].latency_ms_mean == Approx(75));
  CHECK(s[1].latency_ms_p95 == 0);
}

TEST_CASE(
    "SQL_DEBUG logs each statement with its SQL and duration, without "
    "changing results",
    "[persistence][writer][db]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  std::ostringstream out;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out)));
  set_sql_debug(true);
  WriteBatch b;
  b.new_games.push_back(make_game("g"));
  CHECK_NOTHROW(writer.write(b));
  // A stored game's rows: one statement, its own implicit transaction.
  WriteBatch submission;
  submission.actions.push_back(
      {.game_id = "g", .turn = 1, .player = "Bob", .actions_json = "[]"});
  submission.stats.push_back(
      {.game_id = "g", .player = "Bob", .submissions = 1});
  CHECK_NOTHROW(writer.write(submission));
  set_sql_debug(false);
  WriteBatch quiet;
  quiet.actions.push_back(
      {.game_id = "g", .turn = 1, .player = "Alice", .actions_json = "[]"});
  writer.write(quiet);
  spdlog::set_default_logger(previous);

  auto log = out.str();
  INFO(log);
  CHECK(log.find("sql insert_games ") != std::string::npos);
  CHECK(log.find(" INSERT INTO games (game_id, status,") != std::string::npos);
  auto count = [&](const std::string& text) {
    std::size_t n = 0;
    for (auto at = log.find(text); at != std::string::npos;
         at = log.find(text, at + 1))
      ++n;
    return n;
  };
  CHECK(count("sql commit ") == 1);       // the new game's transaction only
  CHECK(count("sql write_batch ") == 1);  // not the quiet one
  CHECK(count(" rows: WITH lease AS ( SELECT") == 1);
  auto conn = db.connect();
  CHECK(GameReader(*conn).game("g"));
}

// Not run by default: `persistence_tests "[.bench]"`. Compares the two ways
// of writing player_actions, one transaction per batch.
TEST_CASE("bench: player_actions COPY vs multi-row INSERT",
          "[.bench][persistence]") {
  TestDatabase db{true};
  BatchWriter writer(db.url());
  WriteBatch setup;
  for (int g = 0; g < 100; ++g) {
    setup.new_games.push_back(
        make_game(std::string("g").append(std::to_string(g))));
  }
  writer.write(setup);
  int turn = 1;
  for (std::size_t size : {1, 10, 100, 500, 2000}) {
    for (bool copy : {false, true}) {
      writer.set_copy_threshold(copy ? 1 : 0);
      const int batches = size >= 500 ? 20 : 200;
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < batches; ++i, ++turn) {
        WriteBatch b;
        for (std::size_t r = 0; r < size; ++r) {
          // (append, not "P" + to_string: GCC 12 -Wrestrict false positive)
          std::string game_id = "g", player = "P";
          game_id.append(std::to_string(r % 100));
          player.append(std::to_string(r / 100));
          b.actions.push_back(
              {.game_id = game_id,
               .turn = turn,
               .player = player,
               .request_id = "req",
               .actions_json =
                   R"([{"type": "move_unit", "unit_id": 3, "to": [4, 5]}])",
               .action_count = 1});
        }
        writer.write(b);
      }
      double s = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - start)
                     .count();
      std::printf("%-6s batch %5zu: %8.0f rows/s, %7.3f ms/batch\n",
                  copy ? "COPY" : "INSERT", size, double(batches * size) / s,
                  1000 * s / batches);
    }
  }
}
