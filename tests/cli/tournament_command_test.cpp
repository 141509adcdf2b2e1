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
#include "results/swiss.hpp"
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
  bad(R"({"format":"knockout","entrants":)" + two + "}", "format");
  bad(R"({"rounds":2,"entrants":)" + two + "}", "rounds");
  bad(R"({"format":"swiss","rounds":0,"entrants":)" + two + "}", "rounds");
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
  // A round robin has no rounds to ask for.
  auto round = api.invalid().post("/api/v1/tournaments/dup/rounds", admin,
                                  R"({"round":2})");
  CHECK(round.status == 409);
  CHECK_THAT(round.body, Catch::Contains("not_swiss"));
  CHECK(api.get("/api/v1/tournaments/dup/leaderboard?format=csv").status ==
        200);
  CHECK(server.stop() == 0);
}

namespace {

// The stored schedule's tables of each round, and each game's final
// scores, as GET /games and /info answer them.
struct StoredRound {
  std::vector<std::vector<std::string>> tables;
  std::vector<std::vector<std::pair<std::string, int>>> scores;
};

// The last turn is stored after the last submission's answer: waits (at
// most 30 s) until the tournament has `games` finished games.
void wait_finished(ApiClient& api, const std::string& id, int games) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (get_int(api.get("/api/v1/tournaments/" + id).json, "games_finished") <
             games &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(get_int(api.get("/api/v1/tournaments/" + id).json,
                  "games_finished") == games);
}

std::map<int, StoredRound> stored_rounds(ApiClient& api,
                                         const std::string& id) {
  std::map<int, StoredRound> out;
  auto games = api.get("/api/v1/tournaments/" + id + "/games");
  REQUIRE(games.status == 200);
  for (const auto& g : member(games.json, "games")->GetArray()) {
    auto& round = out[static_cast<int>(get_int(g, "round"))];
    std::vector<std::string> seats;
    for (const auto& s : member(g, "seats")->GetArray())
      seats.emplace_back(s.GetString());
    round.tables.push_back(seats);
    auto info = api.get("/api/v1/games/" + get_string(g, "game_id") + "/info");
    REQUIRE(get_string(info.json, "status") == "finished");
    round.scores.emplace_back();
    for (const auto& p : member(info.json, "players")->GetArray())
      round.scores.back().emplace_back(get_string(p, "name"),
                                       static_cast<int>(get_int(p, "score")));
  }
  return out;
}

}  // namespace

