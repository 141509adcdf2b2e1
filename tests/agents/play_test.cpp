// `fourex play` end to end against a real server: the JSON summary of bot
// games covering every personality, and a game that survives the server being
// killed and restarted in the middle, with a submission's answer lost in the
// crash.
#include <atomic>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/agents/answer_losing_proxy.hpp"
#include "tests/agents/run_command.hpp"
#include "tests/agents/stand_in_llm.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex;

namespace {

testing::CommandRun run_play(const std::string& flags,
                             const std::string& env = {}) {
  return testing::run_command(env + " " + FOUREX_BINARY + " play " + flags);
}

std::string token_dir() { return testing::scratch_dir(); }

}  // namespace

TEST_CASE("fourex play --json plays two bot games to the end", "[play]") {
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  auto run = run_play("--server " + server.base_url() +
                      " --agents bot:aggressive,bot:economic,bot:random"
                      " --games 2 --max-turns 10 --map 16x16 --seed 5"
                      " --token-dir " +
                      token_dir() + " --json");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  REQUIRE_FALSE(run.last_line.HasParseError());
  const auto& games = run.last_line["games"];
  REQUIRE(games.Size() == 2);
  for (const auto& g : games.GetArray()) {
    CHECK(testing::get_string(g, "status") == "finished");
    CHECK(testing::get_int(g, "completed_turns") == 10);
    CHECK(g["winner"].IsString());
    REQUIRE(g["players"].Size() == 3);
    CHECK(testing::get_string(g["players"][0], "agent") == "bot:aggressive");
    for (const auto& p : g["players"].GetArray()) {
      CHECK(testing::get_int(p, "submissions") == 10);
      CHECK(testing::get_int(p, "rejected") == 0);
      CHECK(testing::get_int(p, "llm_calls") == 0);
      CHECK(testing::get_int(p, "fallbacks") == 0);
      CHECK(testing::get_int(p, "score") >= 0);
      CHECK(p.HasMember("cities"));
      CHECK(p.HasMember("units"));
      CHECK(p.HasMember("techs"));
    }
    // The tokens are kept for --game-id.
    CHECK(
        std::filesystem::exists(std::filesystem::path(token_dir()) /
                                (testing::get_string(g, "game_id") + ".json")));
  }
}

TEST_CASE("fourex play plays the other personalities to the end", "[play]") {
  // With the aggressive, economic and random seats above: every personality
  // through the real server, messages and peace proposals included.
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  const std::vector<std::string> agents{"bot:defensive",    "bot:explorer",
                                        "bot:expansionist", "bot:scientific",
                                        "bot:diplomatic",   "bot:balanced"};
  std::string list;
  for (const auto& a : agents) list += (list.empty() ? "" : ",") + a;
  auto run = run_play("--server " + server.base_url() + " --agents " + list +
                      " --max-turns 25 --map 24x24 --seed 11 --token-dir " +
                      token_dir() + " --json");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  REQUIRE_FALSE(run.last_line.HasParseError());
  const auto& g = run.last_line["games"][0];
  CHECK(testing::get_string(g, "status") == "finished");
  CHECK(testing::get_int(g, "completed_turns") == 25);
  REQUIRE(g["players"].Size() == agents.size());
  for (rapidjson::SizeType i = 0; i < agents.size(); ++i) {
    const auto& p = g["players"][i];
    INFO(agents[i]);
    CHECK(testing::get_string(p, "agent") == agents[i]);
    CHECK(testing::get_int(p, "submissions") == 25);
    CHECK(testing::get_int(p, "rejected") == 0);
    CHECK(testing::get_int(p, "cities") >= 1);
  }
}

