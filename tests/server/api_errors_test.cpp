// Black-box: every status code of API.md's error table, each with the error
// body {"error": {"code", "message", "details"}}.
#include <future>
#include <thread>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

void check_error(const ApiResponse& r, int status,
                 const std::string& code = {}) {
  INFO(r.describe());
  CHECK(r.status == status);
  CHECK(error_shape_problem(r) == "");
  if (!code.empty()) CHECK(r.error_code() == code);
}

std::string actions_path(const std::string& game_id) {
  return "/api/v1/games/" + game_id + "/actions";
}

}  // namespace

TEST_CASE(
    "errors 400 401 403 404 409 422 have the documented status and "
    "body") {
  RunningServer s;
  auto g = s.api().create_game(small_game("err"), {});
  auto other = s.api().create_game(small_game("err-other"), {});
  const auto& alice = g.tokens["Alice"];
  auto& api = s.api();

  SECTION("400: not JSON, missing or mistyped fields") {
    check_error(api.invalid().post(actions_path("err"), alice, "{nope"), 400,
                "bad_request");
    auto missing = api.invalid().post(actions_path("err"), alice,
                                      R"({"player":"Alice","turn":1})");
    check_error(missing, 400, "bad_request");
    CHECK(get_string(missing.json["error"]["details"], "field") == "actions");
    check_error(
        api.invalid().post(actions_path("err"), alice,
                           R"({"player":"Alice","turn":"1","actions":[]})"),
        400, "bad_request");
    check_error(
        api.invalid().submit("err", alice, "Alice", 1, R"([{"type":"fly"}])"),
        400, "bad_request");
    check_error(
        api.invalid().get(
            "/api/v1/games/err/state?player=Alice&wait_for_turn=x", alice),
        400, "bad_request");
  }
  SECTION("401: no token, unknown token") {
    check_error(api.submit("err", "", "Alice", 1, "[]"), 401);
    check_error(api.submit("err", "not-a-token", "Alice", 1, "[]"), 401);
    check_error(api.state("err", "Alice", ""), 401);
    check_error(api.get("/admin/v1/overview"), 401);
    check_error(api.restore("err", "not-a-token"), 401);
  }
  SECTION("403: another game's token, another player, admin endpoints") {
    check_error(api.submit("err", other.tokens["Alice"], "Alice", 1, "[]"),
                403);
    check_error(api.submit("err", alice, "Bob", 1, "[]"), 403);
    check_error(api.state("err", "Bob", alice), 403);
    check_error(api.get("/admin/v1/overview", alice), 403);
    check_error(api.restore("err", alice), 403);
    check_error(api.replay("err", alice, 0), 403);
    check_error(api.get("/api/v1/games/err/prompt-logs", alice), 403);
  }
  SECTION("404: unknown game, unknown route, unknown player") {
    check_error(api.info("nosuchgame", {}), 404);
    check_error(api.submit("nosuchgame", s.admin(), "Alice", 1, "[]"), 404);
    check_error(api.submit("nosuchgame", "unknown-token", "Alice", 1, "[]"),
                404);
    check_error(api.state("nosuchgame", "Alice", s.admin()), 404);
    check_error(api.invalid().get("/api/v1/nothing-here"), 404, "not_found");
    check_error(api.invalid().post("/api/v2/games", {}, "{}"), 404,
                "not_found");
    check_error(api.state("err", "Zed", s.admin()), 404);
  }
  SECTION("409: wrong turn, already submitted, paused, finished") {
    auto wrong = api.submit("err", alice, "Alice", 2, "[]");
    check_error(wrong, 409, "wrong_turn");
    CHECK(get_int(wrong.json["error"]["details"], "turn") == 1);
    REQUIRE(api.submit("err", alice, "Alice", 1, "[]").status == 200);
    check_error(api.submit("err", alice, "Alice", 1, "[]"), 409,
                "already_submitted");

    REQUIRE(api.admin_post("/games/err/pause", s.admin()).status == 200);
    check_error(api.submit("err", g.tokens["Bob"], "Bob", 1, "[]"), 409,
                "game_paused");
    REQUIRE(api.admin_post("/games/err/resume", s.admin()).status == 200);

    auto spec = small_game("short", 2, 1);
    auto shortg = api.create_game(spec, {});
    std::mt19937 rng(3);
    play_turn(api, shortg, rng);
    CHECK(get_string(api.info("short", {}).json, "status") == "finished");
    check_error(api.submit("short", shortg.tokens["Alice"], "Alice", 2, "[]"),
                409, "game_finished");
  }
  SECTION("422: an illegal action names its index and rule") {
    auto view = view_of(api, g, "Alice");
    const auto& legal = view.json["legal_actions"];
    REQUIRE(legal.Size() > 0);
    std::string actions =
        "[" + to_json(legal[0]) +
        R"(,{"type":"move_unit","unit_id":999999,"to":[1,1]}])";
    auto r = api.submit("err", alice, "Alice", 1, actions);
    check_error(r, 422, "illegal_action");
    CHECK(get_int(r.json["error"]["details"], "index") == 1);
    CHECK(get_string(r.json["error"]["details"], "rule") == "unit_not_found");
    // Nothing was accepted: the player may still submit.
    CHECK(s.scalar("SELECT count(*) FROM player_actions") == 0);
    CHECK(api.submit("err", alice, "Alice", 1, "[]").status == 200);
  }
}

