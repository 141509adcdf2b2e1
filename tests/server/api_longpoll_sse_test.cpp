// Black-box: the long-poll of GET /state (wakes on resolution, returns on
// timeout) and the Server-Sent Events of GET /events.
#include <future>
#include <thread>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

TEST_CASE(
    "a long-poll on the state wakes when the turn resolves and "
    "answers the current view on timeout") {
  RunningServer s;
  auto g = s.api().create_game(small_game("lp"), {});
  const auto& alice = g.tokens["Alice"];

  auto timed_out = s.api().state("lp", "Alice", alice, 2, 300);
  INFO(timed_out.describe());
  REQUIRE(timed_out.status == 200);
  CHECK(get_int(timed_out.json, "turn") == 1);

  auto waiting = std::async(std::launch::async, [&] {
    ApiClient c(s.server.port());
    return c.state("lp", "Alice", alice, 2, 30000);
  });
  // Give the poll time to park; if it has not, it still sees turn 2.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(waiting.wait_for(std::chrono::seconds(0)) != std::future_status::ready);
  REQUIRE(s.api().submit("lp", alice, "Alice", 1, "[]").status == 200);
  REQUIRE(s.api().submit("lp", g.tokens["Bob"], "Bob", 1, "[]").status == 200);
  REQUIRE(waiting.wait_for(std::chrono::seconds(30)) ==
          std::future_status::ready);
  auto woke = waiting.get();
  INFO(woke.describe());
  REQUIRE(woke.status == 200);
  CHECK(get_int(woke.json, "turn") == 2);
  CHECK(get_string(woke.json, "state_hash") ==
        get_string(s.api().info("lp", {}).json, "state_hash"));

  // Already there: answers at once.
  CHECK(get_int(s.api().state("lp", "Bob", g.tokens["Bob"], 2, 30000).json,
                "turn") == 2);
}

TEST_CASE(
    "the events stream sends turn_resolved for every turn and "
    "game_finished at the end") {
  RunningServer s;
  auto g = s.api().create_game(small_game("sse", 2, 4), {});
  std::promise<void> connected;
  auto stream = std::async(std::launch::async, [&] {
    auto c = s.server.client();
    std::string text;
    bool told = false;
    c->Get(
        "/api/v1/games/sse/events", ApiClient::auth(g.tokens["Alice"]),
        [&](const httplib::Response&) {
          connected.set_value();
          told = true;
          return true;
        },
        [&](const char* data, std::size_t n) {
          text.append(data, n);
          return true;
        });
    if (!told) connected.set_value();
    return text;
  });
  REQUIRE(connected.get_future().wait_for(std::chrono::seconds(30)) ==
          std::future_status::ready);
  std::mt19937 rng(21);
  play_to_end(s.api(), g, rng);
  REQUIRE(stream.wait_for(std::chrono::seconds(30)) ==
          std::future_status::ready);
  auto events = parse_sse(stream.get());
  auto log = s.api().turns("sse", {}, 1, 4);
  REQUIRE(log.json["turns"].Size() == 4);

  REQUIRE(events.size() == 5);
  for (unsigned i = 0; i < 4; ++i) {
    CHECK(events[i].name == "turn_resolved");
    auto data = parse_json(events[i].data);
    CHECK(get_int(data, "turn") == i + 1);
    CHECK(get_string(data, "state_hash") ==
          get_string(log.json["turns"][i], "state_hash"));
    CHECK(data["events"].IsArray());
  }
  CHECK(events[4].name == "game_finished");
  auto finished = parse_json(events[4].data);
  CHECK(get_int(finished, "completed_turns") == 4);
  CHECK(member(finished, "winner") != nullptr);

  // Subscribing to a finished game gives game_finished and ends.
  auto late = s.api().get("/api/v1/games/sse/events", g.tokens["Bob"]);
  auto late_events = parse_sse(late.body);
  REQUIRE(late_events.size() == 1);
  CHECK(late_events[0].name == "game_finished");
}
