// Shared by the durability tests (crash, outage, recovery): bots that play
// games over HTTP and record every acknowledged submission, and the checks
// that compare PostgreSQL and the server against an independent replay.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <pqxx/pqxx>
#include <rapidjson/document.h>

#include "game/game.hpp"
#include "tests/support/api_client.hpp"

namespace fourex::testing {

// One submission the server answered 200 to.
struct Ack {
  std::string game_id;
  int turn = 0;
  std::string player;
  std::string request_id;
  std::string actions_json;
  std::string token;
};

// One bot thread per (game, player): reads its view, submits a random legal
// subset with a fresh request_id, and resends the same request (same
// request_id) after a transport error or a 503 until it gets an answer.
// Unexpected answers (anything but 200, 503 and "game finished") are kept
// as problems.
class BotFleet {
 public:
  BotFleet(int port, std::vector<CreatedGame> games, std::uint32_t seed)
      : port_(port), games_(std::move(games)), seed_(seed) {}
  ~BotFleet() { stop(); }

  void start() {
    std::uint32_t n = 0;
    for (const auto& g : games_)
      for (const auto& p : g.players)
        threads_.emplace_back([this, g, p, s = seed_ + n++] { play(g, p, s); });
  }

  // Lets every bot finish its request in progress, then joins them.
  void stop() {
    stopping_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  std::vector<Ack> acks() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return acks_;
  }
  std::size_t acked() const { return acked_.load(); }
  int count(int status) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = statuses_.find(status);
    return it == statuses_.end() ? 0 : it->second;
  }
  std::vector<std::string> problems() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return problems_;
  }
  // Called on every answer (e.g. to check 503s carry Retry-After).
  std::function<void(const ApiResponse&)> on_answer;

 private:
  void note(const ApiResponse& r, const std::string& what, bool judge = true) {
    if (on_answer) on_answer(r);
    std::lock_guard<std::mutex> lock(mutex_);
    ++statuses_[r.status];
    const auto code = r.error_code();
    bool expected = r.status == 0 || r.status == 200 || r.status == 503 ||
                    code == "game_finished" || code == "player_eliminated";
    if (judge && !expected) problems_.push_back(what + ": " + r.describe());
  }

  void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(30)); }

  void play(const CreatedGame& g, const std::string& player,
            std::uint32_t seed) {
    std::mt19937 rng(seed);
    ApiClient client(port_, 45);
    const auto& token = g.tokens.at(player);
    int wait_turn = 0;  // long-poll for this turn once we have submitted
    int serial = 0;
    while (!stopping_) {
      auto view = client.state(g.game_id, player, token, wait_turn, 1000);
      note(view, "state");
      if (view.status != 200) {
        pause();
        continue;
      }
      if (get_string(view.json, "status") != "active") return;
      if (const auto* you = member(view.json, "you");
          you && !get_bool(*you, "alive", true))
        return;
      int turn = static_cast<int>(get_int(view.json, "turn"));
      if (turn < wait_turn) continue;
      if (get_bool(view.json, "submitted")) {
        wait_turn = turn + 1;
        continue;
      }
      auto actions = random_legal_subset(view.json, rng, 0.6, {"disband"});
      auto rid = g.game_id + "-" + player + "-" + std::to_string(turn) + "-" +
                 std::to_string(serial++);
      while (!stopping_) {
        auto r = client.submit(g.game_id, token, player, turn, actions, rid);
        // wrong_turn is expected only when the player was eliminated
        // meanwhile (the turn went on without it): judged below.
        bool judge_later = r.error_code() == "wrong_turn";
        note(r, "submit " + rid, !judge_later);
        if (judge_later && !eliminated(client, g.game_id, player, token))
          problem("submit " + rid + ": " + r.describe());
        if (r.status == 200) {
          if (get_int(r.json, "turn") != turn)
            problem("resend of " + rid + " answered " + r.body);
          std::lock_guard<std::mutex> lock(mutex_);
          acks_.push_back({g.game_id, turn, player, rid, actions, token});
          ++acked_;
          wait_turn = turn + 1;
          break;
        }
        if (r.status != 0 && r.status != 503) break;
        pause();
      }
    }
  }

  bool eliminated(ApiClient& client, const std::string& game_id,
                  const std::string& player, const std::string& token) {
    auto view = client.state(game_id, player, token);
    const auto* you = member(view.json, "you");
    return you && !get_bool(*you, "alive", true);
  }

  void problem(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    problems_.push_back(what);
  }

  int port_;
  std::vector<CreatedGame> games_;
  std::uint32_t seed_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;
  std::vector<Ack> acks_;
  std::atomic<std::size_t> acked_{0};
  std::map<int, int> statuses_;
  std::vector<std::string> problems_;
};

// The end of a server log, for assertion messages.
inline std::string log_tail(const std::string& log, std::size_t n = 3000) {
  return log.size() > n ? "..." + log.substr(log.size() - n) : log;
}

