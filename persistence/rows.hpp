// Plain row types of the six tables, as the writers and readers see them.
// JSON columns travel as canonical JSON text: persistence does not interpret
// game state, it only stores and returns it.
//
// Each row type the writer stores names its columns next to its fields:
// kColumns, the stored columns in the order of its statement's arrays (see
// statements.cpp), and columns(), its values in that order. The writer
// turns any of them into statement parameters the same way
// (batch_writer.cpp), as ClickHouse's system-log elements append
// themselves to a block.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "game/game_status.hpp"

namespace fourex::persistence {

// games: one row per game; config and players (with token hashes) as JSON.
struct GameRow {
  std::string game_id{};
  game::GameStatus status = game::GameStatus::active;
  std::string config_json{};   // the game's creation settings
  std::string players_json{};  // [{"name","personality","token_hash"}...]
  std::int64_t seed = 0;
  int max_turns = 0;
  int turn_timeout_ms = 0;
  int turn = 1;  // turn now taking orders
  int completed_turns = 0;
  std::string state_hash{};  // after completed_turns
  std::optional<std::string> winner{};
  std::optional<std::int64_t> deadline_at_ms{};  // epoch ms of the deadline
  std::int64_t created_at_ms = 0;  // filled by readers; 0 on insert = now()
  std::int64_t updated_at_ms = 0;  // filled by readers

  // (The owner row's node and epoch follow them: see sql::kInsertGames.)
  static constexpr std::array<std::string_view, 13> kColumns{
      "game_id",         "status", "config",
      "players",         "seed",   "max_turns",
      "turn_timeout_ms", "turn",   "completed_turns",
      "state_hash",      "winner", "deadline_at",
      "created_at"};
  auto columns() const {
    // The creation time the server already answered with (none: now()).
    std::optional<std::int64_t> created;
    if (created_at_ms > 0) created = created_at_ms;
    return std::tuple_cat(
        std::tie(game_id, status, config_json, players_json, seed, max_turns,
                 turn_timeout_ms, turn, completed_turns, state_hash, winner,
                 deadline_at_ms),
        std::make_tuple(created));
  }
};

// A change of a game's progress or status (after a turn, pause, archive...).
struct GameUpdate {
  std::string game_id{};
  game::GameStatus status = game::GameStatus::active;
  int turn = 1;
  int completed_turns = 0;
  std::string state_hash{};
  std::optional<std::string> winner{};
  std::optional<std::int64_t> deadline_at_ms{};

  static constexpr std::array<std::string_view, 7> kColumns{
      "game_id",    "status", "turn",       "completed_turns",
      "state_hash", "winner", "deadline_at"};
  auto columns() const {
    return std::tie(game_id, status, turn, completed_turns, state_hash, winner,
                    deadline_at_ms);
  }
};

// player_actions: one row per accepted submission (game, turn, player).
struct ActionRow {
  std::string game_id{};
  int turn = 0;
  std::string player{};
  std::string request_id{};    // empty when the client sent none
  std::string actions_json{};  // canonical JSON array of orders
  int action_count = 0;
  std::int64_t submitted_at_ms = 0;  // filled by readers

  static constexpr std::array<std::string_view, 6> kColumns{
      "game_id", "turn", "player", "request_id", "actions", "action_count"};
  auto columns() const {
    return std::tie(game_id, turn, player, request_id, actions_json,
                    action_count);
  }
};

// game_turns: one row per resolved turn.
struct TurnRow {
  std::string game_id{};
  int turn = 0;
  std::string state_hash{};   // after this turn resolved
  std::string events_json{};  // JSON array, including every order's outcome
  std::int64_t duration_us = 0;
  std::int64_t processed_at_ms = 0;  // filled by readers

  static constexpr std::array<std::string_view, 5> kColumns{
      "game_id", "turn", "state_hash", "events", "duration_us"};
  auto columns() const {
    return std::tie(game_id, turn, state_hash, events_json, duration_us);
  }
};

// game_snapshots: the full state after `turn` completed turns.
struct SnapshotRow {
  std::string game_id{};
  int turn = 0;  // completed turns the state holds
  std::string state_json{};
  std::string state_hash{};
  std::string reason{};  // initial | interval | critical | admin | shutdown
  std::int64_t created_at_ms = 0;  // filled by readers

  static constexpr std::array<std::string_view, 5> kColumns{
      "game_id", "turn", "state", "state_hash", "reason"};
  auto columns() const {
    return std::tie(game_id, turn, state_json, state_hash, reason);
  }
};

// prompt_logs: one LLM call of one player.
struct PromptLogRow {
  std::int64_t id = 0;  // assigned by the database
  std::string game_id{};
  std::string player{};
  int turn = 0;
  std::string provider{};
  std::string model{};
  std::string prompt{};
  std::string response{};
  std::string thinking{};
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t thinking_tokens = 0;
  std::int64_t latency_ms = 0;
  std::optional<std::string> error{};
  bool fallback = false;  // the personality bot played the turn after this
  std::int64_t created_at_ms = 0;  // filled by readers