TEST_CASE("a Swiss tournament is paired round by round through a SIGKILL",
          "[cli][tournament][swiss]") {
  TestDatabase db(true);
  ServerProcess server(db.url());
  server.start();
  const auto token_dir = (std::filesystem::temp_directory_path() /
                          ("fourex-swiss-" + std::to_string(::getpid())))
                             .string();
  std::filesystem::remove_all(token_dir);
  const std::vector<std::string> entrants{"aggressive", "defensive", "explorer",
                                          "economic"};

  auto created =
      tournament(server,
                 "create --id swiss --format swiss --rounds 3 --entrants "
                 "bot:aggressive,bot:defensive,bot:explorer,bot:economic "
                 "--map 8x8 --max-turns 6 --seed 3",
                 token_dir);
  INFO(created.err);
  REQUIRE(created.status == 0);
  CHECK_THAT(created.out, Catch::Contains("tournament swiss: 2 games"));
  CHECK_THAT(created.out, Catch::Contains("swiss: round 1 of 3"));

  ApiClient api(server.port());
  auto runner = std::async(std::launch::async, [&] {
    return tournament(server, "run swiss --parallel 1", token_dir);
  });
  // Killed in round 2: rounds are made from the stored results after it.
  auto finished = [&] {
    auto r = api.get("/api/v1/tournaments/swiss");
    return r.status == 200 ? get_int(r.json, "games_finished") : -1;
  };
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (finished() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(finished() >= 3);
  server.kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server.start();
  REQUIRE(runner.wait_for(std::chrono::seconds(240)) ==
          std::future_status::ready);
  auto ran = runner.get();
  INFO(ran.out << ran.err);
  REQUIRE(ran.status == 0);

  ApiClient after(server.port());
  auto t = after.get("/api/v1/tournaments/swiss");
  REQUIRE(t.status == 200);
  CHECK(get_string(t.json, "status") == "finished");
  CHECK(get_int(t.json, "games_total") == 6);
  CHECK(get_int(t.json, "rounds_scheduled") == 3);

  // Every round is the one the pairing makes from the stored results of
  // the rounds before it; no two entrants meet twice.
  const auto rounds = stored_rounds(after, "swiss");
  REQUIRE(rounds.size() == 3);
  fourex::results::RatingTable table;
  fourex::results::SwissRound next;
  next.entrants = entrants;
  next.maps = {{8, 8}};
  next.seed = 3;
  std::set<std::set<std::string>> met;
  for (const auto& [n, round] : rounds) {
    INFO("round " << n);
    next.round = n;
    for (const auto& [name, st] : table.standings())
      next.ratings[name] = st.rating;
    auto expected = fourex::results::swiss_round(next);
    REQUIRE(expected.size() == round.tables.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(expected[i].seats == round.tables[i]);
      met.insert({round.tables[i].begin(), round.tables[i].end()});
    }
    for (const auto& scores : round.scores) table.add_game(scores);
    next.earlier.push_back(round.tables);
    next.first_game_no += static_cast<int>(expected.size());
    next.first_pairing += static_cast<int>(expected.size());
  }
  CHECK(met.size() == 6);
  const auto* rows = member(*member(t.json, "standings"), "leaderboard");
  for (const auto& row : rows->GetArray()) {
    const auto& expected = table.standings().at(get_string(row, "entrant"));
    CHECK(std::abs(member(*member(row, "rating"), "mu")->GetDouble() -
                   expected.rating.mu) < 1e-9);
  }

  // A round asked for again answers the same tokens, to its organizer only.
  std::ifstream organizer_file(token_dir + "/swiss.organizer");
  std::string organizer;
  std::getline(organizer_file, organizer);
  REQUIRE(organizer.size() == 64);
  auto again = after.post("/api/v1/tournaments/swiss/rounds", organizer,
                          R"({"round":2})");
  REQUIRE(again.status == 200);
  const auto& game = (*member(again.json, "games"))[0];
  const auto stored =
      slurp(token_dir + "/" + get_string(game, "game_id") + ".json");
  for (const auto& seat : member(game, "tokens")->GetObject())
    CHECK_THAT(stored, Catch::Contains(seat.value.GetString()));
  CHECK(after.invalid()
            .post("/api/v1/tournaments/swiss/rounds", "", R"({"round":2})")
            .status == 401);
  CHECK(after.invalid()
            .post("/api/v1/tournaments/swiss/rounds", server.admin_token(),
                  R"({"round":2})")
            .status == 403);
  CHECK(
      after.invalid()
          .post("/api/v1/tournaments/swiss/rounds", organizer, R"({"round":4})")
          .status == 400);
  CHECK(server.stop() == 0);
  std::filesystem::remove_all(token_dir);

  // Its bundle re-pairs every round from the replayed results: entrants
  // reordered in its settings make a different round 1, and fail.
  const auto path = token_dir + ".bundle.json";
  auto exported =
      run_fourex("export swiss --out " + shell_quote(path), db.url());
  INFO(exported.err);
  REQUIRE(exported.status == 0);
  auto verified = run_fourex("verify " + shell_quote(path), "");
  INFO(verified.out);
  CHECK(verified.status == 0);
  CHECK_THAT(verified.out, Catch::EndsWith("verified\n"));
  auto bundle = fourex::results::bundle_from_json(slurp(path));
  auto& config = bundle.tournament->config_json;
  auto swap = [&](const std::string& from, const std::string& to) {
    for (auto at = config.find(from); at != std::string::npos;
         at = config.find(from, at + to.size()))
      config.replace(at, from.size(), to);
  };
  swap("aggressive", "TMP");
  swap("defensive", "aggressive");
  swap("TMP", "defensive");
  write_text(path, fourex::results::bundle_to_json(bundle));
  auto tampered = run_fourex("verify " + shell_quote(path), "");
  CHECK(tampered.status == 1);
  CHECK_THAT(tampered.out,
             Catch::Contains("round 1 is not the Swiss pairing of the results "
                             "before it (game swiss-1)"));
  std::remove(path.c_str());
}

TEST_CASE("a Swiss round waits for the round before it",
          "[cli][tournament][swiss]") {
  TestDatabase db(true);
  ServerProcess server(db.url());
  server.start();
  ApiClient api(server.port());
  auto created = api.post(
      "/api/v1/tournaments", server.admin_token(),
      R"({"tournament_id":"wait","format":"swiss","max_turns":1,)"
      R"("maps":[{"width":8,"height":8}],"entrants":[)"
      R"({"name":"a","agent":"external"},{"name":"b","agent":"external"},)"
      R"({"name":"c","agent":"external"}]})");
  REQUIRE(created.status == 201);
  // 3 entrants: 2 rounds by default, a table of 2 and a bye.
  CHECK(get_int(*member(created.json, "config"), "rounds") == 2);
  const auto organizer = get_string(created.json, "organizer_token");
  const auto& game = (*member(created.json, "games"))[0];
  CHECK(get_string(game, "game_id") == "wait-1");
  CHECK(member(created.json, "games")->Size() == 1);
  // Round 2's game is made later, as wait-2: no client may take that id
  // first and stall the tournament (GAME_CREATION=open lets anyone create).
  for (const auto* path : {"/api/v1/games", "/api/v1/games/wait-2/start"}) {
    auto squat =
        api.post(path, "", R"({"game_id":"wait-2","players":["x","y"]})");
    CHECK(squat.status == 409);
    CHECK_THAT(squat.body, Catch::Contains("game_id_reserved"));
  }
  auto early = api.invalid().post("/api/v1/tournaments/wait/rounds", organizer,
                                  R"({"round":2})");
  CHECK(early.status == 409);
  CHECK_THAT(early.body, Catch::Contains("round_not_finished"));
  CHECK(
      api.invalid()
          .post("/api/v1/tournaments/wait/rounds", organizer, R"({"round":3})")
          .status == 400);
  // Round 1 played (one turn), round 2 is made: the bye plays.
  for (const auto& seat : member(game, "tokens")->GetObject())
    REQUIRE(api.post("/api/v1/games/wait-1/actions", seat.value.GetString(),
                     std::string(R"({"player":")") + seat.name.GetString() +
                         R"(","turn":1,"actions":[]})")
                .status == 200);
  wait_finished(api, "wait", 1);
  auto second =
      api.post("/api/v1/tournaments/wait/rounds", organizer, R"({"round":2})");
  REQUIRE(second.status == 201);
  const auto& next = (*member(second.json, "games"))[0];
  CHECK(get_string(next, "game_id") == "wait-2");
  CHECK(get_int(next, "round") == 2);
  std::set<std::string> seated;
  for (const auto& s : member(next, "seats")->GetArray())
    seated.insert(s.GetString());
  CHECK(seated.count("c") == 1);

  // A crash after the round's games were created and before its schedule
  // rows were written: asked again, the round finds its games (their
  // tokens are the derived ones) and writes the rows, same tokens.
  {
    auto conn = db.connect();
    pqxx::work tx(*conn);
    tx.exec("DELETE FROM tournament_games WHERE round = 2");
    tx.commit();
  }
  CHECK(get_int(api.get("/api/v1/tournaments/wait").json, "rounds_scheduled") ==
        1);
  auto retried =
      api.post("/api/v1/tournaments/wait/rounds", organizer, R"({"round":2})");
  REQUIRE(retried.status == 201);
  CHECK(to_json(*member((*member(retried.json, "games"))[0], "tokens")) ==
        to_json(*member(next, "tokens")));
  CHECK(get_int(api.get("/api/v1/tournaments/wait").json, "rounds_scheduled") ==
        2);
  CHECK(server.stop() == 0);
}

