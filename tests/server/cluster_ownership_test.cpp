// Two `fourex serve` nodes on one database (issue 13): a game belongs to the
// node that created it and the other node knows where it is served; a
// SIGKILLed owner's game is taken over (epoch + 1) once its lease runs out
// and plays on, verified; a node frozen past its lease (SIGSTOP) finds its
// late submission refused (503 game_moved) when it wakes, and rejoins the
// cluster as a new incarnation; one presumed dead while a submission is
// being written answers it once and lives on.
#include <csignal>
#include <future>
#include <optional>
#include <sstream>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.hpp"

using namespace fourex::testing;

namespace {

// A short lease so that takeovers happen within a test's patience.
const std::map<std::string, std::string> kFastLeases = {
    {"NODE_HEARTBEAT_MS", "100"}, {"NODE_TTL_MS", "1000"}};

struct Owner {
  std::string node_id;
  std::int64_t epoch = 0;
};

// GET /admin/v1/cluster of the node.
ApiResponse cluster_of(ApiClient& node, const std::string& admin) {
  auto r = node.get("/admin/v1/cluster", admin);
  INFO(r.describe());
  REQUIRE(r.status == 200);
  return r;
}

std::string node_id_of(ApiClient& node, const std::string& admin) {
  return get_string(cluster_of(node, admin).json, "node_id");
}

// The game's owner row as the node reports it.
std::optional<Owner> owner_of(ApiClient& node, const std::string& admin,
                              const std::string& game_id) {
  auto r = cluster_of(node, admin);
  for (const auto& g : r.json["games"].GetArray())
    if (get_string(g, "game_id") == game_id)
      return Owner{get_string(g, "node_id"), get_int(g, "epoch")};
  return std::nullopt;
}

// The address the cluster lists for a node.
std::string address_of(ApiClient& node, const std::string& admin,
                       const std::string& node_id) {
  auto r = cluster_of(node, admin);
  for (const auto& n : r.json["nodes"].GetArray())
    if (get_string(n, "node_id") == node_id) return get_string(n, "address");
  return {};
}

// Orders stored for the player in the game.
std::int64_t stored_actions(const TestDatabase& db, const std::string& game_id,
                            const std::string& player) {
  auto conn = db.connect();
  pqxx::nontransaction tx(*conn);
  return tx
      .exec_params1(
          "SELECT count(*) FROM player_actions WHERE game_id = $1 AND "
          "player = $2",
          game_id, player)[0]
      .as<std::int64_t>();
}

// A sample's value in the node's /metrics ("name value" lines), -1 if none.
double metric(ApiClient& node, const std::string& name) {
  auto body = node.get("/metrics").body;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(name + " ", 0) == 0)
      return std::stod(line.substr(name.size() + 1));
  return -1;
}

void check_moved(const ApiResponse& r) {
  INFO(r.describe());
  CHECK(r.status == 503);
  CHECK(r.error_code() == "game_moved");
  CHECK(r.header("Retry-After") == "1");
}

}  // namespace

