// SIGTERM while players submit: the server exits 0, every acknowledged
// submission is in the database, and each game's newest snapshot is at its
// last completed turn. A second signal ends the process at once.
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include <catch2/catch.hpp>
#include <signal.h>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

using Ack = std::tuple<std::string, int, std::string>;  // game, turn, player

// Passes turns of `games` until a request fails (the server stopping),
// recording each acknowledged submission.
void pass_turns(int port, std::vector<CreatedGame> games, std::set<Ack>& acks,
                std::mutex& mutex) {
  ApiClient api(port, 10);
  std::map<std::string, int> turn;
  for (const auto& g : games) turn[g.game_id] = 1;
  for (;;) {
    for (const auto& g : games) {
      for (const auto& player : g.players) {
        auto r = api.submit(g.game_id, g.tokens.at(player), player,
                            turn[g.game_id], "[]");
        if (r.status != 200) return;
        std::lock_guard<std::mutex> lock(mutex);
        acks.emplace(g.game_id, turn[g.game_id], player);
      }
      ++turn[g.game_id];
    }
  }
}

}  // namespace

TEST_CASE("SIGTERM under load exits 0 and loses nothing acknowledged",
          "[server][graceful]") {
  RunningServer s({{"SNAPSHOT_INTERVAL", "1000"}});
  std::vector<std::vector<CreatedGame>> shares(4);
  for (int i = 0; i < 12; ++i)
    shares[i % 4].push_back(s.api().create_game(
        small_game("stop-" + std::to_string(i), 2, 10000), s.admin()));

  std::set<Ack> acks;
  std::mutex mutex;
  std::vector<std::thread> players;
  for (auto& share : shares)
    players.emplace_back(pass_turns, s.server.port(), share, std::ref(acks),
                         std::ref(mutex));
  // Load until a few turns went through, bounded as a hang guard.
  for (int i = 0; i < 300; ++i) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (acks.size() >= 200) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto started = std::chrono::steady_clock::now();
  int status = s.server.stop(30);
  auto took = std::chrono::steady_clock::now() - started;
  for (auto& t : players) t.join();
  CHECK(status == 0);
  WARN("stopped in "
       << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
       << " ms (the goal is under 10 s)");
  REQUIRE(acks.size() >= 200);

  std::set<Ack> stored;
  for (const auto& row :
       s.rows("SELECT game_id, turn, player FROM player_actions"))
    stored.emplace(row[0], std::stoi(row[1]), row[2]);
  std::size_t lost = 0;
  for (const auto& ack : acks) lost += stored.count(ack) == 0;
  CHECK(lost == 0);

  for (const auto& row :
       s.rows("SELECT g.game_id, g.completed_turns,"
              " (SELECT max(turn) FROM game_snapshots n WHERE n.game_id ="
              " g.game_id) FROM games g")) {
    INFO("game " << row[0]);
    CHECK(row[2] == row[1]);  // the newest snapshot holds the last turn
  }
  CHECK(s.scalar("SELECT count(*) FROM game_snapshots WHERE reason = $1",
                 "shutdown") >= 1);
}

TEST_CASE("a second SIGTERM ends the server at once", "[server][graceful]") {
  RunningServer s;
  std::vector<CreatedGame> games;
  for (int i = 0; i < 8; ++i)
    games.push_back(s.api().create_game(
        small_game("twice-" + std::to_string(i)), s.admin()));
  std::set<Ack> acks;
  std::mutex mutex;
  std::thread load(pass_turns, s.server.port(), games, std::ref(acks),
                   std::ref(mutex));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // A request on the test's keep-alive connection, left open: the orderly
  // stop then waits for that idle connection (the keep-alive timeout, 5 s),
  // so the second signal surely comes while it is still going on.
  REQUIRE(s.api().get("/healthz").status == 200);
  auto pid = s.server.pid();
  REQUIRE(::kill(pid, SIGTERM) == 0);
  // The second signal as soon as the server announced the first.
  for (int i = 0; i < 3000; ++i) {
    if (s.server.log().find("send it again") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(pid, SIGTERM);
  int status = s.server.stop(30);
  load.join();
  CHECK(status == 128 + SIGTERM);  // the immediate exit
  CHECK_THAT(s.server.log(), Catch::Contains("send it again"));
}