TEST_CASE(
    "PUBLIC_HISTORY=false keeps the standings' private figures the "
    "admin's",
    "[cli][tournament][policy]") {
  TestDatabase db(true);
  ServerProcess server(db.url(), {{"PUBLIC_HISTORY", "false"}});
  server.start();
  ApiClient api(server.port());
  const auto admin = server.admin_token();
  auto created = api.post(
      "/api/v1/tournaments", admin,
      R"({"tournament_id":"closed","max_turns":1,)"
      R"("maps":[{"width":8,"height":8}],"entrants":[)"
      R"({"name":"a","agent":"llm:m"},{"name":"b","agent":"external"}]})");
  REQUIRE(created.status == 201);
  const auto& game = (*member(created.json, "games"))[0];
  const auto* tokens = member(game, "tokens");
  REQUIRE(api.post("/api/v1/games/closed-1/prompt-logs",
                   get_string(*tokens, "a"),
                   R"({"player":"a","turn":1,"provider":"test","model":"m",)"
                   R"("prompt":"p","response":"r","prompt_tokens":100,)"
                   R"("completion_tokens":10,"latency_ms":40})")
              .status == 201);
  for (const auto& seat : tokens->GetObject())
    REQUIRE(api.post("/api/v1/games/closed-1/actions", seat.value.GetString(),
                     std::string(R"({"player":")") + seat.name.GetString() +
                         R"(","turn":1,"actions":[]})")
                .status == 200);

  wait_finished(api, "closed", 1);

  // Scores are public facts: ratings and wins for anyone. Refused orders
  // and LLM usage are not (the finished game's stats and prompt logs stay
  // the admin's): null, and empty in the CSV.
  auto check_row = [](const rapidjson::Value& row, bool shown) {
    CHECK(member(*member(row, "rating"), "mu")->IsNumber());
    CHECK(get_int(row, "games") == 1);
    CHECK(member(row, "refused_action_rate")->IsNumber() == shown);
    CHECK(member(row, "tokens_per_turn")->IsObject() == shown);
    CHECK(member(row, "latency_ms_p50")->IsNumber() == shown);
    CHECK(member(row, "cost_per_game")->IsNumber() == shown);
  };
  for (const std::string& token :
       {std::string(), get_string(*tokens, "a"), admin}) {
    const bool shown = token == admin;
    INFO((shown ? "admin" : token.empty() ? "no token" : "a player"));
    auto t = api.get("/api/v1/tournaments/closed", token);
    REQUIRE(t.status == 200);
    const auto* standings = member(t.json, "standings");
    CHECK(get_int(*standings, "finished_games") == 1);
    CHECK(member(*standings, "private_figures")->GetBool() == shown);
    for (const auto& row : member(*standings, "leaderboard")->GetArray())
      check_row(row, shown);
    auto board = api.get("/api/v1/tournaments/closed/leaderboard", token);
    for (const auto& row : member(board.json, "leaderboard")->GetArray())
      check_row(row, shown);
    auto csv =
        api.get("/api/v1/tournaments/closed/leaderboard?format=csv", token);
    REQUIRE(csv.status == 200);
    CHECK((csv.body.find(",,,,,,,,\r\n") != std::string::npos) == !shown);
  }
  auto shown = api.get("/api/v1/tournaments/closed", admin);
  for (const auto& row :
       member(*member(shown.json, "standings"), "leaderboard")->GetArray())
    if (get_string(row, "entrant") == "a")
      CHECK(member(row, "latency_ms_p50")->GetDouble() == 40);
  CHECK(server.stop() == 0);
}
