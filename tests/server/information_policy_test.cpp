// Black-box: the information policy of API.md. An authorization matrix over
// every operation the server describes in /openapi.json (so a new route
// cannot be forgotten) x who asks; and a fog-of-war check that every
// history, event, stats, replay and prompt-log answer a player can get
// during a game holds nothing its own view did not show. One server.
#include <array>
#include <cctype>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.hpp"

namespace fourex::testing {
namespace {

RunningServer& server() {
  static RunningServer s;
  return s;
}

// Who asks, in the matrix's column order.
enum Who { none, malformed, own, other_player, other_game, admin, kWho };
const char* const who_names[kWho] = {"no token",           "malformed token",
                                     "own player's token", "another player's",
                                     "another game's",     "admin"};

// The documented status for each asker; 0: whatever it is without a token
// (the answer does not depend on tokens).
using Row = std::array<int, kWho>;
constexpr Row open_to_all{0, 0, 0, 0, 0, 0};
constexpr Row player_acts{401, 401, 200, 403, 403, 200};
constexpr Row player_writes{401, 401, 201, 403, 403, 403};
constexpr Row history{200, 401, 200, 200, 403, 200};
constexpr Row admin_only{401, 401, 403, 403, 403, 200};

struct Case {
  std::string path;  // with the ids filled in, and any query
  std::string body;
  Row expect;
};

std::string fresh_id() {
  static int n = 0;
  return "mx-new-" + std::to_string(++n);
}

// One request per operation of openapi.json, keyed "METHOD /template".
// Acts on game "mx" (Alice and Bob) unless the operation changes a game's
// life, which gets one of its own.
std::map<std::string, std::function<Case()>> cases() {
  const std::string g = "/api/v1/games/mx";
  const std::string alice_orders =
      R"({"player":"Alice","turn":99,"actions":[]})";
  const std::string alice_log = R"({"player":"Alice","turn":1})";
  Row submit = player_writes;
  submit[own] = 409;  // authorized, then refused: turn 99 is not taken
  return {
      {"GET /healthz",
       [] {
         return Case{"/healthz", "", open_to_all};
       }},
      {"GET /readyz",
       [] {
         return Case{"/readyz", "", open_to_all};
       }},
      {"GET /metrics",
       [] {
         return Case{"/metrics", "", open_to_all};
       }},
      {"GET /openapi.json",
       [] {
         return Case{"/openapi.json", "", open_to_all};
       }},
      {"GET /docs",
       [] {
         return Case{"/docs", "", open_to_all};
       }},
      {"GET /",
       [] {
         return Case{"/", "", open_to_all};
       }},
      {"GET /admin",
       [] {
         return Case{"/admin", "", open_to_all};
       }},
      {"GET /games/{game_id}",
       [] {
         return Case{"/games/mx", "", open_to_all};
       }},
      {"GET /tournaments",
       [] {
         return Case{"/tournaments", "", open_to_all};
       }},
      {"GET /tournaments/{tournament_id}",
       [] {
         return Case{"/tournaments/mx-new-1", "", open_to_all};
       }},
      {"GET /games/{game_id}/replay",
       [] {
         return Case{"/games/mx/replay", "", open_to_all};
       }},
      {"GET /games/{game_id}/logs",
       [] {
         return Case{"/games/mx/logs", "", open_to_all};
       }},
      {"GET /console/{file}",
       [] {
         return Case{"/console/app.js", "", open_to_all};
       }},
      {"POST /api/v1/games",
       [] {
         return Case{"/api/v1/games",
                     R"({"players":["A","B"]})",
                     {201, 201, 201, 201, 201, 201}};
       }},
      {"POST /api/v1/games/{game_id}/start",
       [] {
         return Case{"/api/v1/games/" + fresh_id() + "/start",
                     R"({"players":["A","B"]})",
                     {201, 201, 201, 201, 201, 201}};
       }},
      {"GET /api/v1/games",
       [] {
         return Case{"/api/v1/games", "", open_to_all};
       }},
      {"POST /api/v1/tournaments",
       [] {
         return Case{"/api/v1/tournaments",
                     R"({"tournament_id":")" + fresh_id() +
                         R"(","maps":[{"width":8,"height":8}],"max_turns":1,)"
                         R"("entrants":[{"name":"a","agent":"external"},)"
                         R"({"name":"b","agent":"bot:economic"}]})",
                     {201, 201, 201, 201, 201, 201}};
       }},
      {"POST /api/v1/tournaments/{tournament_id}/rounds",
       [] {
         // A token first, then the tournament (a Swiss tournament's
         // organizer token: tests/cli/tournament_command_test).
         return Case{"/api/v1/tournaments/mx-none/rounds",
                     R"({"round":1})",
                     {401, 404, 404, 404, 404, 404}};
       }},
      {"GET /api/v1/tournaments",
       [] {
         return Case{"/api/v1/tournaments", "", open_to_all};
       }},
      {"GET /api/v1/tournaments/{tournament_id}",
       [] {
         return Case{"/api/v1/tournaments/mx-new-1", "", open_to_all};
       }},
      {"GET /api/v1/tournaments/{tournament_id}/games",
       [] {
         return Case{"/api/v1/tournaments/mx-new-1/games", "", open_to_all};
       }},
      {"GET /api/v1/tournaments/{tournament_id}/leaderboard",
       [] {
         return Case{"/api/v1/tournaments/mx-new-1/leaderboard", "",
                     open_to_all};
       }},
      {"GET /api/v1/games/{game_id}/info",
       [g] {
         return Case{g + "/info", "", open_to_all};
       }},
      {"GET /api/v1/games/{game_id}/state",
       [g] {
         return Case{g + "/state?player=Alice", "", player_acts};
       }},
      {"GET /api/v1/state",
       [] {
         return Case{"/api/v1/state?game_id=mx&player=Alice", "", player_acts};
       }},
      {"POST /api/v1/games/{game_id}/actions",
       [=] {
         return Case{g + "/actions", alice_orders, submit};
       }},
      {"POST /api/v1/actions",
       [=] {
         return Case{"/api/v1/actions?game_id=mx", alice_orders, submit};
       }},
      {"GET /api/v1/games/{game_id}/turns",
       [g] {
         return Case{g + "/turns", "", history};
       }},
      {"GET /api/v1/games/{game_id}/events",
       [g] {
         return Case{g + "/events", "", history};
       }},
      {"GET /api/v1/games/{game_id}/stats",
       [g] {
         return Case{g + "/stats", "", history};
       }},
      {"POST /api/v1/games/{game_id}/restore",
       [g] {
         return Case{g + "/restore", "{}", admin_only};
       }},
      {"GET /api/v1/games/{game_id}/replay",
       [g] {
         return Case{g + "/replay?turn=0", "", admin_only};
       }},
      {"GET /api/v1/games/{game_id}/prompt-logs",
       [g] {
         return Case{g + "/prompt-logs", "", admin_only};
       }},
      {"POST /api/v1/games/{game_id}/prompt-logs",
       [=] {
         return Case{g + "/prompt-logs", alice_log, player_writes};
       }},
      {"POST /api/v1/prompts",
       [=] {
         return Case{"/api/v1/prompts?game_id=mx", alice_log, player_writes};
       }},
      {"GET /admin/v1/overview",
       [] {
         return Case{"/admin/v1/overview", "", admin_only};
       }},
      {"GET /admin/v1/cluster",
       [] {
         return Case{"/admin/v1/cluster", "", admin_only};
       }},
      {"POST /admin/v1/games/{game_id}/snapshot",
       [] {
         return Case{"/admin/v1/games/mx/snapshot", "{}", admin_only};
       }},
      {"POST /admin/v1/games/{game_id}/pause",
       [] {
         return Case{"/admin/v1/games/mx-life/pause", "{}", admin_only};
       }},
      {"POST /admin/v1/games/{game_id}/resume",
       [] {
         return Case{"/admin/v1/games/mx-life/resume", "{}", admin_only};
       }},
      {"POST /admin/v1/games/{game_id}/archive",
       [] {
         return Case{"/admin/v1/games/mx-archived/archive", "{}", admin_only};
       }},
      {"DELETE /admin/v1/games/{game_id}",
       [] {
         return Case{"/admin/v1/games/mx-gone", "", admin_only};
       }},
  };
}

