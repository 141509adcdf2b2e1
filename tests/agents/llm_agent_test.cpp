// The LLM agent against a local stand-in OpenAI-compatible server (scripted
// answers), logging every call to a real fourex server: parsed orders,
// thinking, tokens, latency, errors, the retry and the fallback (flagged on
// the server, so an error followed by a good retry is not one).
#include "agents/llm_agent.hpp"

#include <catch2/catch.hpp>

#include "agents/api_client.hpp"
#include "agents/llm_answer.hpp"
#include "tests/agents/stand_in_llm.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex;
using testing::completion;
using testing::StandInLlm;

namespace {

const char* kResearch = "[{\"type\":\"set_research\",\"tech\":\"pottery\"}]";

}  // namespace

TEST_CASE("answers are parsed from fences, prose and think tags", "[llm]") {
  CHECK(agents::extract_orders("Sure!\n```json\n" + std::string(kResearch) +
                               "\n```\nDone.") == kResearch);
  CHECK(agents::extract_orders(std::string("I choose ") + kResearch +
                               " because pottery is cheap.") == kResearch);
  CHECK(
      agents::extract_orders(
          "{\"actions\":[{\"type\":\"set_research\",\"tech\":\"pottery\"}]}") ==
      kResearch);
  // Each unit used once: a second order for unit 3 is dropped.
  CHECK(agents::extract_orders("[{\"type\":\"fortify\",\"unit_id\":3},"
                               "{\"type\":\"disband\",\"unit_id\":3}]") ==
        "[{\"type\":\"fortify\",\"unit_id\":3}]");
  CHECK_THROWS_AS(agents::extract_orders("no idea"), agents::UnusableAnswer);
  CHECK_THROWS_AS(agents::extract_orders("[{\"type\":\"fly\"}]"),
                  agents::UnusableAnswer);
  auto a = agents::parse_completion(
      completion("<think>pottery first</think>" + std::string(kResearch)));
  CHECK(a.thinking == "pottery first");
  CHECK(a.content == kResearch);
  CHECK(a.prompt_tokens == 120);
  CHECK(a.completion_tokens == 30);
}

