// SIGTERM or SIGINT: new connections are refused at once while the requests
// in flight are answered, every acknowledged submission is in the database,
// each game's newest snapshot is at its last completed turn, and the server
// exits 0 within its own 10 s bound, even when the database stalls the stop.
// A second signal ends the process at once.
#include <atomic>
#include <cerrno>
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
using Clock = std::chrono::steady_clock;

// The server gives up after 10 s; the slack is for a loaded machine.
constexpr auto stop_limit = std::chrono::seconds(20);

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

bool connection_refused(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  bool refused =
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
      errno == ECONNREFUSED;
  ::close(fd);
  return refused;
}

void wait_for_log(const ServerProcess& server, const std::string& text) {
  for (int i = 0; i < 3000; ++i) {
    if (server.log().find(text) != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

TEST_CASE("SIGTERM under load exits 0 in time and loses nothing acknowledged",
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
  auto started = Clock::now();
  int status = s.server.stop(30);
  auto took = Clock::now() - started;
  for (auto& t : players) t.join();
  CHECK(status == 0);
  CHECK(took < stop_limit);
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

TEST_CASE(
    "after the signal new connections are refused, a long poll in "
    "flight is answered",
    "[server][graceful]") {
  const int signal = GENERATE(SIGTERM, SIGINT);
  INFO("signal " << signal);
  RunningServer s;
  auto game = s.api().create_game(small_game("inflight"), s.admin());
  // s.api()'s idle keep-alive connection does not hold the stop: the
  // connection gate closes idle connections at once (the stop may end
  // within milliseconds, so the refusal is checked on its own).
  REQUIRE(s.api().get("/healthz").status == 200);
  ApiResponse poll;
  std::thread waiting([&] {
    ApiClient api(s.server.port());
    poll = api.state("inflight", "Alice", game.tokens.at("Alice"), 2, 30000);
  });
  // Time for the long poll to reach the server and wait for turn 2.
  std::this_thread::sleep_for(std::chrono::seconds(1));

  auto started = Clock::now();
  REQUIRE(::kill(s.server.pid(), signal) == 0);
  wait_for_log(s.server, "stopping within");
  bool refused = false;
  for (int i = 0; i < 500 && !refused; ++i) {
    refused = connection_refused(s.server.port());
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  waiting.join();
  int status = s.server.wait(30);
  auto took = Clock::now() - started;

  CHECK(refused);
  INFO(poll.describe());
  CHECK(poll.status == 200);  // the current view: turn 2 never came
  CHECK(get_int(poll.json, "turn") == 1);
  CHECK(status == 0);
  CHECK(took < stop_limit);
  CHECK_THAT(s.server.log(), Catch::Contains("stopped in"));
}

TEST_CASE("a stop the database stalls gives up at the bound and exits 0",
          "[server][graceful]") {
  RunningServer s({{"SNAPSHOT_INTERVAL", "1000"}});
  auto game = s.api().create_game(small_game("stalled"), s.admin());
  for (const auto& player : game.players)
    REQUIRE(s.api()
                .submit("stalled", game.tokens.at(player), player, 1, "[]")
                .status == 200);
  // Turn 1 is resolved and not snapshotted: the stop must write a snapshot,
  // and this lock holds that write until the bound.
  auto conn = s.db.connect();
  pqxx::work lock(*conn);
  lock.exec("LOCK TABLE game_snapshots IN ACCESS EXCLUSIVE MODE");

  auto started = Clock::now();
  int status = s.server.stop(30);
  auto took = Clock::now() - started;
  lock.abort();

  CHECK(status == 0);
  CHECK(took < stop_limit);
  CHECK_THAT(s.server.log(), Catch::Contains("gave up snapshotting"));
  // Acknowledged before the stop, so committed.
  CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = $1",
                 "stalled") == 2);
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
  wait_for_log(s.server, "send it again");
  int status = s.server.stop(30);
  load.join();
  CHECK(status == 128 + SIGTERM);  // the immediate exit
  CHECK_THAT(s.server.log(), Catch::Contains("send it again"));
}