// The status of one request; an event stream is cut once its head arrived.
int status_of(const std::string& method, const Case& c,
              const std::string& token) {
  auto client = server().server.client();
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  httplib::Result r{nullptr, httplib::Error::Unknown};
  if (method == "GET" && c.path.find("/events") != std::string::npos) {
    int status = 0;
    client->Get(
        c.path.c_str(), h,
        [&](const httplib::Response& res) {
          status = res.status;
          return false;
        },
        [](const char*, std::size_t) { return false; });
    return status;
  }
  if (method == "GET") r = client->Get(c.path.c_str(), h);
  if (method == "POST")
    r = client->Post(c.path.c_str(), h, c.body, "application/json");
  if (method == "DELETE") r = client->Delete(c.path.c_str(), h);
  return r ? r->status : 0;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(c));
  return s;
}

// --- fog of war -----------------------------------------------------------

// Tiles a player's view has ever shown ('?' is never seen).
using Explored = std::vector<std::string>;

bool explored(const Explored& rows, std::int64_t x, std::int64_t y) {
  return y >= 0 && y < static_cast<std::int64_t>(rows.size()) && x >= 0 &&
         x < static_cast<std::int64_t>(rows[y].size()) && rows[y][x] != '?';
}

// Every (x, y) and every string of a JSON value.
void walk(const rapidjson::Value& v, std::vector<std::pair<int, int>>& tiles,
          std::set<std::string>& strings) {
  if (v.IsString()) strings.insert(v.GetString());
  if (v.IsArray())
    for (const auto& e : v.GetArray()) walk(e, tiles, strings);
  if (!v.IsObject()) return;
  if (v.HasMember("x") && v.HasMember("y") && v["x"].IsInt() && v["y"].IsInt())
    tiles.emplace_back(v["x"].GetInt(), v["y"].GetInt());
  for (const auto& m : v.GetObject()) walk(m.value, tiles, strings);
}

