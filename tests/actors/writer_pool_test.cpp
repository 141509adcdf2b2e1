// WriterPool: one queue shared by WRITER_COUNT writers; a batch holds the
// rows of several games; a game's jobs are committed in the order queued,
// never in two batches at once.
#include "actors/writer_pool.hpp"

#include <chrono>
#include <future>
#include <thread>

#include <catch2/catch.hpp>

#include "persistence/batch_writer.hpp"
#include "persistence/game_reader.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex;
using fourex::game::GameStatus;
using fourex::testing::TestDatabase;

namespace {

// A database holding the games `ids`, and a connection to look at it.
struct Games {
  explicit Games(const std::vector<std::string>& ids) {
    persistence::WriteBatch setup;
    for (const auto& id : ids) {
      persistence::GameRow g;
      g.game_id = id;
      g.status = GameStatus::active;
      g.config_json = "{}";
      g.players_json = R"([{"name": "Alice"}])";
      g.turn = 5;
      g.completed_turns = 4;
      g.state_hash = "h4";
      setup.new_games.push_back(g);
    }
    persistence::BatchWriter(db.url()).write(setup);
  }
  config::Config settings(int writers, int linger_us) const {
    config::Config c;
    c.database_url = db.url();
    c.writer_count = writers;
    c.writer_linger_us = linger_us;
    return c;
  }
  long scalar(const std::string& sql) {
    pqxx::nontransaction tx(*conn);
    return tx.exec1(sql)[0].as<long>();
  }
  // Statements of this database waiting for a lock (the test's).
  long waiting() {
    return scalar(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
        "current_database() AND wait_event_type = 'Lock'");
  }
  // Waits (bounded) until `n` statements wait for a lock.
  bool lock_waiters(long n) {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (waiting() != n) {
      if (std::chrono::steady_clock::now() > give_up) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }
  TestDatabase db{true};
  std::unique_ptr<pqxx::connection> conn = db.connect();
};

persistence::GameUpdate progress(const std::string& id, int turn,
                                 GameStatus status = GameStatus::active) {
  return {.game_id = id,
          .status = status,
          .turn = turn,
          .completed_turns = turn - 1,
          .state_hash = "h"};
}

// A job with `rows` whose outcome the returned future tells.
actors::WriteJob job(persistence::WriteBatch rows,
                     std::vector<std::future<actors::WriteStatus>>& outcomes) {
  auto done = std::make_shared<std::promise<actors::WriteStatus>>();
  outcomes.push_back(done->get_future());
  return {std::move(rows),
          [done](const actors::WriteStatus& s) { done->set_value(s); }};
}

persistence::WriteBatch update(persistence::GameUpdate u) {
  persistence::WriteBatch b;
  b.game_updates.push_back(std::move(u));
  return b;
}

persistence::WriteBatch submission(const std::string& id) {
  persistence::WriteBatch b;
  b.actions.push_back({.game_id = id,
                       .turn = 5,
                       .player = "Alice",
                       .request_id = "r",
                       .actions_json = "[]"});
  return b;
}

}  // namespace

TEST_CASE(
    "WriterPool: what queues during a commit goes in one batch, whichever "
    "games; a game's jobs wait for its batch in flight",
    "[actors][writer][db]") {
  Games games({"a", "b", "c", "d"});
  // A long linger: the second writer gathers until the first commit ends.
  actors::WriterPool pool(games.settings(2, 10'000'000));
  std::vector<std::future<actors::WriteStatus>> outcomes;

  // Game a's first update waits on a row lock the test holds.
  auto blocker = games.db.connect();
  pqxx::work lock(*blocker);
  lock.exec("SELECT 1 FROM games WHERE game_id = 'a' FOR UPDATE");
  REQUIRE(pool.submit("a", job(update(progress("a", 6)), outcomes),
                      actors::Admission::bounded));
  REQUIRE(games.lock_waiters(1));

  // The same turn, paused: it must land after the first update, although
  // the other writer is free.
  REQUIRE(pool.submit(
      "a", job(update(progress("a", 6, GameStatus::paused)), outcomes),
      actors::Admission::bounded));
  for (const char* id : {"b", "c", "d"})
    REQUIRE(pool.submit(id, job(submission(id), outcomes),
                        actors::Admission::bounded));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(games.waiting() == 1);  // the second update was not taken
  CHECK(games.scalar("SELECT count(*) FROM player_actions") == 0);
  CHECK(pool.figures().batches == 0);
  lock.abort();

  for (auto& f : outcomes) {
    REQUIRE(f.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    CHECK(f.get().ok());
  }
  pool.stop();
  auto f = pool.figures();
  CHECK(f.jobs == 5);
  CHECK(f.batches == 2);  // {a}, then {a, b, c, d}
  CHECK(f.queue_depth == 0);
  CHECK(games.scalar("SELECT count(*) FROM player_actions") == 3);
  auto stored = persistence::GameReader(*games.conn).game("a");
  REQUIRE(stored);
  CHECK(stored->turn == 6);
  CHECK(stored->status == GameStatus::paused);
}

TEST_CASE("WriterPool: WRITER_COUNT writers commit at once, no more",
          "[actors][writer][db]") {
  Games games({"a", "b", "c"});
  actors::WriterPool pool(games.settings(2, 0));
  std::vector<std::future<actors::WriteStatus>> outcomes;

  auto blocker = games.db.connect();
  pqxx::work lock(*blocker);
  lock.exec("SELECT 1 FROM games FOR UPDATE");
  for (const char* id : {"a", "b", "c"}) {
    REQUIRE(pool.submit(id, job(update(progress(id, 6)), outcomes),
                        actors::Admission::bounded));
    // Each job is in its own batch: the next one comes once it is taken.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(games.lock_waiters(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(games.waiting() == 2);
  CHECK(pool.figures().queue_depth == 3);
  lock.abort();

  for (auto& f : outcomes) {
    REQUIRE(f.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    CHECK(f.get().ok());
  }
  CHECK(games.scalar("SELECT count(*) FROM games WHERE turn = 6") == 3);
}

TEST_CASE("WriterPool: the backlog past WRITER_QUEUE_MAX is refused",
          "[actors][writer][db]") {
  Games games({"a", "b"});
  auto settings = games.settings(1, 0);
  settings.writer_queue_max = 1;
  actors::WriterPool pool(settings);
  std::vector<std::future<actors::WriteStatus>> outcomes;
  auto blocker = games.db.connect();
  pqxx::work lock(*blocker);
  lock.exec("SELECT 1 FROM games FOR UPDATE");
  REQUIRE(pool.submit("a", job(update(progress("a", 6)), outcomes),
                      actors::Admission::bounded));
  REQUIRE(games.lock_waiters(1));
  CHECK_FALSE(pool.submit("b", job(update(progress("b", 6)), outcomes),
                          actors::Admission::bounded));
  outcomes.pop_back();  // refused: never answered
  // Rows nobody may lose are queued anyway.
  CHECK(pool.submit("b", job(update(progress("b", 6)), outcomes),
                    actors::Admission::always));
  lock.abort();
  for (auto& f : outcomes) {
    REQUIRE(f.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    CHECK(f.get().ok());
  }
}