  static constexpr std::array<std::string_view, 14> kColumns{
      "game_id",
      "player",
      "turn",
      "provider",
      "model",
      "prompt",
      "response",
      "thinking",
      "prompt_tokens",
      "completion_tokens",
      "thinking_tokens",
      "latency_ms",
      "error",
      "fallback"};
  auto columns() const {
    return std::tie(game_id, player, turn, provider, model, prompt, response,
                    thinking, prompt_tokens, completion_tokens, thinking_tokens,
                    latency_ms, error, fallback);
  }
};

// player_stats: counters are added (deltas), gauges replaced when present.
struct StatsDelta {
  std::string game_id{};
  std::string player{};
  std::int64_t submissions = 0;
  std::int64_t actions = 0;
  std::int64_t rejected_actions = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t thinking_tokens = 0;
  std::int64_t llm_calls = 0;
  std::int64_t latency_ms_total = 0;
  // Gauges after a turn.
  std::optional<int> cities{}, units{}, techs{}, score{};

  static constexpr std::array<std::string_view, 14> kColumns{
      "game_id",
      "player",
      "submissions",
      "actions",
      "rejected_actions",
      "prompt_tokens",
      "completion_tokens",
      "thinking_tokens",
      "llm_calls",
      "latency_ms_total",
      "cities",
      "units",
      "techs",
      "score"};
  auto columns() const {
    return std::tie(game_id, player, submissions, actions, rejected_actions,
                    prompt_tokens, completion_tokens, thinking_tokens,
                    llm_calls, latency_ms_total, cities, units, techs, score);
  }
  // Adds a later delta of the same (game, player): counters add up, its
  // gauges win where it has them.
  void merge(const StatsDelta& later) {
    submissions += later.submissions;
    actions += later.actions;
    rejected_actions += later.rejected_actions;
    prompt_tokens += later.prompt_tokens;
    completion_tokens += later.completion_tokens;
    thinking_tokens += later.thinking_tokens;
    llm_calls += later.llm_calls;
    latency_ms_total += later.latency_ms_total;
    if (later.cities) cities = later.cities;
    if (later.units) units = later.units;
    if (later.techs) techs = later.techs;
    if (later.score) score = later.score;
  }
};

// What GET /games shows of a stored game beyond its row: the newest
// snapshot, and per player the last turn's score, whether it still owns
// anything, and whether it has submitted for the current turn.
struct ListedPlayer {
  std::optional<int> score;
  bool alive = true;
  bool submitted = false;
};
struct GameListing {
  int last_snapshot_turn = 0;
  std::map<std::string, ListedPlayer> players;  // by name
};

// What GET /stats reads: the counters plus latency figures from prompt_logs.
struct PlayerStatsRow {
  std::string player;
  std::int64_t submissions = 0, actions = 0, rejected_actions = 0;
  std::int64_t prompt_tokens = 0, completion_tokens = 0, thinking_tokens = 0;
  std::int64_t llm_calls = 0, fallbacks = 0;
  double latency_ms_mean = 0, latency_ms_p95 = 0;
  int cities = 0, units = 0, techs = 0, score = 0;
};

// The right of one node incarnation to write a game's rows: the
// (node_id, epoch) of its game_owners row when the node claimed it.
struct Lease {
  std::string node_id{};
  std::int64_t epoch = 0;
};

// Everything one writer commits in one transaction, written in a fixed table
// order (games, player_actions, game_turns, game_snapshots, prompt_logs,
// player_stats) so concurrent writers never deadlock.
struct WriteBatch {
  std::vector<GameRow> new_games;
  std::vector<GameUpdate> game_updates;
  std::vector<ActionRow> actions;
  std::vector<TurnRow> turns;
  std::vector<SnapshotRow> snapshots;
  std::vector<PromptLogRow> prompt_logs;
  std::vector<StatsDelta> stats;
  // The lease of each game, by game_id. A game with a lease is fenced: its
  // rows are stored only while game_owners holds exactly that lease and
  // its node is alive, and carry its epoch and node. A game without one is
  // written unfenced, with NULL epoch and node (a process that holds no
  // lease: tools, tests seeding rows); a new game without one gets a
  // released owner row (node NULL, epoch 0) for the first claim to take.
  std::map<std::string, Lease> leases;

  // Calls visit(a.t, b.t...) for each table t of the batches, in the fixed
  // table order: the one list of the tables.
  template <class Visit, class... Batches>
  static void each_table(Visit&& visit, Batches&... batches) {
    visit(batches.new_games...);
    visit(batches.game_updates...);
    visit(batches.actions...);
    visit(batches.turns...);
    visit(batches.snapshots...);
    visit(batches.prompt_logs...);
    visit(batches.stats...);
  }

  // Rows in all tables.
  std::size_t size() const {
    std::size_t rows = 0;
    each_table([&rows](const auto& table) { rows += table.size(); }, *this);
    return rows;
  }
  bool empty() const { return size() == 0; }
  // Adds the rows and leases of `other` after its own.
  void append(const WriteBatch& other) {
    each_table(
        [](auto& into, const auto& from) {
          into.insert(into.end(), from.begin(), from.end());
        },
        *this, other);
    leases.insert(other.leases.begin(), other.leases.end());
  }
};

}  // namespace fourex::persistence