// One turn's entry of the history as `player` may read it: only its own
// orders; only events it is named in (or public ones), on tiles it had
// explored by the next turn.
void check_share(const rapidjson::Value& turn, const std::string& player,
                 const Explored& after) {
  INFO("turn " << get_int(turn, "turn") << ": " << to_json(turn));
  const auto* actions = member(turn, "actions");
  if (actions && actions->IsObject())
    for (const auto& m : actions->GetObject())
      CHECK(std::string(m.name.GetString()) == player);
  const auto* events = member(turn, "events");
  REQUIRE((events && events->IsArray()));
  for (const auto& e : events->GetArray()) {
    std::vector<std::pair<int, int>> tiles;
    std::set<std::string> strings;
    walk(e, tiles, strings);
    auto type = get_string(e, "type");
    if (type == "player_eliminated" || type == "game_over") continue;
    INFO(to_json(e));
    CHECK((strings.count(player) ||
           (type == "message_sent" && get_string(e, "to") == "all")));
    for (auto [x, y] : tiles) CHECK(explored(after, x, y));
  }
}

// A prompt log whose prompt only its player (and the admin) may read.
std::string secret_log(const std::string& player, int turn) {
  std::string body = R"({"player":)";
  body += json_string(player);
  body += R"(,"turn":)";
  body += std::to_string(turn);
  body += R"(,"prompt":)";
  body += json_string("secret of " + player);
  body += '}';
  return body;
}

Explored explored_of(const ApiResponse& view) {
  Explored rows;
  for (const auto& r : view.json["map"]["rows"].GetArray())
    rows.emplace_back(r.GetString());
  return rows;
}

}  // namespace
}  // namespace fourex::testing

using namespace fourex::testing;