TEST_CASE("the LLM agent logs every call, retries once and falls back",
          "[llm][server]") {
  testing::TestDatabase db(true);
  testing::ServerProcess server(db.url());
  server.start();
  testing::ApiClient http(server.port());
  testing::GameSpec spec;
  spec.players = {"Alice", "Bob"};
  auto game = http.create_game(spec, {});
  agents::ApiClient api(server.base_url());
  auto view_reply = api.view(game.game_id, "Alice", game.tokens["Alice"]);
  REQUIRE(view_reply.ok());
  const auto view = agents::parse_view(view_reply.json);

  StandInLlm llm;
  agents::LlmConfig config;
  config.base_url = llm.base_url();
  config.model = "stand-in-1";
  config.api_key = "sk-stand-in-key";
  config.timeout_ms = 400;
  std::vector<std::string> log_errors;
  agents::LlmAgent agent(
      config, agents::Personality::scientific, 1,
      [&](const agents::View& v, const agents::LlmCall& call) {
        auto r = api.log_prompt(
            game.game_id, game.tokens["Alice"],
            agents::prompt_log_json("Alice", v.turn, config.model, call));
        if (!r.ok()) log_errors.push_back(r.describe());
      });

  SECTION("every kind of answer") {
    const std::string fenced =
        "Here is my plan.\n```json\n[{\"type\":\"set_research\",\"tech\":"
        "\"archery\"}]\n```\nGood luck!";
    llm.script({{200, completion(kResearch)},
                {200, completion(fenced)},
                {200, completion(kResearch, "reasoning: pottery is cheap", 44)},
                {200, completion("<think>grow first</think>" +
                                 std::string(kResearch))},
                {200, completion("I would rather not.")},
                {200, completion("Still no JSON here.")},
                {500, "{\"error\":\"boom\"}"},
                {200, completion(kResearch)},
                {200, completion(kResearch), 1500},
                {200, completion(kResearch)}});
    auto good = agent.decide(view);
    CHECK(good.orders_json == kResearch);
    CHECK(good.llm_calls == 1);
    CHECK_FALSE(good.fallback);
    CHECK(agent.decide(view).orders_json ==
          "[{\"type\":\"set_research\",\"tech\":\"archery\"}]");
    CHECK(agent.decide(view).orders_json == kResearch);
    CHECK(agent.decide(view).orders_json == kResearch);
    auto garbage = agent.decide(view);
    CHECK(garbage.fallback);
    CHECK(garbage.llm_calls == 2);
    CHECK(garbage.orders_json ==
          agents::Bot(agents::Personality::scientific, 1).decide(view));
    auto after_500 = agent.decide(view);
    CHECK_FALSE(after_500.fallback);
    CHECK(after_500.llm_calls == 2);
    auto after_timeout = agent.decide(view);
    CHECK_FALSE(after_timeout.fallback);
    CHECK(after_timeout.llm_calls == 2);

    // The retry fed the error back to the model.
    auto requests = llm.requests();
    REQUIRE(requests.size() == 10);
    for (const auto& auth : llm.authorizations())
      CHECK(auth == "Bearer sk-stand-in-key");
    CHECK(requests[5].find("could not be used") != std::string::npos);
    CHECK(requests[5].find("I would rather not.") != std::string::npos);
    CHECK(requests[0].find("scientific") != std::string::npos);
    CHECK(requests[0].find("legal actions") != std::string::npos);
    // Memory of the last turns goes into the next prompt.
    CHECK(requests[1].find("Your last turns") != std::string::npos);

    CHECK(log_errors.empty());
    auto logs =
        http.get("/api/v1/games/" + game.game_id + "/prompt-logs?player=Alice",
                 server.admin_token());
    REQUIRE(logs.status == 200);
    const auto& rows = logs.json["prompt_logs"];
    REQUIRE(rows.Size() == 10);
    for (const auto& r : rows.GetArray()) {
      CHECK(testing::get_string(r, "provider") == "openai-compatible");
      CHECK(testing::get_string(r, "model") == "stand-in-1");
      CHECK(testing::get_int(r, "turn") == 1);
      CHECK(testing::get_string(r, "prompt").find("You are Alice") !=
            std::string::npos);
      REQUIRE(r.HasMember("latency_ms"));
      CHECK(r["latency_ms"].IsInt64());
      CHECK(testing::get_int(r, "latency_ms") >= 0);
    }
    // Only the second unusable answer in a row made the bot play: not the
    // first one (retried), not the HTTP 500 or the timeout (good retries).
    for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
      INFO("row " << i);
      REQUIRE(rows[i]["fallback"].IsBool());
      CHECK(rows[i]["fallback"].GetBool() == (i == 5));
    }
    for (rapidjson::SizeType i : {0, 1, 2, 3, 7, 9}) {
      INFO("good row " << i);
      CHECK(rows[i]["error"].IsNull());
    }
    auto error = [&](int i) { return testing::get_string(rows[i], "error"); };
    CHECK(testing::get_string(rows[0], "response") == kResearch);
    CHECK(testing::get_int(rows[0], "prompt_tokens") == 120);
    CHECK(testing::get_int(rows[0], "completion_tokens") == 30);
    CHECK(testing::get_string(rows[1], "response").find("Here is my plan") !=
          std::string::npos);
    CHECK(testing::get_string(rows[2], "thinking") ==
          "reasoning: pottery is cheap");
    CHECK(testing::get_int(rows[2], "thinking_tokens") == 44);
    CHECK(testing::get_string(rows[3], "thinking") == "grow first");
    CHECK(testing::get_string(rows[3], "response") == kResearch);
    CHECK(error(4).find("unusable answer") != std::string::npos);
    CHECK(error(5).find("unusable answer") != std::string::npos);
    CHECK(testing::get_string(rows[5], "prompt").find("could not be used") !=
          std::string::npos);
    CHECK(error(6) == "HTTP 500");
    CHECK(error(8).find("timeout") != std::string::npos);
    CHECK(testing::get_int(rows[8], "latency_ms") >= 400);

    auto stats = http.get("/api/v1/games/" + game.game_id + "/stats",
                          server.admin_token());
    REQUIRE(stats.status == 200);
    bool found = false;
    for (const auto& p : stats.json["players"].GetArray())
      if (testing::get_string(p, "player") == "Alice") {
        found = true;
        CHECK(testing::get_int(p, "llm_calls") == 10);
        CHECK(testing::get_int(p, "fallbacks") == 1);
        CHECK(testing::get_int(p["tokens"], "prompt") == std::int64_t{120} * 8);
        CHECK(p["latency_ms_p95"].GetDouble() > 0);
      }
    CHECK(found);
  }
}
