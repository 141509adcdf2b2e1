// Chaos: three fourex nodes on one PostgreSQL behind the shipped HAProxy
// configuration; bots play 30 games through HAProxy (a request_id on every
// submission, resent unchanged after a 503 or a lost answer) while a random
// node is killed with SIGKILL and restarted, again and again, and a node is
// frozen with SIGSTOP for longer than its lease (NODE_TTL_MS) and resumed.
// After the run: every acknowledged submission is stored exactly once with
// its actions; no (game, owner_epoch) has rows written by two nodes; every
// game restores verified and replays to the hashes served; the frozen
// node's late writes were refused by the fence (fourex_fenced_writes_total).
#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/server/durability_support.hpp"
#include "tests/support/haproxy_process.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_database.hpp"

using namespace fourex::testing;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kTtlMs = 1500;

// A node's log without its per-request lines, for assertion messages.
std::string notable(const std::string& log) {
  std::string out;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line))
    if (line.find("info http") == std::string::npos) out += line + "\n";
  return log_tail(out, 2500);
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The sum of one counter over the nodes' /metrics (the running nodes).
double metric_sum(const std::vector<std::unique_ptr<ServerProcess>>& nodes,
                  const std::string& name) {
  double sum = 0;
  for (const auto& node : nodes) {
    if (!node->running()) continue;
    auto res = node->client()->Get("/metrics");
    if (!res || res->status != 200) continue;
    std::istringstream lines(res->body);
    std::string line;
    while (std::getline(lines, line))
      if (line.rfind(name, 0) == 0 &&
          (line.size() > name.size() &&
           (line[name.size()] == ' ' || line[name.size()] == '{')))
        sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

// Waits until every game has an acknowledged submission after the first
// `since` acks (or is no longer active); returns the seconds from `from`
// to each game's first such ack (the time its players were without
// service), empty when some game did not resume within the bound.
std::vector<double> wait_all_resumed(BotFleet& fleet, ApiClient& ops,
                                     const std::string& admin,
                                     const std::vector<CreatedGame>& games,
                                     std::size_t since,
                                     Clock::time_point from) {
  std::map<std::string, double> resumed;
  auto done = eventually(
      [&] {
        auto acks = fleet.acks();
        for (std::size_t i = since; i < acks.size(); ++i)
          resumed.emplace(acks[i].game_id, seconds_since(from));
        for (const auto& g : games)
          if (!resumed.count(g.game_id) && seconds_since(from) > 30) {
            auto info = ops.info(g.game_id, admin);
            if (info.status == 200 &&
                get_string(info.json, "status") != "active")
              resumed.emplace(g.game_id, 0);
          }
        return resumed.size() == games.size();
      },
      std::chrono::seconds(90), std::chrono::milliseconds(100));
  std::vector<double> out;
  if (!done) return out;
  for (const auto& [id, s] : resumed) out.push_back(s);
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const std::vector<double>& times) {
  if (times.empty()) return "not every game resumed";
  return "every game resumed: median " +
         std::to_string(times[times.size() / 2]) + " s, last " +
         std::to_string(times.back()) + " s";
}

// Acknowledged submissions whose stored actions differ from what was
// sent (compared as jsonb): "" when none.
std::string changed_actions(pqxx::connection& conn,
                            const std::vector<Ack>& acks) {
  pqxx::read_transaction tx(conn);
  std::string out;
  for (const auto& a : acks) {
    auto same = tx.exec_params(
        "SELECT actions::jsonb = $4::jsonb FROM player_actions "
        "WHERE game_id=$1 AND turn=$2 AND player=$3",
        a.game_id, a.turn, a.player, a.actions_json);
    if (same.size() == 1 && !same[0][0].as<bool>())
      out += a.request_id + ": stored actions differ\n";
  }
  return out;
}

// (game, owner_epoch) pairs with rows written by more than one node, in
// every table that records its writer: "" when none.
std::string epochs_written_twice(pqxx::connection& conn, std::size_t& tables) {
  pqxx::read_transaction tx(conn);
  std::string out;
  auto names = tx.exec(
      "SELECT table_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND column_name = 'writer_node' "
      "ORDER BY table_name");
  tables = names.size();
  for (const auto& row : names) {
    auto table = tx.quote_name(row[0].as<std::string>());
    for (const auto& bad : tx.exec(
             "SELECT game_id, owner_epoch, string_agg(DISTINCT writer_node, "
             "',') FROM " +
             table +
             " WHERE writer_node IS NOT NULL GROUP BY game_id, owner_epoch "
             "HAVING count(DISTINCT writer_node) > 1"))
      out += row[0].as<std::string>() + ": game " + bad[0].as<std::string>() +
             " epoch " + bad[1].as<std::string>() + " written by " +
             bad[2].as<std::string>() + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE(
    "three nodes behind HAProxy lose nothing acknowledged while nodes are "
    "killed, restarted and frozen",
    "[cluster][chaos]") {
  if (HaproxyProcess::binary().empty()) {
    WARN("SKIPPED: haproxy is not installed (scripts/bootstrap --dev)");
    return;
  }
  TestDatabase db(true);
  // Short leases so that takeovers happen within the test's bounds; the
  // per-address caps are HAProxy's (every connection comes from it).
  const std::map<std::string, std::string> env = {
      {"NODE_HEARTBEAT_MS", "250"},
      {"NODE_TTL_MS", std::to_string(kTtlMs)},
      {"HTTP_CONNECTIONS_PER_IP", "0"},
      {"HTTP_HELD_PER_IP", "0"},
      {"SNAPSHOT_INTERVAL", "5"}};
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  std::vector<int> ports;
  for (int i = 0; i < 3; ++i) {
    nodes.push_back(std::make_unique<ServerProcess>(db.url(), env));
    nodes.back()->start();
    ports.push_back(nodes.back()->port());
  }
  HaproxyProcess edge(ports, {{"FOUREX_EDGE_CONN_PER_IP", "1000"},
                              {"FOUREX_EDGE_HELD_PER_IP", "1000"},
                              {"FOUREX_EDGE_REQ_PER_10S", "1000000"},
                              {"FOUREX_EDGE_CONN_RATE_PER_10S", "1000000"}});
  const auto& admin = nodes[0]->admin_token();
  ApiClient ops(edge.port());
  // Long games: none may end before the last fault.
  auto games = create_games(ops, admin, "chaos", 30, 2, 2000);

  BotFleet fleet(edge.port(), games, 31);
  std::atomic<int> without_retry_after{0};
  fleet.on_answer = [&](const ApiResponse& r) {
    if (r.status == 503 && !r.has_header("Retry-After")) ++without_retry_after;
  };
  fleet.start();
  REQUIRE(eventually([&] { return fleet.acked() >= 60; },
                     std::chrono::seconds(60)));

  std::mt19937 rng(std::random_device{}());
  auto any_node = [&] {
    return std::uniform_int_distribution<std::size_t>(0, nodes.size() - 1)(rng);
  };
  auto logs = [&] {
    std::string out;
    for (std::size_t i = 0; i < nodes.size(); ++i)
      out += "--- node " + std::to_string(i) + "\n" + notable(nodes[i]->log());
    return out;
  };
  // SIGKILL: the first victim stays down until the others have taken its
  // games over (after its lease); the next ones restart at once (a
  // restarted node expires its earlier incarnation itself).
  for (int round = 0; round < 3; ++round) {
    auto victim = any_node();
    auto since = fleet.acked();
    auto killed = Clock::now();
    nodes[victim]->kill();
    if (round == 0) {
      auto times = wait_all_resumed(fleet, ops, admin, games, since, killed);
      std::cout << "chaos: node " << victim
                << " killed, down: " << describe(times) << "\n";
      INFO(logs());
      REQUIRE(!times.empty());
      nodes[victim]->start();
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(
        std::uniform_int_distribution<int>(100, 1000)(rng)));
    nodes[victim]->start();
    auto times = wait_all_resumed(fleet, ops, admin, games, since, killed);
    std::cout << "chaos: node " << victim
              << " killed and restarted: " << describe(times) << "\n";
    INFO(logs());
    REQUIRE(!times.empty());
  }
  // SIGSTOP past the lease, then SIGCONT: the frozen node's writes in
  // flight are refused by the fence. Requests that reach it after it wakes
  // are refused before any write (its own clock tells it the lease may be
  // gone), so the writes in flight are the ones queued in its writers when
  // it stopped. To be sure there are some, every writer is held back for a
  // moment first: a table lock that each batch's statement waits for (every
  // batch names prompt_logs), while the bots keep submitting; the lock goes
  // once the node is stopped, and what it queued meanwhile waits in its
  // memory until it wakes, past its lease.
  // The node that owns the most games: a node owning none (its games
  // taken over while it was down) would have no write in flight to refuse.
  auto busiest = [&] {
    auto conn = db.connect();
    pqxx::read_transaction tx(*conn);
    auto top = tx.exec(
        "SELECT n.http_addr FROM game_owners o JOIN fourex_nodes n ON "
        "n.node_id = o.node_id WHERE n.expires_at > now() GROUP BY "
        "n.http_addr ORDER BY count(*) DESC LIMIT 1");
    for (std::size_t i = 0; i < nodes.size() && !top.empty(); ++i)
      if (nodes[i]->base_url() == top[0][0].as<std::string>()) return i;
    return any_node();
  };
  double fenced = 0;
  for (int freeze = 0; freeze < 3 && fenced == 0; ++freeze) {
    auto frozen = busiest();
    auto since = fleet.acked();
    {
      auto blocker = db.connect();
      pqxx::work hold(*blocker);
      hold.exec0("LOCK TABLE prompt_logs IN EXCLUSIVE MODE");
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      ::kill(nodes[frozen]->pid(), SIGSTOP);
      hold.abort();
    }
    auto stopped = Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(kTtlMs + 2500));
    ::kill(nodes[frozen]->pid(), SIGCONT);
    auto times = wait_all_resumed(fleet, ops, admin, games, since, stopped);
    std::cout << "chaos: node " << frozen << " frozen for "
              << (kTtlMs + 2500) / 1000.0 << " s: " << describe(times) << "\n";
    INFO(logs());
    REQUIRE(!times.empty());
    fenced = metric_sum(nodes, "fourex_fenced_writes_total");
  }
  fleet.stop();
  std::cout << "chaos: " << fleet.acked() << " acknowledged, "
            << fleet.count(503) << " answers 503, " << fleet.count(0)
            << " broken connections, " << fenced
            << " writes refused by the fence, "
            << metric_sum(nodes, "fourex_node_takeovers_total")
            << " takeovers, "
            << metric_sum(nodes, "fourex_requests_forwarded_total")
            << " requests forwarded\n";

  for (const auto& p : fleet.problems()) UNSCOPED_INFO(p);
  CHECK(fleet.problems().empty());  // nothing but 200 and 503 (and finished)
  CHECK(fleet.count(500) == 0);
  // No status-0 check: a node killed while it sent an answer breaks the
  // client's connection mid-answer (HAProxy cannot replace what it has
  // begun to pass on); the bot resends the same request_id, which the
  // oracles below judge.
  CHECK(without_retry_after == 0);
  CHECK(fenced > 0);

  auto conn = db.connect();
  const auto acks = fleet.acks();
  CHECK(missing_acks(*conn, acks) == std::string());
  CHECK(changed_actions(*conn, acks) == std::string());
  {
    pqxx::read_transaction tx(*conn);
    auto r = tx.exec1(
        "SELECT count(*), count(DISTINCT request_id) FROM player_actions");
    CHECK(r[0].as<std::int64_t>() == r[1].as<std::int64_t>());
  }
  std::size_t fenced_tables = 0;
  CHECK(epochs_written_twice(*conn, fenced_tables) == std::string());
  CHECK(fenced_tables > 0);  // the tables record owner_epoch, writer_node

  for (const auto& g : games) {
    ApiResponse restored;
    eventually(
        [&] {
          restored = ops.restore(g.game_id, admin);
          return restored.status != 503;
        },
        std::chrono::seconds(20), std::chrono::milliseconds(200));
    INFO(g.game_id << " " << restored.describe());
    CHECK(restored.status == 200);
    CHECK(get_bool(restored.json, "verified"));
    CHECK(replay_mismatch(*conn, ops, admin, g.game_id) == std::string());
  }
  edge.stop();
  for (auto& node : nodes) {
    auto status = node->stop();
    auto log = node->log();
    INFO(log.substr(log.size() > 4000 ? log.size() - 4000 : 0));
    CHECK(status == 0);
  }
}