TEST_CASE("fourex play survives a server kill and restart mid-game",
          "[play][restart]") {
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  const std::string game_id = "restart-" + std::to_string(::getpid());
  // The server dies just after committing the 11th submission (turn 6),
  // before its answer reaches the player: the player has to resend the same
  // request_id to the restarted server and be answered from the record.
  std::atomic<bool> killed{false};
  testing::AnswerLosingProxy proxy(server.port(), 11, [&] {
    server.kill();
    killed = true;
  });
  auto play = std::async(std::launch::async, [&] {
    return run_play("--server " + proxy.base_url() +
                    " --agents bot:expansionist,bot:defensive --max-turns 40"
                    " --map 16x16 --game-id " +
                    game_id + " --token-dir " + token_dir() + " --json");
  });
  REQUIRE(testing::eventually([&] { return killed.load(); },
                              std::chrono::seconds(60),
                              std::chrono::milliseconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  server.start();
  REQUIRE(play.wait_for(std::chrono::seconds(300)) ==
          std::future_status::ready);
  auto run = play.get();
  INFO(run.output);
  CHECK(run.exit_code == 0);
  REQUIRE_FALSE(run.last_line.HasParseError());
  const auto& g = run.last_line["games"][0];
  CHECK(testing::get_string(g, "game_id") == game_id);
  CHECK(testing::get_string(g, "status") == "finished");
  CHECK(testing::get_int(g, "completed_turns") == 40);
  // The lost answer was not a lost turn: every submission counted once.
  for (const auto& p : g["players"].GetArray()) {
    CHECK(testing::get_int(p, "submissions") == 40);
    CHECK(testing::get_int(p, "rejected") == 0);
  }

  // The resend crossed the kill: the server had accepted the submission
  // (durable) when it died; the same body, request_id included, was sent
  // again until the restarted server answered it, once, with a 200; and the
  // server kept one row for it.
  const auto lost = proxy.lost();
  REQUIRE_FALSE(lost.body.empty());
  CHECK(lost.answered == 200);
  int resent = 0, answered = 0;
  for (const auto& s : proxy.submissions())
    if (s.body == lost.body) {
      ++resent;
      if (s.answered == 200) ++answered;
    }
  CHECK(resent >= 2);
  CHECK(answered == 1);
  rapidjson::Document lost_json;
  lost_json.Parse(lost.body.c_str());
  const std::string request_id = testing::get_string(lost_json, "request_id");
  CHECK(request_id ==
        game_id + "/" + testing::get_string(lost_json, "player") + "/6");
  auto conn = db.connect();
  pqxx::work tx(*conn);
  auto same = tx.exec_params(
      "SELECT count(*) FROM player_actions WHERE game_id = $1 AND "
      "request_id = $2",
      game_id, request_id);
  CHECK(same[0][0].as<int>() == 1);
  auto rows = tx.exec_params(
      "SELECT count(*) FROM player_actions WHERE game_id = $1", game_id);
  CHECK(rows[0][0].as<int>() == 80);
  // player_stats counted the submission once too.
  for (const auto& r : tx.exec_params(
           "SELECT player, submissions FROM player_stats WHERE game_id = $1",
           game_id)) {
    INFO(r[0].as<std::string>());
    CHECK(r[1].as<int>() == 40);
  }
  tx.commit();

  // Continuing a finished game with --game-id finds it and its tokens.
  auto again = run_play("--server " + server.base_url() + " --game-id " +
                        game_id + " --token-dir " + token_dir() + " --json");
  INFO(again.output);
  CHECK(again.exit_code == 0);
  CHECK(testing::get_int(again.last_line["games"][0], "completed_turns") == 40);

  // USE_PERSISTENT_GAME_CLIENT=false refuses to continue a stored game.
  auto fresh_only =
      run_play("--server " + server.base_url() + " --game-id " + game_id +
                   " --token-dir " + token_dir() + " --json",
               "env USE_PERSISTENT_GAME_CLIENT=false");
  INFO(fresh_only.output);
  CHECK(fresh_only.exit_code == 1);
  CHECK(fresh_only.output.find("USE_PERSISTENT_GAME_CLIENT") !=
        std::string::npos);
}

TEST_CASE("fourex play counts an LLM player's calls and fallbacks",
          "[play][llm]") {
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  testing::StandInLlm llm;
  // Turn 1 answers garbage twice (a fallback), every later turn passes.
  llm.script({{200, testing::completion("no idea")},
              {200, testing::completion("still no idea")}});
  llm.otherwise({200, testing::completion("```json\n[]\n```")});
  auto run =
      run_play("--server " + server.base_url() +
                   " --agents llm:stand-in@defensive,bot:random"
                   " --max-turns 5 --token-dir " +
                   token_dir() + " --json",
               "LLM_BASE_URL=" + llm.base_url() + " LLM_TIMEOUT_MS=5000");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  REQUIRE_FALSE(run.last_line.HasParseError());
  const auto& g = run.last_line["games"][0];
  CHECK(testing::get_int(g, "completed_turns") == 5);
  const auto& p = g["players"][0];
  CHECK(testing::get_string(p, "agent") == "llm:stand-in@defensive");
  CHECK(testing::get_int(p, "llm_calls") == 6);
  CHECK(testing::get_int(p, "fallbacks") == 1);
  CHECK(testing::get_int(p, "submissions") == 5);
  testing::ApiClient http(server.port());
  auto logs = http.get(
      "/api/v1/games/" + testing::get_string(g, "game_id") + "/prompt-logs",
      server.admin_token());
  REQUIRE(logs.status == 200);
  REQUIRE(logs.json["prompt_logs"].Size() == 6);
  CHECK(testing::get_string(logs.json["prompt_logs"][0], "model") ==
        "stand-in");
  CHECK(testing::get_string(logs.json["prompt_logs"][0], "player") == "llm_1");
  // The server knows which call made the bot play: the second of turn 1.
  for (rapidjson::SizeType i = 0; i < 6; ++i)
    CHECK(logs.json["prompt_logs"][i]["fallback"].GetBool() == (i == 1));
  auto stats =
      http.get("/api/v1/games/" + testing::get_string(g, "game_id") + "/stats");
  REQUIRE(stats.status == 200);
  CHECK(testing::get_string(stats.json["players"][0], "player") == "llm_1");
  CHECK(testing::get_int(stats.json["players"][0], "fallbacks") == 1);
}
