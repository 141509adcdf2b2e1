// Black-box: 200 games x 4 players submitting in parallel over keep-alive
// connections; no errors, and the rows agree with the acknowledgements.
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

constexpr int games = 200;
constexpr int players = 4;
constexpr int turns = 3;
constexpr int threads = 32;

// Runs body(i) on `threads` threads and waits (bounded) for all of them.
template <class Body>
void run_parallel(Body body) {
  std::vector<std::future<void>> done;
  for (int i = 0; i < threads; ++i)
    done.push_back(std::async(std::launch::async, body, i));
  for (auto& f : done) {
    REQUIRE(f.wait_for(std::chrono::seconds(240)) == std::future_status::ready);
    f.get();
  }
}

}  // namespace

TEST_CASE(
    "200 games x 4 players submitting in parallel through HTTP: no "
    "errors, rows consistent") {
  RunningServer s;
  std::vector<CreatedGame> created(games);
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(failures_mutex);
    if (failures.size() < 20) failures.push_back(what);
  };

  run_parallel([&](int t) {
    ApiClient api(s.server.port());
    for (int g = t; g < games; g += threads) {
      auto spec =
          small_game(std::string("c").append(std::to_string(g)), players, 50);
      spec.seed = static_cast<std::int64_t>(g);
      auto r = api.create_game_raw(spec, s.admin());
      if (r.status != 201) return fail("create: " + r.describe());
      created[g] = ApiClient::parse_created(r);
    }
  });
  REQUIRE(failures.empty());

  // Pair k = (game k / players, player k % players); the players of one
  // game land on different threads. Each thread plays turn by turn, so every
  // game reaches the next turn once all threads are past the current one.
  std::atomic<std::int64_t> acked{0};
  run_parallel([&](int t) {
    ApiClient api(s.server.port());
    std::mt19937 rng(static_cast<unsigned>(t));
    for (int turn = 1; turn <= turns; ++turn)
      for (int k = t; k < games * players; k += threads) {
        const auto& g = created[k / players];
        const auto& player = g.players[k % players];
        const auto& token = g.tokens.at(player);
        auto view = api.state(g.game_id, player, token, turn, 60000);
        if (view.status != 200 || get_int(view.json, "turn") != turn)
          return fail("view: " + view.describe());
        auto actions = random_legal_subset(view.json, rng, 0.5,
                                           {"disband", "declare_war"});
        auto r = api.submit(g.game_id, token, player, turn, actions,
                            std::string("r").append(std::to_string(turn)));
        if (r.status != 200) return fail("submit: " + r.describe());
        ++acked;
      }
  });
  INFO((failures.empty() ? std::string() : failures.front()));
  REQUIRE(failures.empty());
  CHECK(acked == games * players * turns);
  CHECK(s.scalar("SELECT count(*) FROM player_actions") == acked.load());
  // A turn's rows are written after the answers that resolved it.
  CHECK(eventually(
      [&] {
        return s.scalar("SELECT count(*) FROM game_turns") == games * turns &&
               s.scalar(
                   "SELECT count(*) FROM games WHERE turn = $1 AND "
                   "completed_turns = $2",
                   turns + 1, turns) == games;
      },
      std::chrono::seconds(30)));
  CHECK(s.scalar("SELECT sum(submissions) FROM player_stats") == acked.load());
  auto sample = s.api().info(created[games / 2].game_id, {});
  CHECK(get_int(sample.json, "turn") == turns + 1);
}