TEST_CASE("information policy: every operation x who asks, and fog of war",
          "[policy]") {
  auto& s = server();
  auto& api = s.api();

  SECTION("the authorization matrix covers every described operation") {
    auto mx = api.create_game(small_game("mx"), s.admin());
    auto other = api.create_game(small_game("mx-other"), s.admin());
    api.create_game(small_game("mx-life"), s.admin());
    api.create_game(small_game("mx-gone"), s.admin());
    api.create_game(small_game("mx-archived"), s.admin());
    const std::string tokens[kWho] = {"",
                                      "not a token!",
                                      mx.tokens["Alice"],
                                      mx.tokens["Bob"],
                                      other.tokens["Alice"],
                                      s.admin()};

    auto doc = api.get("/openapi.json");
    REQUIRE(doc.json_ok);
    auto table = cases();
    std::set<std::string> described;
    for (const auto& p : doc.json["paths"].GetObject()) {
      // /mcp answers in JSON-RPC: tests/mcp asks it with no token, an
      // unknown one, another player's and the admin's.
      if (std::string_view(p.name.GetString()) == "/mcp") continue;
      for (const auto& op : p.value.GetObject()) {
        auto key = upper(op.name.GetString()) + " " + p.name.GetString();
        if (key.rfind("PARAMETERS", 0) == 0) continue;
        described.insert(key);
        INFO(key);
        auto it = table.find(key);
        if (it == table.end()) {
          FAIL_CHECK("no documented statuses for " << key);
          continue;
        }
        int baseline = 0;
        for (int w = 0; w < kWho; ++w) {
          auto c = it->second();
          auto got = status_of(upper(op.name.GetString()), c, tokens[w]);
          if (w == none) baseline = got;
          int want = c.expect[w] == 0 ? baseline : c.expect[w];
          INFO(who_names[w] << " on " << c.path);
          CHECK(got == want);
        }
      }
    }
    for (const auto& [key, make] : table) {
      INFO("a case for an operation openapi.json does not describe: " << key);
      CHECK(described.count(key) == 1);
    }
  }

  SECTION("a player's history, events and stats hold only what it saw") {
    auto spec = small_game("fog", 3, 7);
    spec.width = 24;
    spec.height = 24;
    spec.seed = 5;
    auto g = api.create_game(spec, s.admin());
    const auto alice = g.tokens["Alice"];

    // Alice's event stream, read until the game ends.
    auto stream = std::async(std::launch::async, [&] {
      auto c = s.server.client();
      std::string text;
      c->Get("/api/v1/games/fog/events", ApiClient::auth(alice),
             [&](const char* d, std::size_t n) {
               text.append(d, n);
               return true;
             });
      return text;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));

    // Turns 1..5, with every player also writing a prompt log and messages
    // (legal_actions offers send_message to the others).
    std::mt19937 rng(11);
    std::map<int, Explored> seen;  // Alice's explored tiles before turn t
    for (int turn = 1; turn <= 5; ++turn) {
      seen[turn] = explored_of(view_of(api, g, "Alice"));
      for (const auto& p : g.players)
        REQUIRE(api.post("/api/v1/games/fog/prompt-logs", g.tokens[p],
                         secret_log(p, turn))
                    .status == 201);
      play_turn(api, g, rng);
    }
    seen[6] = explored_of(view_of(api, g, "Alice"));

    auto mine = api.turns("fog", alice, 1, 5);
    auto all = api.turns("fog", s.admin(), 1, 5);
    REQUIRE(mine.status == 200);
    REQUIRE(all.status == 200);
    REQUIRE(mine.json["turns"].Size() == 5);
    // Not vacuous: the admin reads the others' orders.
    CHECK(all.json["turns"][0]["actions"].HasMember("Bob"));
    for (const auto& t : mine.json["turns"].GetArray())
      check_share(t, "Alice", seen[static_cast<int>(get_int(t, "turn")) + 1]);

    // Without a token: turns and hashes, nobody's orders, public events only.
    auto anyone = api.turns("fog", {}, 1, 5);
    REQUIRE(anyone.status == 200);
    for (const auto& t : anyone.json["turns"].GetArray()) {
      CHECK(t["actions"].ObjectEmpty());
      for (const auto& e : t["events"].GetArray())
        CHECK((get_string(e, "type") == "player_eliminated" ||
               get_string(e, "type") == "game_over"));
      CHECK(get_string(t, "state_hash").size() == 64);
    }

    // Stats: Alice's own row whole; the others' only what views show.
    auto stats = api.get("/api/v1/games/fog/stats", alice);
    REQUIRE(stats.status == 200);
    for (const auto& p : stats.json["players"].GetArray()) {
      bool self = get_string(p, "player") == "Alice";
      CHECK(p.HasMember("submissions") == self);
      CHECK(p.HasMember("tokens") == self);
      CHECK(p.HasMember("units") == self);
      CHECK(p.HasMember("score"));
    }
    // Replay and prompt logs: the admin's while the game is on.
    CHECK(api.replay("fog", alice, 3).status == 403);
    CHECK(api.replay("fog", {}, 3).status == 401);
    CHECK(api.get("/api/v1/games/fog/prompt-logs", alice).status == 403);
    CHECK(api.get("/api/v1/games/fog/prompt-logs").status == 401);

    // The game ends: its history becomes public (PUBLIC_HISTORY).
    play_to_end(api, g, rng);
    auto text = stream.get();
    auto events = parse_sse(text);
    REQUIRE(!events.empty());
    for (const auto& e : events) {
      if (e.name != "turn_resolved") continue;
      auto data = parse_json(e.data);
      auto t = static_cast<int>(get_int(data, "turn"));
      if (t <= 5) check_share(data, "Alice", seen[t + 1]);
      CHECK(text.find("secret of Bob") == std::string::npos);
    }
    auto after = api.turns("fog", {}, 1, 5);
    CHECK(after.json["turns"][0]["actions"].HasMember("Bob"));
    CHECK(api.replay("fog", {}, 3).status == 200);
    auto logs = api.get("/api/v1/games/fog/prompt-logs");
    CHECK(logs.status == 200);
    CHECK(logs.body.find("secret of Bob") != std::string::npos);
  }
}