TEST_CASE(
    "a game is owned by the node that created it and taken over by the other "
    "after a SIGKILL, one epoch later, verified",
    "[server][cluster]") {
  TestDatabase db;
  ServerProcess a(db.url(), kFastLeases), b(db.url(), kFastLeases);
  a.start();
  b.start();
  ApiClient api_a(a.port()), api_b(b.port());
  const auto& admin = a.admin_token();

  auto g = api_a.create_game(small_game("cl-kill", 2, 20), admin);
  const auto node_a = node_id_of(api_a, admin);
  const auto node_b = node_id_of(api_b, admin);
  REQUIRE_FALSE(node_a.empty());
  REQUIRE(node_a != node_b);
  auto owner = owner_of(api_b, admin, g.game_id);
  REQUIRE(owner);
  CHECK(owner->node_id == node_a);
  CHECK(owner->epoch == 1);
  CHECK(address_of(api_b, admin, node_a) ==
        "http://127.0.0.1:" + std::to_string(a.port()));

  for (const auto& p : g.players)
    REQUIRE(api_a.submit(g.game_id, g.tokens.at(p), p, 1, "[]").status == 200);

  a.kill();
  // B serves the game once A's lease has run out; until then its answer is
  // 503 game_moved (or a forward to A, which is gone).
  const auto& first = g.players[0];
  ApiResponse r;
  REQUIRE(eventually(
      [&] {
        r = api_b.submit(g.game_id, g.tokens.at(first), first, 2, "[]");
        return r.status == 200;
      },
      std::chrono::seconds(20), std::chrono::milliseconds(100)));
  owner = owner_of(api_b, admin, g.game_id);
  REQUIRE(owner);
  CHECK(owner->node_id == node_b);
  CHECK(owner->epoch == 2);
  CHECK(metric(api_b, "fourex_node_takeovers_total") == 1);
  CHECK(metric(api_b, "fourex_games_owned") == 1);
  const auto& second = g.players[1];
  REQUIRE(
      api_b.submit(g.game_id, g.tokens.at(second), second, 2, "[]").status ==
      200);
  REQUIRE(eventually(
      [&] { return get_int(api_b.info(g.game_id, admin).json, "turn") == 3; },
      std::chrono::seconds(10)));
  auto restored = api_b.restore(g.game_id, admin);
  INFO(restored.describe());
  CHECK(restored.status == 200);
  b.stop();
}

TEST_CASE(
    "a node frozen past its lease has its late submission refused and "
    "rejoins as a new incarnation",
    "[server][cluster]") {
  TestDatabase db;
  ServerProcess a(db.url(), kFastLeases), b(db.url(), kFastLeases);
  a.start();
  b.start();
  ApiClient api_a(a.port(), 10), api_b(b.port());
  const auto& admin = a.admin_token();

  auto g = api_a.create_game(small_game("cl-freeze", 2, 20), admin);
  const auto node_a = node_id_of(api_a, admin);
  const auto& first = g.players[0];
  const auto& second = g.players[1];
  REQUIRE(api_a.submit(g.game_id, g.tokens.at(first), first, 1, "[]").status ==
          200);

  ::kill(a.pid(), SIGSTOP);
  // B takes the game over once A's lease has run out.
  REQUIRE(eventually(
      [&] {
        auto owner = owner_of(api_b, admin, g.game_id);
        if (owner && owner->node_id != node_a) return true;
        api_b.info(g.game_id, admin);  // a touch claims it when it can
        return false;
      },
      std::chrono::seconds(20), std::chrono::milliseconds(100)));
  auto owner = owner_of(api_b, admin, g.game_id);
  REQUIRE(owner);
  CHECK(owner->epoch == 2);

  ::kill(a.pid(), SIGCONT);
  // A still holds the game in memory: its write is refused by the fence.
  // Or A already learnt it was presumed dead and forwards the submission to
  // B, the owner (http/ routing), which stores it under its own epoch.
  // Either way nothing is stored under A's stale epoch.
  auto late = api_a.submit(g.game_id, g.tokens.at(second), second, 1, "[]");
  const bool forwarded = late.status == 200;
  if (!forwarded) check_moved(late);
  CHECK(stored_actions(db, g.game_id, second) == (forwarded ? 1 : 0));
  {
    auto conn = db.connect();
    pqxx::nontransaction tx(*conn);
    CHECK(tx.exec_params1("SELECT count(*) FROM player_actions WHERE "
                          "game_id = $1 AND owner_epoch = 1 AND player = $2",
                          g.game_id, second)[0]
              .as<std::int64_t>() == 0);
  }
  REQUIRE(eventually(
      [&] {
        auto id = node_id_of(api_a, admin);
        return !id.empty() && id != node_a;
      },
      std::chrono::seconds(10)));

  // The game goes on at its owner: the resend reaches B.
  if (!forwarded)
    REQUIRE(
        api_b.submit(g.game_id, g.tokens.at(second), second, 1, "[]").status ==
        200);
  auto restored = api_b.restore(g.game_id, admin);
  INFO(restored.describe());
  CHECK(restored.status == 200);
  a.stop();
  b.stop();
}

