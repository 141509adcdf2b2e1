// GET /metrics: the Prometheus families are present, and they move when a
// game is played, logged and snapshotted.
#include <map>
#include <random>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

// Every sample of the exposition: "name{labels}" -> value.
std::map<std::string, double> samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

std::map<std::string, double> scrape(ApiClient& api) {
  auto r = api.get("/metrics");
  REQUIRE(r.status == 200);
  return samples(r.body);
}

}  // namespace

TEST_CASE("metrics are served in Prometheus text format with every family",
          "[server][metrics]") {
  RunningServer s;
  auto r = s.api().get("/metrics");
  REQUIRE(r.status == 200);
  for (const char* family :
       {"fourex_http_requests_total", "fourex_http_request_duration_seconds",
        "fourex_games", "fourex_game_actors", "fourex_turn_resolution_seconds",
        "fourex_writer_queue_depth", "fourex_writer_batch_jobs",
        "fourex_writer_commit_seconds", "fourex_snapshots_total",
        "fourex_snapshot_bytes_total", "fourex_recoveries_total",
        "fourex_recovery_seconds", "fourex_llm_tokens_total",
        "fourex_games_owned", "fourex_fenced_writes_total",
        "fourex_node_takeovers_total", "fourex_token_lookups_total"}) {
    INFO(family);
    CHECK_THAT(r.body, Catch::Contains(std::string("# TYPE ") + family + " "));
  }
}

TEST_CASE("metrics move after a game is played", "[server][metrics]") {
  RunningServer s;
  auto before = scrape(s.api());
  auto g = s.api().create_game(small_game("metered"), s.admin());
  std::mt19937 rng(7);
  for (int turn = 0; turn < 3; ++turn) play_turn(s.api(), g, rng);
  REQUIRE(s.api().post(ApiClient::game_path("metered") + "/prompt-logs",
                       g.tokens[g.players[0]],
                       "{\"player\":" + json_string(g.players[0]) +
                           R"(,"turn":1,"prompt_tokens":100,)"
                           R"("completion_tokens":20,"thinking_tokens":5})")
                  .status /
              100 ==
          2);
  REQUIRE(s.api().admin_post("/games/metered/snapshot", s.admin()).status ==
          200);
  // The turns endpoint waits for the game's writes to commit.
  REQUIRE(s.api().turns("metered", s.admin(), 1, 3).status == 200);
  auto after = scrape(s.api());

  CHECK(after["fourex_games{status=\"active\"}"] == 1);
  CHECK(after["fourex_game_actors"] >= 1);
  CHECK(after["fourex_games_owned"] >= 1);
  CHECK(after["fourex_turn_resolution_seconds_count"] >= 3);
  CHECK(after["fourex_writer_commit_seconds_count"] >
        before["fourex_writer_commit_seconds_count"]);
  CHECK(after["fourex_writer_batch_jobs_count"] >= 1);
  CHECK(after["fourex_writer_commits_total{result=\"ok\"}"] >= 1);
  CHECK(after["fourex_snapshots_total"] >= 2);  // initial + admin
  CHECK(after["fourex_snapshot_bytes_total"] > 0);
  CHECK(after["fourex_llm_tokens_total{kind=\"prompt\"}"] == 100);
  CHECK(after["fourex_llm_tokens_total{kind=\"completion\"}"] == 20);
  CHECK(after["fourex_llm_tokens_total{kind=\"thinking\"}"] == 5);
  CHECK(after["fourex_prompt_logs_total"] == 1);
  CHECK(after.count("fourex_writer_queue_depth") == 1);
  // Requests are labelled by route, never by the raw path.
  bool submissions_counted = false;
  for (const auto& [sample, value] : after) {
    CHECK(sample.find("route=\"/api/v1/games/metered") == std::string::npos);
    if (sample.find("fourex_http_requests_total{method=\"POST\",route=\""
                    "/api/v1/games/{game_id}/actions\",status=\"200\"}") == 0)
      submissions_counted = value >= 6;
  }
  CHECK(submissions_counted);

  // Another status of the same route is a series of its own, and the
  // route's one latency histogram counts both.
  const std::string route =
      "method=\"POST\",route=\"/api/v1/games/{game_id}/actions\"";
  auto refused = s.api().post(ApiClient::game_path("metered") + "/actions", "",
                              "{\"player\":" + json_string(g.players[0]) +
                                  R"(,"turn":4,"actions":[]})");
  REQUIRE(refused.status == 401);
  auto last = scrape(s.api());
  auto accepted =
      last["fourex_http_requests_total{" + route + ",status=\"200\"}"];
  CHECK(accepted ==
        after["fourex_http_requests_total{" + route + ",status=\"200\"}"]);
  CHECK(last["fourex_http_requests_total{" + route + ",status=\"401\"}"] == 1);
  CHECK(last["fourex_http_request_duration_seconds_count{" + route + "}"] ==
        accepted + 1);
}