TEST_CASE("a body over MAX_BODY_BYTES is refused with 413") {
  RunningServer s({{"MAX_BODY_BYTES", "2048"}});
  auto g = s.api().create_game(small_game("big"), {});
  std::string padding(4096, 'x');
  auto r =
      s.api().invalid().post(actions_path("big"), g.tokens["Alice"],
                             R"({"player":"Alice","turn":1,"request_id":")" +
                                 padding + R"(","actions":[]})");
  check_error(r, 413, "payload_too_large");
  CHECK(s.scalar("SELECT count(*) FROM player_actions") == 0);
  // The limit is on the body only: a normal request still works.
  CHECK(s.api().submit("big", g.tokens["Alice"], "Alice", 1, "[]").status ==
        200);
}

TEST_CASE("a token over RATE_LIMIT_PER_S gets 429 with Retry-After") {
  RunningServer s({{"RATE_LIMIT_PER_S", "3"}});
  auto g = s.api().create_game(small_game("rate"), {});
  ApiResponse limited;
  for (int i = 0; i < 200 && limited.status != 429; ++i)
    limited = s.api().state("rate", "Alice", g.tokens["Alice"]);
  check_error(limited, 429, "rate_limited");
  CHECK(!limited.header("Retry-After").empty());
  // Per token: another player is not limited by Alice's burst.
  CHECK(s.api().state("rate", "Bob", g.tokens["Bob"]).status == 200);
}

TEST_CASE("made-up tokens are limited by their address, not one bucket each",
          "[hostile]") {
  RunningServer s({{"RATE_LIMIT_PER_S", "3"}});
  auto g = s.api().create_game(small_game("made-up"), {});
  ApiResponse limited;
  for (int i = 0; i < 200 && limited.status != 429; ++i)
    limited =
        s.api().state("made-up", "Alice", "made-up-token-" + std::to_string(i));
  check_error(limited, 429, "rate_limited");
  // A player's own token keeps its own bucket.
  CHECK(s.api().state("made-up", "Alice", g.tokens["Alice"]).status == 200);
}

TEST_CASE(
    "a writer backlog past WRITER_QUEUE_MAX answers 503 with "
    "Retry-After and accepts nothing") {
  RunningServer s({{"WRITER_QUEUE_MAX", "1"}, {"WRITER_COUNT", "1"}});
  auto a = s.api().create_game(small_game("busy-a"), {});
  auto b = s.api().create_game(small_game("busy-b"), {});

  // Hold a lock the writer needs so its first batch stays in flight.
  auto blocker = s.db.connect();
  auto lock = std::make_unique<pqxx::work>(*blocker);
  lock->exec("LOCK TABLE player_actions IN ACCESS EXCLUSIVE MODE");
  auto first = std::async(std::launch::async, [&] {
    ApiClient c(s.server.port());
    return c.submit("busy-a", a.tokens["Alice"], "Alice", 1, "[]");
  });
  REQUIRE(eventually(
      [&] {
        return s.scalar(
                   "SELECT count(*) FROM pg_locks WHERE NOT granted "
                   "AND relation = 'player_actions'::regclass") > 0;
      },
      std::chrono::seconds(30)));

  auto refused = s.api().submit("busy-b", b.tokens["Bob"], "Bob", 1, "[]");
  check_error(refused, 503);
  CHECK(refused.header("Retry-After") == "1");

  lock->abort();
  auto answered = first.get();
  INFO(answered.describe());
  // 200 once the lock is gone (503 only if the writer gave up waiting).
  REQUIRE((answered.status == 200 || answered.status == 503));
  CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = "
                 "'busy-a'") == (answered.status == 200 ? 1 : 0));
  CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = "
                 "'busy-b'") == 0);
  CHECK(get_bool(view_of(s.api(), b, "Bob").json, "submitted") == false);
  // Retrying later succeeds.
  CHECK(s.api().submit("busy-b", b.tokens["Bob"], "Bob", 1, "[]").status ==
        200);
}

TEST_CASE(
    "after a restart, a token of a game not in memory is still 403 on "
    "another game, an unknown one 401") {
  RunningServer s;
  auto spec = small_game("tok-done");
  spec.max_turns = 1;
  auto done = s.api().create_game(spec, {});
  for (const auto& [player, token] : done.tokens)
    REQUIRE(s.api().submit("tok-done", token, player, 1, "[]").status == 200);
  REQUIRE(get_string(s.api().info("tok-done", {}).json, "status") ==
          "finished");
  s.api().create_game(small_game("tok-other"), {});

  // A finished game is not rebuilt at start: only the stored tokens know it.
  s.client.reset();
  REQUIRE(s.server.stop() == 0);
  s.server.start();
  s.client = std::make_unique<ApiClient>(s.server.port());
  check_error(s.api().state("tok-other", "Alice", done.tokens["Alice"]), 403);
  check_error(s.api().state("tok-other", "Alice", "not-a-token"), 401);
}
