// A tournament of 4 bot personalities x 2 games per pairing, created and run
// with `fourex tournament` through the API while the server is killed with
// SIGKILL and restarted: every game ends, and the standings the server
// shows are the ones recomputed here from the stored games (their final
// scores, in schedule order, through the ratings library). Its result
// bundle verifies offline with the same ratings; tampering fails.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>
#include <variant>

#include <catch2/catch.hpp>

#include "results/bundle.hpp"
#include "results/rating.hpp"
#include "tests/cli/run_fourex.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

constexpr int kGames = 12;  // C(4, 2) pairings x 2 games

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

CommandResult tournament(const ServerProcess& server, const std::string& args,
                         const std::string& token_dir) {
  return run_shell(shell_quote(FOUREX_BINARY) + " tournament " + args +
                       " --server " + server.base_url() + " --token-dir " +
                       shell_quote(token_dir),
                   {{"ADMIN_TOKEN", server.admin_token()}});
}

std::int64_t games_finished(ApiClient& api) {
  auto r = api.get("/api/v1/tournaments/cup");
  return r.status == 200 ? get_int(r.json, "games_finished") : -1;
}

// The standings recomputed from the stored games: each game's final scores
// (GET /games/{id}/info), in game_no order.
fourex::results::RatingTable recomputed(ApiClient& api) {
  fourex::results::RatingTable table;
  for (int n = 1; n <= kGames; ++n) {
    auto info = api.get("/api/v1/games/cup-" + std::to_string(n) + "/info");
    REQUIRE(info.status == 200);
    REQUIRE(get_string(info.json, "status") == "finished");
    std::vector<std::pair<std::string, int>> scores;
    for (const auto& p : member(info.json, "players")->GetArray())
      scores.emplace_back(get_string(p, "name"),
                          static_cast<int>(get_int(p, "score")));
    table.add_game(scores);
  }
  return table;
}

}  // namespace