// Creates `n` games of `players` players each; throws on failure.
inline std::vector<CreatedGame> create_games(ApiClient& client,
                                             const std::string& admin_token,
                                             const std::string& prefix, int n,
                                             int players, int max_turns = 200,
                                             int turn_timeout_ms = 0) {
  std::vector<CreatedGame> out;
  for (int i = 0; i < n; ++i) {
    GameSpec spec;
    spec.game_id = prefix + std::to_string(i);
    for (int p = 0; p < players; ++p)
      spec.players.push_back(std::string("P").append(std::to_string(p)));
    spec.max_turns = max_turns;
    spec.width = spec.height = 12;
    spec.seed = 1000 + i;
    spec.turn_timeout_ms = turn_timeout_ms;
    out.push_back(client.create_game(spec, admin_token));
  }
  return out;
}

// Acknowledged submissions with no row in player_actions (or a row that
// came from another request_id): "" when none.
inline std::string missing_acks(pqxx::connection& conn,
                                const std::vector<Ack>& acks) {
  std::map<std::tuple<std::string, int, std::string>, std::string> rows;
  pqxx::read_transaction tx(conn);
  for (const auto& row :
       tx.exec("SELECT game_id, turn, player, request_id FROM player_actions"))
    rows[{row[0].as<std::string>(), row[1].as<int>(),
          row[2].as<std::string>()}] = row[3].as<std::string>();
  std::string out;
  for (const auto& a : acks) {
    auto it = rows.find({a.game_id, a.turn, a.player});
    if (it == rows.end())
      out += "missing: " + a.request_id + "\n";
    else if (it->second != a.request_id)
      out += "row of " + a.request_id + " has request_id " + it->second + "\n";
  }
  return out;
}

inline std::int64_t count_rows(pqxx::connection& conn,
                               const std::string& table) {
  pqxx::read_transaction tx(conn);
  // Table names are test constants, never input.
  return tx.exec1("SELECT count(*) FROM " + table)[0].as<std::int64_t>();
}

// games.config (JSON written by the server) → the engine's GameConfig,
// parsed here independently of the server's code.
inline game::GameConfig stored_config(pqxx::connection& conn,
                                      const std::string& game_id) {
  pqxx::read_transaction tx(conn);
  auto text = tx.exec_params1("SELECT config::text FROM games WHERE game_id=$1",
                              game_id)[0]
                  .as<std::string>();
  auto doc = parse_json(text);
  game::GameConfig config;
  for (const auto& p : doc["players"].GetArray())
    config.players.push_back(
        {get_string(p, "name"), get_string(p, "personality")});
  config.width = doc["width"].GetInt();
  config.height = doc["height"].GetInt();
  config.seed = doc["seed"].GetUint64();
  config.max_turns = doc["max_turns"].GetInt();
  return config;
}

// Replays the game's logged orders in-process from its stored config and
// compares every turn's hash with GET /turns and the final one with
// GET /info. "" when everything agrees, else what differs.
inline std::string replay_mismatch(pqxx::connection& conn, ApiClient& client,
                                   const std::string& admin_token,
                                   const std::string& game_id) {
  auto info = client.info(game_id, admin_token);
  if (info.status != 200) return game_id + ": info " + info.describe();
  const int completed = static_cast<int>(get_int(info.json, "completed_turns"));
  auto turns = client.turns(game_id, admin_token, 1, std::max(1, completed));
  if (turns.status != 200) return game_id + ": turns " + turns.describe();
  std::map<int, std::string> logged_hash;
  for (const auto& t : turns.json["turns"].GetArray())
    logged_hash[static_cast<int>(get_int(t, "turn"))] =
        get_string(t, "state_hash");

  auto state = game::new_game(stored_config(conn, game_id));
  std::map<int, std::map<game::PlayerId, game::Orders>> orders;
  {
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec_params(
             "SELECT turn, player, actions::text FROM player_actions "
             "WHERE game_id=$1",
             game_id)) {
      auto player = game::find_player(state, row[1].as<std::string>());
      if (!player) return game_id + ": unknown player in player_actions";
      orders[row[0].as<int>()][*player] =
          game::parse_orders(row[2].as<std::string>());
    }
  }
  for (int t = 1; t <= completed; ++t) {
    state = game::resolve_turn(state, orders[t]).state;
    auto hash = game::state_hash(state);
    if (logged_hash[t] != hash)
      return game_id + ": turn " + std::to_string(t) + " logged " +
             logged_hash[t] + ", replay " + hash;
  }
  auto served = get_string(info.json, "state_hash");
  if (served != game::state_hash(state))
    return game_id + ": info hash " + served + " after " +
           std::to_string(completed) + " turns, replay " +
           game::state_hash(state);
  return {};
}

}  // namespace fourex::testing