TEST_CASE(
    "a write the fence refuses answers 503 game_moved, the game's actor stops "
    "at once, and the next request claims the game again",
    "[server][cluster]") {
  RunningServer s;
  auto g = s.api().create_game(small_game("cl-fenced"), s.admin());
  // As if another node had taken the game over: the lease the actor holds
  // (epoch 1) is no longer the owner row's.
  REQUIRE(s.scalar("UPDATE game_owners SET epoch = epoch + 1 WHERE game_id = "
                   "'cl-fenced' RETURNING epoch") == 2);
  const auto& first = g.players[0];
  check_moved(s.api().submit(g.game_id, g.tokens.at(first), first, 1, "[]"));
  CHECK(metric(s.api(), "fourex_fenced_writes_total") >= 1);
  CHECK(get_int(s.api().get("/admin/v1/overview", s.admin()).json,
                "actors_in_memory") == 0);
  CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = "
                 "'cl-fenced'") == 0);

  // The owner row names this node: it claims the game again, epoch 2.
  auto again = s.api().submit(g.game_id, g.tokens.at(first), first, 1, "[]");
  INFO(again.describe());
  CHECK(again.status == 200);
  CHECK(s.scalar("SELECT owner_epoch FROM player_actions WHERE game_id = "
                 "'cl-fenced'") == 2);
}

TEST_CASE(
    "a node presumed dead while a submission is being written answers it "
    "once and lives on; the resend gets the stored answer",
    "[server][cluster]") {
  RunningServer s({{"NODE_HEARTBEAT_MS", "100"}, {"NODE_TTL_MS", "1000"}});
  auto g = s.api().create_game(small_game("cl-late", 2, 20), s.admin());
  const auto node = node_id_of(s.api(), s.admin());
  const auto& first = g.players[0];
  const auto& token = g.tokens.at(first);

  // Another transaction inserts the same submission key and stays open:
  // the submission's write passes the fence (the owner row locked FOR
  // SHARE, the node alive), then waits for that transaction.
  auto blocker = s.db.connect();
  pqxx::work hold(*blocker);
  hold.exec_params0(
      "INSERT INTO player_actions (game_id, turn, player, request_id, "
      "actions, action_count) VALUES ($1, 1, $2, 'blocker', '[]', 0)",
      g.game_id, first);
  auto submitted = std::async(std::launch::async, [&] {
    ApiClient c(s.server.port());
    return c.submit(g.game_id, token, first, 1, "[]", "late-1");
  });
  REQUIRE(eventually(
      [&] {
        return s.scalar(
                   "SELECT count(*) FROM pg_locks l JOIN "
                   "pg_stat_activity a ON a.pid = l.pid WHERE NOT "
                   "l.granted AND a.datname = current_database()") > 0;
      },
      std::chrono::seconds(20), std::chrono::milliseconds(10)));

  // Presumed dead meanwhile: the node stops its games (the actor answers
  // whoever waits) and joins again. Then the write goes on and commits
  // (it passed the fence while the lease held): the writer answers the
  // same submission too.
  REQUIRE(s.scalar("UPDATE fourex_nodes SET expires_at = now() WHERE "
                   "node_id = $1 RETURNING 1",
                   node) == 1);
  REQUIRE(eventually(
      [&] {
        auto id = node_id_of(s.api(), s.admin());
        return !id.empty() && id != node;
      },
      std::chrono::seconds(10)));
  hold.abort();
  auto answer = submitted.get();
  INFO(answer.describe());
  CHECK((answer.status == 200 || answer.error_code() == "game_moved"));
  REQUIRE(eventually(
      [&] {
        return s.scalar(
                   "SELECT count(*) FROM player_actions WHERE game_id = "
                   "'cl-late'") == 1;
      },
      std::chrono::seconds(10)));

  // The node is alive, and the resend gets the stored answer.
  auto again = s.api().submit(g.game_id, token, first, 1, "[]", "late-1");
  INFO(again.describe());
  CHECK(again.status == 200);
  CHECK(get_int(again.json, "turn") == 1);
  CHECK(s.scalar("SELECT count(*) FROM player_actions WHERE game_id = "
                 "'cl-late'") == 1);
}