TEST_CASE("a tournament runs to its end through a SIGKILL of the server",
          "[cli][tournament]") {
  TestDatabase db(true);
  ServerProcess server(db.url());
  server.start();
  const auto token_dir = (std::filesystem::temp_directory_path() /
                          ("fourex-tournament-" + std::to_string(::getpid())))
                             .string();
  std::filesystem::remove_all(token_dir);

  auto created =
      tournament(server,
                 "create --id cup --name Cup --entrants "
                 "bot:aggressive,bot:defensive,bot:explorer,bot:economic "
                 "--games-per-pairing 2 --map 8x8,10x8 --max-turns 8 --seed 7",
                 token_dir);
  INFO(created.err);
  REQUIRE(created.status == 0);
  CHECK_THAT(created.out, Catch::Contains("tournament cup: 12 games"));

  ApiClient api(server.port());
  auto games = api.get("/api/v1/tournaments/cup/games");
  REQUIRE(games.status == 200);
  REQUIRE(member(games.json, "games")->Size() == kGames);

  // One game at a time, so that the kill lands in the middle.
  auto runner = std::async(std::launch::async, [&] {
    return tournament(server, "run cup --parallel 1", token_dir);
  });
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (games_finished(api) < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto before_kill = games_finished(api);
  REQUIRE(before_kill >= 3);
  CHECK(before_kill < kGames);
  server.kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server.start();

  REQUIRE(runner.wait_for(std::chrono::seconds(240)) ==
          std::future_status::ready);
  auto ran = runner.get();
  INFO(ran.out << ran.err);
  REQUIRE(ran.status == 0);

  ApiClient after(server.port());
  auto t = after.get("/api/v1/tournaments/cup");
  REQUIRE(t.status == 200);
  CHECK(get_string(t.json, "status") == "finished");
  CHECK(get_int(t.json, "games_finished") == kGames);
  const auto* standings = member(t.json, "standings");
  REQUIRE(standings != nullptr);
  CHECK(get_int(*standings, "finished_games") == kGames);

  const auto table = recomputed(after);
  const auto* rows = member(*standings, "leaderboard");
  REQUIRE(rows->Size() == 4);
  double previous = 1e9;
  for (const auto& row : rows->GetArray()) {
    const auto name = get_string(row, "entrant");
    INFO(name);
    REQUIRE(table.standings().count(name) == 1);
    const auto& expected = table.standings().at(name);
    const auto* rating = member(row, "rating");
    CHECK(std::abs(member(*rating, "mu")->GetDouble() - expected.rating.mu) <
          1e-9);
    CHECK(std::abs(member(*rating, "sigma")->GetDouble() -
                   expected.rating.sigma) < 1e-9);
    CHECK(get_int(row, "games") == expected.games);
    CHECK(get_int(row, "wins") == expected.wins);
    const auto win_rate = expected.win_rate();
    CHECK(std::abs(member(*member(row, "win_rate"), "low")->GetDouble() -
                   win_rate.low) < 1e-9);
    // Sorted by the conservative estimate.
    const double ordinal = member(*rating, "ordinal")->GetDouble();
    CHECK(ordinal <= previous);
    previous = ordinal;
  }
  // Every pair of the 4 met in 2 games.
  const auto* h2h = member(*standings, "head_to_head");
  REQUIRE(h2h->Size() == 6);
  for (const auto& h : h2h->GetArray()) CHECK(get_int(h, "games") == 2);

  // The CSV has a header and one row per entrant; a second run has nothing
  // left to play.
  auto csv = after.get("/api/v1/tournaments/cup/leaderboard?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 5);
  auto again = tournament(server, "run cup", token_dir);
  CHECK(again.status == 0);
  CHECK_THAT(again.out, Catch::Contains("0 games played, 12 already finished"));

  CHECK(server.stop() == 0);
  std::filesystem::remove_all(token_dir);

  // The tournament's bundle verifies offline and recomputes the same
  // ratings; an order removed, or two seats swapped, fails.
  const auto path = token_dir + ".bundle.json";
  auto exported = run_fourex("export cup --out " + shell_quote(path), db.url());
  INFO(exported.err);
  REQUIRE(exported.status == 0);
  const auto text = slurp(path);
  auto bundle = fourex::results::bundle_from_json(text);
  REQUIRE(bundle.tournament);
  CHECK(bundle.tournament->schedule.size() == kGames);
  CHECK(bundle.games.size() == kGames);
  auto verified = run_fourex("verify " + shell_quote(path), "");
  INFO(verified.out);
  CHECK(verified.status == 0);
  CHECK_THAT(verified.out, Catch::EndsWith("verified\n"));
  CHECK_THAT(verified.out,
             Catch::Contains("tournament cup: 12 finished games"));
  for (const auto& [name, st] : table.standings()) {
    std::ostringstream line;
    line << "  " << name << " mu " << st.rating.mu << " sigma "
         << st.rating.sigma << " games " << st.games;
    CHECK_THAT(verified.out, Catch::Contains(line.str()));
  }
  {
    auto tampered = bundle;
    bool removed = false;
    for (auto& g : tampered.games)
      for (auto& t : g.turns)
        for (auto& [player, orders] : t.orders)
          for (auto it = orders.begin(); !removed && it != orders.end(); ++it)
            if (std::holds_alternative<fourex::game::MoveUnit>(it->action)) {
              orders.erase(it);
              removed = true;
              break;
            }
    REQUIRE(removed);
    write_text(path, fourex::results::bundle_to_json(tampered));
    auto r = run_fourex("verify " + shell_quote(path), "");
    CHECK(r.status == 1);
    CHECK_THAT(r.out, Catch::Contains("not verified: game cup-"));
  }
  {
    auto tampered = bundle;
    std::swap(tampered.tournament->schedule[0].seats[0],
              tampered.tournament->schedule[0].seats[1]);
    write_text(path, fourex::results::bundle_to_json(tampered));
    auto r = run_fourex("verify " + shell_quote(path), "");
    CHECK(r.status == 1);
    CHECK_THAT(r.out,
               Catch::Contains("not verified: tournament cup: game cup-1 "
                               "does not seat its scheduled entrants"));
  }
  std::remove(path.c_str());
}

TEST_CASE("tournament requests that cannot be met are refused",
          "[cli][tournament]") {
  TestDatabase db(true);
  ServerProcess server(db.url());
  server.start();
  ApiClient api(server.port());
  const auto admin = server.admin_token();
  auto bad = [&](const std::string& body, const std::string& field) {
    auto r = api.invalid().post("/api/v1/tournaments", admin, body);
    INFO(body << " -> " << r.describe());
    CHECK(r.status == 400);
    CHECK_THAT(r.body, Catch::Contains(field));
  };
  const std::string two =
      R"([{"name":"a","agent":"bot:aggressive"},{"name":"b","agent":"external"}])";
  bad(R"({"entrants":[{"name":"a","agent":"bot:aggressive"}]})", "entrants");
  bad(R"({"entrants":[{"name":"a","agent":"bot:nope"},{"name":"b","agent":"external"}]})",
      "entrants[0].agent");
  bad(R"({"entrants":[{"name":"a","agent":"bot:aggressive"},{"name":"a","agent":"external"}]})",
      "entrants[1].name");
  bad(R"({"format":"swiss","entrants":)" + two + "}", "format");
  bad(R"({"seats":3,"entrants":)" + two + "}", "seats");
  bad(R"({"tournament_id":"x y","entrants":)" + two + "}", "tournament_id");
  bad(R"({"games_per_pairing":1000,"seats":2,"entrants":[)"
      R"({"name":"a","agent":"external"},{"name":"b","agent":"external"},)"
      R"({"name":"c","agent":"external"}]})",
      "games_per_pairing");

  auto ok =
      api.post("/api/v1/tournaments", admin,
               R"({"tournament_id":"dup","maps":[{"width":8,"height":8}],)"
               R"("max_turns":2,"entrants":)" +
                   two + "}");
  REQUIRE(ok.status == 201);
  const auto* g = member(ok.json, "games");
  REQUIRE(g->Size() == 1);
  CHECK(get_string((*g)[0], "game_id") == "dup-1");
  CHECK(get_string(*member((*g)[0], "tokens"), "b").size() > 16);
  auto again = api.post("/api/v1/tournaments", admin,
                        R"({"tournament_id":"dup","entrants":)" + two + "}");
  CHECK(again.status == 409);
  CHECK(api.get("/api/v1/tournaments/nope").status == 404);
  CHECK(api.get("/api/v1/tournaments/dup/leaderboard?format=csv").status ==
        200);
  CHECK(server.stop() == 0);
}