TEST_CASE("recoveries are counted with their duration after a restart",
          "[server][metrics]") {
  RunningServer s;
  s.api().create_game(small_game("recovered"), s.admin());
  REQUIRE(s.server.stop() == 0);
  s.server.start();
  ApiClient api(s.server.port());
  // Asking for the game activates it from the database if recovery has not.
  REQUIRE(api.info("recovered", s.admin()).status == 200);
  auto after = scrape(api);
  CHECK(after["fourex_recoveries_total{result=\"ok\"}"] >= 1);
  CHECK(after["fourex_recovery_seconds_count"] >= 1);
}

TEST_CASE("a malformed request's method is labelled other, however many",
          "[server][metrics][hostile]") {
  RunningServer s;
  // Every new label value would be a new series (a counter and an 18-bucket
  // histogram) kept for the process's life: a client could grow memory and
  // /metrics without bound by naming methods.
  for (int i = 0; i < 3; ++i) {
    auto answer = raw_http(s.server.port(),
                           "FOOBAR" + std::to_string(i) +
                               " /healthz HTTP/1.1\r\nHost: x\r\n"
                               "Connection: close\r\n\r\n",
                           Described::deliberately_not);
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
    // Its own request id, not the last one this worker thread answered.
    CHECK(answer.find("X-Request-Id: ") != std::string::npos);
    CHECK(answer.find("\"request_id\":\"\"") == std::string::npos);
  }
  auto after = scrape(s.api());
  CHECK(after["fourex_http_requests_total{method=\"other\",route=\"unmatched\","
              "status=\"400\"}"] == 3);
  // Timed from when their worker took them, like any request (not from
  // whatever request that thread began before: hours, or the clock's zero).
  double unmatched_seconds = 0;
  for (const auto& [sample, value] : after) {
    CHECK(sample.find("FOOBAR") == std::string::npos);
    if (sample.rfind("fourex_http_request_duration_seconds_sum{", 0) == 0 &&
        sample.find("route=\"unmatched\"") != std::string::npos)
      unmatched_seconds += value;
  }
  CHECK(unmatched_seconds < 60);
}

TEST_CASE("tokens the node has not seen are looked up within their budget",
          "[server][metrics][hostile]") {
  // Ten look-ups at once, then one a second, per client address.
  RunningServer s({{"TOKEN_LOOKUPS_PER_S", "1"}});
  auto g = s.api().create_game(small_game("looked-up"), s.admin());
  const double before = scrape(s.api())["fourex_token_lookups_total"];
  // Made-up tokens at an admin endpoint: each is looked up (a player's token
  // is refused 403, anything else 401) until the address's budget is spent.
  const int sent = 100;
  for (int i = 0; i < sent; ++i)
    CHECK(s.api()
              .get("/admin/v1/overview", "made-up-" + std::to_string(i))
              .status == 401);
  const double looked_up =
      scrape(s.api())["fourex_token_lookups_total"] - before;
  CHECK(looked_up >= 10);
  CHECK(looked_up < sent);
  // A token this node knows needs no look-up: still told apart.
  CHECK(s.api().get("/admin/v1/overview", g.tokens["Alice"]).status == 403);
}
